"""Charts in a real browser: Debian's chromium draws an indicator chart of the golden
synthetic site (the real sources give one value per indicator, which is shown as a number)
from the figure data in the page, with the self-hosted plotly.js and nothing from another host."""

from __future__ import annotations

from playwright.sync_api import Browser

INDICATOR = "voorbeeldstad/ivp-2023-2026/indicatoren/inbraken/"
CHART = "#grafiek-inbraken"


def test_indicator_chart_is_drawn_with_every_value_and_the_target(golden_served: str, browser: Browser) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
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
    assert sum("plotly" in url for url in requests) == 1
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
