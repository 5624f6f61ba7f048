"""Every command without what only some systems have: the whole pipeline (check, build, and a
rebuild in the preview) in a process where `fcntl`, `os.fork`, `os.sched_getaffinity` and
`os.nice` do not exist, as on Windows (and, for sched_getaffinity, macOS)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from conftest import CONTENT, ROOT

# Runs ivpsite's command line with the POSIX- and Linux-only pieces taken away first.
WITHOUT = """
import os, runpy, sys
sys.modules["fcntl"] = None  # 'import fcntl' now fails, as on Windows
for name in ("fork", "forkpty", "sched_getaffinity", "nice"):
    if hasattr(os, name):
        delattr(os, name)
sys.argv = ["ivpsite", *sys.argv[1:]]
runpy.run_module("ivpsite", run_name="__main__", alter_sys=True)
"""


def run_without(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, **kwargs)


def test_the_wrapper_really_takes_them_away() -> None:
    probe = WITHOUT.replace('runpy.run_module("ivpsite", run_name="__main__", alter_sys=True)', """
import importlib
try:
    importlib.import_module("fcntl")
    print("fcntl")
except ImportError:
    pass
print(sorted(n for n in ("fork", "sched_getaffinity", "nice") if hasattr(os, n)))
""")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_check_and_build_without_fcntl_fork_or_affinity(tmp_path: Path) -> None:
    checked = run_without("check", "--content", str(CONTENT))
    assert checked.returncode == 0, checked.stderr
    assert "Traceback" not in checked.stderr
    out = tmp_path / "build"
    built = run_without("build", "--content", str(CONTENT), "--out", str(out))
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert (out / "index.html").is_file() and (out / "pagefind" / "pagefind-entry.json").is_file()
    again = run_without("build", "--content", str(CONTENT), "--out", str(out))  # the lock is released
    assert again.returncode == 0, again.stderr


def test_preview_rebuilds_without_fcntl_fork_or_affinity(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    process = subprocess.Popen([sys.executable, "-u", "-c", WITHOUT, "serve", "--content", str(content),
                                "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(process.stdout), daemon=True).start()
    try:
        address = _wait_for(lambda: next((m.group(1) for line in list(output)
                                          if (m := re.search(r"Voorbeeld op (http://\S+/)", line))), None))
        assert address, "".join(output)
        section = content / "maasgouw" / "ivp-2023-2026" / "03-hoe-veilig-is-maasgouw.md"
        section.write_text(section.read_text(encoding="utf-8") + "\nEen draagbare slotzin.\n", encoding="utf-8")
        page = address + "maasgouw/ivp-2023-2026/hoe-veilig-is-maasgouw/"
        assert _wait_for(lambda: "Een draagbare slotzin." in _get(page)), "".join(output)
        assert "Traceback" not in "".join(output)
    finally:
        process.kill()
        process.wait(timeout=30)


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(check, seconds: float = 60.0):  # noqa: ANN001, ANN202 - a polling helper
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    return None
