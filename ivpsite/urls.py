"""Every address the site writes, in one place. Addresses are site-relative: '' is the home
page, folders end in '/', and the render stage makes each link relative to the page that
holds it, so the built site works under any sub-path.

Shared by the stages: validate refuses an organisation or free page named like one of the
site's own top-level addresses (RESERVED), the model and render stages make them.
tests/test_publish.py checks that a build writes nothing at the top level outside RESERVED,
the organisations and the free pages."""

from __future__ import annotations

HOME = ""
NOT_FOUND = "404.html"
TOPICS = "onderwerpen/"
FIELDS = "veiligheidsvelden/"
COMPARE = "vergelijking/"
SEARCH = "zoeken/"
SEARCH_WORDS = "zoeken/woorden.json"  # the vocabulary of the search suggestions
OPEN_DATA = "open-data/"
INDICATORS_CSV = "data/indicatoren.csv"
PLANS_JSON = "data/plannen.json"
HANDBOOK = "handleiding/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
SEARCH_INDEX = "pagefind/"
ASSETS = "assets/"  # the theme's static files: assets/ and favicon.svg

# Top-level names of the site's own addresses and files, and 'pages' (the free pages' folder).
RESERVED = frozenset(
    address.split("/")[0].removesuffix(".html")
    for address in (NOT_FOUND, TOPICS, FIELDS, COMPARE, SEARCH, OPEN_DATA, INDICATORS_CSV, HANDBOOK,
                    FEED, SITEMAP, ROBOTS, SEARCH_INDEX, ASSETS, "favicon.svg", "pages/", "schemas/")
)


def organisation(slug: str) -> str:
    return f"{slug}/"


def plan(key: str) -> str:
    return f"{key}/"


def section(key: str, slug: str) -> str:
    return f"{key}/{slug}/"


def indicators(key: str) -> str:
    return f"{key}/indicatoren/"


def verantwoording(key: str) -> str:
    return f"{key}/verantwoording/"


def progress(key: str, year: int) -> str:
    return f"{key}/voortgang-{year}/"


def indicator(key: str, indicator_id: str) -> str:
    return f"{key}/indicatoren/{indicator_id}/"


def topic(topic_id: str) -> str:
    return f"onderwerpen/{topic_id}/"


def field(field_id: str) -> str:
    return f"veiligheidsvelden/{field_id}/"


def free_page(slug: str) -> str:
    return f"{slug}/"


def plan_csv(key: str) -> str:
    return f"data/{key}.csv"


def file_of(url: str) -> str:
    """The output file of a page address: 'a/b/' -> 'a/b/index.html'."""
    return url if url.endswith(".html") else f"{url}index.html"
