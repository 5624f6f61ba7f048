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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
CHART_PAGE = "maasgouw/ivp-2023-2026/indicatoren/totaal-veelvoorkomende-vermogenscriminaliteit/"
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
            sizes.append((phase[0], length))

        page.on("response", record)
        page.goto(origin + "zoeken/", wait_until="networkidle")
        phase[0] = "query"
        page.fill("#zoekveld", QUERY)
        page.keyboard.press("Enter")
        page.wait_for_selector("#zoekresultaten li", timeout=30_000)
        page.wait_for_load_state("networkidle")
        results = page.locator("#zoekresultaten li").count()
        browser.close()
    return {"page": sum(n for p, n in sizes if p == "page"),
            "query": sum(n for p, n in sizes if p == "query"),
            "requests": sum(1 for p, _ in sizes if p == "query"), "results": results}


def chart_cost(origin: str) -> dict[str, float]:
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
        page.goto(origin + CHART_PAGE, wait_until="networkidle")
        before = page.evaluate("window.__long")
        fetched_before_scroll = plotly_loads()
        page.locator(".chart").first.scroll_into_view_if_needed()
        page.wait_for_selector(".chart[data-drawn='ja']", timeout=60_000)
        drawn = page.evaluate("window.__long") - before
        fetched_first = plotly_loads()
        page.goto(origin + CHART_PAGE.replace("totaal-veelvoorkomende-vermogenscriminaliteit",
                                              "totaal-incidenten-sociale-overlast"), wait_until="networkidle")
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ivpsite-web-") as temp:
        site = args.site
        if site is None:
            site = Path(temp) / "site"
            subprocess.run([sys.executable, "-m", "ivpsite", "build", "--content", str(ROOT / "content"),
                            "--out", str(site)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        with serve(site) as origin:
            search = search_bytes(origin)
            cost = chart_cost(origin)
            runs = {name: [lighthouse(origin + path, Path(temp) / f"{name}-{i}.json") for i in range(args.repeats)]
                    for name, path in (("chart page", CHART_PAGE), ("text page", TEXT_PAGE))}
    print(report(search, cost, runs, args.repeats))
    return 0


def report(search: dict[str, int], cost: dict[str, float], runs: dict[str, list[dict]], repeats: int) -> str:
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    lines = [f"## In the browser (real content, `python benchmarks/web.py --repeats {repeats}`)", "",
             f"- search page `zoeken/` on first visit: {kb(search['page'])} (gzip, everything it loads)",
             f"- first query '{QUERY}': {kb(search['query'])} in {search['requests']} requests "
             f"(Pagefind script, WebAssembly, index chunks, result fragments), {search['results']} results shown",
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
    chart = statistics.median(v["performance"] for v in runs["chart page"])
    first_query = search["page"] + search["query"]  # a visitor who lands on zoeken/ and searches
    lines += ["", "| target | measured | status |", "| --- | --- | --- |",
              f"| first search query fetches < 200 KB gzip (search page included) | {kb(first_query)} | "
              f"{'met' if first_query < 200 * 1024 else 'NOT MET'} |",
              f"| chart page ≥ 90 in Lighthouse's mobile performance audit | {chart:.0f} | "
              f"{'met' if chart >= 90 else 'NOT MET'} |"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
