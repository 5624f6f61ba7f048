"""`ivpsite serve`: the editors' live preview.

The site is built in memory and written into a private folder in a temporary directory,
which is what the preview serves. A watcher (watchfiles) on content/ and themes/ triggers
an update on every save: `incremental.Builder` re-reads only the changed files and, for an
edit to a plan or a section, re-renders only the pages that edit affects; only files whose
bytes changed are written. The Pagefind search index follows a moment later, built in the
background from a snapshot of the pages. Open tabs reload themselves through a
server-sent-events endpoint (`/__reload`) and a small script (`/__reload.js`) that is added
to HTML responses of the preview only, never to the files in build/.

When the content is invalid, every page shows the Dutch problems (file, line, message and
the lines around it) until the files are fixed; then the site comes back by itself.
"""

from __future__ import annotations

import errno
import filecmp
import html
import ipaddress
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import re
import threading
import time
from collections.abc import Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .. import dutch, index as search, messages
from ..problems import Problem, where
from ..publish import swap
from ..processes import own_group
from ..render import theme as themes
from .incremental import Builder, write_files

RELOAD_PATH = "/__reload"
SCRIPT_PATH = "/__reload.js"
MESSAGES_PATH = "/__meldingen"  # the handbook's Meldingen page, served by the preview itself
MAX_CONNECTIONS = 64  # open tabs hold one each (the reload stream); more is someone else

_SCRIPT = b"""\
// ivpsite serve: reload this tab when the preview was rebuilt (preview only).
(function () {
  var me = document.currentScript;
  var seen = me && me.getAttribute("data-generation");
  var source = new EventSource("/__reload");
  source.onmessage = function (event) {
    if (event.data !== seen) { source.close(); window.location.reload(); }
  };
})();
"""


class Preview:
    """The preview's state: the served folder, the last build's problems, a generation
    counter that goes up on every rebuild, and a condition that wakes reload streams."""

    def __init__(self, content: Path, root: Path, search_index: bool = False) -> None:
        self.content = content
        self.root = root
        self.site = root / "site"
        self.site.mkdir(parents=True, exist_ok=True)
        self.builder = Builder(content)
        self.static: set[str] = set()  # theme files copied into the site
        self.problems: list[Problem] = []
        self.internal_error: str | None = None
        self.generation = 0
        self.changed = threading.Condition()
        self.stopping = False
        self.indexer = _Indexer(self) if search_index else None
        self.last_kind = ""  # how the last update went: full, incremental, unchanged, problems

    @property
    def broken(self) -> bool:
        return bool(self.problems) or self.internal_error is not None

    def rebuild(self, changes: Iterable[Path] | None = None) -> tuple[float, int]:
        """Update and write; (seconds taken, number of output files written or removed).
        `changes` are the paths the watcher reported; None rebuilds from a full scan."""
        started = time.perf_counter()
        problems: list[Problem] = []
        internal = None
        touched = 0
        try:
            changed = None if changes is None else [Path(p).resolve() for p in changes]
            folders = theme_folders(self.content)
            theme = changed is not None and any(p.is_relative_to(f) for p in changed for f in folders)
            update = self.builder.update(
                None if changed is None else [p for p in changed if not any(p.is_relative_to(f) for f in folders)],
                force_full=theme)
            problems = update.problems
            self.last_kind = update.kind
            if update.kind == "full" and changes is not None:  # an edit that needed everything: say why
                print(f"volledig opnieuw gebouwd: {update.reason}", flush=True)
            if not problems:
                touched = write_files(update, self.site)
                if update.kind == "full":
                    touched += self._copy_static()
        except Exception as error:  # noqa: BLE001 - shown on the error page, never a crash
            internal = messages.text("internal_error", file=where(error) or "(geen bestand)",
                                     error=f"{type(error).__name__}: {error}")
            self.builder.good = None  # the folder may be half written: next time, write everything
        with self.changed:
            self.problems = problems
            self.internal_error = internal
            self.generation += 1
            self.changed.notify_all()
        if self.indexer is not None and touched and not self.broken:
            self.indexer.request()
        return time.perf_counter() - started, touched

    def _copy_static(self) -> int:
        """The theme's static files into the site, as `publish` does (generated files win)."""
        good = self.builder.good
        if good is None:
            return 0
        generated = good.output()
        wanted = set()
        touched = 0
        for rel, path in themes.for_site(self.content, good.site.content.site.theme).static_files().items():
            if rel in generated:
                continue
            wanted.add(rel)
            dest = self.site / rel
            if dest.is_file() and filecmp.cmp(path, dest, shallow=False):
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            part = dest.with_name(f".{dest.name}.part")
            shutil.copyfile(path, part)
            os.replace(part, dest)
            touched += 1
        for rel in sorted(self.static - wanted - set(generated)):
            (self.site / rel).unlink(missing_ok=True)
            touched += 1
        self.static = wanted
        return touched

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        if self.indexer is not None:
            self.indexer.stop()


