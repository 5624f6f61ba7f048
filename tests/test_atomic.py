"""Never lose the live site: real `ivpsite build` processes are killed (SIGINT, SIGTERM,
SIGKILL) at random moments, builds fail on bad content or a full disk, and two builds race
for one out folder. Afterwards the out folder is always a complete site: byte for byte
either the previous build or the new one, never a mix, never missing."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT
from ivpsite.publish import Busy, locked, publish

# Signals to process groups, RLIMIT_FSIZE and renames while files are open are POSIX matters.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kills by POSIX signal and process group")

SEED = int(os.environ.get("IVPSITE_KILL_SEED", random.randrange(1_000_000)))


def tree_hash(folder: Path) -> str:
    """Names and bytes of every file under `folder` (empty string when it does not exist)."""
    if not folder.exists():
        return ""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def start_build(content: Path, out: Path, **kwargs) -> subprocess.Popen[str]:
    """`ivpsite build` in its own process group (so the test can signal it like a terminal
    or a CI runner does, and clean up every process it started)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "ivpsite", "build", "--content", str(content),
                             "--out", str(out)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, **kwargs)


def finish(proc: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=timeout)
    finally:
        with_group_gone(proc)
    return proc.returncode, err


def with_group_gone(proc: subprocess.Popen[str]) -> None:
    """Kill what is left of the build's process group (a search indexer, for instance)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Content A (the real content) and B (A with another site title), each built once."""
    base = tmp_path_factory.mktemp("atomic")
    content_a = base / "content-a"
    shutil.copytree(CONTENT, content_a)
    content_b = base / "content-b"
    shutil.copytree(CONTENT, content_b)
    site = content_b / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("title: ", "title: Nieuw - ", 1), encoding="utf-8")
    started = time.monotonic()
    code, err = finish(start_build(content_a, base / "ref-a" / "build"))
    seconds = time.monotonic() - started
    assert code == 0, err
    code, err = finish(start_build(content_b, base / "ref-b" / "build"))
    assert code == 0, err
    old, new = tree_hash(base / "ref-a" / "build"), tree_hash(base / "ref-b" / "build")
    assert old != new
    return {"base": base, "a": content_a, "b": content_b, "old": old, "new": new,
            "old_build": base / "ref-a" / "build", "seconds": seconds}


def fresh_out(sites: dict[str, object], name: str) -> Path:
    """A folder holding a copy of the previous (A) build, as a live site would."""
    out = sites["base"] / name / "build"
    shutil.copytree(sites["old_build"], out)
    assert tree_hash(out) == sites["old"]
    return out


# Each run: (signal, fraction of a whole build's duration after which it is sent).
rng = random.Random(SEED)
RUNS = [(signal.SIGINT, rng.random()), (signal.SIGTERM, rng.random()), (signal.SIGKILL, rng.random()),
        (signal.SIGKILL, rng.uniform(0.85, 1.05)), (signal.SIGKILL, rng.uniform(0.0, 0.15))]


@pytest.mark.parametrize(("sig", "fraction"), RUNS,
                         ids=[f"{s.name}-at-{f:.2f}-seed-{SEED}" for s, f in RUNS])
def test_killed_build_leaves_a_complete_site(sites, record_property, sig, fraction):
    out = fresh_out(sites, f"kill-{sig.name}-{fraction:.3f}")
    delay = fraction * sites["seconds"]
    proc = start_build(sites["b"], out)
    time.sleep(delay)
    try:
        os.killpg(proc.pid, sig)  # the whole group, like Ctrl-C in a terminal or a CI cancel
    except ProcessLookupError:
        pass  # it had already finished
    code, err = finish(proc)
    record_property("kill", f"{sig.name} after {delay:.2f}s (seed {SEED}), exit {code}")
    print(f"{sig.name} after {delay:.2f}s of ~{sites['seconds']:.1f}s: exit {code}")
    # A signal in the first milliseconds can hit Python's own start-up (runpy, typing) and
    # print its traceback; ivpsite's code itself never shows one.
    assert f'File "{ROOT / "ivpsite"}' not in err, err
    after = tree_hash(out)
    assert after in (sites["old"], sites["new"]), (
        f"out folder damaged by {sig.name} after {delay:.2f}s (seed {SEED}); exit {code}: {err}")
    # The next build repairs whatever a killed one left beside the out folder.
    code, err = finish(start_build(sites["b"], out))
    assert code == 0, err
    assert tree_hash(out) == sites["new"]
    assert sorted(p.name for p in out.parent.iterdir()) == [".build.lock", ".build.state.json", "build"]


def test_second_build_while_one_holds_the_lock_gets_the_lock_message(sites):
    # This process holds the lock as a running build would, so the second build meets it
    # however fast builds are (racing two real builds for the window is timing-dependent).
    out = fresh_out(sites, "race")
    with locked(out):
        code, err = finish(start_build(sites["b"], out))
        assert code == 1
        assert "een andere build schrijft al naar" in err, err
        assert "Traceback" not in err
        assert tree_hash(out) == sites["old"]
    code, err = finish(start_build(sites["b"], out))
    assert code == 0, err
    assert tree_hash(out) == sites["new"]


def test_two_builds_started_at_once_leave_one_complete_site(sites):
    out = fresh_out(sites, "together")
    builds = [start_build(sites["b"], out) for _ in range(2)]
    results = [finish(build) for build in builds]
    for code, err in results:  # each either built the site or met the other's lock
        assert code == 0 or (code == 1 and "een andere build schrijft al naar" in err), err
    assert any(code == 0 for code, _ in results)
    assert tree_hash(out) == sites["new"]
    assert sorted(p.name for p in out.parent.iterdir()) == [".build.lock", ".build.state.json", "build"]


def test_failed_build_on_bad_content_leaves_the_site_untouched(sites, tmp_path):
    out = fresh_out(sites, "invalid")
    content = tmp_path / "content"
    shutil.copytree(sites["a"], content)
    (content / "site.yaml").write_text("title: [kapot\n", encoding="utf-8")
    code, err = finish(start_build(content, out))
    assert code == 1 and "site.yaml:" in err, err
    assert tree_hash(out) == sites["old"]
    assert sorted(p.name for p in out.parent.iterdir()) == [".build.lock", "build"]


def _small_disk() -> None:  # runs in the child before exec: files above 200 kB cannot be written
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_full_disk_leaves_the_site_untouched(sites):
    out = fresh_out(sites, "full-disk")
    code, err = finish(start_build(sites["b"], out, preexec_fn=_small_disk))
    assert code != 0
    assert "Traceback" not in err and err.startswith("ivpsite: "), err
    assert tree_hash(out) == sites["old"]
    assert sorted(p.name for p in out.parent.iterdir()) == [".build.lock", "build"]  # staging removed


# --- the same promises in-process, for the pieces --------------------------------------


def test_lock_refuses_a_second_holder(tmp_path):
    out = tmp_path / "build"
    with locked(out):
        with pytest.raises(Busy):
            with locked(out):
                pass
    with locked(out):  # released again
        pass


def test_error_in_the_last_step_leaves_the_site_and_no_staging(tmp_path):
    out = tmp_path / "build"
    publish({"index.html": b"oud"}, tmp_path / "geen-static", out)

    def fail(staging: Path) -> None:
        raise RuntimeError("zoekindex mislukt")

    with pytest.raises(RuntimeError):
        publish({"index.html": b"nieuw"}, tmp_path / "geen-static", out, finish=fail)
    assert (out / "index.html").read_bytes() == b"oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]
