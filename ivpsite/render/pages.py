"""Stage 4, render: every page of the site model through its Jinja template.

Templates live only in themes/<name>/templates. Autoescape is on and undefined variables
are errors. A template receives its page object (`model/pages.py`), the site-wide chrome
and two helpers, nothing else. Every internal URL is written relative to the page that
holds it, so the built site works under any sub-path and from any static host.
"""

from __future__ import annotations

import itertools
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from jinja2 import Environment, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from .. import dutch, markdown, parallel
from .. import urls
from ..model import indicators
from ..model.pages import Chrome, FreePage, Page, SectionPage
from ..model.site import Site
from ..problems import working_on
from .theme import Theme, for_site


def relative(from_url: str, to_url: str) -> str:
    """URL of `to_url` as seen from the page at `from_url` (both site-relative paths)."""
    target, _, fragment = to_url.partition("#")
    start = from_url if from_url.endswith("/") else posixpath.dirname(from_url)
    rel = _relpath(target or ".", start or ".")
    if rel == ".":
        rel = "./"
    elif target == "" or target.endswith("/"):
        rel += "/"
    return rel + (f"#{fragment}" if fragment else "")


def _relpath(target: str, start: str) -> str:
    """posixpath.relpath for site-relative paths, without its abspath/getcwd per call (a
    large share of the render stage on big sites); '..' or a leading '/' takes the exact route."""
    if ".." in target or ".." in start or target.startswith("/") or start.startswith("/"):
        return posixpath.relpath(target, start)
    to = [part for part in target.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < len(to) and common < len(here) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def environment(theme: Theme | str, links: Mapping[str, str] | None = None) -> Environment:
    """Jinja over a theme's templates (a name: the packaged theme of that name). With `links`
    (a site's content path -> page address), the relative links in inline Markdown become
    the addresses of that site's pages."""
    env = Environment(
        loader=(theme if isinstance(theme, Theme) else for_site(None, theme)).loader(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no stat() of the template on every page
    )
    env.filters.update(nl_number=dutch.number, nl_date=dutch.date)
    # Chart data for <script type="application/json">; figure_json escapes < > &.
    env.filters["figure_json"] = lambda figure: Markup(indicators.figure_json(figure))
    env.globals.update(NOT_AVAILABLE=dutch.NOT_AVAILABLE, COMPARATOR_WORDS=dutch.COMPARATOR_WORDS)

    @pass_context
    def inline_md(context: Context, text: str | None) -> Markup:
        """A field's inline Markdown; its relative links are written from the plan's folder."""
        if links is None:
            return Markup(markdown.render_inline(text or ""))
        page = context["page"]
        source = f"{page.key}/plan.yaml" if hasattr(page, "key") else "plan.yaml"  # the plan's own fields
        return Markup(markdown.render_inline(text or "", _rewriter(links, page.url, source)))

    env.filters["inline_md"] = inline_md
    return env


# From this many pages on, a worker process renders some of them (ivpsite/parallel.py): below
# it, starting one costs more than it saves. A worker gets its pages pickled, and the pickling
# is done by the caller, so the worker's share must be large enough to be worth it.
PARALLEL_PAGES = 2000


@dataclass(frozen=True)
class _Shared:
    """What every page of one build is rendered with, besides the page itself."""

    key: int  # one per call of `render` in this process: a worker keeps one environment per key
    theme: Theme
    chrome: Chrome
    links: dict[str, str]  # content path -> page address (Site.urls)


def render(site: Site, pages: Iterable[Page] | None = None, theme: Theme | None = None) -> dict[str, bytes]:
    """Every page as bytes, keyed by its output file path inside the site (only `pages`,
    when given: `ivpsite serve` renders again just the pages an edit changed). `theme` carries
    a site's own template overrides; without it the packaged theme is used."""
    shared = _Shared(next(_calls), theme or for_site(None, site.content.site.theme), site.chrome, site.urls)
    chosen = list(site.pages if pages is None else pages)
    done = parallel.spread(_render_chunk, [(shared, page) for page in chosen],
                           worth_it=len(chosen) >= PARALLEL_PAGES)
    return dict(done)


_calls = itertools.count()
_environments: dict[int, Environment] = {}  # per process: a worker gets many chunks of one build


def _render_chunk(jobs: list[tuple[_Shared, Page]]) -> list[tuple[str, bytes]]:
    """(output file, HTML) of each page; module level, so a worker process can run it."""
    done = []
    for shared, page in jobs:
        env = _environments.get(shared.key)
        if env is None:
            _environments.clear()  # one build's environment at a time
            env = _environments[shared.key] = environment(shared.theme, shared.links)
        chrome = shared.chrome
        with working_on(page.file):
            html = env.get_template(page.template).render(
                page=page, site=chrome, url=_url_for(page.url, chrome.base_path),
                absolute=lambda to_url: chrome.base_url + to_url, body=_body(shared.links, page),
                facets=page.search())
        done.append((page.file, html.encode("utf-8")))
    return done


def _url_for(from_url: str, base_path: str) -> Callable[[str], str]:
    # The 404 page is served at whatever address was missing, so its links are absolute.
    def url(to_url: str) -> str:
        if from_url == urls.NOT_FOUND:
            return base_path + to_url
        return relative(from_url, to_url)

    return url


def _body(links: Mapping[str, str], page: Page) -> Markup:
    if not isinstance(page, (SectionPage, FreePage)):
        return Markup("")
    return Markup(markdown.render(page.entry.body, _rewriter(links, page.url, page.entry.path)))


def _rewriter(links: Mapping[str, str], from_url: str, source: str) -> Callable[[str], str]:
    """Link targets as written in content file `source` -> addresses relative to the page."""

    def rewrite(original: str) -> str:
        if original.startswith("#") or "://" in original or original.startswith(("mailto:", "tel:")):
            return original
        resolved = markdown.resolve(source, original) or ""
        path, _, fragment = resolved.partition("#")
        target = links.get(path, "")
        return relative(from_url, target + (f"#{fragment}" if fragment else ""))

    return rewrite