class _Indexer:
    """The Pagefind index of the preview, made in the background a moment after the last
    update: from a snapshot of the pages (hard links, so later writes do not disturb it), in
    a child process at low priority, then swapped in as the site's pagefind/ folder."""

    QUIET = 0.5  # seconds without a new update before indexing starts

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.wanted = threading.Event()
        self.process: subprocess.Popen[str] | None = None
        self.superseded = False  # the running index was stopped for a newer one
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def request(self) -> None:
        """Index again soon. A run still busy indexing an older snapshot is stopped: its result
        would be out of date, and it would compete with the update the editor waits for."""
        self.wanted.set()
        with self.lock:
            if self.process is not None and self.process.poll() is None:
                self.superseded = True
                self.process.kill()

    def stop(self) -> None:
        """Stop a running index and wait for the thread (before the folder is removed)."""
        self.wanted.set()
        with self.lock:
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
        self.thread.join(timeout=10)

    def _run(self) -> None:
        preview = self.preview
        while not preview.stopping:
            if not self.wanted.wait(timeout=1.0):
                continue
            self.wanted.clear()
            time.sleep(self.QUIET)
            if self.wanted.is_set() or preview.stopping or preview.broken:
                continue
            try:
                self._index()
            except Exception as error:  # noqa: BLE001 - the preview goes on without search
                print(f"zoekindex niet bijgewerkt: {type(error).__name__}: {error}", flush=True)

    def _index(self) -> None:
        preview = self.preview
        snapshot = preview.root / "zoekindex"
        shutil.rmtree(snapshot, ignore_errors=True)
        for path in preview.site.rglob("*.html"):
            if preview.stopping or self.wanted.is_set():  # a newer update: index that one instead
                return
            rel = path.relative_to(preview.site)
            if rel.parts[0] == search.BUNDLE:
                continue
            (snapshot / rel).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, snapshot / rel)
            except FileNotFoundError:
                continue  # removed by an update meanwhile; the next index run follows
            except OSError:  # a file system without hard links: a copy does as well
                try:
                    shutil.copyfile(path, snapshot / rel)
                except FileNotFoundError:
                    continue
        # At low priority where the system offers it (os.nice is POSIX; Windows gets a class).
        code = ("import os, sys; from pathlib import Path; getattr(os, 'nice', lambda n: 0)(10); "
                "from ivpsite import index; index.index(Path(sys.argv[1]))")
        options = own_group()
        if sys.platform == "win32":
            options["creationflags"] |= subprocess.BELOW_NORMAL_PRIORITY_CLASS
        with self.lock:
            if preview.stopping or self.wanted.is_set():
                return
            self.superseded = False
            self.process = subprocess.Popen([sys.executable, "-c", code, str(snapshot)],
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                            **options)
        output, _ = self.process.communicate()
        if self.process.returncode == 0 and not preview.stopping:
            swap(snapshot / search.BUNDLE, preview.site / search.BUNDLE)
        elif not preview.stopping and not self.superseded:
            last = (output.strip().splitlines() or ["?"])[-1]
            print(f"zoekindex niet bijgewerkt: {last[:300]}", flush=True)
        shutil.rmtree(snapshot, ignore_errors=True)


# --- the error page -------------------------------------------------------------------


