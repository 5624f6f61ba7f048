"""What a visitor's browser pays, measured on the real site (issues 8 and 16):

- the bytes a first visit of the search page plus its first query fetch (gzip, as a static
  host sends them), in chromium, and what opening a filter panel adds;
- what a chart costs a budget phone: in chromium at 412 px wide with the CPU slowed 4x (CDP
  Emulation.setCPUThrottlingRate), the long tasks from scrolling the chart into view until it
  is drawn and the main thread is quiet, and the JavaScript the chart page fetches (gzip);
  median of repeated runs;
- Lighthouse's mobile scores of a chart page as it loads (the chart below the fold, not drawn),
  of the same page opened at the chart (#its-id: the browser scrolls it into view, so plotly.js
  loads and draws during the audit) and of a text page (npm `lighthouse`, pinned by
  benchmarks/package-lock.json, against Debian's chromium), median of repeated runs.

The site is served from 127.0.0.1 by a small server that gzips text responses and lets the
browser cache assets, as a static host (GitHub or GitLab Pages, nginx) does.

    python benchmarks/web.py [--repeats 5] [--site DIR]

Needs Debian's chromium and npm (scripts/test installs both); installs lighthouse into
benchmarks/node_modules with `npm ci` on first use. Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
CHART_PAGE = "maasgouw/ivp-2023-2026/indicatoren/totaal-veelvoorkomende-vermogenscriminaliteit/"
NEXT_CHART_PAGE = "maasgouw/ivp-2023-2026/indicatoren/totaal-incidenten-sociale-overlast/"
TEXT_PAGE = "maasgouw/ivp-2023-2026/"
QUERY = "woninginbraak"
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".wasm"}
PLOTLY = "/assets/plotly"  # the vendored plotly.js bundle (assets/plotly/; before issue 16 assets/plotly.min.js)
QUIET_MS = 1000  # a chart counts as interactive once no long task has run for this long
# issue 16's targets; the search target is 150 KB on the national site (run.py passes it)
TARGET_CHART_TASKS_MS = 1000
TARGET_CHART_JS_KB = 400
TARGET_SEARCH_KB = 100


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it; assets cacheable for a day."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    served: dict[str, int] = {}  # request path -> times served, to see what the browser cached

    def send_head(self):  # noqa: ANN201 - as in http.server
        _Handler.served[self.path] = _Handler.served.get(self.path, 0) + 1
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        if "/assets/" in self.path or "/pagefind/" in self.path:
            self.send_header("Cache-Control", "public, max-age=86400")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _search_part(path: str) -> str:
    """Which part of the search a response belongs to, by its path."""
    if "/pagefind/filter/" in path:
        return "filters"
    if "/pagefind/index/" in path or "/pagefind/fragment/" in path:
        return "query"
    return "startup" if "/pagefind/" in path else "page"


def search_bytes(origin: str) -> dict[str, int]:
    """Bytes on the wire (gzip) for a first visit of zoeken/ plus its first query, by part;
    then what opening the first filter panel fetches on top."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS[1:])
        page = browser.new_page()
        sizes: list[tuple[str, str, int]] = []  # (phase, part, bytes)
        phase = ["visit"]

        def record(response) -> None:  # noqa: ANN001
            body = len(response.body()) if response.status == 200 else 0
            length = int(response.headers.get("content-length", body))
            sizes.append((phase[0], _search_part(urlsplit(response.url).path), length))

        page.on("response", record)
        page.goto(origin + "zoeken/", wait_until="networkidle")
        page.fill("#zoekveld", QUERY)
        page.keyboard.press("Enter")
        page.wait_for_selector("#zoekresultaten li", timeout=30_000)
        page.wait_for_load_state("networkidle")
        results = page.locator("#zoekresultaten li").count()
        phase[0] = "panel"
        page.locator("#zoekfilters summary").first.click()
        page.wait_for_selector("#zoekfilters input[type=checkbox]", state="attached", timeout=30_000)
        page.wait_for_load_state("networkidle")
        browser.close()
    # page: the search page, its stylesheet and scripts; startup: Pagefind's script,
    # WebAssembly and index metadata; filters: the filter panels' value lists (fetched before
    # any panel was opened); query: what the first query fetches (index chunks and the
    # fragments of the results shown); filter_panel: what opening the first panel adds
    visit = [(part, n) for p, part, n in sizes if p == "visit"]
    totals = {part: sum(n for p, n in visit if p == part) for part in ("page", "startup", "filters", "query")}
    return {**totals, "total": sum(totals.values()), "requests": sum(1 for p, _ in visit if p == "query"),
            "results": results, "filter_panel": sum(n for p, _, n in sizes if p == "panel")}


