"""Indicators as residents read them: the status against the target, a Dutch trend sentence,
the rows of the data table, and the chart as a plain plotly figure (JSON-ready dicts; the
page's `assets/charts.js` hands them to a self-hosted plotly.js).

No I/O except `assets()`, which copies plotly.js out of the installed `plotly` package.
Everything else is a pure function of the content model, so it is pinned by plain tests.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from importlib import resources

from ..content import Comparison, Indicator, Unit

PLOTLY_ASSET = "assets/plotly.min.js"

# Okabe-Ito colours that keep at least 3:1 contrast against white (WCAG 1.4.11), plus ink.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#1B1B1B")

COMPARATOR_WORDS = {"<": "minder dan", "<=": "hoogstens", "=": "precies", ">=": "minstens",
                    ">": "meer dan"}
COMPARATOR_SIGNS = {"<": "<", "<=": "≤", "=": "=", ">=": "≥", ">": ">"}
UNIT_LABELS = {Unit.aantal: "aantal", Unit.procent: "procent", Unit.rapportcijfer: "rapportcijfer (1-10)"}
NOT_AVAILABLE = "niet beschikbaar in de bron"

_EPSILON = 1e-9  # values are typed by hand with a few decimals; below this two values are equal


class Status(str, Enum):
    """Status of an indicator against its target; the value is the Dutch label."""

    op_koers = "op koers"
    niet_op_koers = "niet op koers"
    doel_gehaald = "doel gehaald"
    geen_doel = "geen doel gesteld"
    onvoldoende_gegevens = "onvoldoende gegevens"

    @property
    def css(self) -> str:
        return "indicator-" + self.value.replace(" ", "-")


@dataclass(frozen=True)
class Observation:
    """One known value of an indicator: the baseline or a measurement."""

    year: int | None  # a baseline may lack its year
    value: float | int
    kind: str  # 'uitgangswaarde' | 'meting'


def observations(indicator: Indicator) -> list[Observation]:
    """The baseline and the measurements that have a value, oldest first.

    A measurement in the baseline's year replaces the baseline for that year."""
    found: dict[int | None, Observation] = {}
    base = indicator.baseline
    if base.value is not None:
        found[base.year] = Observation(base.year, base.value, "uitgangswaarde")
    for m in indicator.measurements:
        if m.value is not None:
            found[m.year] = Observation(m.year, m.value, "meting")
    return sorted(found.values(), key=lambda o: (o.year is not None, o.year or 0))


def meets(value: float, comparator: str, target: float) -> bool:
    """Whether `value` satisfies '`comparator` `target`' (equality within a tiny tolerance)."""
    equal = abs(value - target) <= _EPSILON
    return {
        "<": value < target and not equal,
        "<=": value < target or equal,
        "=": equal,
        ">=": value > target or equal,
        ">": value > target and not equal,
    }[comparator]


def status(indicator: Indicator) -> Status:
    """The status of an indicator against its target. The rules, in this order:

    1. No target in the content: **geen doel gesteld**.
    2. The *latest value* is the value of the most recent year among the baseline and the
       measurements that have a value (a value that is `null` in the source is skipped; a
       measurement in the baseline's year replaces the baseline). No value at all:
       **onvoldoende gegevens**.
    3. The latest value satisfies the target (comparator and target value; a value equal to
       the target satisfies <=, = and >=, not < or >): **doel gehaald**. This says where the
       indicator stands now; a later measurement that misses the target changes it back.
    4. The latest value misses the target and its year is the target year or later:
       **niet op koers** (the deadline has come and the target is not met).
    5. Fewer than two values with a year: **onvoldoende gegevens**. A trend needs two
       points, so a baseline alone that does not meet the target gets this status.
    6. Otherwise the trend decides. Draw a straight line through the first value (normally
       the baseline) and the latest value, and extend it to the target year. When that
       projected value satisfies the target: **op koers**, otherwise **niet op koers**. For
       the comparator '=' a projection never lands exactly, so there the rule is: the
       latest value is closer to the target than the first value: **op koers**.

    Direction (lager-is-beter, hoger-is-beter) follows from the comparator; validation makes
    sure the two agree. The unit plays no part: a percentage and a report mark such as 7,9
    on a 1-10 scale are compared as the numbers they are.
    """
    target = indicator.target
    if target is None:
        return Status.geen_doel
    seen = observations(indicator)
    if not seen:
        return Status.onvoldoende_gegevens
    latest = seen[-1]
    if meets(latest.value, target.comparator, target.value):
        return Status.doel_gehaald
    if latest.year is not None and latest.year >= target.year:
        return Status.niet_op_koers
    dated = [o for o in seen if o.year is not None]
    if len(dated) < 2:
        return Status.onvoldoende_gegevens
    first = dated[0]
    if target.comparator == "=":
        closer = abs(latest.value - target.value) < abs(first.value - target.value) - _EPSILON
        return Status.op_koers if closer else Status.niet_op_koers
    assert latest.year is not None and first.year is not None
    slope = (latest.value - first.value) / (latest.year - first.year)
    projected = latest.value + slope * (target.year - latest.year)
    return Status.op_koers if meets(projected, target.comparator, target.value) else Status.niet_op_koers


