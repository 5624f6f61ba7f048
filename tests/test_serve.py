"""`ivpsite serve`: the live preview in a real subprocess, and its incremental sync."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from ivpsite.problems import Problem
from ivpsite.editor.serve import Preview, error_page

WAIT = 20.0  # generous upper bound for polling; never asserted as a duration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def _until(check: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def _default_ctrl_c() -> None:
    """A job a shell starts in the background ignores SIGINT, and so does every process it
    starts (Python then installs no KeyboardInterrupt); the preview must get Ctrl-C as a
    terminal sends it, however the test suite itself was started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Server:
    def __init__(self, content: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/"
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "ivpsite", "serve", "--content", str(content),
             "--port", str(port)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            preexec_fn=None if sys.platform == "win32" else _default_ctrl_c)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def get(self, path: str = "") -> tuple[int, str]:
        return _get(self.url + path)


@pytest.fixture
def preview(site_dir) -> Iterator[tuple[Server, Path]]:
    content = site_dir()
    server = Server(content, _free_port())
    try:
        assert _until(lambda: server.get()[0] == 200), "".join(server.output)
        yield server, content
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=10)


def test_serves_home_with_reload_script(preview) -> None:
    server, _ = preview
    status, body = server.get()
    assert status == 200
    assert "Testsite" in body
    assert '<script src="/__reload.js"' in body
    script_status, script = server.get("__reload.js")
    assert script_status == 200 and "EventSource" in script


def test_edit_error_page_recovery_and_stop(preview) -> None:
    server, content = preview
    section = content / "voorbeeldstad/plan-2023/02-aanpak.md"
    page = "voorbeeldstad/plan-2023/aanpak/"
    assert "Wat we doen" in server.get(page)[1]

    section.write_text(section.read_text(encoding="utf-8").replace("Wat we doen", "Wat we nu doen"),
                       encoding="utf-8")
    assert _until(lambda: "Wat we nu doen" in server.get(page)[1]), "".join(server.output)

    section.write_text("---\ntitle: [kapot\ntopics: [woninginbraak]\n---\nTekst.\n", encoding="utf-8")
    assert _until(lambda: server.get()[0] == 500), "".join(server.output)
    for path in ("", page, "onderwerpen/"):
        status, body = server.get(path)
        assert status == 500
        assert "voorbeeldstad/plan-2023/02-aanpak.md, regel 3" in body
        assert "niet goed afgesloten" in body  # the Dutch message from load.py
        assert "title: [kapot" in body  # the offending lines of the file
        assert '<script src="/__reload.js"' in body

    section.write_text("---\ntitle: Aanpak hersteld\n---\nWeer goed.\n", encoding="utf-8")
    assert _until(lambda: server.get(page)[0] == 200), "".join(server.output)
    assert "Aanpak hersteld" in server.get(page)[1]
    assert server.get()[0] == 200

    if sys.platform != "win32":  # Ctrl-C is a console event there, not a signal one can send
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=WAIT) == 0
        assert _until(lambda: any("Voorbeeld gestopt" in line for line in server.output))


def test_reload_stream_announces_rebuilds(preview) -> None:
    server, content = preview
    with urllib.request.urlopen(server.url + "__reload", timeout=WAIT) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        first = _next_event(stream)
        (content / "voorbeeldstad/plan-2023/01-inleiding.md").write_text(
            "---\ntitle: Inleiding\n---\nAndere tekst.\n", encoding="utf-8")
        second = _next_event(stream)
    assert int(second) > int(first)


def _next_event(stream) -> str:  # noqa: ANN001 - an http.client response
    while True:
        line = stream.readline().decode()
        assert line, "stream closed"
        if line.startswith("data: "):
            return line.removeprefix("data: ").strip()


def test_busy_port_gives_dutch_message(site_dir) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "ivpsite", "serve", "--content", str(site_dir()),
                                 "--port", str(port)], cwd=ROOT, capture_output=True, text=True,
                                timeout=60)
    assert result.returncode == 1
    assert f"poort {port}" in result.stderr and "al in gebruik" in result.stderr
    assert "Traceback" not in result.stderr