_LONG_TASKS = ("window.__tasks = []; new PerformanceObserver(l => l.getEntries().forEach(e => "
               "window.__tasks.push([e.startTime, e.duration]))).observe({type: 'longtask', buffered: true});")


def _wait_until_quiet(page, since: float, quiet_ms: float = QUIET_MS, limit_ms: float = 60_000) -> float:  # noqa: ANN001
    """Wait until no long task has run for `quiet_ms`, counting from `since` (page time, ms);
    returns the page time at which the quiet stretch began."""
    while True:
        now, tasks = page.evaluate("[performance.now(), window.__tasks]")
        last = max([since] + [start + duration for start, duration in tasks])
        if now - last >= quiet_ms or now - since > limit_ms:
            return last
        page.wait_for_timeout(100)


def chart_cost(origin: str, chart_page: str = CHART_PAGE, next_chart_page: str = NEXT_CHART_PAGE) -> dict[str, float]:
    """What the reader of a chart page pays on a phone-like CPU (4x slower, as Lighthouse's
    mobile audit), at 412 px wide: long tasks before the chart is in view, then the long tasks
    from scrolling it into view until it is drawn and the main thread is quiet, the JavaScript
    the page fetched (gzip) and whether hovering a point then shows its label; then a second
    chart page, to see plotly.js come from the browser cache."""
    from playwright.sync_api import sync_playwright

    earlier = sum(n for path, n in _Handler.served.items() if PLOTLY in path)
    plotly_loads = lambda: sum(n for path, n in _Handler.served.items() if PLOTLY in path) - earlier  # noqa: E731
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS[1:])
        page = browser.new_page(viewport={"width": 412, "height": 823})
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        scripts: list[int] = []
        page.on("response", lambda r: scripts.append(int(r.headers.get("content-length", 0)))
                if r.request.resource_type == "script" else None)
        page.add_init_script(_LONG_TASKS)
        page.goto(origin + chart_page, wait_until="networkidle")
        before = sum(d for _, d in page.evaluate("window.__tasks"))
        fetched_before_scroll = plotly_loads()
        scrolled = page.evaluate("performance.now()")
        chart = page.locator(".chart").first
        chart.scroll_into_view_if_needed()
        page.wait_for_selector(".chart[data-drawn='ja']", timeout=60_000)
        drawn = page.evaluate("performance.now()")
        quiet = _wait_until_quiet(page, drawn)
        tasks = page.evaluate("window.__tasks")
        to_interactive = sum(d for s, d in tasks if s + d > scrolled and s < quiet)
        interactive = _hover_shows_a_label(page)
        fetched_first, js_bytes = plotly_loads(), sum(scripts)
        page.goto(origin + next_chart_page, wait_until="networkidle")
        page.locator(".chart").first.scroll_into_view_if_needed()
        page.wait_for_selector(".chart[data-drawn='ja']", timeout=60_000)
        browser.close()
    return {"long_tasks_before_scroll": before, "plotly_fetched_before_scroll": fetched_before_scroll,
            "long_tasks_to_interactive": to_interactive, "scroll_to_drawn_ms": drawn - scrolled,
            "js_bytes": js_bytes, "interactive": int(interactive),
            "plotly_fetched_first": fetched_first, "plotly_fetched_again": plotly_loads() - fetched_first}


