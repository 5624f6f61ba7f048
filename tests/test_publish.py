"""Publishing never damages what is there: an out folder behind a symbolic link, stale
leftovers of killed builds, folders ivpsite did not write, system addresses, the search
indexer of a killed build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CONTENT, ORG_YAML, ROOT, run_cli

from ivpsite import messages
from ivpsite.urls import RESERVED
from ivpsite.publish import MARKER, Busy, locked

needs_symlinks = pytest.mark.skipif(sys.platform == "win32",
                                    reason="symbolic links need extra rights on Windows")


def build(content: Path, out: Path | str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("build", "--content", str(content), "--out", str(out), cwd=cwd)


@needs_symlinks
def test_out_behind_a_symlink_is_replaced_where_it_points(site_dir, tmp_path: Path) -> None:
    content = site_dir()
    release = tmp_path / "releases" / "2024"
    assert build(content, release).returncode == 0
    (release / "oud.txt").write_text("van de vorige build", encoding="utf-8")
    live = tmp_path / "live"
    live.symlink_to(release, target_is_directory=True)
    result = build(content, live)
    assert result.returncode == 0, result.stderr
    assert live.is_symlink() and live.resolve() == release.resolve()
    assert (release / "index.html").is_file() and not (release / "oud.txt").exists()
    assert sorted(p.name for p in release.parent.iterdir()) in (["2024"], [".2024.lock", ".2024.state.json", "2024"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "live", "releases"]
    again = build(content, live)  # and the next build through the link works the same way
    assert again.returncode == 0, again.stderr


@needs_symlinks
def test_the_lock_guards_the_folder_not_the_name(site_dir, tmp_path: Path) -> None:
    release = tmp_path / "releases" / "a"
    (tmp_path / "live").symlink_to(release, target_is_directory=True)
    release.mkdir(parents=True)
    with locked(release):
        result = build(site_dir(), tmp_path / "live")
        with pytest.raises(Busy):
            with locked(tmp_path / "live"):
                pass
    assert result.returncode == 1 and "een andere build schrijft al naar" in result.stderr


@needs_symlinks
def test_stale_leftovers_of_killed_builds_never_block_a_build(site_dir, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "bewaren.txt").write_text("niet weggooien", encoding="utf-8")
    (tmp_path / ".build.staging").symlink_to(elsewhere, target_is_directory=True)  # as older ivpsite left it
    (tmp_path / ".build.staging-oud").mkdir()
    (tmp_path / ".build.staging-oud" / "index.html").write_text("half", encoding="utf-8")
    (tmp_path / ".build.old").write_text("geen map", encoding="utf-8")
    result = build(site_dir(), tmp_path / "build")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", ".build.state.json", "build", "content", "elders"]
    assert (elsewhere / "bewaren.txt").read_text(encoding="utf-8") == "niet weggooien"


def test_a_folder_ivpsite_did_not_write_is_refused_even_with_an_index(site_dir, tmp_path: Path) -> None:
    app = tmp_path / "build"
    app.mkdir()
    (app / "index.html").write_text("<p>een andere toepassing</p>", encoding="utf-8")
    result = build(site_dir(), app)
    assert result.returncode == 1
    assert messages.text("out_other_files", marker=MARKER) in result.stderr
    assert [p.name for p in app.iterdir()] == ["index.html"]


def test_every_build_carries_the_marker_and_is_replaced_by_the_next(site_dir, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert build(site_dir(), out).returncode == 0
    assert (out / MARKER).is_file()
    assert build(site_dir(), out).returncode == 0


def test_every_top_level_address_a_build_writes_is_reserved(real_build: Path) -> None:
    organisations = {p.parent.name for p in CONTENT.glob("*/organisation.yaml")}
    pages = {p.stem for p in (CONTENT / "pages").glob("*.md")}
    written = {p.name.removesuffix(".html") for p in real_build.iterdir()} - {"index", MARKER}
    assert sorted(written - organisations - pages - RESERVED) == []
    assert {"veiligheidsvelden", "onderwerpen", "zoeken", "data", "assets", "pagefind"} <= RESERVED


@pytest.mark.parametrize("name", ["veiligheidsvelden", "vergelijking", "open-data"])
def test_an_organisation_or_page_named_like_a_system_address_is_refused(site_dir, name: str) -> None:
    result = run_cli("check", "--content", str(site_dir({
        f"{name}/organisation.yaml": ORG_YAML,
        f"pages/{name}.md": "---\ntitle: Pagina\n---\nTekst.\n"})))
    assert result.returncode == 1
    assert f"{name}/organisation.yaml:0:0: {messages.text('reserved_name', name=name)}" in result.stderr
    assert f"pages/{name}.md:0:0: {messages.text('page_name_taken', slug=name)}" in result.stderr


# --- the search indexer stops with the build ------------------------------------------------


def _children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                found.append((int(entry.name), name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_indexer_does_not_outlive_a_killed_build(site_dir, tmp_path: Path) -> None:
    """`kill -9` of the build alone (not its group): its indexer child goes with it. A stand-in
    indexer that would run for two minutes makes the difference plain."""
    stand_in = tmp_path / "pagefind"
    stand_in.write_text("#!/bin/sh\nexec sleep 120\n", encoding="utf-8")
    stand_in.chmod(0o755)
    out = tmp_path / "build"
    proc = subprocess.Popen([sys.executable, "-m", "ivpsite", "build", "--content", str(site_dir()),
                             "--out", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PAGEFIND_BINARY_PATH": str(stand_in)})
    indexer = None
    deadline = time.monotonic() + 60
    while indexer is None and proc.poll() is None and time.monotonic() < deadline:
        indexer = next((pid for pid, _ in _children(proc.pid)), None)
        time.sleep(0.01)
    assert indexer is not None, "the build started no indexer"
    time.sleep(0.2)  # past the exec of the stand-in
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while _alive(indexer) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(indexer)
    if alive:
        os.kill(indexer, signal.SIGKILL)
    assert not alive, "the indexer kept running after the build was killed"
    result = build(site_dir(), out)  # what the killed build left does not block the next one
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", ".build.state.json", "build", "content", "pagefind"]
