"""Stage 4, render: the site model as files. Pages through the theme's templates
(`pages`), the feed, sitemap and robots.txt (`feeds`) and the open data (`opendata`); the
editors' handbook (`handbook`) only when a build asks for it."""

from __future__ import annotations

import json

from .. import urls
from ..model.pages import SearchPage
from ..model.site import Site
from . import feeds, opendata, pages
from .theme import Theme


def render(site: Site, theme: Theme | None = None) -> dict[str, bytes]:
    """Every file of the site but the theme's static files and the search index, by path."""
    return (pages.render(site, theme=theme) | feeds.files(site) | opendata.export(site.content)
            | search_words(site))


def search_words(site: Site) -> dict[str, bytes]:
    """The vocabulary the search page suggests from, beside the page (fetched only when a
    query finds nothing)."""
    page = next(p for p in site.pages if isinstance(p, SearchPage))
    return {urls.SEARCH_WORDS: json.dumps(page.words, ensure_ascii=False, separators=(",", ":")).encode("utf-8")}