# The rules of `status` in the words residents read (indicator pages, handbook).
STATUS_RULES: tuple[tuple[Status, str], ...] = (
    (Status.geen_doel, "Het plan stelt voor deze indicator geen doel."),
    (Status.onvoldoende_gegevens,
     "Er is nog geen waarde, of alleen één waarde die het doel nog niet haalt: om te zien of het "
     "de goede kant op gaat zijn minstens twee jaren nodig."),
    (Status.doel_gehaald,
     "De laatst bekende waarde voldoet aan het doel. Een waarde gelijk aan het doel telt mee bij "
     "‘hoogstens’, ‘precies’ en ‘minstens’, niet bij ‘minder dan’ en ‘meer dan’."),
    (Status.op_koers,
     "Het doel is nog niet gehaald, maar als de lijn van de eerste naar de laatste waarde zo "
     "doorloopt, is het doel in het doeljaar gehaald."),
    (Status.niet_op_koers,
     "Het doeljaar is bereikt zonder dat het doel gehaald is, of de lijn van de eerste naar de "
     "laatste waarde komt in het doeljaar niet bij het doel."),
)


# --- Dutch text ---------------------------------------------------------------------------


def number(value: float | int | None) -> str:
    """Dutch number: 7,9 and 1.234; 'niet beschikbaar in de bron' for a missing value."""
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, int):  # exact for any size (a float conversion could overflow)
        text = f"{value:,}"
    else:  # the digits the value really has: 1e-05 -> 5 decimals (repr has no '.' there)
        exponent = Decimal(repr(value)).as_tuple().exponent
        decimals = 0 if value.is_integer() or not isinstance(exponent, int) else -exponent
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def with_unit(value: float | int | None, unit: Unit | None) -> str:
    if value is None:
        return NOT_AVAILABLE
    return number(value) + ("%" if unit is Unit.procent else "")


def target_text(indicator: Indicator) -> str | None:
    """'hoogstens 125 in 2026', or None without a target."""
    t = indicator.target
    if t is None:
        return None
    return f"{COMPARATOR_WORDS[t.comparator]} {with_unit(t.value, indicator.unit)} in {t.year}"


def trend_sentence(indicator: Indicator) -> str:
    """A short Dutch sentence with the first and the latest value and the target, e.g.
    'In 2021: 129; doel 2026: hoogstens 125.'"""
    parts = []
    seen = [o for o in observations(indicator) if o.year is not None]
    if seen:  # the first and the latest value only: the table has every year
        parts.append(f"in {seen[0].year}: {with_unit(seen[0].value, indicator.unit)}")
    if len(seen) > 1:
        parts.append(f"in {seen[-1].year}: {with_unit(seen[-1].value, indicator.unit)}"
                     + _change(seen[0], seen[-1], indicator.unit))
    if not parts:
        base = indicator.baseline
        when = f"in {base.year}" if base.year is not None else "uitgangswaarde"
        parts.append(f"{when}: {with_unit(base.value, indicator.unit)}")
    t = indicator.target
    if t is not None:
        parts.append(f"doel {t.year}: {COMPARATOR_WORDS[t.comparator]} {with_unit(t.value, indicator.unit)}")
    sentence = "; ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


def _change(first: Observation, latest: Observation, unit: Unit) -> str:
    delta = round(latest.value - first.value, 10)
    if abs(delta) <= _EPSILON:
        return f" (even hoog als in {first.year})"
    word = "hoger" if delta > 0 else "lager"
    amount = number(abs(delta)) + (" procentpunt" if unit is Unit.procent else "")
    return f" ({amount} {word} dan in {first.year})"


# --- the data table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of an indicator's data table and of the open data CSV."""

    kind: str  # 'uitgangswaarde' | 'meting' | 'doel'
    year: int | None
    value: float | int | None
    comparator: str | None = None  # only for the target
    reason: str | None = None  # why the source gives no value


def rows(indicator: Indicator) -> list[Row]:
    """Baseline, every measurement (by year) and the target, exactly as the content gives them."""
    b = indicator.baseline
    out = [Row("uitgangswaarde", b.year, b.value, None,
               b.missing.get("value") or b.missing.get("year"))]
    for m in sorted(indicator.measurements, key=lambda m: m.year):
        out.append(Row("meting", m.year, m.value, None, m.missing.get("value")))
    if indicator.target is not None:
        t = indicator.target
        out.append(Row("doel", t.year, t.value, t.comparator))
    return out


# --- figures ------------------------------------------------------------------------------


def _label(text: str) -> str:
    """Text for plotly to show as it is. plotly reads a subset of HTML in trace names, axis
    titles and hover templates (<a href>, <b>, <br>) and decodes entities after that; a hover
    template also fills in %{...}. Escaped, a name from the content stays text."""
    return html.escape(text, quote=False).replace("%", "&#37;")


