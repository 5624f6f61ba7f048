"""A build with nothing to do: the inputs and the published folder are exactly as the last
build left them, so the folder already holds what a new build would write.

The output is a pure function of its inputs (tests/test_golden.py pins that the same content
gives the same bytes): the content folder, the site's own themes, ivpsite itself (its code
and packaged theme), Pagefind's version and, with --handbook, mkdocs.yml and its docs. A
build records a digest of those inputs and a digest of the folder it published (every
file's path, size and modification time) beside the out folder, next to its lock file,
never inside the published site. The next build with the same inputs, finding the folder
unchanged, stops there. Anything else (an edit, a touched or removed output file, another
ivpsite, a state file that cannot be read) means a full build. The last build's warnings are
kept and said again; with --strict a site that had warnings is built (and refused) in full.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

_PACKAGE = Path(__file__).resolve().parent
_FORMAT = 1


@dataclass(frozen=True)
class Unchanged:
    """What a build that had nothing to do says about the site it left in place."""

    pages: int
    warnings: tuple[tuple[str, int, int, str], ...] = ()  # the last build's: path, line, col, message


def state_file(real: Path) -> Path:
    return real.parent / f".{real.name}.state.json"


def inputs(content_dir: Path, theme_roots: tuple[Path, ...], handbook_config: Path | None) -> str:
    """A digest of everything a build reads."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"format {_FORMAT}\0".encode())
    for name in ("pagefind", "pagefind_bin"):
        try:
            digest.update(f"{name} {version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name} -\0".encode())
    folders = [("content", content_dir), ("ivpsite", _PACKAGE)]
    folders += [(f"theme{i}", root) for i, root in enumerate(theme_roots)]
    if handbook_config is not None:
        folders.append(("handbook", _docs_dir(handbook_config)))
        _add_file(digest, "mkdocs.yml", handbook_config)
    for label, folder in folders:
        for path in _files(folder):
            _add_file(digest, f"{label}/{path.relative_to(folder).as_posix()}", path)
    return digest.hexdigest()


def published(real: Path) -> str:
    """A digest of the published folder as it stands: path, size and mtime of every file."""
    digest = hashlib.blake2b(digest_size=32)
    for path in _files(real):
        stat = path.stat()
        digest.update(f"{path.relative_to(real).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def reusable(real: Path, digest: str) -> Unchanged | None:
    """The site in `real` when the last build there had these inputs and its folder is
    untouched since; otherwise None."""
    try:
        state = json.loads(state_file(real).read_text(encoding="utf-8"))
        if state["inputs"] != digest or not real.is_dir() or state["published"] != published(real):
            return None
        warnings = tuple((str(p), int(line), int(col), str(m)) for p, line, col, m in state["warnings"])
        return Unchanged(int(state["pages"]), warnings)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget(real: Path) -> None:
    state_file(real).unlink(missing_ok=True)


def remember(real: Path, digest: str, pages: int, warnings: list[tuple[str, int, int, str]]) -> None:
    state = {"inputs": digest, "published": published(real), "pages": pages, "warnings": warnings}
    state_file(real).write_text(json.dumps(state), encoding="utf-8")


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, in a stable order, skipping Python's byte-code caches."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.extend(Path(root) / name for name in sorted(files))
    return found


def _add_file(digest: hashlib.blake2b, label: str, path: Path) -> None:
    try:
        data = path.read_bytes()
    except OSError:
        data = b"\0unreadable"
    digest.update(f"{label}\0{len(data)}\0".encode())
    digest.update(data)


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name: or !ENV; only docs_dir matters here."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def _docs_dir(config: Path) -> Path:
    """The handbook's docs folder as mkdocs.yml names it (MkDocs' default: docs)."""
    try:
        settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTag)  # a SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        settings = None
    name = settings.get("docs_dir") if isinstance(settings, dict) else None
    return config.resolve().parent / (name if isinstance(name, str) else "docs")
