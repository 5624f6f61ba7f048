"""The editors' handbook (docs/ with Material for MkDocs), built into the site under
handleiding/ when `ivpsite build --handbook mkdocs.yml` asks for it.

The handbook is built into a temporary folder first and handed to publish as plain files,
so a handbook that fails to build stops the publication like any other problem, and the
live site is never half-updated."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from .. import messages
from .. import urls
from ..problems import Problems

# MkDocs' own 404 page links from the host root (it cannot know the sub-path) and its
# sitemap is empty without a site_url; the site's own 404.html and sitemap.xml serve instead.
_LEFT_OUT = {"404.html", "sitemap.xml", "sitemap.xml.gz"}


class _Collect(logging.Handler):
    """MkDocs reports through logging; its warnings and errors become problems."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())


def files(config_file: Path, problems: Problems) -> dict[str, bytes]:
    """The built handbook as site-relative paths under handleiding/ -> bytes."""
    where = str(config_file)
    if not config_file.is_file():
        problems.add(where, 0, 0, messages.text("handbook_config_missing"), scope="cwd")
        return {}
    try:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
    except ImportError:
        problems.add(where, 0, 0, messages.text("handbook_mkdocs_missing"), scope="cwd")
        return {}
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        with tempfile.TemporaryDirectory(prefix="ivpsite-handleiding-") as folder:
            try:
                config = load_config(str(config_file), site_dir=folder, strict=True)
                build(config)
            except BaseException as error:  # noqa: BLE001 - MkDocs aborts with SystemExit subclasses
                if isinstance(error, KeyboardInterrupt):
                    raise
                for message in collect.messages or [f"{type(error).__name__}: {error}"]:
                    problems.add(where, 0, 0, messages.text("handbook_failed", message=message), scope="cwd")
                return {}
            root = Path(folder)
            return {urls.HANDBOOK + rel: p.read_bytes() for p in sorted(root.rglob("*"))
                    if p.is_file() and (rel := p.relative_to(root).as_posix()) not in _LEFT_OUT}
    finally:
        logger.removeHandler(collect)