def error_page(preview: Preview) -> bytes:
    items = []
    for problem in preview.problems:
        where = problem.path + (f", regel {problem.line}" if problem.line else "") + (
            f", kolom {problem.col}" if problem.col else "")
        items.append(f"<li><p><strong>{html.escape(where)}</strong>: {html.escape(problem.message)}</p>"
                     f"{_excerpt(preview.content, problem)}{_explanation(problem.message)}</li>")
    if preview.internal_error:
        items.append(f"<li><p>{html.escape(preview.internal_error)}</p>"
                     f"{_explanation(preview.internal_error)}</li>")
    heading = messages.problems(len(items))
    page = f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading} in de content · ivpsite voorbeeld</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }}
h1 {{ color: #a4000f; }}
li {{ margin-bottom: 1.5rem; }}
pre {{ background: #f4f4f4; padding: .5rem; overflow-x: auto; }}
.line {{ display: block; }}
.hit {{ background: #ffe2e2; font-weight: bold; }}
</style>
</head>
<body>
<main>
<h1>{heading} in de content</h1>
<p>De site wordt pas weer getoond als dit is opgelost. Sla het bestand op; deze pagina
ververst vanzelf. Uitleg van elke melding staat in de handleiding onder
<a href="{MESSAGES_PATH}">‘Meldingen’</a>.</p>
<ol class="problems">
{"".join(items)}
</ol>
</main>
</body>
</html>
"""
    return page.encode("utf-8")


def _explanation(message: str) -> str:
    """What to do (the catalogue's fix, as plain text) and a link to the message's entry on
    the Meldingen page, which the preview serves itself (offline too)."""
    key = messages.key_of(message)
    if key is None:
        return ""
    fix = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", messages.get(key).fix)  # links: their text only
    parts = re.split(r"`([^`]*)`", html.escape(fix, quote=False))
    shown = "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))
    return (f'<p class="fix">Wat te doen: {shown} '
            f'<a href="{MESSAGES_PATH}#{key}">Uitleg in de handleiding</a></p>')


def messages_page() -> bytes:
    """The handbook's Meldingen page (the same Markdown as docs/meldingen.md), as HTML."""
    from markdown_it import MarkdownIt

    # Our own catalogue, not content: its HTML (<code>, <br>, the anchors) is trusted.
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(messages.handbook_markdown())
    page = f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Meldingen en oplossingen · ivpsite voorbeeld</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem; color: #1a1a1a; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .3rem; vertical-align: top; }}
:target {{ background: #fff3b0; }}
</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""
    return page.encode("utf-8")


def _excerpt(content: Path, problem: Problem, around: int = 2) -> str:
    if problem.line <= 0:
        return ""
    try:
        path = (content / problem.path).resolve()
        if not path.is_relative_to(content.resolve()):
            return ""
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    first, last = max(1, problem.line - around), min(len(lines), problem.line + around)
    rows = []
    for number in range(first, last + 1):
        css = "line hit" if number == problem.line else "line"
        rows.append(f'<span class="{css}">{number:>4} | {html.escape(lines[number - 1])}</span>')
    return f"<pre>{''.join(rows)}</pre>" if rows else ""


# --- the HTTP side --------------------------------------------------------------------


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview
    host: str  # the --host the preview was started with
    server_version = "ivpsite"  # no Python version in the Server header
    timeout = 60  # seconds a silent connection may hold its place

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        return

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._respond(body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        if not self._host_allowed():
            return
        path, _, query = self.path.split("#", 1)[0].partition("?")
        if path == RELOAD_PATH:
            self._events()
            return
        if path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", _SCRIPT, body)
            return
        if path == MESSAGES_PATH:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", messages_page(), body)
            return
        if not path.endswith("/") and Path(self.translate_path(path)).is_dir():
            # '/maasgouw' -> '/maasgouw/', so the page's relative links work. One leading
            # slash only: '//host' would send the browser to another site.
            self._redirect("/" + path.lstrip("/") + "/" + (f"?{query}" if query else ""))
            return
        page = self._page_file(path)
        if self.preview.broken and (page is not None or _looks_like_page(path)):
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8",
                       self._inject(error_page(self.preview)), body)
            return
        if page is not None:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self._inject(page.read_bytes()), body)
            return
        file = Path(self.translate_path(path))
        if not file.is_file():
            missing = self.preview.site / "404.html"
            data = missing.read_bytes() if missing.is_file() else b"<!doctype html><title>404</title>"
            self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", self._inject(data), body)
            return
        if body:
            super().do_GET()
        else:
            super().do_HEAD()

    def _host_allowed(self) -> bool:
        """Answer only requests made to this preview: its own address, localhost or any IP
        address. A name elsewhere (DNS rebinding: a page on another site whose name is made
        to point here) is refused, so no other site can read the drafts."""
        host = _host_name(self.headers.get("Host", ""))
        if host is None:
            allowed = False
        elif host in ("localhost", self.host.lower()):
            allowed = True
        else:
            try:
                ipaddress.ip_address(host)
                allowed = True
            except ValueError:
                allowed = False
        if not allowed:
            served, port = self.server.server_address[:2]
            address = f"http://{'127.0.0.1' if served in ('0.0.0.0', '::') else served}:{port}/"
            refusal = messages.text("serve_wrong_host", host=(self.headers.get("Host") or "")[:100],
                                    address=address)
            page = (f'<!doctype html><html lang="nl"><meta charset="utf-8"><title>Geweigerd</title>'
                    f"<p>{html.escape(refusal)}</p></html>\n").encode("utf-8")
            self._send(HTTPStatus.FORBIDDEN, "text/html; charset=utf-8", page, self.command != "HEAD")
        return allowed

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _page_file(self, path: str) -> Path | None:
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                return None
            file = file / "index.html"
        return file if file.suffix == ".html" and file.is_file() else None

    def _inject(self, page: bytes) -> bytes:
        tag = (f'<script src="{SCRIPT_PATH}" data-generation="{self.preview.generation}"></script>\n'
               .encode())
        at = page.rfind(b"</body>")
        return page[:at] + tag + page[at:] if at >= 0 else page + tag

    def _send(self, status: HTTPStatus, kind: str, data: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        preview = self.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.close_connection = True
        try:
            with preview.changed:
                generation = preview.generation
            self.wfile.write(f"retry: 500\ndata: {generation}\n\n".encode())
            self.wfile.flush()
            while True:
                with preview.changed:
                    preview.changed.wait_for(
                        lambda: preview.stopping or preview.generation != generation, timeout=15)
                    if preview.stopping:
                        return
                    news = preview.generation != generation
                    generation = preview.generation
                self.wfile.write(f"data: {generation}\n\n".encode() if news else b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def _host_name(header: str) -> str | None:
    """The host name of a Host header, lower case, without port or IPv6 brackets."""
    header = header.strip().lower()
    if not header:
        return None
    if header.startswith("["):
        end = header.find("]")
        return header[1:end] if end > 0 else None
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _looks_like_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - the stdlib's signature
        super().__init__(*args, **kwargs)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request, client_address) -> None:  # the stdlib signature
        """At most MAX_CONNECTIONS at once (each holds a thread); one more gets '503' at once."""
        if not self.slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                                b"Connection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:  # the stdlib signature
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:  # the stdlib signature
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the browser went away mid-response (a reload); nothing to report
        super().handle_error(request, client_address)


# --- watching and the command ---------------------------------------------------------


def theme_folders(content: Path) -> list[Path]:
    """Where a theme change can come from: the packaged themes and the site's own themes/."""
    return [themes.PACKAGED.resolve(), themes.site_themes(content)]


def _watch(preview: Preview, stop: threading.Event, ready: threading.Event, paths: list[Path],
           address: str = "") -> None:
    """Rebuild on every change until `stop`. Nothing an editor does to the files (a name that
    is not UTF-8, a file gone mid-rebuild) ends this thread: a failed round is reported, and
    a watcher that broke is started again, with a full rebuild for what it may have missed."""
    while not stop.is_set():
        try:
            _watch_once(preview, stop, ready, paths, address)
        except Exception as error:  # noqa: BLE001 - the preview must keep following the files
            print(f"  {messages.text('internal_error', file=where(error) or '(geen bestand)', error=type(error).__name__)}",
                  flush=True)
            ready.set()
            if stop.wait(0.5):
                return
            seconds, touched = preview.rebuild()
            _report(preview, seconds, touched, "opnieuw", address)
        else:
            return


def _watch_once(preview: Preview, stop: threading.Event, ready: threading.Event, paths: list[Path],
                address: str) -> None:
    from watchfiles import watch

    # The first (empty) yield after a timeout shows that the watches are in place.
    for changes in watch(*paths, stop_event=stop, debounce=400, step=30, rust_timeout=200,
                         yield_on_timeout=True, raise_interrupt=False):
        ready.set()
        if not changes:
            continue
        names = sorted({Path(p).name for _, p in changes})
        seconds, touched = preview.rebuild({Path(p) for _, p in changes})
        _report(preview, seconds, touched, ", ".join(names[:3]) + (" ..." if len(names) > 3 else ""), address)


def _report(preview: Preview, seconds: float, touched: int, reason: str, address: str = "") -> None:
    """One line per update on the terminal; with problems, each with where it is explained (the
    preview's own copy of the handbook's Meldingen page, at `address`)."""
    took = f"{seconds:.2f}".replace(".", ",")
    if preview.broken:
        count = len(preview.problems) + (1 if preview.internal_error else 0)
        print(f"[{reason}] {messages.problems(count)} in {took} s; de pagina's tonen de meldingen:",
              flush=True)
        for problem in preview.problems:
            print(f"  {problem}", flush=True)
            key = messages.key_of(problem.message)
            if key is not None:
                print(f"    uitleg: {address}{MESSAGES_PATH}#{key}", flush=True)
        if preview.internal_error:
            print(f"  {preview.internal_error}", flush=True)
    else:
        files = dutch.count(touched, "bestand", "bestanden")
        print(f"[{reason}] gebouwd in {took} s; {files} bijgewerkt", flush=True)


def serve(content: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run the preview until Ctrl-C (or SIGTERM); the exit code."""
    if not content.is_dir():
        print(f"ivpsite: {messages.text('serve_no_content', content=content)}", file=sys.stderr)
        return 1
    if not 0 <= port <= 65535:  # 0: any free port (the tests use it)
        print(f"ivpsite: {messages.text('serve_port_range', port=port)}", file=sys.stderr)
        return 1
    root = Path(tempfile.mkdtemp(prefix="ivpsite-voorbeeld-"))
    try:
        preview = Preview(content, root, search_index=True)
        handler = type("Handler", (_Handler,), {"preview": preview, "host": host})
        try:
            server = _Server((host, port), partial(handler, directory=str(preview.site)))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                taken = messages.text("serve_port_taken", port=port, host=host, next_port=port + 1)
                print(f"ivpsite: {taken}", file=sys.stderr)
            else:
                failed = messages.text("serve_cannot_listen", host=host, port=port,
                                       reason=messages.reason(error))
                print(f"ivpsite: {failed}", file=sys.stderr)
            return 1
        return _run(preview, server, content)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run(preview: Preview, server: _Server, content: Path) -> int:
    previous = signal.signal(signal.SIGTERM, _interrupt)
    stop, ready = threading.Event(), threading.Event()
    watched = [content] + [folder for folder in theme_folders(content) if folder.is_dir()]
    host, port = server.server_address[:2]
    address = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    watcher = threading.Thread(target=_watch, args=(preview, stop, ready, watched, address), daemon=True)
    try:
        watcher.start()
        ready.wait(timeout=10)  # watch first, then build: no save is missed in between
        seconds, touched = preview.rebuild()
        _report(preview, seconds, touched, "start", address)
        print(f"Voorbeeld op {address}/ (stoppen met Ctrl-C). "
              f"Wijzigingen in {content}/ en themes/ worden meteen getoond.", flush=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        preview.stop()
        server.server_close()
        if watcher.is_alive():
            watcher.join(timeout=3)
        signal.signal(signal.SIGTERM, previous)
    print("Voorbeeld gestopt.", flush=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
