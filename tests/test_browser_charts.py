"""Charts in a real browser: Debian's chromium draws a Maasgouw indicator chart from the
figure data in the page, with the self-hosted plotly.js and nothing from another host."""

from __future__ import annotations


from playwright.sync_api import Browser, Page

from ivpsite.content import Comparison
from ivpsite.model import indicators as charts

INDICATOR = "maasgouw/ivp-2023-2026/indicatoren/totaal-veelvoorkomende-vermogenscriminaliteit/"


def test_indicator_chart_is_drawn_with_the_baseline(served: str, browser: Browser) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + INDICATOR)
    page.wait_for_selector("#grafiek-totaal-veelvoorkomende-vermogenscriminaliteit svg.main-svg",
                           timeout=30_000)
    drawn = page.evaluate(
        "() => document.getElementById('grafiek-totaal-veelvoorkomende-vermogenscriminaliteit')"
        ".data.map(t => ({name: t.name, x: t.x, y: t.y}))"
    )
    assert drawn[0]["x"] == [2021] and drawn[0]["y"] == [129]
    assert drawn[1]["y"][-1] == 125 and drawn[1]["x"][-1] == 2026
    assert page.get_attribute("#grafiek-totaal-veelvoorkomende-vermogenscriminaliteit", "data-drawn") == "ja"
    # Dutch number format on the axis (separators ',.'), and the table is still there.
    assert page.locator("table.data td", has_text="129").count() == 1
    assert all(url.startswith(served) for url in requests), requests
    assert sum(url.endswith("/assets/plotly.min.js") for url in requests) == 1
    assert errors == []
    page.close()


def test_reduced_motion_and_rapportcijfer_axis(served: str, browser: Browser) -> None:
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(served + "maasgouw/ivp-2023-2026/indicatoren/rapportcijfer-veiligheid-van-de-buurt/")
    chart = "#grafiek-rapportcijfer-veiligheid-van-de-buurt"
    page.wait_for_selector(chart + " svg.main-svg", timeout=30_000)
    layout = page.evaluate(f"() => document.querySelector('{chart}').layout")
    assert layout["transition"]["duration"] == 0
    assert layout["separators"] == ",."
    ticks = page.locator(chart + " .ytick text").all_text_contents()
    assert "10" in ticks and "1" in ticks
    hover = page.evaluate(f"() => document.querySelector('{chart}').data[0].y")
    assert hover == [7.9]
    context.close()


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
    page.add_script_tag(content=charts.assets()[charts.PLOTLY_ASSET].decode("utf-8"))
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
