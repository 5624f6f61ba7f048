"""Stage 4, render: every `Page` of the site model through its Jinja template.

Templates live only in themes/<name>/templates. Autoescape is on and undefined variables
are errors. Every internal URL is written relative to the page that holds it, so the
built site works under any sub-path and from any static host.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import pickle
import posixpath
import signal
import threading
from decimal import Decimal
from collections.abc import Callable
from urllib.parse import urlsplit

from jinja2 import Environment, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import index as search, markdown
from ..content import Markdown
from ..model import indicators as charts
from ..model.site import Page, Site, organisations_by_kind, status_label
from ..problems import processing, processing_now
from . import csp
from .theme import Theme, for_site

_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")


def nl_number(value: float | int | None, decimals: int | None = None) -> str:
    """Dutch number formatting: 7,9 and 1.234 (never a float artefact such as 7,8999)."""
    if value is None:
        return "niet beschikbaar in de bron"
    if isinstance(value, int) and not decimals:
        text = f"{value:,}"  # exact for any size; a float conversion could overflow
    else:
        if decimals is None:  # the digits the value really has: 1e-05 -> 5, 7.9 -> 1
            exponent = Decimal(repr(float(value))).as_tuple().exponent
            decimals = 0 if float(value).is_integer() or not isinstance(exponent, int) else max(0, -exponent)
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def nl_date(value: dt.date | None) -> str:
    if value is None:
        return "niet beschikbaar in de bron"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


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
    quarter of the render stage at national scale); '..' or a leading '/' takes the exact route."""
    if ".." in target or ".." in start or target.startswith("/") or start.startswith("/"):
        return posixpath.relpath(target, start)
    to = [part for part in target.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < len(to) and common < len(here) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def environment(theme: str | Theme) -> Environment:
    """Jinja over the theme's templates (a name: the packaged theme; a Theme: with a site's
    own templates first, see render/theme.py)."""
    env = Environment(
        loader=(theme if isinstance(theme, Theme) else for_site(None, theme)).loader(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no stat() of the template on every page
    )
    env.filters.update(nl_number=nl_number, nl_date=nl_date, inline_md=_inline_md,
                       status_label=status_label)
    # Chart data for <script type="application/json">; charts.figure_json escapes < > &.
    env.filters["figure_json"] = lambda figure: Markup(charts.figure_json(figure))
    return env


def _inline_md(text: str | None) -> Markup:
    return Markup(markdown.render_inline(text or ""))


def render(site: Site, pages: list[Page] | None = None, theme: Theme | None = None) -> dict[str, bytes]:
    """Every page as bytes, keyed by its output file path inside the site (only `pages`,
    when given: `ivpsite serve` re-renders just the pages an edit affects). `theme` carries
    a site's own template overrides; without it the packaged theme is used."""
    chosen = site.pages if pages is None else pages
    theme = theme or for_site(None, site.content.site.theme)
    if len(chosen) < _SHARE_FROM or not _can_fork():
        return _render(site, chosen, theme)
    return _render_on_two_cores(site, chosen, theme)


def _render(site: Site, pages: list[Page], theme: Theme | None = None) -> dict[str, bytes]:
    env = environment(theme or site.content.site.theme)
    shared = {
        "site": site.content.site,
        "structure": site,
        "taxonomy": site.content.taxonomy,
        "topics": {t.id: t for t in site.content.taxonomy.topics},
        "fields": {f.id: f for f in site.content.taxonomy.fields},
        "organisations": site.content.organisations,
        "organisation_groups": organisations_by_kind(site.content),
        "free_pages": site.content.pages,
        "absolute": lambda to_url: site.content.site.base_url + to_url,  # canonical, og:url
        "content_security_policy": csp.CONTENT_SECURITY_POLICY,
        "search_facets": functools.partial(search.facets, site),
        "handbook_url": site.handbook_url,
    }
    base_path = urlsplit(site.content.site.base_url).path
    output: dict[str, bytes] = {}
    for page in pages:
        processing(page.url or "index.html")
        html = env.get_template(page.template).render(
            page=page, url=_url_for(page.url, base_path), body=_body(site, page), **shared, **page.data
        )
        output[_file_of(page.url)] = html.encode("utf-8")
    return output


# --- a second core -----------------------------------------------------------------------
# Rendering is pure Python, so threads would not help. Above a few thousand pages a forked
# child renders every other page: it inherits the site model (nothing is copied or pickled
# on the way in) and sends back only the finished bytes. Below that, starting it costs
# more than it saves.

_SHARE_FROM = 2000


def _can_fork() -> bool:
    # Forking a process that runs threads (`ivpsite serve`) could copy a held lock.
    return hasattr(os, "fork") and len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1


def _render_on_two_cores(site: Site, pages: list[Page], theme: Theme) -> dict[str, bytes]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render its share, send it, leave without cleaning up the parent's state
        os.close(read_end)
        code = 0
        try:
            result: object = _render(site, pages[1::2], theme)
        except BaseException as error:  # noqa: BLE001 - reported by the parent
            result, code = RuntimeError(f"{processing_now()}: {type(error).__name__}: {error}"), 1
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(code)
    os.close(write_end)
    try:
        output = _render(site, pages[0::2], theme)
        with os.fdopen(read_end, "rb") as pipe:
            shared = pickle.load(pipe)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.waitpid(pid, 0)
    if isinstance(shared, Exception):
        raise shared
    output.update(shared)
    return output


def _file_of(url: str) -> str:
    return url if url.endswith(".html") else f"{url}index.html"


def _url_for(from_url: str, base_path: str) -> Callable[[str], str]:
    # The 404 page is served at whatever address was missing, so its links are absolute.
    def url(to_url: str) -> str:
        if from_url == "404.html":
            return base_path + to_url
        return relative(from_url, to_url)

    return url


def _body(site: Site, page: Page) -> Markup:
    entry = page.data.get("entry")
    if not isinstance(entry, Markdown):
        return Markup("")

    def rewrite(original: str) -> str:
        if original.startswith("#") or "://" in original or original.startswith(("mailto:", "tel:")):
            return original
        resolved = markdown.resolve(entry.path, original) or ""
        path, _, fragment = resolved.partition("#")
        target = site.urls.get(path, "")
        return relative(page.url, target + (f"#{fragment}" if fragment else ""))

    return Markup(markdown.render(entry.body, rewrite))