def test_rebuild_rewrites_only_changed_files(site_dir, tmp_path: Path) -> None:
    content = site_dir()
    preview = Preview(content, tmp_path / "preview")
    _, first = preview.rebuild()
    assert not preview.broken and first > 0
    untouched = preview.site / "voorbeeldstad/plan-2023/inleiding/index.html"
    before = untouched.stat().st_mtime_ns, untouched.stat().st_ino
    section = content / "voorbeeldstad/plan-2023/02-aanpak.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nEen extra alinea.\n", encoding="utf-8")
    _, touched = preview.rebuild()
    assert 1 <= touched < first
    assert (untouched.stat().st_mtime_ns, untouched.stat().st_ino) == before
    assert "Een extra alinea." in (preview.site / "voorbeeldstad/plan-2023/aanpak/index.html").read_text()
    _, again = preview.rebuild()
    assert again == 0


def test_error_page_escapes_and_shows_context(site_dir, tmp_path: Path) -> None:
    content = site_dir({"site.yaml": "title: <script>x</script>\n"})
    preview = Preview(content, tmp_path / "preview")
    preview.problems = [Problem("site.yaml", 1, 8, "een <b>melding</b>")]
    page = error_page(preview).decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "een &lt;b&gt;melding&lt;/b&gt;" in page
    assert "site.yaml, regel 1, kolom 8" in page


def test_built_site_has_no_reload_script(real_build: Path) -> None:
    pages = list(real_build.rglob("*.html"))
    assert pages
    assert not any("__reload" in p.read_text(encoding="utf-8") for p in pages)


# --- incremental updates equal a full build --------------------------------------------

_MAASGOUW = "maasgouw/ivp-2023-2026"
_EDITS: list[tuple[str, str, Callable[[str], str]]] = [
    ("section body", f"{_MAASGOUW}/03-hoe-veilig-is-maasgouw.md",
     lambda text: text + "\nEen extra alinea over woninginbraak en veiligheid.\n"),
    ("section body, a paragraph at the end", f"{_MAASGOUW}/06-de-werkwijze.md",
     lambda text: text + "\nTot slot: dit is een toegevoegde slotzin.\n"),
    ("section title and topics", f"{_MAASGOUW}/04-de-prioriteiten.md",
     lambda text: text.replace('title: "De prioriteiten"', 'title: "De prioriteiten van Maasgouw"')
     .replace("topics: [zorg-en-veiligheid, ondermijning, cybercrime]", "topics: [zorg-en-veiligheid, ondermijning]")),
    ("plan.yaml field of a parent plan", "westelijke-mijnstreek/kadernota-2019-2022/plan.yaml",
     lambda text: text.replace("title: Kadernota Integrale Veiligheid Mijnstreek 2019-2022",
                               "title: Kadernota Integrale Veiligheid Westelijke Mijnstreek 2019-2022")),
    ("indicator value and a new measurement", f"{_MAASGOUW}/plan.yaml",
     lambda text: text.replace("    value: 129\n", "    value: 131\n", 1)
     .replace("  measurements: []\n", "  measurements:\n  - year: 2023\n    value: 120\n", 1)),
    ("parent plan changed", "sittard-geleen/uitvoeringsplan-2019-2020/plan.yaml",
     lambda text: text.replace("parent: westelijke-mijnstreek/kadernota-2019-2022",
                               "parent: westelijke-mijnstreek/prioriteiten-tot-2026")),
]


def _tree(folder: Path) -> dict[str, bytes]:
    """The files of a site, without the search index and the marker of a published build."""
    from ivpsite.publish import MARKER

    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in ("pagefind", MARKER)}


def _full_build(content: Path, out: Path) -> dict[str, bytes]:
    from ivpsite.build import build
    from ivpsite.problems import Problems

    problems = Problems()
    assert build(content, out, problems) is not None, problems.sorted()
    return _tree(out)


@pytest.fixture
def real_preview(tmp_path: Path) -> tuple[Path, Preview]:
    """A copy of the real content, previewed once in full: (content folder, preview)."""
    from conftest import CONTENT

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    preview = Preview(content, tmp_path / "preview")
    preview.rebuild()
    return content, preview