def _hover_shows_a_label(page) -> bool:  # noqa: ANN001
    point = page.locator(".chart .scatterlayer .points path, .chart .barlayer .point path").first
    box = point.bounding_box()
    if box is None:
        return False
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    try:
        page.wait_for_selector(".chart .hoverlayer .hovertext", timeout=10_000)
    except Exception:  # noqa: BLE001 - playwright's timeout: no label appeared
        return False
    return True


def chart_costs(origin: str, chart_page: str, next_chart_page: str, repeats: int) -> dict[str, float]:
    """chart_cost in `repeats` fresh browsers: the median of each figure, and the runs."""
    runs = [chart_cost(origin, chart_page, next_chart_page) for _ in range(repeats)]
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    return {**medians, "runs": [run["long_tasks_to_interactive"] for run in runs]}


def lighthouse(url: str, out: Path) -> dict:
    cli = HERE / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        subprocess.run(["npm", "ci", "--prefix", str(HERE), "--no-audit", "--no-fund", "--loglevel=error"],
                       check=True)
    subprocess.run([str(cli), url, "--only-categories=performance,accessibility", "--form-factor=mobile",
                    f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}", "--output=json", f"--output-path={out}",
                    "--quiet"], check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=600)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    return {"performance": round(report["categories"]["performance"]["score"] * 100),
            "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
            "tbt": audits["total-blocking-time"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "bytes": audits["total-byte-weight"]["numericValue"],
            "plotly": int(any(PLOTLY in item.get("url", "") for item in requests))}


def chart_id(site: Path, page: str) -> str:
    """The id of the first chart on `page` of the built `site` (the address to open it at)."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<div class="chart" id="([^"]+)"', html)
    if match is None:
        raise SystemExit(f"no chart on {page}")
    return match.group(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--site", type=Path, help="a built site (default: build content/ into a temp folder)")
    parser.add_argument("--chart-page", default=CHART_PAGE, help="an indicator page, relative to the site")
    parser.add_argument("--next-chart-page", default=NEXT_CHART_PAGE, help="a second indicator page")
    parser.add_argument("--text-page", default=TEXT_PAGE, help="a page without charts")
    parser.add_argument("--search-target-kb", type=float, default=TARGET_SEARCH_KB,
                        help="the target for a first search visit plus its first query (150 on the national site)")
    parser.add_argument("--json", action="store_true", help="print the figures and the report as JSON (for run.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ivpsite-web-") as temp:
        site = args.site
        if site is None:
            site = Path(temp) / "site"
            subprocess.run([sys.executable, "-m", "ivpsite", "build", "--content", str(ROOT / "content"),
                            "--out", str(site)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        at_chart = f"{args.chart_page}#{chart_id(site, args.chart_page)}"
        with serve(site) as origin:
            search = search_bytes(origin)
            cost = chart_costs(origin, args.chart_page, args.next_chart_page, args.repeats)
            pages = (("chart page", args.chart_page), ("chart page, chart drawn", at_chart), ("text page", args.text_page))
            runs = {name: [lighthouse(origin + path, Path(temp) / f"{i}-{n}.json") for i in range(args.repeats)]
                    for n, (name, path) in enumerate(pages)}
    text = report(search, cost, runs, args.repeats, "real content" if args.site is None else f"the site in {args.site.name}/",
                  args.search_target_kb)
    if args.json:
        print(json.dumps({"search": search, "chart_cost": cost, "chart_score": _median_of(runs["chart page"], "performance"),
                          "chart_drawn_score": _median_of(runs["chart page, chart drawn"], "performance"),
                          "report": text}))
    else:
        print(text)
    return 0


def _median_of(values: list[dict], key: str) -> float:
    return statistics.median(v[key] for v in values)


def report(search: dict[str, int], cost: dict[str, float], runs: dict[str, list[dict]], repeats: int,
           what: str = "real content", search_target_kb: float = TARGET_SEARCH_KB) -> str:
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    verdict = lambda ok: "met" if ok else "NOT MET"  # noqa: E731
    runs_ms = ", ".join(f"{t:.0f}" for t in cost.get("runs", [cost["long_tasks_to_interactive"]]))
    lines = [f"## In the browser ({what}, `python benchmarks/web.py --repeats {repeats}`)", "",
             f"- search page `zoeken/`, first visit and first query '{QUERY}' (gzip, everything fetched): "
             f"{kb(search['page'])} for the page (HTML, CSS, scripts), {kb(search['startup'])} for Pagefind's "
             f"start-up (script, WebAssembly, index metadata), {kb(search['filters'])} for filter value lists "
             f"and {kb(search['query'])} for the query in {search['requests']} requests (index chunks and the "
             f"fragments of the {search['results']} results shown): {kb(search['total'])} in all; opening the "
             f"first filter panel then fetches {kb(search['filter_panel'])} (the value lists)",
             f"- chart page on a 4x slowed CPU, 412 px wide (median of {repeats}): "
             f"{cost['long_tasks_before_scroll']:.0f} ms of long tasks before the chart is scrolled into view "
             f"(plotly.js fetched {cost['plotly_fetched_before_scroll']:.0f} time(s) by then), then "
             f"{cost['long_tasks_to_interactive']:.0f} ms of long tasks from scrolling it into view until it is "
             f"drawn and the main thread has been quiet for {QUIET_MS} ms (runs: {runs_ms} ms; drawn "
             f"{cost['scroll_to_drawn_ms']:.0f} ms after the scroll; hovering a point then shows its label: "
             f"{'yes' if cost['interactive'] else 'NO'}); the page fetched {kb(cost['js_bytes'])} of JavaScript "
             f"(gzip); the next chart page fetched plotly.js {cost['plotly_fetched_again']:.0f} time(s) from the "
             f"server (0: it came from the browser cache)",
             "", "| page (Lighthouse, mobile) | performance | accessibility | total blocking time | LCP | bytes | plotly.js loaded |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for name, values in runs.items():
        med = {key: statistics.median(v.get(key, 0) for v in values) for key in values[0]}
        lines.append(f"| {name} | {med['performance']:.0f} | {med['accessibility']:.0f} | {med['tbt']:.0f} ms "
                     f"| {med['lcp'] / 1000:.1f} s | {kb(med['bytes'])} | {'yes' if med.get('plotly') else 'no'} |")
    chart = _median_of(runs["chart page"], "performance")
    lines += ["", "| target | measured | status |", "| --- | --- | --- |",
              f"| first search query fetches < 200 KB gzip | {kb(search['query'])} (and before it, once, "
              f"Pagefind's start-up: {kb(search['startup'])}) | {verdict(search['query'] < 200 * 1024)} |",
              f"| search page, first visit plus first query ≤ {search_target_kb:.0f} KB gzip | {kb(search['total'])} "
              f"| {verdict(search['total'] <= search_target_kb * 1024)} |",
              f"| chart page, 4x slowed CPU: long tasks from scrolling the chart into view until drawn and "
              f"interactive ≤ {TARGET_CHART_TASKS_MS:,} ms | {cost['long_tasks_to_interactive']:.0f} ms "
              f"| {verdict(cost['long_tasks_to_interactive'] <= TARGET_CHART_TASKS_MS and cost['interactive'])} |",
              f"| JavaScript a chart page fetches ≤ {TARGET_CHART_JS_KB} KB gzip | {kb(cost['js_bytes'])} "
              f"| {verdict(cost['js_bytes'] <= TARGET_CHART_JS_KB * 1024)} |",
              f"| chart page ≥ 90 in Lighthouse's mobile performance audit | {chart:.0f} | {verdict(chart >= 90)} |"]
    if "chart page, chart drawn" in runs:
        drawn = _median_of(runs["chart page, chart drawn"], "performance")
        lines.append(f"| the same with the chart drawn (opened at the chart) ≥ 90 | {drawn:.0f} | {verdict(drawn >= 90)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
