"""benchmarks/web.py runs on the golden synthetic site (it has charts; the real content has
none) and its report holds every figure and every target row with a verdict. Lighthouse itself
is left out (an npm download the benchmark installs on first use); its rows are checked with
stand-in scores. No figure's value is asserted."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def _web():
    spec = importlib.util.spec_from_file_location("bench_web", ROOT / "benchmarks" / "web.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TARGETS = ("search page, first visit plus first query 'woninginbraak' ≤ 100 KB gzip",
           "long tasks from scrolling the chart into view until drawn and interactive ≤ 1,000 ms",
           "JavaScript a chart page fetches ≤ 400 KB gzip",
           "a page with a chart, before any script: the figure's numbers (table or big number) visible",
           "chart page as it loads (chart below the fold, not drawn) ≥ 90 in Lighthouse",
           "chart page opened at its chart (drawn during the audit) ≥ 90 in Lighthouse")


def _target_rows(report: str) -> list[str]:
    table = report.split("| target | measured | status |", 1)[1]
    return [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]


@pytest.mark.browser
def test_web_report_has_every_figure_and_target(golden_build: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "web.py"), "--site", str(golden_build),
                           "--repeats", "1", "--skip-lighthouse", "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    figures, report = result["figures"], result["report"]
    assert figures["chart_pages"][0].endswith("/indicatoren/inbraken/")  # an indicator page comes first
    search, cost = figures["search"], figures["chart_cost"]
    assert search["results"] > 0 and search["query"] > 0 and search["requests"] > 0
    assert search["startup"] > 0 and search["page"] > 0  # Pagefind's start-up is counted apart from the query
    assert search["filters"] == 0 and search["filter_panel"] > 0  # value lists only once a panel opens
    assert search["total"] == sum(search[p] for p in ("page", "startup", "filters", "query"))
    assert cost["plotly_fetched_before_scroll"] == 0  # a phone-sized window: the chart is below the fold
    assert cost["plotly_fetched_first"] == 1  # fetched once the chart came into view ...
    assert cost["plotly_fetched_again"] == 0  # ... and taken from the browser cache on the next page
    assert cost["interactive"] == 1 and cost["js_bytes"] > 0  # hovering showed a label; scripts counted
    before = figures["before_script"]
    assert before["drawn"] == 0 and before["values"] > 0  # JavaScript was off; the figure has values
    for figure in ("for Pagefind's start-up", "of long tasks from scrolling it into view",
                   "of JavaScript (gzip)", "with JavaScript off: table or big number visible"):
        assert figure in report, figure
    rows = _target_rows(report)
    assert len(rows) == len(TARGETS) == len(result["targets"])
    for target, row in zip(TARGETS, rows, strict=True):
        assert target in row
    assert all(row.endswith(("| met |", "| not met |")) for row in rows[:4]), rows
    assert all(row.endswith("| not measured (left out with --skip-lighthouse) |") for row in rows[4:]), rows


def test_web_targets_judge_lighthouse_and_name_what_is_missing() -> None:
    web = _web()
    lighthouse = {"chart page": [{"performance": 95, "accessibility": 100, "tbt": 10, "lcp": 900, "bytes": 7000, "plotly": 0}],
                  "chart page, chart drawn": [{"performance": 89, "accessibility": 100, "tbt": 90, "lcp": 900,
                                               "bytes": 400_000, "plotly": 1}]}
    figures = {"chart_pages": ["a/b/indicatoren/c/", "a/b/indicatoren/d/"], "text_page": "a/b/", "lighthouse": lighthouse,
               "search": {"page": 1, "startup": 2, "filters": 0, "query": 3, "total": 160 * 1024, "requests": 1,
                          "results": 1, "filter_panel": 1}}
    rows = web.targets(figures, search_target_kb=150)
    text = web.report(figures, rows, 1, "a site")
    assert "| search page, first visit plus first query 'woninginbraak' ≤ 150 KB gzip | 160.0 KB | not met |" in text
    assert "| chart page as it loads (chart below the fold, not drawn) ≥ 90 in Lighthouse's mobile performance audit | 95 | met |" in text
    assert "| chart page opened at its chart (drawn during the audit) ≥ 90 in Lighthouse's mobile performance audit | 89 | not met |" in text
    assert "| chart page, chart drawn | 89 |" in text
    # a site without charts still gets every row, each saying why it was not measured
    rows = _target_rows(web.report({"chart_pages": [], "search": figures["search"]},
                                   web.targets({"chart_pages": [], "search": figures["search"]}), 1, "no charts"))
    assert len(rows) == len(TARGETS)
    assert sum("not measured (no page with a chart on this site)" in row for row in rows) == 5
