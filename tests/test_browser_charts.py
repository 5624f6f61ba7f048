"""Charts in a real browser: Debian's chromium draws a Maasgouw indicator chart from the
figure data in the page, with the theme's own plotly.js bundle and nothing from another host,
without any <style> element (the site's CSP refuses them), and answers hover."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser
from test_chart_bundle import bundle_name

INDICATOR = "maasgouw/ivp-2023-2026/indicatoren/totaal-veelvoorkomende-vermogenscriminaliteit/"


def test_indicator_chart_is_drawn_with_the_baseline(served: str, browser: Browser) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    scripts: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
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
    # The two files tests/test_chart_bundle.py weighs are all the JavaScript the page fetches.
    assert sorted(url.rsplit("/", 1)[1] for url in scripts) == sorted(["charts.js", bundle_name()])
    # plotly.js found charts.css linked under its id and inserted no <style> of its own.
    assert page.locator("style").count() == 0
    assert page.locator("link#plotly\\.js-style-global.no-inline-styles").count() == 1
    assert errors == []
    page.close()


def test_hovering_a_point_shows_its_value_and_the_chart_takes_no_keyboard_focus(
        served: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.goto(served + INDICATOR)
    chart = "#grafiek-totaal-veelvoorkomende-vermogenscriminaliteit"
    page.locator(chart).scroll_into_view_if_needed()
    page.wait_for_selector(chart + "[data-drawn='ja']", timeout=30_000)
    point = page.locator(chart + " .scatterlayer .trace").first.locator(".points path").first
    box = point.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = page.locator(chart + " .hoverlayer .hovertext")
    label.first.wait_for(timeout=10_000)
    assert label.first.text_content() == "2021: 129"
    # Nothing inside the chart is a Tab stop: a keyboard user moves on to the data table,
    # which holds the same numbers.
    assert page.locator(chart + " [tabindex], " + chart + " a[href], " + chart + " button").count() == 0
    assert page.locator("table.data td", has_text="129").count() == 1
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