def _layout(unit: Unit | None, y_title: str) -> dict[str, object]:
    yaxis: dict[str, object] = {"title": {"text": _label(y_title)}, "separatethousands": True,
                                "gridcolor": "#d9dde2", "zerolinecolor": "#8a9099", "fixedrange": True}
    if unit is Unit.rapportcijfer:
        yaxis.update(range=[1, 10], dtick=1, hoverformat=".1f")
    elif unit is Unit.procent:
        yaxis.update(range=[0, 100], ticksuffix="%", hoverformat=".1~f")
    else:
        yaxis.update(rangemode="tozero", hoverformat=",~r")
    return {
        "separators": ",.",
        "font": {"family": "system-ui, sans-serif", "size": 14, "color": "#1b1b1b"},
        "colorway": list(PALETTE),
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 64, "r": 16, "t": 40, "b": 48},
        "height": 340,
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        "hovermode": "closest",
        "yaxis": yaxis,
    }


def indicator_figure(indicator: Indicator) -> dict[str, object] | None:
    """The chart of an indicator: its values over the years and the target, or None when the
    source gives no value and no target (then there is nothing to draw)."""
    seen = [o for o in observations(indicator) if o.year is not None]
    t = indicator.target
    if not seen and t is None:
        return None
    suffix = "%" if indicator.unit is Unit.procent else ""
    data: list[dict[str, object]] = []
    if seen:
        years = sorted({o.year for o in seen} | {m.year for m in indicator.measurements})
        by_year = {o.year: o.value for o in seen}
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": _label("Waarde"),
            "x": years, "y": [by_year.get(y) for y in years],
            "line": {"color": PALETTE[0], "width": 3},
            "marker": {"color": PALETTE[0], "size": 10, "symbol": "circle"},
            "hovertemplate": "%{x}: %{y}" + _label(suffix) + "<extra></extra>",
        })
    if t is not None:
        label = _label(f"Doel: {COMPARATOR_SIGNS[t.comparator]} {number(t.value)}{suffix} in {t.year}")
        start = min([o.year for o in seen] + [t.year])
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": label,
            "x": [start, t.year] if start != t.year else [t.year], "y": [t.value] * (2 if start != t.year else 1),
            "line": {"color": PALETTE[1], "width": 2, "dash": "dash"},
            "marker": {"color": PALETTE[1], "size": [0, 12] if start != t.year else [12],
                       "symbol": "diamond"},
            "hovertemplate": label + "<extra></extra>",
        })
    years_all = [y for trace in data for y in trace["x"]]  # type: ignore[attr-defined]
    layout = _layout(indicator.unit, UNIT_LABELS[indicator.unit])
    layout["xaxis"] = {"title": {"text": _label("Jaar")}, "tickformat": "d", "dtick": 1, "fixedrange": True,
                       "range": [min(years_all) - 0.5, max(years_all) + 0.5], "gridcolor": "#eef0f2"}
    return {"data": data, "layout": layout}


def comparison_figure(comparison: Comparison) -> dict[str, object] | None:
    """A grouped bar chart (one bar per area, grouped by year), or None when the source gives
    none of the values."""
    if all(a.value is None for a in comparison.areas):
        return None
    suffix = "%" if comparison.unit is Unit.procent else ""
    data = [
        {"type": "bar", "name": _label(a.area), "x": [str(comparison.year)], "y": [a.value],
         "marker": {"color": PALETTE[i % len(PALETTE)]},
         "hovertemplate": _label(a.area) + ": %{y}" + _label(suffix) + "<extra></extra>"}
        for i, a in enumerate(comparison.areas)
    ]
    y_title = UNIT_LABELS[comparison.unit] if comparison.unit else "waarde (eenheid niet in de bron)"
    layout = _layout(comparison.unit, y_title)
    layout.update(barmode="group")
    layout["xaxis"] = {"title": {"text": _label("Jaar")}, "type": "category", "fixedrange": True}
    return {"data": data, "layout": layout}


def figure_json(figure: dict[str, object]) -> str:
    """Figure as JSON that is safe inside <script type="application/json"> (no '<', '>', '&')."""
    text = json.dumps(figure, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- views for the templates --------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorView:
    """What an indicator page and a dashboard row show."""

    status: Status
    sentence: str
    rows: list[Row]
    target: str | None
    figure: dict[str, object] | None


def indicator_view(indicator: Indicator) -> IndicatorView:
    return IndicatorView(status(indicator), trend_sentence(indicator), rows(indicator),
                         target_text(indicator), indicator_figure(indicator))


def assets() -> dict[str, bytes]:
    """plotly.js, copied from the installed plotly package (never from a CDN)."""
    bundle = resources.files("plotly") / "package_data" / "plotly.min.js"
    return {PLOTLY_ASSET: bundle.read_bytes()}


__all__ = ["Status", "IndicatorView", "Row", "status", "meets", "indicator_view", "indicator_figure",
           "comparison_figure", "figure_json", "trend_sentence", "rows", "observations", "number",
           "with_unit", "assets", "PALETTE", "PLOTLY_ASSET"]
