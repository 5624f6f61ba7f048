"""What a visitor's browser pays, measured on the real site (issue 8, part 3):

- the bytes the first search query fetches (gzip, as a static host sends them), in chromium;
- Lighthouse's mobile performance score of a chart page and of a text page (npm `lighthouse`,
  pinned by benchmarks/package-lock.json, against Debian's chromium), median of repeated runs.

The site is served from 127.0.0.1 by a small server that gzips text responses and lets the
browser cache assets, as a static host (GitHub or GitLab Pages, nginx) does.

    python benchmarks/web.py [--repeats 3] [--site DIR]

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


def search_bytes(origin: str) -> dict[str, int]:
    """Bytes on the wire (gzip) for opening zoeken/ and for the first query typed there."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS[1:])
        page = browser.new_page()
        sizes: list[tuple[str, int]] = []
        phase = ["page"]

        def record(response) -> None:  # noqa: ANN001
            body = len(response.body()) if response.status == 200 else 0
            length = int(response.headers.get("content-length", body))
            path = urlsplit(response.url).path
            part = phase[0]
            if part == "page" and "/pagefind/" in path:
                part = "filters" if "/filter/" in path else "startup"
            sizes.append((part, length))

        page.on("response", record)
        page.goto(origin + "zoeken/", wait_until="networkidle")
        phase[0] = "query"
        page.fill("#zoekveld", QUERY)
        page.keyboard.press("Enter")
        page.wait_for_selector("#zoekresultaten li", timeout=30_000)
        page.wait_for_load_state("networkidle")
        results = page.locator("#zoekresultaten li").count()
        browser.close()
    # page: the search page itself; startup: Pagefind's script, WebAssembly and index metadata,
    # loaded once when the page opens; filters: the value lists of the filter panel; query:
    # what typing the first word fetches (index chunks and the fragments of the results shown)
    totals = {part: sum(n for p, n in sizes if p == part) for part in ("page", "startup", "filters", "query")}
    return {**totals, "requests": sum(1 for p, _ in sizes if p == "query"), "results": results}


