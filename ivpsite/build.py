"""The pipeline in reading order: load -> validate -> model -> render -> index -> publish
(the index is written into the staging folder, before the swap)."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Callable, Iterator
from pathlib import Path

from . import index, messages
from .model import indicators
from .render import feeds, handbook, opendata
from .load import Document, load
from .problems import Problems
from .publish import locked, publish, target, unsafe_out
from .render import theme as themes
from .render.pages import render
from .model.site import Site, assemble
from .validate import validate


@contextlib.contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Python's cycle collector paused for one run. The content model holds millions of
    long-lived objects (Markdown tokens above all) that every full collection walks again:
    a sixth of a national build, while the pipeline leaves almost no cyclic garbage (about
    1,500 objects at 342 organisations). Reference counting frees everything else as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:  # a nested or outer run keeps it paused until it ends itself
            gc.enable()


@_without_cycle_collector()
def check(content_dir: Path, problems: Problems,
          reader: Callable[[Path, Problems], list[Document]] | None = None) -> Site | None:
    """Read and check everything; the site model when the content is valid. `reader`
    replaces `load` (`ivpsite serve` passes one that re-reads only changed files)."""
    if not content_dir.is_dir():
        problems.add(str(content_dir), 0, 0, messages.text("content_dir_missing"), scope="cwd")
        return None
    documents = (reader or load)(content_dir, problems)
    content = validate(documents, problems)
    if content is None or problems:
        return None
    if not themes.for_site(content_dir, content.site.theme).exists():
        site_doc = next(doc for doc in documents if doc.path == "site.yaml")
        problems.add("site.yaml", *site_doc.where.of_value(("theme",)),
                     messages.text("theme_missing", theme=content.site.theme))
        return None
    return assemble(content)


@_without_cycle_collector()
def build(content_dir: Path, out: Path, problems: Problems, handbook_config: Path | None = None) -> Site | None:
    """Check, render and publish; on any problem the out folder is left untouched. With
    `handbook_config` (mkdocs.yml) the editors' handbook is published under handleiding/."""
    refusal = unsafe_out(out, content_dir)
    if refusal is not None:
        problems.add(str(out), 0, 0, refusal, scope="cwd")
        return None
    real = target(out)  # a symbolic link: the folder it points to is replaced in place
    with locked(real):
        site = check(content_dir, problems)
        if site is None:
            return None
        manual = handbook.files(handbook_config, problems) if handbook_config else {}
        if problems:
            return None
        if manual:
            site = dataclasses.replace(site, handbook_url=handbook.URL)
        theme = themes.for_site(content_dir, site.content.site.theme)
        files = (manual | render(site, theme=theme) | feeds.files(site) | opendata.export(site.content)
                 | indicators.assets())
        publish(files, theme.static_files(), real, finish=index.index)
        return site