def test_incremental_updates_equal_a_full_build(tmp_path: Path, real_preview: tuple[Path, Preview]) -> None:
    content, preview = real_preview
    assert preview.last_kind == "full" and not preview.broken
    for number, (what, rel, edit) in enumerate(_EDITS):
        path = content / rel
        before = path.read_text(encoding="utf-8")
        path.write_text(edit(before), encoding="utf-8")
        assert path.read_text(encoding="utf-8") != before, what
        _, touched = preview.rebuild([path])
        assert preview.last_kind == "incremental" and not preview.broken, (what, preview.problems)
        assert touched > 0, what
        expected = _full_build(content, tmp_path / f"full-{number}")
        got = _tree(preview.site)
        assert sorted(got) == sorted(expected), what
        assert [name for name in expected if got[name] != expected[name]] == [], what


def test_an_edit_remakes_only_its_own_plan(real_preview: tuple[Path, Preview]) -> None:
    """The model of every other plan is reused as it was: an edit costs one plan, not the site."""
    content, preview = real_preview
    before = dict(preview.builder.good.site.bundles)
    section = content / _EDITS[0][1]
    section.write_text(_EDITS[0][2](section.read_text(encoding="utf-8")), encoding="utf-8")
    preview.rebuild([section])
    after = preview.builder.good.site.bundles
    assert preview.last_kind == "incremental" and sorted(after) == sorted(before)
    assert [key for key in after if after[key] is not before[key]] == [_MAASGOUW]


def test_incremental_update_after_an_error(tmp_path: Path, real_preview: tuple[Path, Preview]) -> None:
    content, preview = real_preview
    section = content / f"{_MAASGOUW}/02-een-nieuw-veiligheidsplan.md"
    original = section.read_text(encoding="utf-8")
    section.write_text("---\ntitle: [kapot\n---\nTekst.\n", encoding="utf-8")
    preview.rebuild([section])
    assert preview.broken and any(p.path == section.relative_to(content).as_posix() for p in preview.problems)
    section.write_text(original.replace("\n---\n", "\n---\nEerst dit.\n\n", 1), encoding="utf-8")
    preview.rebuild([section])
    assert preview.last_kind == "incremental" and not preview.broken
    assert _tree(preview.site) == _full_build(content, tmp_path / "full")
    section.write_text(original, encoding="utf-8")  # back to the last good state exactly
    preview.rebuild([section])
    assert not preview.broken
    assert _tree(preview.site) == _full_build(content, tmp_path / "full-again")


def test_added_and_removed_files_take_the_full_path(tmp_path: Path, real_preview: tuple[Path, Preview]) -> None:
    content, preview = real_preview
    added = content / f"{_MAASGOUW}/09-nieuwe-sectie.md"
    added.write_text("---\ntitle: Nieuwe sectie\n---\nNieuw.\n", encoding="utf-8")
    preview.rebuild([added])
    assert preview.last_kind == "full" and not preview.broken
    assert _tree(preview.site) == _full_build(content, tmp_path / "full-added")
    added.unlink()
    preview.rebuild([added])
    assert preview.last_kind == "full" and not preview.broken
    assert _tree(preview.site) == _full_build(content, tmp_path / "full-removed")


# --- the HTTP side: only its own address, no version, folders, bounded -------------------


def _raw(server: Server, request: bytes) -> bytes:
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(request)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return data


