"""Golden output: the complete built output of a small synthetic site (tests/golden/content)
is kept as an expected tree (tests/golden/expected), as Pelican keeps its tests/output. Any
change to any page (a refactoring that moves a space, a template that drops a link) shows
here as a diff. Third-party bytes (Pagefind's index) and the theme's static files, copied
as they are, are left out.

After an intended change, regenerate the tree and review it with git diff:

    IVPSITE_GOLDEN=update python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from conftest import GOLDEN_CONTENT, run_cli

GOLDEN = GOLDEN_CONTENT.parent
EXPECTED = GOLDEN / "expected"
_TEXT = (".html", ".xml", ".txt", ".csv", ".json")
_LEFT_OUT = ("pagefind/", "assets/")


def _outputs(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel.endswith(_TEXT) and not rel.startswith(_LEFT_OUT):
            found[rel] = path.read_text(encoding="utf-8")
    return found


def test_built_site_matches_the_golden_tree(tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = run_cli("build", "--content", str(GOLDEN / "content"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    built = _outputs(out)
    if os.environ.get("IVPSITE_GOLDEN") == "update":
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel, text in built.items():
            (EXPECTED / rel).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / rel).write_text(text, encoding="utf-8", newline="")
    expected = _outputs(EXPECTED)
    assert sorted(built) == sorted(expected), "files added or missing against tests/golden/expected"
    for rel in sorted(expected):
        if built[rel] != expected[rel]:
            diff = "".join(difflib.unified_diff(expected[rel].splitlines(True), built[rel].splitlines(True),
                                                f"expected/{rel}", f"built/{rel}", n=2))
            raise AssertionError(f"{rel} differs from the golden tree:\n{diff[:4000]}")
