"""Charts in a real browser: Debian's chromium draws an indicator chart of the golden
synthetic site (the real sources give one value per indicator, which is shown as a number)
from the figure data in the page, with the theme's own plotly.js bundle and nothing from
another host, without any <style> element (the site's CSP refuses them), and answers hover."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page
from test_chart_bundle import FOLDER as BUNDLE_FOLDER, bundle_name

from ivpsite.content import Comparison
from ivpsite.model import indicators as charts

INDICATOR = "voorbeeldstad/ivp-2023-2026/indicatoren/inbraken/"
CHART = "#grafiek-inbraken"


def test_indicator_chart_is_drawn_with_every_value_and_the_target(golden_served: str, browser: Browser) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    scripts: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(golden_served + INDICATOR)
    page.wait_for_selector(CHART + " svg.main-svg", timeout=30_000)
    drawn = page.evaluate(f"() => document.querySelector('{CHART}').data.map(t => ({{x: t.x, y: t.y}}))")
    assert drawn[0]["x"] == [2021, 2023, 2024] and drawn[0]["y"] == [29, 27, 26]
    assert drawn[1]["y"][-1] == 25 and drawn[1]["x"][-1] == 2026
    assert page.get_attribute(CHART, "data-drawn") == "ja"
    assert page.locator("table.data td", has_text="27").count() == 1  # the table is still there
    assert all(url.startswith(golden_served) for url in requests), requests
    # The two files tests/test_chart_bundle.py weighs are all the chart JavaScript the page fetches.
    assert sorted(url.rsplit("/", 1)[1] for url in scripts if "menu.js" not in url) == sorted(
        ["charts.js", bundle_name()])
    # plotly.js found charts.css linked under its id and inserted no <style> of its own.
    assert page.locator("style").count() == 0
    assert page.locator("link#plotly\\.js-style-global.no-inline-styles").count() == 1
    assert errors == []
    page.close()


def test_hovering_a_point_shows_its_value_and_the_chart_takes_no_keyboard_focus(
        golden_served: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.goto(golden_served + INDICATOR)
    page.locator(CHART).scroll_into_view_if_needed()
    page.wait_for_selector(CHART + "[data-drawn='ja']", timeout=30_000)
    point = page.locator(CHART + " .scatterlayer .trace").first.locator(".points path").first
    box = point.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator(CHART + " .hoverlayer .hovertext")
    label.first.wait_for(timeout=10_000)
    assert label.first.text_content() == "2021: 29"
    # Nothing inside the chart is a Tab stop: a keyboard user moves on to the data table,
    # which holds the same numbers.
    assert page.locator(CHART + " [tabindex], " + CHART + " a[href], " + CHART + " button").count() == 0
    assert page.locator("table.data td", has_text="29").count() == 1
    page.close()


def test_a_grouped_bar_chart_is_drawn_with_the_partial_bundle(site_dir, tmp_path: Path, browser: Browser) -> None:
    """The real content has no comparison with values, so a synthetic one proves that the
    bundle draws bars under the site's CSP."""
    from conftest import PLAN_YAML, run_cli
    from sitecheck import serve
    from test_charts import COMPARISON_YAML

    content = site_dir({"voorbeeldstad/plan-2023/plan.yaml": PLAN_YAML + COMPARISON_YAML})
    out = tmp_path / "site"
    result = run_cli("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    with serve(out) as address:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(address + "voorbeeldstad/plan-2023/")
        chart = "#grafiek-inbraak-vergelijking"
        page.locator(chart).scroll_into_view_if_needed()
        page.wait_for_selector(chart + "[data-drawn='ja']", timeout=30_000)
        # two bars with a height: Nederland has no value in the (synthetic) source
        heights = [page.locator(chart + " .barlayer .point path").nth(i).bounding_box()
                   for i in range(page.locator(chart + " .barlayer .point path").count())]
        assert sum(1 for box in heights if box and box["height"] > 0) == 2, heights
        assert page.locator(chart + " .legend .traces").count() == 3
        assert errors == []
        page.close()


def test_reduced_motion_and_dutch_separators(golden_served: str, browser: Browser) -> None:
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(golden_served + INDICATOR)
    page.wait_for_selector(CHART + " svg.main-svg", timeout=30_000)
    layout = page.evaluate(f"() => document.querySelector('{CHART}').layout")
    assert layout["transition"]["duration"] == 0
    assert layout["separators"] == ",."
    context.close()


def test_one_value_is_a_number_and_no_plotly_is_loaded(golden_served: str, browser: Browser) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(golden_served + "voorbeeldstad/ivp-2023-2026/indicatoren/rapportcijfer/")
    page.wait_for_load_state("load")
    assert page.locator(".big-number .value").inner_text() == "7,9"
    assert page.locator(".chart").count() == 0
    assert not any("plotly" in url or "charts.js" in url for url in requests)
    page.close()


def test_text_page_loads_no_plotly(served: str, browser: Browser) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served + "maasgouw/ivp-2023-2026/")
    page.wait_for_load_state("load")
    assert page.locator("table.data a", has_text="totaal veelvoorkomende vermogenscriminaliteit").count() == 1
    assert page.locator("script[src*='plotly']").count() == 0
    assert not any("plotly" in url or "charts.js" in url for url in requests)
    page.close()


HOSTILE_AREA = '<a href="https://evil.example/">klik</a> %{y}'


def _draw(browser: Browser, figure_json: str) -> Page:
    """`figure_json` drawn by the site's plotly.js, read and configured as assets/charts.js does."""
    page = browser.new_page()
    page.set_content('<!doctype html><html lang="nl"><title>t</title><div id="c" style="width:640px"></div>')
    page.add_script_tag(content=(BUNDLE_FOLDER / bundle_name()).read_text(encoding="utf-8"))
    page.evaluate("text => { const f = JSON.parse(text);"
                  "  return Plotly.newPlot('c', f.data, f.layout, {displayModeBar: false}); }", figure_json)
    return page


def _figure() -> dict:
    comparison = Comparison.model_validate({
        "id": "cmp", "title": "t", "unit": "procent", "year": 2022, "topics": ["woninginbraak"],
        "areas": [{"area": HOSTILE_AREA, "value": 10}, {"area": "<b>Nederland</b> & co", "value": 12}]})
    figure = charts.comparison_figure(comparison)
    assert figure is not None
    return figure


def test_chart_label_with_markup_is_shown_as_text(browser: Browser) -> None:
    page = _draw(browser, charts.figure_json(_figure()))
    legend = page.locator("#c .legendtext").all_text_contents()
    assert legend == [HOSTILE_AREA, "<b>Nederland</b> & co"]
    assert page.locator("#c a").count() == 0  # no link anywhere in the chart
    page.locator("#c .bars path").first.hover(force=True)  # plotly listens on the layer above the bars
    hover = " ".join(page.locator("#c .hoverlayer text").all_text_contents())
    assert f"{HOSTILE_AREA}: 10%" in hover
    page.close()


def test_unescaped_label_would_become_a_link(browser: Browser) -> None:
    """The check above can fail: the same name given to plotly raw is a live link."""
    figure = _figure()
    figure["data"][0]["name"] = HOSTILE_AREA
    page = _draw(browser, charts.figure_json(figure))
    assert page.locator("#c a").count() == 1
    page.close()