def test_only_its_own_address_is_answered(preview) -> None:
    """A page elsewhere whose name points here (DNS rebinding) cannot read the drafts."""
    server, _ = preview
    refused = _raw(server, b"GET / HTTP/1.0\r\nHost: voorbeeld.example:8000\r\n\r\n")
    assert refused.startswith(b"HTTP/1.0 403") and b"Testsite" not in refused
    assert "dit voorbeeld antwoordt alleen op zijn eigen adres".encode() in refused
    assert _raw(server, b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 403")  # no Host at all
    for host in (b"localhost:1", b"127.0.0.1", b"[::1]:8000"):
        answer = _raw(server, b"GET / HTTP/1.0\r\nHost: " + host + b"\r\n\r\n")
        assert answer.startswith(b"HTTP/1.0 200") and b"Testsite" in answer, host


def test_no_python_version_and_folders_get_their_slash(preview) -> None:
    server, _ = preview
    answer = _raw(server, b"GET /voorbeeldstad?x=1 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").decode()
    head = answer.split("\r\n\r\n", 1)[0].lower()
    assert head.startswith("http/1.0 301") and "\r\nlocation: /voorbeeldstad/?x=1" in head
    assert "\r\nserver: ivpsite\r\n" in head and "python" not in head
    evil = _raw(server, b"GET //voorbeeldstad HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").decode().lower()
    assert "\r\nlocation: /voorbeeldstad/\r\n" in evil  # never '//host/', another site


def test_connections_are_bounded(preview) -> None:
    from ivpsite.editor.serve import MAX_CONNECTIONS

    server, _ = preview
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    held = []
    try:
        for _ in range(MAX_CONNECTIONS):
            conn = socket.create_connection((host, int(port)), timeout=5)
            conn.sendall(b"GET / HTTP/1.1\r\n")  # a request that never ends holds its place
            held.append(conn)
        assert _until(lambda: server.get()[0] == 503)
    finally:
        for conn in held:
            conn.close()
    assert _until(lambda: server.get()[0] == 200)


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file systems take a name that is not UTF-8")
def test_a_file_name_that_is_not_utf8_is_shown_and_the_watcher_goes_on(preview) -> None:
    import os

    server, content = preview
    plan = content / "voorbeeldstad" / "plan-2023"
    odd = os.fsencode(plan) + b"/03-caf\xe9.md"
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write("---\ntitle: Cafe\n---\nTekst.\n")
    assert _until(lambda: server.get()[0] == 500), "".join(server.output)
    status, body = server.get()
    assert "03-caf\\xe9.md" in body and "geen geldige UTF-8" in body
    assert '<a href="/__meldingen#file_name_encoding">' in body
    os.unlink(odd)
    section = plan / "02-aanpak.md"
    section.write_text(section.read_text(encoding="utf-8").replace("Wat we doen", "Wat we nu doen"),
                       encoding="utf-8")
    assert _until(lambda: "Wat we nu doen" in server.get("voorbeeldstad/plan-2023/aanpak/")[1]), \
        "".join(server.output)


def test_problems_link_to_the_meldingen_page_the_preview_serves(preview) -> None:
    server, content = preview
    (content / "site.yaml").write_text("title: [kapot\n", encoding="utf-8")
    assert _until(lambda: server.get()[0] == 500), "".join(server.output)
    body = server.get()[1]
    assert '<a href="/__meldingen#yaml_flow_list">Uitleg in de handleiding</a>' in body
    assert "Wat te doen:" in body
    status, page = server.get("__meldingen")
    assert status == 200 and 'id="yaml_flow_list"' in page and "<table>" in page
    assert _until(lambda: any("uitleg: http://127.0.0.1:" in line and "/__meldingen#yaml_flow_list" in line
                              for line in server.output)), "".join(server.output)
    assert any("1 probleem in" in line for line in server.output)


def test_port_out_of_range_is_refused_in_dutch(site_dir) -> None:
    result = subprocess.run([sys.executable, "-m", "ivpsite", "serve", "--content", str(site_dir()),
                             "--port", "70000"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "poort 70000 bestaat niet" in result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_a_newer_update_stops_an_older_search_index_and_the_last_one_lands(site_dir, tmp_path: Path, capsys) -> None:
    """The preview's search index follows the last update; a run made stale by a newer edit is
    stopped (it would only compete with the update the editor waits for), without a message."""
    preview = Preview(site_dir(), tmp_path / "preview", search_index=True)
    try:
        preview.rebuild()
        entry = preview.site / "pagefind" / "pagefind-entry.json"
        deadline = time.monotonic() + 120
        while preview.indexer.process is None:  # the first index run has started
            assert time.monotonic() < deadline
            time.sleep(0.01)
        running = preview.indexer.process
        preview.indexer.request()  # a newer update arrives while it runs (it takes far longer than 10 ms)
        assert running.wait(timeout=60) != 0  # stopped, not left to finish
        while not entry.is_file():
            assert time.monotonic() < deadline, capsys.readouterr().out
            time.sleep(0.1)
    finally:
        preview.stop()
    assert "zoekindex niet bijgewerkt" not in capsys.readouterr().out
