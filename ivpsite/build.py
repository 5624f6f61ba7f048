"""The pipeline in reading order: load -> validate -> model -> render -> index -> publish
(the index is written into the staging folder, before the swap)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import index, messages, unchanged
from .content import Content
from .load import Document, load
from .model.site import Site, assemble, chrome_of
from .problems import Problems
from .publish import locked, publish, target, unsafe_out
from .render import handbook, render
from .render import theme as themes
from .render.csp import CONTENT_SECURITY_POLICY
from .validate import validate


def check(content_dir: Path, problems: Problems,
          reader: Callable[[Path, Problems], list[Document]] | None = None) -> Content | None:
    """Read and check everything; the validated content when there is no problem. `reader`
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
    return content


def model(content: Content, handbook: bool = False, previous: Site | None = None, drafts: bool = False) -> Site:
    """The site model of valid content: without its drafts, or (`drafts`, for the preview)
    with them marked. `previous`: a site whose unchanged parts to reuse."""
    shown = content if drafts else content.published()
    return assemble(shown, chrome_of(shown, CONTENT_SECURITY_POLICY, handbook), previous)


def load_site(content_dir: Path, problems: Problems) -> Site | None:
    """Check, then the site model: what `build` renders (for tests and tools)."""
    content = check(content_dir, problems)
    return None if content is None else model(content)


def build(content_dir: Path, out: Path, problems: Problems, handbook_config: Path | None = None,
          reuse: bool = False) -> Site | unchanged.Unchanged | None:
    """Check, render, index and publish; on any problem the out folder is left untouched.
    With `handbook_config` (mkdocs.yml) the editors' handbook is published under handleiding/.
    With `reuse`, a build whose inputs and out folder are as the last build left them does
    nothing and says so (Unchanged)."""
    refusal = unsafe_out(out, content_dir)
    if refusal is not None:
        problems.add(str(out), 0, 0, refusal, scope="cwd")
        return None
    real = target(out)  # a symbolic link: the folder it points to is replaced in place
    with locked(real):
        inputs = unchanged.inputs(content_dir, (themes.site_themes(content_dir), themes.PACKAGED), handbook_config)
        same = unchanged.reusable(real, inputs) if reuse else None
        if same is not None and not (same.warnings and problems.strict):
            for warning in same.warnings:
                problems.warn(*warning)
            return same
        unchanged.forget(real)
        content = check(content_dir, problems)
        if content is None:
            return None
        manual = handbook.files(handbook_config, problems) if handbook_config else {}
        if problems:
            return None
        site = model(content, handbook=bool(manual))
        theme = themes.for_site(content_dir, content.site.theme)
        publish(manual | render(site, theme=theme), theme.static_files(), real, finish=index.index)
        unchanged.remember(real, inputs, len(site.pages),
                           [(w.path, w.line, w.col, w.message) for w in problems.warnings])
        return site
