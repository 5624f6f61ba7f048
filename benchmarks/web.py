"""What a visitor's browser pays, measured on a built site (issues 8 and 16):

- the bytes a first visit of the search page plus its first query fetch (gzip, as a static
  host sends them), in chromium, and what opening a filter panel adds;
- what a chart costs a budget phone: in chromium at 412 px wide with the CPU slowed 4x (CDP
  Emulation.setCPUThrottlingRate), the long tasks from scrolling the chart into view until it
  is drawn and the main thread is quiet, and the JavaScript the chart page fetches (gzip);
  median of repeated runs;
- whether a chart page shows the figure's numbers before any script (JavaScript off: the
  table or big number visible, holding every value of the chart's first trace);
- Lighthouse's mobile scores of a chart page as it loads (the chart below the fold, not drawn),
  of the same page opened at the chart (#its-id: the browser scrolls it into view, so plotly.js
  loads and draws during the audit) and of a text page (npm `lighthouse`, pinned by
  benchmarks/package-lock.json, against Debian's chromium), median of repeated runs.

The site is served from 127.0.0.1 by a small server that gzips text responses and lets the
browser cache assets, as a static host (GitHub or GitLab Pages, nginx) does. The chart pages
are the first two pages of the site with a chart (a site without any, such as this
repository's, gets the search and text-page figures only).

    python benchmarks/web.py [--repeats 5] [--site DIR] [--search-target-kb 150]

Needs chromium and npm (scripts/test installs both); installs lighthouse into
benchmarks/node_modules with `npm ci` on first use. Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import itertools
import json
import os
import re
import shutil
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
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERY = "woninginbraak"
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".wasm"}
PLOTLY = "/assets/plotly"  # the vendored plotly.js bundle (assets/plotly/; before issue 16 assets/plotly.min.js)
QUIET_MS = 1000  # a chart counts as interactive once no long task has run for this long
# issue 16's targets; the search target is 150 KB on the national site (run.py passes it)
TARGET_CHART_TASKS_MS = 1000
TARGET_CHART_JS_KB = 400
TARGET_SEARCH_KB = 100
TARGET_LIGHTHOUSE = 90  # issue 8's target for the chart page, kept for the page drawn (issue 16)
_CHART = '<div class="chart" id="'


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


def chart_cost(origin: str, chart_page: str, next_chart_page: str) -> dict[str, float]:
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


def pages_of(site: Path) -> tuple[list[str], str | None]:
    """The first two pages with a chart (site-relative folders; indicator pages first, the
    chart page of issue 16) and a text page: the first plan page (organisation/plan/), or
    any page, without a chart."""
    charts: list[str] = []
    indicators = sorted(site.glob("*/*/indicatoren/*/index.html"))
    seen = set(indicators)
    others = (p for p in sorted(site.rglob("index.html")) if p not in seen)  # read only if needed
    for page in itertools.chain(indicators, others):
        if _CHART not in page.read_text(encoding="utf-8"):
            continue
        charts.append(page.parent.relative_to(site).as_posix() + "/")
        if len(charts) == 2:
            break
    texts = (p for p in sorted(site.glob("*/*/index.html")) + sorted(site.glob("*/index.html"))
             if _CHART not in p.read_text(encoding="utf-8"))
    text = next(texts, None)
    return charts, text and text.parent.relative_to(site).as_posix() + "/"


_NUMBER = re.compile(r"-?\d[\d.]*(?:,\d+)?")


def _numbers(text: str) -> list[tuple[float, int]]:
    """Dutch numbers in `text` ('1.234,5' -> 1234.5) with their count of decimals."""
    found = []
    for match in _NUMBER.findall(text.replace("\u00a0", " ").replace("\u2212", "-")):
        whole, _, decimals = match.partition(",")
        found.append((float(whole.replace(".", "") + ("." + decimals if decimals else "")), len(decimals)))
    return found


def first_trace_values(site: Path, page: str) -> list[float]:
    """The y values of the first trace of the first chart on `page` (its figure JSON)."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    data_id = re.search(_CHART + r'[^"]+"[^>]*data-figure="([^"]+)"', html)
    script = data_id and re.search(rf'<script type="application/json" id="{re.escape(data_id.group(1))}">(.*?)</script>',
                                   html, re.DOTALL)
    if not script:
        raise SystemExit(f"no figure data on {page}")
    trace = json.loads(script.group(1))["data"][0]
    return [float(y) for y in trace.get("y", []) if y is not None]


def numbers_before_script(origin: str, site: Path, chart_page: str) -> dict[str, int]:
    """With JavaScript off, at 412 px wide: is the figure's table or big number visible, and
    does the visible text of those hold every value of the chart's first trace?"""
    from playwright.sync_api import sync_playwright

    values = first_trace_values(site, chart_page)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS[1:])
        context = browser.new_context(java_script_enabled=False, viewport={"width": 412, "height": 823})
        page = context.new_page()
        page.goto(origin + chart_page, wait_until="load")
        shown = [element.inner_text() for element in page.locator("table.data, .big-number").all()
                 if element.is_visible()]
        drawn = page.locator(".chart[data-drawn='ja']").count()
        browser.close()
    numbers = [n for text in shown for n in _numbers(text)]
    found = sum(1 for y in values if any(abs(y - n) <= 0.5 * 10 ** -k + 1e-9 for n, k in numbers))
    return {"visible": int(bool(shown)), "values": len(values), "values_shown": found, "drawn": drawn}


def lighthouse_runs(origin: str, pages: list[tuple[str, str]], repeats: int, temp: Path) -> dict[str, list[dict]]:
    return {name: [lighthouse(origin + path, temp / f"{i}-{n}.json") for i in range(repeats)]
            for n, (name, path) in enumerate(pages)}


def measure(site: Path, repeats: int, lighthouse_too: bool = True) -> dict:
    """Every figure of this script on the built `site`."""
    charts, text_page = pages_of(site)
    figures: dict = {"chart_pages": charts, "text_page": text_page}
    with serve(site) as origin, tempfile.TemporaryDirectory(prefix="ivpsite-web-") as temp:
        figures["search"] = search_bytes(origin)
        if len(charts) == 2:
            figures["chart_cost"] = chart_costs(origin, charts[0], charts[1], repeats)
        if charts:
            figures["before_script"] = numbers_before_script(origin, site, charts[0])
        if lighthouse_too:
            pages = []
            if charts:
                pages += [("chart page", charts[0]), ("chart page, chart drawn", f"{charts[0]}#{chart_id(site, charts[0])}")]
            if text_page:
                pages.append(("text page", text_page))
            figures["lighthouse"] = lighthouse_runs(origin, pages, repeats, Path(temp))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--site", type=Path, help="a built site (default: build content/ into a temp folder)")
    parser.add_argument("--search-target-kb", type=float, default=TARGET_SEARCH_KB,
                        help="the target for a first search visit plus its first query (150 on the national site)")
    parser.add_argument("--label", help="what the site is, for the report's heading")
    parser.add_argument("--skip-lighthouse", action="store_true", help="leave out Lighthouse (an npm download)")
    parser.add_argument("--json", action="store_true", help="print the figures, target rows and report as JSON (for run.py)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ivpsite-web-site-") as temp:
        site = args.site
        if site is None:
            site = Path(temp) / "site"
            subprocess.run([sys.executable, "-m", "ivpsite", "build", "--content", str(ROOT / "content"),
                            "--out", str(site)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        figures = measure(site, args.repeats, not args.skip_lighthouse)
    label = args.label or ("this repository's content" if args.site is None else f"the site in {args.site.name}/")
    rows = targets(figures, args.search_target_kb, "left out with --skip-lighthouse" if args.skip_lighthouse else "")
    text = report(figures, rows, args.repeats, label)
    if args.json:
        print(json.dumps({"figures": figures, "targets": rows, "report": text}))
    else:
        print(text)
    return 0


def _median_of(values: list[dict], key: str) -> float:
    return statistics.median(v[key] for v in values)


def _kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def targets(figures: dict, search_target_kb: float = TARGET_SEARCH_KB, lighthouse_note: str = "") -> list[list]:
    """Issue 16's browser targets as rows [target, measured, met (true/false) or null, why not
    measured]: every row is there whatever was measured."""
    rows: list[list] = []
    search, cost, before = figures.get("search"), figures.get("chart_cost"), figures.get("before_script")
    no_chart = "no page with a chart on this site" if not figures.get("chart_pages") else \
        "only one page with a chart on this site (the cache check needs two)"
    rows.append([f"search page, first visit plus first query '{QUERY}' ≤ {search_target_kb:.0f} KB gzip",
                 _kb(search["total"]) if search else "", search["total"] <= search_target_kb * 1024 if search else None,
                 "" if search else "search not measured"])
    if cost:
        rows.append([f"chart page, CPU slowed 4×, 412 px wide: long tasks from scrolling the chart into view until "
                     f"drawn and interactive ≤ {TARGET_CHART_TASKS_MS:,} ms",
                     f"{cost['long_tasks_to_interactive']:.0f} ms (hover label: {'yes' if cost['interactive'] else 'no'})",
                     cost["long_tasks_to_interactive"] <= TARGET_CHART_TASKS_MS and bool(cost["interactive"]), ""])
        rows.append([f"JavaScript a chart page fetches ≤ {TARGET_CHART_JS_KB} KB gzip", _kb(cost["js_bytes"]),
                     cost["js_bytes"] <= TARGET_CHART_JS_KB * 1024, ""])
    else:
        rows.append([f"chart page, CPU slowed 4×, 412 px wide: long tasks from scrolling the chart into view until "
                     f"drawn and interactive ≤ {TARGET_CHART_TASKS_MS:,} ms", "", None, no_chart])
        rows.append([f"JavaScript a chart page fetches ≤ {TARGET_CHART_JS_KB} KB gzip", "", None, no_chart])
    label = "a page with a chart, before any script: the figure's numbers (table or big number) visible"
    if before:
        ok = bool(before["visible"]) and before["values_shown"] == before["values"] > 0
        rows.append([label, f"{'yes' if before['visible'] else 'no'}, {before['values_shown']} of the "
                     f"{before['values']} values of the chart's first trace shown", ok, ""])
    else:
        rows.append([label, "", None, no_chart])
    runs = figures.get("lighthouse") or {}
    for name, what in (("chart page", "chart page as it loads (chart below the fold, not drawn)"),
                       ("chart page, chart drawn", "chart page opened at its chart (drawn during the audit)")):
        line = f"{what} ≥ {TARGET_LIGHTHOUSE} in Lighthouse's mobile performance audit"
        if name in runs:
            score = _median_of(runs[name], "performance")
            rows.append([line, f"{score:.0f}", score >= TARGET_LIGHTHOUSE, ""])
        else:
            rows.append([line, "", None, lighthouse_note or no_chart])
    return rows


def verdict(ok: bool | None, why: str = "") -> str:
    return f"not measured ({why})" if ok is None else ("met" if ok else "not met")


def report(figures: dict, rows: list[list], repeats: int, what: str) -> str:
    search, cost, before = figures.get("search"), figures.get("chart_cost"), figures.get("before_script")
    lines = [f"## In the browser: {what}", ""]
    if search:
        lines.append(
            f"- search page `zoeken/`, first visit and first query '{QUERY}' (gzip, everything fetched): "
            f"{_kb(search['page'])} for the page (HTML, CSS, scripts), {_kb(search['startup'])} for Pagefind's "
            f"start-up (script, WebAssembly, index metadata), {_kb(search['filters'])} for filter value lists "
            f"and {_kb(search['query'])} for the query in {search['requests']} requests (index chunks and the "
            f"fragments of the {search['results']} results shown): {_kb(search['total'])} in all; opening the "
            f"first filter panel then fetches {_kb(search['filter_panel'])} (the value lists)")
    if cost:
        runs_ms = ", ".join(f"{t:.0f}" for t in cost.get("runs", [cost["long_tasks_to_interactive"]]))
        lines.append(
            f"- chart page `{figures['chart_pages'][0]}` on a 4x slowed CPU, 412 px wide (median of {repeats}): "
            f"{cost['long_tasks_before_scroll']:.0f} ms of long tasks before the chart is scrolled into view "
            f"(plotly.js fetched {cost['plotly_fetched_before_scroll']:.0f} time(s) by then), then "
            f"{cost['long_tasks_to_interactive']:.0f} ms of long tasks from scrolling it into view until it is "
            f"drawn and the main thread has been quiet for {QUIET_MS} ms (runs: {runs_ms} ms; drawn "
            f"{cost['scroll_to_drawn_ms']:.0f} ms after the scroll; hovering a point then shows its label: "
            f"{'yes' if cost['interactive'] else 'no'}); the page fetched {_kb(cost['js_bytes'])} of JavaScript "
            f"(gzip); the next chart page fetched plotly.js {cost['plotly_fetched_again']:.0f} time(s) from the "
            f"server (0: it came from the browser cache)")
    else:
        lines.append("- chart cost: not measured (the site has fewer than two pages with a chart)")
    if before:
        lines.append(f"- the same chart page with JavaScript off: table or big number visible: "
                     f"{'yes' if before['visible'] else 'no'}; {before['values_shown']} of the {before['values']} values "
                     f"of the chart's first trace in its visible text")
    runs = figures.get("lighthouse") or {}
    if runs:
        lines += ["", f"| page (Lighthouse, mobile, median of {repeats}) | performance | accessibility | total blocking time "
                  "| LCP | bytes | plotly.js loaded |", "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
        for name, values in runs.items():
            med = {key: statistics.median(v.get(key, 0) for v in values) for key in values[0]}
            lines.append(f"| {name} | {med['performance']:.0f} | {med['accessibility']:.0f} | {med['tbt']:.0f} ms "
                         f"| {med['lcp'] / 1000:.1f} s | {_kb(med['bytes'])} | {'yes' if med.get('plotly') else 'no'} |")
    lines += ["", "| target | measured | status |", "| --- | --- | --- |"]
    lines += [f"| {target} | {measured or '–'} | {verdict(ok, why)} |" for target, measured, ok, why in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
