"""The pipeline in reading order: load -> validate -> model -> render -> index -> publish
(the index is written into the staging folder, before the swap)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from . import charts, opendata
from . import feeds
from . import handbook, search
from .load import load
from .problems import Problems
from .publish import locked, publish, unsafe_out
from .render import THEMES, render
from .structure import Site, assemble
from .validate import validate


def check(content_dir: Path, problems: Problems) -> Site | None:
    """Read and check everything; the site model when the content is valid."""
    if not content_dir.is_dir():
        problems.add(str(content_dir), 0, 0, "contentmap bestaat niet; geef met --content de map "
                                              "met site.yaml, topics.yaml en de organisaties")
        return None
    documents = load(content_dir, problems)
    content = validate(documents, problems)
    if content is None or problems:
        return None
    if not (THEMES / content.site.theme / "templates").is_dir():
        problems.add("site.yaml", 0, 0, f"thema '{content.site.theme}' bestaat niet; "
                                        "verwacht een map themes/<naam>/templates")
        return None
    return assemble(content)


def build(content_dir: Path, out: Path, problems: Problems, handbook_config: Path | None = None) -> Site | None:
    """Check, render and publish; on any problem the out folder is left untouched. With
    `handbook_config` (mkdocs.yml) the editors' handbook is published under handleiding/."""
    refusal = unsafe_out(out, content_dir)
    if refusal is not None:
        problems.add(str(out), 0, 0, refusal)
        return None
    with locked(out):
        site = check(content_dir, problems)
        if site is None:
            return None
        manual = handbook.files(handbook_config, problems) if handbook_config else {}
        if problems:
            return None
        if manual:
            site = dataclasses.replace(site, handbook_url=handbook.URL)
        files = manual | render(site) | feeds.files(site) | opendata.export(site.content) | charts.assets()
        publish(files, THEMES / site.content.site.theme / "static", out, finish=search.index)
        return site
