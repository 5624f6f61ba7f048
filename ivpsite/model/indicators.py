"""Indicators as residents read them: the status against the target, a Dutch trend sentence,
the rows of the data table, and the chart as a plain plotly figure (JSON-ready dicts; the
page's `assets/charts.js` hands them to the theme's own partial plotly.js bundle, which draws
only the trace types used here: scatter with lines and markers, and grouped bars).

No I/O: everything is a pure function of the content model, so it is pinned by plain tests.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from enum import Enum

from ..content import Comparison, Indicator, Unit
from ..dutch import COMPARATOR_WORDS, NOT_AVAILABLE, number

# Okabe-Ito colours that keep at least 3:1 contrast against white (WCAG 1.4.11), plus ink.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#1B1B1B")

COMPARATOR_SIGNS = {"<": "<", "<=": "≤", "=": "=", ">=": "≥", ">": ">"}
UNIT_LABELS = {Unit.aantal: "aantal", Unit.procent: "procent", Unit.rapportcijfer: "rapportcijfer"}

_EPSILON = 1e-9  # values are typed by hand with a few decimals; below this two values are equal


class Status(str, Enum):
    """Status of an indicator against its target; the value is the Dutch label."""

    geen_doel = "geen doel gesteld"
    geen_meting = "nog geen meting"
    onvoldoende_gegevens = "onvoldoende gegevens"
    doel_gehaald = "doel gehaald"
    op_koers = "op koers"
    niet_op_koers = "niet op koers"
    niet_gehaald = "doel niet gehaald"

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


def since_start(indicator: Indicator, start: int | None) -> list[Observation]:
    """The measurements taken since the plan started (from its first year on), oldest first.
    Without a known first year, those after the baseline's year; the baseline never counts."""
    first = start if start is not None else (indicator.baseline.year + 1 if indicator.baseline.year else None)
    if first is None:
        return []
    return [o for o in observations(indicator) if o.kind == "meting" and o.year is not None and o.year >= first]


def status(indicator: Indicator, start: int | None) -> Status:
    """The status of an indicator against its target, for a plan that started in `start`.
    A status about progress only comes from measurements taken since the plan started; a
    baseline that already meets the target says nothing about what the plan achieved. The
    rules, in this order (STATUS_RULES says them for residents):

    1. No target in the content: **geen doel gesteld**.
    2. No measurement with a value since the plan started: **nog geen meting**.
    3. The latest such measurement satisfies the target (a value equal to the target
       satisfies <=, = and >=, not < or >): **doel gehaald**.
    4. It misses the target and its year is the target year or later: **doel niet gehaald**.
    5. Otherwise the trend from the baseline to the latest measurement decides: a straight
       line through both, extended to the target year, satisfies the target: **op koers**,
       else **niet op koers**. For '=' the latest value must be closer to the target than the
       baseline. Without a baseline value and year there is no trend: **onvoldoende gegevens**.
    """
    target = indicator.target
    if target is None:
        return Status.geen_doel
    measured = since_start(indicator, start)
    if not measured:
        return Status.geen_meting
    latest = measured[-1]
    assert latest.year is not None
    if meets(latest.value, target.comparator, target.value):
        return Status.doel_gehaald
    if latest.year >= target.year:
        return Status.niet_gehaald
    base = indicator.baseline
    if base.value is None or base.year is None or base.year >= latest.year:
        return Status.onvoldoende_gegevens
    if target.comparator == "=":
        closer = abs(latest.value - target.value) < abs(base.value - target.value) - _EPSILON
        return Status.op_koers if closer else Status.niet_op_koers
    slope = (latest.value - base.value) / (latest.year - base.year)
    projected = latest.value + slope * (target.year - latest.year)
    return Status.op_koers if meets(projected, target.comparator, target.value) else Status.niet_op_koers


# The rules of `status` in the words residents read (indicator pages, handbook).
STATUS_RULES: tuple[tuple[Status, str], ...] = (
    (Status.geen_doel, "Het plan stelt voor deze indicator geen doel."),
    (Status.geen_meting,
     "Er is nog geen meting van na de start van het plan. De uitgangswaarde zegt niets over wat "
     "het plan bereikt, ook niet als die al aan het doel voldoet."),
    (Status.doel_gehaald,
     "De laatste meting sinds de start van het plan voldoet aan het doel. Een waarde gelijk aan "
     "het doel telt mee bij ‘hoogstens’, ‘precies’ en ‘minstens’, niet bij ‘minder dan’ en ‘meer dan’."),
    (Status.op_koers,
     "Het doel is nog niet gehaald, maar als de lijn van de uitgangswaarde naar de laatste meting "
     "zo doorloopt, is het doel in het doeljaar gehaald."),
    (Status.niet_op_koers,
     "Als de lijn van de uitgangswaarde naar de laatste meting zo doorloopt, is het doel in het "
     "doeljaar niet gehaald."),
    (Status.niet_gehaald, "Het doeljaar is bereikt en de laatste meting voldoet niet aan het doel."),
    (Status.onvoldoende_gegevens,
     "Er is wel een meting, maar zonder uitgangswaarde met jaartal is er geen lijn te trekken."),
)


# --- Dutch text ---------------------------------------------------------------------------


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


