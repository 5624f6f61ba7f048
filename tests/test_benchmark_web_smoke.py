"""benchmarks/web.py's browser measurements run on the real build (Lighthouse itself is left
out: it is an npm download the benchmark installs on first use). No timing is asserted."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import ROOT


def _web():
    spec = importlib.util.spec_from_file_location("bench_web", ROOT / "benchmarks" / "web.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.browser
def test_search_and_chart_measurements_run_and_report(golden_build: Path) -> None:
    web = _web()
    with web.serve(golden_build) as origin:  # the synthetic site has charts; the real one has none
        search = web.search_bytes(origin)
        cost = web.chart_cost(origin, "voorbeeldstad/ivp-2023-2026/indicatoren/inbraken/", "voorbeeldstad/ivp-2023-2026/")
    assert search["results"] > 0 and search["query"] > 0 and search["requests"] > 0
    assert search["startup"] > 0 and search["page"] > 0  # Pagefind's start-up is counted apart from the query
    assert search["filters"] == 0 and search["filter_panel"] > 0  # value lists only once a panel opens
    assert search["total"] == sum(search[p] for p in ("page", "startup", "filters", "query"))
    assert cost["plotly_fetched_before_scroll"] == 0  # a phone-sized window: the chart is below the fold
    assert cost["plotly_fetched_first"] == 1  # fetched once the chart came into view ...
    assert cost["plotly_fetched_again"] == 0  # ... and taken from the browser cache on the next page
    assert cost["interactive"] == 1 and cost["js_bytes"] > 0  # hovering showed a label; scripts counted
    assert web.chart_id(golden_build, "voorbeeldstad/ivp-2023-2026/indicatoren/inbraken/").startswith("grafiek-")
    runs = {"chart page": [{"performance": 95, "accessibility": 100, "tbt": 10, "lcp": 900, "bytes": 7000, "plotly": 0}],
            "chart page, chart drawn": [{"performance": 91, "accessibility": 100, "tbt": 90, "lcp": 900,
                                         "bytes": 400_000, "plotly": 1}],
            "text page": [{"performance": 100, "accessibility": 100, "tbt": 0, "lcp": 800, "bytes": 9000, "plotly": 0}]}
    text = web.report(search, cost, runs, 1)
    assert "| chart page ≥ 90 in Lighthouse's mobile performance audit | 95 | met |" in text
    assert "| the same with the chart drawn (opened at the chart) ≥ 90 | 91 | met |" in text
    assert "| chart page, chart drawn | 91 |" in text
    for target in ("first search query fetches < 200 KB gzip", "search page, first visit plus first query ≤ 100 KB",
                   "long tasks from scrolling the chart into view until drawn and interactive ≤ 1,000 ms",
                   "JavaScript a chart page fetches ≤ 400 KB gzip"):
        assert target in text
