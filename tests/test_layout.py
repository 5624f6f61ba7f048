"""The layout shows the pipeline: data flows forward, so no stage imports a later one, and
the pipeline never imports the editors' tools."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ivpsite"

# Shared by every stage (no stage of their own), then the stages in order, then the editors'
# tools, which may use all of them, and the command line, which starts any of them.
RANKS = {"load": 1, "validate": 2, "model": 3, "render": 4, "index": 5, "publish": 5, "build": 6,
         "editor": 7, "cli": 8, "__main__": 8}


def _rank(module: str) -> int:
    return RANKS.get(module.split(".")[0], 0)


def _imports(path: Path) -> set[str]:
    """The ivpsite modules `path` imports, as 'model.site' (relative imports resolved)."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)]
            if node.module:
                found.add(".".join([*base, node.module]))
            else:
                found.update(".".join([*base, alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ivpsite."):
            found.add(node.module.removeprefix("ivpsite."))
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("ivpsite.") for a in node.names if a.name.startswith("ivpsite."))
    return {name for name in found if name}


def _modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p
            for p in sorted(PACKAGE.rglob("*.py")) if "themes" not in p.parts}


def test_no_stage_imports_a_later_stage() -> None:
    later = [(module, used) for module, path in _modules().items()
             for used in sorted(_imports(path)) if _rank(used) > _rank(module)]
    assert later == []


def test_the_pipeline_never_imports_the_editor_tools() -> None:
    found = [(module, used) for module, path in _modules().items() if _rank(module) < RANKS["editor"]
             for used in _imports(path) if used.split(".")[0] == "editor"]
    assert found == []


def test_the_import_reader_sees_the_stages() -> None:  # the two tests above read real imports
    imports = _imports(PACKAGE / "build.py")
    assert {"load", "validate", "model.site", "render", "index", "publish"} <= imports