def trend_sentence(indicator: Indicator, start: int | None) -> str:
    """A short Dutch sentence: the baseline, the latest measurement since the plan started
    (or that there is none yet) and the target, e.g. 'Uitgangswaarde 129 in 2021; laatste
    meting 120 in 2024 (9 lager dan in 2021); doel voor 2026: hoogstens 125.'"""
    base = indicator.baseline
    baseline = f"uitgangswaarde {with_unit(base.value, indicator.unit)}" + (f" in {base.year}" if base.year else "")
    measured = since_start(indicator, start)
    if measured:
        latest = measured[-1]
        change = ""
        if base.value is not None and base.year is not None:
            change = _change(Observation(base.year, base.value, "uitgangswaarde"), latest, indicator.unit)
        parts = [baseline, f"laatste meting {with_unit(latest.value, indicator.unit)} in {latest.year}{change}"]
    else:
        since = f" ({start})" if start is not None else ""
        parts = [f"nog geen meting sinds de start van het plan{since}", baseline]
    t = indicator.target
    if t is not None:
        parts.append(f"doel voor {t.year}: {COMPARATOR_WORDS[t.comparator]} {with_unit(t.value, indicator.unit)}")
    sentence = "; ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


def _change(first: Observation, latest: Observation, unit: Unit) -> str:
    delta = round(latest.value - first.value, 10)
    if abs(delta) <= _EPSILON:
        return f" (even hoog als in {first.year})"
    word = "hoger" if delta > 0 else "lager"
    amount = number(abs(delta)) + (" procentpunt" if unit is Unit.procent else "")
    return f" ({amount} {word} dan in {first.year})"


def as_of(indicator: Indicator, year: int) -> Indicator:
    """The indicator as it stood at the end of `year`: its measurements up to that year."""
    return indicator.model_copy(update={"measurements": [m for m in indicator.measurements if m.year <= year]})


# --- small multiples ------------------------------------------------------------------------

SPARK_WIDTH, SPARK_HEIGHT, _PAD = 240, 90, 12


@dataclass(frozen=True)
class Sparkline:
    """A small chart drawn as SVG by the template, no script: the values by year and the target,
    as coordinates in a SPARK_WIDTH x SPARK_HEIGHT box (y grows downwards, as in SVG)."""

    points: tuple[tuple[float, float], ...]
    target: tuple[float, float, float] | None  # (x from, x to, y) of the target line
    first_year: int
    last_year: int
    low: str  # the lowest and highest value shown, formatted
    high: str

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


def sparkline(indicator: Indicator) -> Sparkline | None:
    """The values with a year and the target, or None with fewer than two values with a year."""
    seen = [o for o in observations(indicator) if o.year is not None]
    if len(seen) < 2:
        return None
    t = indicator.target
    years = [o.year for o in seen] + ([t.year] if t else [])
    values = [o.value for o in seen] + ([t.value] if t else [])
    first, last, low, high = min(years), max(years), min(values), max(values)

    def x(year: int) -> float:
        return _PAD + (SPARK_WIDTH - 2 * _PAD) * (year - first) / max(last - first, 1)

    def y(value: float) -> float:
        return SPARK_HEIGHT - _PAD - (SPARK_HEIGHT - 2 * _PAD) * (value - low) / (high - low or 1)

    points = tuple((x(o.year), y(o.value)) for o in seen if o.year is not None)
    target = (x(seen[0].year or first), x(t.year), y(t.value)) if t else None
    return Sparkline(points, target, first, last, with_unit(low, indicator.unit), with_unit(high, indicator.unit))


# --- the data table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of an indicator's data table and of the open data CSV."""

    kind: str  # 'uitgangswaarde' | 'meting' | 'doel'
    year: int | None
    value: float | int | None
    comparator: str | None = None  # only for the target
    reason: str | None = None  # why the source gives no value
    note: str | None = None  # a note beside a measured value ('voorlopig cijfer')


def rows(indicator: Indicator) -> list[Row]:
    """Baseline, every measurement (by year) and the target, exactly as the content gives them."""
    b = indicator.baseline
    out = [Row("uitgangswaarde", b.year, b.value, None,
               b.missing.get("value") or b.missing.get("year"))]
    for m in sorted(indicator.measurements, key=lambda m: m.year):
        out.append(Row("meting", m.year, m.value, None, m.missing.get("value"), m.note))
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
    if unit is Unit.rapportcijfer:  # no fixed scale: the plans do not name one
        yaxis.update(dtick=1, hoverformat=".1f")
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
    """What an indicator page and a row of an indicator table show."""

    status: Status
    sentence: str
    rows: list[Row]
    target: str | None
    latest: Observation | None  # the most recent known value (the baseline or a measurement)
    figure: dict[str, object] | None  # only from two values with a year on; one value is shown as a number


def indicator_view(indicator: Indicator, start: int | None, chart: bool = True) -> IndicatorView:
    """What a page shows of an indicator; without `chart` (a progress report's row, which
    draws its own small multiple) no figure and no data table."""
    seen = observations(indicator)
    dated = sum(o.year is not None for o in seen)
    return IndicatorView(status(indicator, start), trend_sentence(indicator, start),
                         rows(indicator) if chart else [], target_text(indicator), seen[-1] if seen else None,
                         indicator_figure(indicator) if chart and dated >= 2 else None)


__all__ = ["Status", "IndicatorView", "Row", "status", "meets", "indicator_view", "indicator_figure",
           "comparison_figure", "figure_json", "trend_sentence", "rows", "observations", "number",
           "with_unit", "PALETTE"]
