"""Where a theme's templates and static files come from: the one place that knows.

The default theme lives in the repository's top-level themes/ folder; the wheel carries it
inside the package as ivpsite/themes/ (pyproject.toml), so an installed ivpsite finds it
there and an editable checkout finds the repository's folder. A site may override any
template or static file from its own themes/<name>/ folder next to its content folder (as
MkDocs' custom_dir does): a file there wins, every other file comes from the packaged theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import FileSystemLoader


def _packaged() -> Path:
    package = Path(__file__).resolve().parents[1]
    inside = package / "themes"  # an installed wheel
    return inside if inside.is_dir() else package.parent / "themes"  # the repository


PACKAGED = _packaged()


@dataclass(frozen=True)
class Theme:
    name: str
    roots: tuple[Path, ...]  # themes/<name> folders that exist, the site's own first

    @property
    def template_dirs(self) -> list[Path]:
        return [root / "templates" for root in self.roots if (root / "templates").is_dir()]

    def exists(self) -> bool:
        return bool(self.template_dirs)

    def loader(self) -> FileSystemLoader:
        """Each template from the first folder that has it."""
        return FileSystemLoader(self.template_dirs)

    def static_files(self) -> dict[str, Path]:
        """Site-relative path -> the file to copy; a site's own file wins."""
        found: dict[str, Path] = {}
        for root in reversed(self.roots):
            static = root / "static"
            for path in sorted(static.rglob("*")) if static.is_dir() else []:
                if path.is_file():
                    found[path.relative_to(static).as_posix()] = path
        return dict(sorted(found.items()))


def site_themes(content_dir: Path) -> Path:
    """A site's own themes/ folder: beside its content folder."""
    return content_dir.resolve().parent / "themes"


def for_site(content_dir: Path | None, name: str) -> Theme:
    """Theme `name` as a site in `content_dir` sees it (None: the packaged theme only)."""
    candidates = [PACKAGED / name]
    if content_dir is not None:
        candidates.insert(0, site_themes(content_dir) / name)
    roots: list[Path] = []
    for root in candidates:
        if root.is_dir() and root.resolve() not in [r.resolve() for r in roots]:
            roots.append(root)
    return Theme(name, tuple(roots))
