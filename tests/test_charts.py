"""charts.py: the status rules, the trend sentence, the data rows and the figure data.

Every indicator here is synthetic; the last tests compare against the real Maasgouw content."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ivpsite.model import indicators as charts
from ivpsite.build import load_site
from ivpsite.model.indicators import Status, status
from ivpsite.content import Comparison, Indicator
from ivpsite.problems import Problems
from test_chart_bundle import bundle_name

ROOT = Path(__file__).resolve().parent.parent
REASON = "Synthetisch: de bron geeft deze waarde niet."


def indicator(unit: str = "aantal", direction: str | None = "lager-is-beter",
              baseline: tuple[float | None, int | None] = (129, 2021),
              target: tuple[str, float, int] | None = ("<=", 125, 2026),
              measurements: list[tuple[int, float | None]] = ()) -> Indicator:
    data: dict[str, object] = {
        "id": "test", "name": "testindicator", "unit": unit, "source": "politie",
        "direction": direction, "topics": ["woninginbraak"],
        "baseline": {"value": baseline[0], "year": baseline[1]},
        "measurements": [{"year": y, "value": v} | ({"missing": {"value": REASON}} if v is None else {})
                         for y, v in measurements],
    }
    if baseline[0] is None:
        data["baseline"]["missing"] = {"value": REASON}  # type: ignore[index]
    if baseline[1] is None:
        data["baseline"].setdefault("missing", {})["year"] = REASON  # type: ignore[union-attr]
    if direction is None:
        data["missing"] = {"direction": REASON}
    if target is not None:
        data["target"] = dict(zip(("comparator", "value", "year"), target))
    return Indicator.model_validate(data)


# --- status: one test per rule (model/indicators.py `status`, STATUS_RULES) -----------------

START = 2023  # the plan's first year in these tests: a status counts measurements from here on


def test_no_target_is_geen_doel_gesteld() -> None:
    assert status(indicator(target=None, direction=None), START) is Status.geen_doel
    assert status(indicator(target=None, measurements=[(2023, 100)]), START) is Status.geen_doel


def test_baseline_alone_is_nog_geen_meting_even_when_it_meets_the_target() -> None:
    # Maasgouw: rapportcijfer 7,9 in 2022 against >= 7,9 in 2026. The plan promised nothing
    # about 2022; a status about progress needs a measurement since the start.
    mark = indicator(unit="rapportcijfer", direction="hoger-is-beter", baseline=(7.9, 2022),
                     target=(">=", 7.9, 2026))
    assert status(mark, START) is Status.geen_meting
    assert status(indicator(), START) is Status.geen_meting  # 129 against <= 125: no trend either


def test_a_measurement_before_the_start_is_not_a_measurement_since_the_start() -> None:
    early = indicator(measurements=[(2022, 120)])
    assert status(early, START) is Status.geen_meting
    assert status(early, 2022) is Status.doel_gehaald


@pytest.mark.parametrize(("comparator", "expected"), [
    ("<=", Status.doel_gehaald), (">=", Status.doel_gehaald), ("=", Status.doel_gehaald),
    ("<", Status.niet_op_koers), (">", Status.niet_op_koers),
])
def test_a_measurement_equal_to_the_target(comparator: str, expected: Status) -> None:
    direction = {"<=": "lager-is-beter", "<": "lager-is-beter", ">=": "hoger-is-beter",
                 ">": "hoger-is-beter", "=": None}[comparator]
    # 125 in 2021 and 125 in 2023: flat, so '<' and '>' are not reached by 2026 either.
    assert status(indicator(direction=direction, baseline=(125, 2021), target=(comparator, 125, 2026),
                            measurements=[(2023, 125)]), START) is expected


def test_latest_measurement_meeting_the_target_is_doel_gehaald() -> None:
    done = indicator(unit="procent", baseline=(37, 2022), target=("<", 30, 2026), measurements=[(2024, 29.5)])
    assert status(done, START) is Status.doel_gehaald


def test_float_arithmetic_does_not_break_equality() -> None:
    # 0.1 + 0.2 != 0.3 in binary; a hand-typed 0.3 must still equal the target 0.3.
    assert charts.meets(0.1 + 0.2, "<=", 0.3) and charts.meets(0.1 + 0.2, "=", 0.3)
    assert not charts.meets(0.1 + 0.2, "<", 0.3)


def test_target_year_reached_and_missed_is_doel_niet_gehaald() -> None:
    assert status(indicator(measurements=[(2026, 126)]), START) is Status.niet_gehaald


def test_trend_from_baseline_to_latest_measurement_lower_is_better() -> None:
    improving = indicator(measurements=[(2023, 127)])  # 129 -> 127 in 2 years: 124 in 2026
    assert status(improving, START) is Status.op_koers
    too_slow = indicator(baseline=(140, 2021), measurements=[(2023, 139)])  # -> 137,5 in 2026
    assert status(too_slow, START) is Status.niet_op_koers
    assert status(indicator(measurements=[(2023, 135)]), START) is Status.niet_op_koers


def test_trend_from_baseline_to_latest_measurement_higher_is_better() -> None:
    rising = indicator(unit="procent", direction="hoger-is-beter", baseline=(30, 2022),
                       target=(">=", 40, 2026), measurements=[(2024, 36)])  # 42 in 2026
    assert status(rising, START) is Status.op_koers
    falling = indicator(unit="procent", direction="hoger-is-beter", baseline=(30, 2022),
                        target=(">=", 40, 2026), measurements=[(2024, 28)])
    assert status(falling, START) is Status.niet_op_koers
    mark = indicator(unit="rapportcijfer", direction="hoger-is-beter", baseline=(7.9, 2022),
                     target=(">=", 7.9, 2026), measurements=[(2023, 7.8)])
    assert status(mark, START) is Status.niet_op_koers  # 7,9 -> 7,8 heads away from >= 7,9


def test_latest_measurement_decides_not_the_best() -> None:
    # Reached in 2023, lost again in 2024: where it stands now counts.
    back = indicator(measurements=[(2023, 120), (2024, 126)])
    assert status(back, START) is Status.op_koers  # 129 -> 126 in 3 years projects to 124 in 2026
    assert status(indicator(measurements=[(2023, 120), (2024, 140)]), START) is Status.niet_op_koers


def test_equals_target_uses_distance() -> None:
    toward = indicator(direction=None, baseline=(50, 2021), target=("=", 40, 2026), measurements=[(2023, 45)])
    assert status(toward, START) is Status.op_koers
    away = indicator(direction=None, baseline=(50, 2021), target=("=", 40, 2026), measurements=[(2023, 55)])
    assert status(away, START) is Status.niet_op_koers


def test_missing_measurements_are_skipped() -> None:
    # A measurement the source does not give is no data point.
    assert status(indicator(measurements=[(2023, None)]), START) is Status.geen_meting
    assert status(indicator(measurements=[(2023, None), (2024, 126)]), START) is Status.op_koers


def test_a_measurement_without_a_baseline_to_draw_from_is_onvoldoende_gegevens() -> None:
    assert status(indicator(baseline=(None, 2021), measurements=[(2023, 130)]), START) is Status.onvoldoende_gegevens
    assert status(indicator(baseline=(130, None), measurements=[(2024, 128)]), START) is Status.onvoldoende_gegevens
    # ... but a measurement that meets the target needs no trend
    assert status(indicator(baseline=(None, 2021), measurements=[(2023, 120)]), START) is Status.doel_gehaald


def test_without_a_known_start_measurements_after_the_baseline_count() -> None:
    assert status(indicator(measurements=[(2022, 127)]), None) is Status.op_koers
    assert status(indicator(measurements=[(2021, 120)]), None) is Status.geen_meting  # the baseline's own year
    assert status(indicator(baseline=(120, None), measurements=[(2024, 120)]), None) is Status.geen_meting


def test_every_status_has_a_rule_in_dutch() -> None:
    assert {s for s, _ in charts.STATUS_RULES} == set(Status)
    assert charts.status.__doc__ and all(s.value in charts.status.__doc__ for s in Status)


def test_handbook_states_the_same_rules() -> None:
    handbook = " ".join((ROOT / "docs" / "indicatoren.md").read_text(encoding="utf-8").split())
    for s, rule in charts.STATUS_RULES:
        assert f"**{s.value.capitalize()}**: {rule}" in handbook, s


# --- sentence, rows, figure ---------------------------------------------------------------


def test_trend_sentence() -> None:
    assert charts.trend_sentence(indicator(), START) == (
        "Nog geen meting sinds de start van het plan (2023); uitgangswaarde 129 in 2021; "
        "doel voor 2026: hoogstens 125.")
    assert charts.trend_sentence(indicator(measurements=[(2023, 1234)], target=None), START) == (
        "Uitgangswaarde 129 in 2021; laatste meting 1.234 in 2023 (1.105 hoger dan in 2021).")
    pct = indicator(unit="procent", baseline=(37.5, 2022), target=None, direction=None,
                    measurements=[(2024, 35)])
    assert charts.trend_sentence(pct, START) == (
        "Uitgangswaarde 37,5% in 2022; laatste meting 35% in 2024 (2,5 procentpunt lager dan in 2022).")
    mark = indicator(unit="rapportcijfer", direction="hoger-is-beter", baseline=(7.9, 2022),
                     target=(">=", 7.9, 2026))
    assert charts.trend_sentence(mark, START) == (
        "Nog geen meting sinds de start van het plan (2023); uitgangswaarde 7,9 in 2022; "
        "doel voor 2026: minstens 7,9.")
    none = indicator(baseline=(None, 2021), target=None, direction=None)
    assert charts.trend_sentence(none, None) == (
        "Nog geen meting sinds de start van het plan; uitgangswaarde niet beschikbaar in de bron in 2021.")
    many = indicator(measurements=[(2022, 128), (2023, 126), (2024, 130)])
    assert charts.trend_sentence(many, START) == (
        "Uitgangswaarde 129 in 2021; laatste meting 130 in 2024 (1 hoger dan in 2021); doel voor 2026: hoogstens 125.")
    same = indicator(measurements=[(2023, 129)], target=None)
    assert charts.trend_sentence(same, START) == (
        "Uitgangswaarde 129 in 2021; laatste meting 129 in 2023 (even hoog als in 2021).")


def test_rows_keep_missing_values_and_reasons() -> None:
    ind = indicator(measurements=[(2024, 120), (2023, None)])
    assert [(r.kind, r.year, r.value, r.comparator) for r in charts.rows(ind)] == [
        ("uitgangswaarde", 2021, 129, None), ("meting", 2023, None, None), ("meting", 2024, 120, None),
        ("doel", 2026, 125, "<=")]
    assert charts.rows(ind)[1].reason == REASON


def test_figure_data_equals_content_values() -> None:
    ind = indicator(measurements=[(2023, 127), (2024, None), (2025, 124.5)])
    figure = charts.indicator_figure(ind)
    assert figure is not None
    values, target = figure["data"]
    assert values["x"] == [2021, 2023, 2024, 2025]
    assert values["y"] == [129, 127, None, 124.5]  # a gap where the source gives nothing
    assert target["x"][-1] == 2026 and target["y"][-1] == 125
    assert "≤ 125 in 2026" in target["name"]
    layout = figure["layout"]
    assert layout["separators"] == ",."
    assert layout["yaxis"]["rangemode"] == "tozero"


def test_figure_axes_per_unit() -> None:
    pct = charts.indicator_figure(indicator(unit="procent", baseline=(37, 2022), target=None, direction=None))
    assert pct is not None and pct["layout"]["yaxis"]["range"] == [0, 100]
    assert pct["layout"]["yaxis"]["ticksuffix"] == "%"
    mark = charts.indicator_figure(indicator(unit="rapportcijfer", direction="hoger-is-beter",
                                             baseline=(7.9, 2022), target=(">=", 7.9, 2026)))
    assert mark is not None and "range" not in mark["layout"]["yaxis"]  # the plans name no scale
    assert mark["data"][0]["y"] == [7.9]


def test_no_figure_without_any_value() -> None:
    assert charts.indicator_figure(indicator(baseline=(None, 2021), target=None, direction=None)) is None
    only_target = charts.indicator_figure(indicator(baseline=(None, 2021)))
    assert only_target is not None and len(only_target["data"]) == 1


def _contrast(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_palette_contrast_against_white() -> None:
    assert len(charts.PALETTE) >= 3
    for colour in charts.PALETTE:
        assert _contrast(colour) >= 3.0, colour


def test_figure_json_cannot_close_the_script_element() -> None:
    figure = {"data": [{"name": "</script><script>alert(1)</script> & co"}]}
    text = charts.figure_json(figure)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == figure


# --- comparisons --------------------------------------------------------------------------


def comparison(values: list[float | None]) -> Comparison:
    areas = [{"area": name, "value": v} | ({"missing": {"value": REASON}} if v is None else {})
             for name, v in zip(("Regio Voorbeeld", "Provincie Voorbeeld", "Nederland"), values)]
    return Comparison.model_validate({"id": "cmp", "title": "Synthetische vergelijking", "unit": "procent",
                                      "year": 2021, "topics": ["woninginbraak"], "areas": areas})


def test_comparison_grouped_bars() -> None:
    figure = charts.comparison_figure(comparison([12.5, 10, None]))
    assert figure is not None
    assert figure["layout"]["barmode"] == "group"
    assert [(t["name"], t["y"]) for t in figure["data"]] == [
        ("Regio Voorbeeld", [12.5]), ("Provincie Voorbeeld", [10]), ("Nederland", [None])]
    assert len({t["marker"]["color"] for t in figure["data"]}) == 3


def test_comparison_without_values_has_no_figure() -> None:
    assert charts.comparison_figure(comparison([None, None, None])) is None


def _labels(figure: dict) -> list[str]:
    """Every text of a figure that plotly reads as (a subset of) HTML."""
    found = [figure["layout"]["xaxis"]["title"]["text"], figure["layout"]["yaxis"]["title"]["text"]]
    for trace in figure["data"]:
        found += [trace["name"], trace["hovertemplate"]]
    return found


@settings(max_examples=100, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=40), min_size=2, max_size=4),
       comparator=st.sampled_from(["<", "<=", "=", ">=", ">"]))
def test_chart_labels_carry_no_markup_and_no_template(names, comparator) -> None:
    areas = [{"area": name, "value": i} for i, name in enumerate(names)]
    cmp = Comparison.model_validate({"id": "cmp", "title": "t", "unit": "procent", "year": 2021,
                                     "topics": ["woninginbraak"], "areas": areas})
    figures = [charts.comparison_figure(cmp),
               charts.indicator_figure(indicator(direction=None, target=(comparator, 25, 2026)))]
    for figure in figures:
        assert figure is not None
        for label in _labels(figure):
            own = label.replace("%{x}", "").replace("%{y}", "").replace("<extra></extra>", "")
            assert "<" not in own and ">" not in own and "%" not in own, label
    # The reader still sees the name itself: plotly decodes the entities after reading tags.
    assert [html.unescape(t["name"]) for t in figures[0]["data"]] == names


# --- the real content ---------------------------------------------------------------------


def test_maasgouw_statuses_and_figures() -> None:
    problems = Problems()
    site = load_site(ROOT / "content", problems)
    assert site is not None, problems.sorted()
    plan = site.content.plans["maasgouw/ivp-2023-2026"]
    by_id = {i.id: i for i in plan.indicators}
    start = plan.period.start
    targeted = {i.id: status(i, start) for i in plan.indicators if i.target is not None}
    # The sources give baselines only: no status about progress, although 7,9 meets >= 7,9.
    assert targeted == {
        "totaal-veelvoorkomende-vermogenscriminaliteit": Status.geen_meting,
        "totaal-incidenten-sociale-overlast": Status.geen_meting,
        "rapportcijfer-veiligheid-van-de-buurt": Status.geen_meting,
    }
    for ind in plan.indicators:  # one value each: shown as a number, never as a one-dot chart
        view = charts.indicator_view(ind, start)
        assert view.figure is None, ind.id
        if ind.baseline.value is not None:
            assert view.latest is not None and view.latest.value == ind.baseline.value, ind.id
    assert charts.trend_sentence(by_id["totaal-incidenten-sociale-overlast"], start) == (
        "Nog geen meting sinds de start van het plan (2023); uitgangswaarde 244 in 2021; "
        "doel voor 2026: hoogstens 240.")


# --- the built site -----------------------------------------------------------------------

MAASGOUW = "maasgouw/ivp-2023-2026"
BUNDLE = bundle_name()  # the vendored plotly.js file (tests/test_chart_bundle.py pins it)


def _figures(html: str) -> dict[str, dict]:
    found = re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>', html, re.S)
    return {name: json.loads(text) for name, text in found}


@pytest.mark.parametrize("site", ["real_build", "golden_build"])
def test_plotly_is_referenced_once_on_chart_pages_and_never_elsewhere(site: str, request: pytest.FixtureRequest) -> None:
    build: Path = request.getfixturevalue(site)
    chart_pages = 0
    for page in sorted(build.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        has_chart = 'class="chart"' in html
        if has_chart:
            chart_pages += 1
            assert html.count(BUNDLE) == 1, page
            assert html.count("assets/charts.js") == 1, page
            assert re.search(r'<script src="[^"]*assets/charts\.js" data-plotly="[^"]*" defer></script>', html)
        else:
            assert "plotly" not in html and "charts.js" not in html, page
        # no executable inline script, and nothing from another host
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag or 'type="application/ld+json"' in tag, (page, tag)
        loads = re.findall(r'<(?:script|img|iframe)\b[^>]*\bsrc="([^"]*)"', html)
        loads += re.findall(r'<link\b[^>]*rel="(?:stylesheet|preload|modulepreload|icon)"[^>]*href="([^"]*)"', html)
        assert not [u for u in loads if re.match(r"^(https?:)?//", u)], page
    # The real sources give one value per indicator and no comparison figures: no chart at all.
    assert chart_pages == (0 if site == "real_build" else 2)
    assert (build / "assets" / "plotly" / BUNDLE).is_file()
    assert not any("cdn" in p.name for p in (build / "assets").rglob("*"))


def test_every_maasgouw_indicator_has_a_page_with_the_source_values(real_build: Path) -> None:
    problems = Problems()
    site = load_site(ROOT / "content", problems)
    assert site is not None
    plan = site.content.plans[MAASGOUW]
    assert len(plan.indicators) == 21  # the source's table has 21 rows (the issue says 23)
    for ind in plan.indicators:
        html = (real_build / MAASGOUW / "indicatoren" / ind.id / "index.html").read_text(encoding="utf-8")
        assert _figures(html) == {} and 'class="chart"' not in html  # one value: a number, not a chart
        if ind.baseline.value is None:
            assert "niet beschikbaar in de bron" in html and "big-number" not in html
        else:
            value = charts.with_unit(ind.baseline.value, ind.unit)
            assert f'<p class="big-number"><span class="value">{value}</span>' in html
            assert f"uitgangswaarde in {ind.baseline.year}" in html
            assert f'<td class="num">{value}</td>' in html
        assert f'<caption id="cijfers-caption">Cijfers: {ind.name}</caption>' in html
        assert f'<p class="lead trend">{charts.trend_sentence(ind, 2023)}</p>' in html
        expected = status(ind, 2023)
        assert f'<span class="indicator-status {expected.css}">{expected.value}</span>' in html
    plan_page = (real_build / MAASGOUW / "index.html").read_text(encoding="utf-8")
    assert plan_page.count('class="indicator-status') == len(plan.indicators)
    assert plan_page.count('href="indicatoren/') == len(plan.indicators) + 1  # and the overview
    assert "doel gehaald" not in plan_page  # the sources give baselines only
    overview = (real_build / MAASGOUW / "indicatoren" / "index.html").read_text(encoding="utf-8")
    assert overview.count('class="indicator-status') == len(plan.indicators)


def test_comparisons_without_values_say_so(real_build: Path) -> None:
    html = (real_build / "westelijke-mijnstreek/prioriteiten-tot-2026/index.html").read_text(encoding="utf-8")
    assert "cijfers van deze vergelijking zijn niet beschikbaar in de bron" in html
    assert 'class="chart"' not in html and "plotly" not in html


COMPARISON_YAML = """\
comparisons:
  - id: inbraak-vergelijking
    title: Woninginbraken per 1.000 woningen
    unit: aantal
    year: 2021
    topics: [woninginbraak]
    areas:
      - {area: Voorbeeldstad, value: 3.4}
      - {area: Provincie Voorbeeld, value: 2.9}
      - area: Nederland
        value: null
        missing: {value: Synthetisch testgegeven.}
"""


def test_synthetic_comparison_gets_a_grouped_bar_chart_and_a_table(site_dir, tmp_path: Path) -> None:
    from conftest import PLAN_YAML, run_cli
    content = site_dir({"voorbeeldstad/plan-2023/plan.yaml": PLAN_YAML + COMPARISON_YAML})
    out = tmp_path / "site"
    result = run_cli("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    html = (out / "voorbeeldstad/plan-2023/index.html").read_text(encoding="utf-8")
    figure = _figures(html)["grafiek-inbraak-vergelijking-data"]
    assert figure["layout"]["barmode"] == "group"
    assert [(t["name"], t["y"]) for t in figure["data"]] == [
        ("Voorbeeldstad", [3.4]), ("Provincie Voorbeeld", [2.9]), ("Nederland", [None])]
    assert html.count(BUNDLE) == 1
    assert "<td>3,4</td>" in html and "<td>2,9</td>" in html
    assert 'aria-label="Staafgrafiek van Woninginbraken per 1.000 woningen' in html
