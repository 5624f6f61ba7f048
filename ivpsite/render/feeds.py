"""Site plumbing beside the pages: sitemap.xml, robots.txt and an Atom feed of the plans.

Everything here is absolute (built from `site.base_url`), because crawlers and feed readers
read these files outside the site. Nothing depends on the clock: a build of the same content
gives the same bytes.

Dates in the feed come only from content/, never from the build time. A plan's date is the
most recent of its adoption date and validity start/end; without those, the date of its
source document. A plan whose sources give no date is left out of the feed (it is still on
the site and in the sitemap): Atom requires a date and the site does not invent one, not even
1 January of the plan's first year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from .. import dutch
from ..content import Plan, PlanStatus
from .. import urls
from ..model.site import Site, report_years

FEED, SITEMAP, ROBOTS = urls.FEED, urls.SITEMAP, urls.ROBOTS
_NOT_IN_SITEMAP = {urls.NOT_FOUND}


def files(site: Site) -> dict[str, bytes]:
    """sitemap.xml, robots.txt and feed.xml, keyed by output path like `render.render`."""
    return {
        SITEMAP: sitemap(site).encode("utf-8"),
        ROBOTS: robots(site).encode("utf-8"),
        FEED: feed(site).encode("utf-8"),
    }


def sitemap(site: Site) -> str:
    base = site.content.site.base_url
    urls = sorted({p.url for p in site.pages} - _NOT_IN_SITEMAP)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(base + url)}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(site: Site) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.content.site.base_url}{SITEMAP}\n"


def plan_date(plan: Plan) -> tuple[dt.date, str] | None:
    """The date a plan's feed entry carries, with a Dutch note on where it comes from.

    The plan's own dates first (the latest of adoption and validity start/end); the date of
    the source document only when the plan has none, because a source can be a later
    document about the plan; then 1 January of the first plan year; else None.
    """
    own = [(d, label) for d, label in (
        (plan.adoption.date, "vaststelling"),
        (plan.validity.start if plan.validity else None, "begin geldigheid"),
        (plan.validity.end if plan.validity else None, "einde geldigheid"),
    ) if d is not None]
    if own:
        return max(own, key=lambda item: item[0])
    if plan.source.date is not None:
        return plan.source.date, "datum van de bron"
    return None


@dataclass(frozen=True)
class _Entry:
    date: dt.date
    link: str  # absolute
    title: str
    category: tuple[str, str]  # (term, label)
    summary: str


def entries(site: Site) -> list[_Entry]:
    """A plan, dated by its own or its source's date; a yearly progress report, dated by the
    latest publication date of that year's measurements. Without a date: no entry."""
    base = site.content.site.base_url
    found = []
    for key, plan in sorted(site.content.plans.items()):
        org_name = site.content.organisations[key.split("/")[0]].name
        dated = plan_date(plan)
        if dated is not None:
            date, origin = dated
            status = dutch.PLAN_STATUS[plan.status.value]
            prefix = "Verlopen: " if plan.status is PlanStatus.verlopen else ""
            summary = f"{org_name} · {status} · datum: {dutch.date(date)} ({origin})."
            found.append(_Entry(date, base + urls.plan(key), f"{prefix}{plan.title} ({org_name})",
                                (plan.status.value, status), summary + (f" {plan.summary}" if plan.summary else "")))
        for year in report_years(plan):
            dates = [m.date for i in plan.indicators for m in i.measurements if m.year == year and m.date]
            if dates:
                found.append(_Entry(max(dates), base + urls.progress(key, year),
                                    f"Voortgang {year}: {plan.title} ({org_name})", ("voortgang", "Voortgang"),
                                    f"{org_name} · de stand van de indicatoren in {year} · datum: "
                                    f"{dutch.date(max(dates))} (publicatie van de cijfers)."))
    # Newest first; ties in address order, so the order never depends on dict order.
    return sorted(found, key=lambda e: (-e.date.toordinal(), e.link))


def feed(site: Site) -> str:
    config = site.content.site
    base = config.base_url
    found = entries(site)
    updated = _stamp(max((e.date for e in found), default=dt.date(1970, 1, 1)))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
        f"  <title>{escape(config.title)}: plannen</title>",
        f"  <subtitle>{escape(config.description)}</subtitle>",
        f"  <id>{escape(base + FEED)}</id>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + FEED)}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base)}/>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(config.publisher)}</name></author>",
    ]
    for e in found:
        out += [
            "  <entry>",
            f"    <title>{escape(e.title)}</title>",
            f"    <id>{escape(e.link)}</id>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(e.link)}/>",
            f"    <updated>{_stamp(e.date)}</updated>",
            f"    <category term={quoteattr(e.category[0])} label={quoteattr(e.category[1])}/>",
            f"    <summary>{escape(e.summary)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


# Characters XML 1.0 does not allow at all; content text may hold them (a stray control
# character pasted from a PDF), and one would make the whole feed unreadable.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(text: str) -> str:
    return _escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    return _quoteattr(_NOT_XML.sub("", text))


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"