def chart_cost(origin: str, chart_page: str = CHART_PAGE, next_chart_page: str = NEXT_CHART_PAGE) -> dict[str, float]:
    """What the reader pays once a chart is scrolled into view, on a phone-like CPU (4x
    slower, as Lighthouse's mobile audit): long tasks on the main thread until the chart is
    drawn; then a second chart page, to see plotly.js come from the browser cache."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS[1:])
        page = browser.new_page(viewport={"width": 412, "height": 823})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        plotly_loads = lambda: sum(n for path, n in _Handler.served.items() if path.endswith("plotly.min.js"))  # noqa: E731
        page.add_init_script("window.__long = 0; new PerformanceObserver(l => l.getEntries()"
                             ".forEach(e => window.__long += e.duration)).observe({type: 'longtask', buffered: true});")
        page.goto(origin + chart_page, wait_until="networkidle")
        before = page.evaluate("window.__long")
        fetched_before_scroll = plotly_loads()
        page.locator(".chart").first.scroll_into_view_if_needed()
        page.wait_for_selector(".chart[data-drawn='ja']", timeout=60_000)
        drawn = page.evaluate("window.__long") - before
        fetched_first = plotly_loads()
        page.goto(origin + next_chart_page, wait_until="networkidle")
        page.locator(".chart").first.scroll_into_view_if_needed()
        page.wait_for_selector(".chart[data-drawn='ja']", timeout=60_000)
        browser.close()
    return {"long_tasks_before_scroll": before, "plotly_fetched_before_scroll": fetched_before_scroll, "long_tasks_to_draw": drawn,
            "plotly_fetched_first": fetched_first, "plotly_fetched_again": plotly_loads() - fetched_first}


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
    return {"performance": round(report["categories"]["performance"]["score"] * 100),
            "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
            "tbt": audits["total-blocking-time"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "bytes": audits["total-byte-weight"]["numericValue"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--site", type=Path, help="a built site (default: build content/ into a temp folder)")
    parser.add_argument("--chart-page", default=CHART_PAGE, help="an indicator page, relative to the site")
    parser.add_argument("--next-chart-page", default=NEXT_CHART_PAGE, help="a second indicator page")
    parser.add_argument("--text-page", default=TEXT_PAGE, help="a page without charts")
    parser.add_argument("--json", action="store_true", help="print the figures and the report as JSON (for run.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ivpsite-web-") as temp:
        site = args.site
        if site is None:
            site = Path(temp) / "site"
            subprocess.run([sys.executable, "-m", "ivpsite", "build", "--content", str(ROOT / "content"),
                            "--out", str(site)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        with serve(site) as origin:
            search = search_bytes(origin)
            cost = chart_cost(origin, args.chart_page, args.next_chart_page)
            runs = {name: [lighthouse(origin + path, Path(temp) / f"{name}-{i}.json") for i in range(args.repeats)]
                    for name, path in (("chart page", args.chart_page), ("text page", args.text_page))}
    text = report(search, cost, runs, args.repeats, "real content" if args.site is None else f"the site in {args.site.name}/")
    if args.json:
        print(json.dumps({"search": search, "chart_score": _median_of(runs["chart page"], "performance"),
                          "report": text}))
    else:
        print(text)
    return 0


def _median_of(values: list[dict], key: str) -> float:
    return statistics.median(v[key] for v in values)


def report(search: dict[str, int], cost: dict[str, float], runs: dict[str, list[dict]], repeats: int,
           what: str = "real content") -> str:
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    lines = [f"## In the browser ({what}, `python benchmarks/web.py --repeats {repeats}`)", "",
             f"- search page `zoeken/` on first visit: {kb(search['page'])} for the page, {kb(search['startup'])} "
             f"for Pagefind's start-up (script, WebAssembly, index metadata) and {kb(search['filters'])} for the "
             f"filter panel's value lists (gzip); {kb(search['page'] + search['startup'] + search['filters'])} in all",
             f"- first query '{QUERY}': {kb(search['query'])} in {search['requests']} requests "
             f"(index chunks and the fragments of the {search['results']} results shown); with the whole first "
             f"visit of the search page: {kb(sum(search[p] for p in ('page', 'startup', 'filters', 'query')))}",
             f"- chart page on a 4x slowed CPU, 412 px wide: {cost['long_tasks_before_scroll']:.0f} ms of long tasks "
             f"before the chart is scrolled into view (plotly.js fetched {cost['plotly_fetched_before_scroll']} time(s) by then), then {cost['long_tasks_to_draw']:.0f} ms "
             f"of long tasks to fetch plotly.js and draw the chart; the next chart page fetched plotly.js "
             f"{cost['plotly_fetched_again']} time(s) from the server (0: it came from the browser cache)",
             "", "| page (Lighthouse, mobile) | performance | accessibility | total blocking time | LCP | bytes |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, values in runs.items():
        med = {key: statistics.median(v[key] for v in values) for key in values[0]}
        lines.append(f"| {name} | {med['performance']:.0f} | {med['accessibility']:.0f} | {med['tbt']:.0f} ms "
                     f"| {med['lcp'] / 1000:.1f} s | {kb(med['bytes'])} |")
    chart = _median_of(runs["chart page"], "performance")
    lines += ["", "| target | measured | status |", "| --- | --- | --- |",
              f"| first search query fetches < 200 KB gzip | {kb(search['query'])} (and before it, once, "
              f"Pagefind's start-up: {kb(search['startup'])}) | {'met' if search['query'] < 200 * 1024 else 'NOT MET'} |",
              f"| chart page ≥ 90 in Lighthouse's mobile performance audit | {chart:.0f} | "
              f"{'met' if chart >= 90 else 'NOT MET'} |"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
