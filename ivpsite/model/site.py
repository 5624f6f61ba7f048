"""Stage 3, model: the validated content assembled into the site a resident walks through:
one `Page` per URL, the map from content files to URLs, and the cross-indexes (which plans
treat a topic, which plans hang under a plan). Plain data; no HTML, no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..content import Content, Markdown, Organisation, OrganisationKind, Plan, PlanStatus
from ..render import opendata
from . import indicators as charts


@dataclass(frozen=True)
class Ref:
    """A place in a plan that deals with a topic."""

    plan: str  # plan key 'organisation/plan'
    role: str  # prioriteit | thema | sectie | indicator | vergelijking
    title: str
    url: str  # URL path, may carry a #fragment
    excerpt: str | None = None


@dataclass(frozen=True)
class Page:
    url: str  # '' for home, 'a/b/' for folders, or a file name such as '404.html'
    template: str
    title: str
    data: dict[str, object] = field(default_factory=dict)
    crumbs: tuple[tuple[str, str], ...] = ()  # (title, url) from home down to the parent


@dataclass(frozen=True)
class Site:
    content: Content
    urls: dict[str, str]  # content file path -> URL path of the page it becomes
    topic_refs: dict[str, list[Ref]]
    children: dict[str, list[str]]  # plan key -> keys of plans that name it as parent
    pages: list[Page]
    handbook_url: str | None = None  # the editors' handbook, when the build includes it

    def plans_of(self, org: str) -> list[tuple[str, Plan]]:
        return [(k, p) for k, p in sorted(self.content.plans.items()) if k.split("/")[0] == org]


def plan_url(key: str) -> str:
    return f"{key}/"


def section_url(key: str, slug: str) -> str:
    return f"{key}/{slug}/"


def indicator_url(key: str, indicator_id: str) -> str:
    return f"{key}/indicatoren/{indicator_id}/"


def topic_url(topic: str) -> str:
    return f"onderwerpen/{topic}/"


def field_url(field_id: str) -> str:
    return f"veiligheidsvelden/{field_id}/"


# How strongly a plan treats a topic, strongest first; the comparison page shows the strongest.
ROLE_ORDER = ("prioriteit", "thema", "sectie", "indicator", "vergelijking")


@dataclass(frozen=True)
class Cell:
    """One organisation against one topic: 'prioriteit', 'aandacht' or 'niet-genoemd'."""

    level: str
    refs: tuple[Ref, ...] = ()  # every place its plans say it, strongest first


def compare(site: Site) -> dict[tuple[str, str], Cell]:
    """(organisation slug, topic id) -> how that organisation's plans treat the topic."""
    # Refs bucketed by (organisation, topic) in one pass, in their original order; filtering
    # the whole list per cell grew with organisations x refs (1.6 s at 342 organisations).
    buckets: dict[tuple[str, str], list[Ref]] = defaultdict(list)
    for topic_id, topic_refs in site.topic_refs.items():
        for r in topic_refs:
            buckets[(r.plan.split("/")[0], topic_id)].append(r)
    cells = {}
    for org in site.content.organisations:
        for topic in site.content.taxonomy.topics:
            refs = sorted(buckets.get((org, topic.id), ()), key=lambda r: (ROLE_ORDER.index(r.role), r.plan))
            level = ("niet-genoemd" if not refs
                     else "prioriteit" if refs[0].role == "prioriteit" else "aandacht")
            cells[(org, topic.id)] = Cell(level, tuple(refs))
    return cells


def assemble(content: Content) -> Site:
    urls = _urls(content)
    site = Site(content, urls, collect_topic_refs(content), plan_children(content), [])
    site.pages.extend(all_pages(site))
    return site


def _urls(content: Content) -> dict[str, str]:
    urls = {f"{slug}/organisation.yaml": f"{slug}/" for slug in content.organisations}
    urls.update({f"{key}/plan.yaml": plan_url(key) for key in content.plans})
    for key, entries in content.sections.items():
        urls.update({e.path: section_url(key, e.slug) for e in entries})
    urls.update({p.path: f"{p.slug}/" for p in content.pages})
    return urls


def plan_children(content: Content) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for key, plan in sorted(content.plans.items()):
        if plan.parent:
            children[plan.parent].append(key)
    return dict(children)


def collect_topic_refs(content: Content) -> dict[str, list[Ref]]:
    refs: dict[str, list[Ref]] = defaultdict(list)
    words = {t.id: (t.label, *t.synonyms) for t in content.taxonomy.topics}
    for key, plan in sorted(content.plans.items()):
        base = plan_url(key)
        for p in plan.priorities:
            for t in p.topics:
                refs[t].append(Ref(key, "prioriteit", p.title, f"{base}#prioriteit-{p.id}", p.summary))
        for th in plan.themes:
            for t in th.topics:
                refs[t].append(Ref(key, "thema", th.title, f"{base}#thema-{th.id}", th.summary))
        for ind in plan.indicators:
            for t in ind.topics:
                refs[t].append(Ref(key, "indicator", ind.name, indicator_url(key, ind.id)))
        for c in plan.comparisons:
            for t in c.topics:
                refs[t].append(Ref(key, "vergelijking", c.title, f"{base}#vergelijking-{c.id}"))
        for entry in content.sections.get(key, []):
            for t in getattr(entry.meta, "topics", []):
                refs[t].append(Ref(key, "sectie", entry.meta.title, section_url(key, entry.slug),
                                   _excerpt(entry, words.get(t, ()))))
    return dict(refs)


def _field_plans(site: Site, field_id: str) -> list[tuple[str, list[str], list[str]]]:
    """Plans treating topics of one safety field: (plan key, priority topic ids, other topic ids)."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for topic in site.content.taxonomy.topics:
        if topic.field != field_id:
            continue
        for key in sorted({r.plan for r in site.topic_refs.get(topic.id, [])}):
            roles = {r.role for r in site.topic_refs[topic.id] if r.plan == key}
            priority, other = found.setdefault(key, ([], []))
            (priority if "prioriteit" in roles else other).append(topic.id)
    return [(key, *found[key]) for key in sorted(found)]


def _excerpt(entry: Markdown, words: tuple[str, ...] = (), limit: int = 240) -> str | None:
    """A paragraph of a section as plain text, cut at a word near `limit`: the first that
    names one of `words` (a topic's label or synonyms), else the first paragraph."""
    paragraphs = entry.body.paragraphs
    lowered = [w.lower() for w in words]
    chosen = next((p for p in paragraphs if any(w in p.lower() for w in lowered)),
                  paragraphs[0] if paragraphs else None)
    if chosen is None or len(chosen) <= limit:
        return chosen
    return chosen[:limit].rsplit(" ", 1)[0] + " …"


def status_label(plan: Plan) -> str:
    return {PlanStatus.geldend: "Geldend", PlanStatus.verlopen: "Verlopen",
            PlanStatus.onbekend: "Status onbekend"}[plan.status]


def all_pages(site: Site) -> list[Page]:
    content = site.content
    home = ("Home", "")
    pages = [Page("", "home.html", content.site.title), Page("404.html", "404.html", "Pagina niet gevonden")]
    pages.append(Page("onderwerpen/", "topics.html", "Onderwerpen", crumbs=(home,)))
    fields = {f.id: f for f in content.taxonomy.fields}
    for f in content.taxonomy.fields:
        pages.append(Page(field_url(f.id), "field.html", f.label, {"field": f, "plans": _field_plans(site, f.id)},
                          (home, ("Onderwerpen", "onderwerpen/"))))
    for topic in content.taxonomy.topics:
        pages.append(Page(topic_url(topic.id), "topic.html", topic.label, {"topic": topic},
                          (home, ("Onderwerpen", "onderwerpen/"),
                           (fields[topic.field].label, field_url(topic.field)))))
    pages.append(Page("vergelijking/", "compare.html", "Vergelijking per onderwerp",
                      {"cells": compare(site)}, (home,)))
    pages.append(Page("zoeken/", "search.html", "Zoeken", crumbs=(home,)))
    for slug, org in sorted(content.organisations.items()):
        pages.append(Page(f"{slug}/", "organisation.html", org.name, {"slug": slug, "org": org}, (home,)))
        for key, plan in site.plans_of(slug):
            pages.extend(plan_pages(site, key, plan, org, (home, (org.name, f"{slug}/"))))
    pages.append(Page("open-data/", "opendata.html", "Open data",
                      {"columns": opendata.COLUMNS, "plan_csvs": [(k, opendata.plan_csv(k))
                                                                  for k in sorted(content.plans)]},
                      (home,)))
    for entry in content.pages:
        pages.append(Page(f"{entry.slug}/", "page.html", entry.meta.title, {"entry": entry}, (home,)))
    return pages


def plan_pages(site: Site, key: str, plan: Plan, org: Organisation,
                crumbs: tuple[tuple[str, str], ...]) -> list[Page]:
    sections = site.content.sections.get(key, [])
    views = {i.id: charts.indicator_view(i) for i in plan.indicators}
    comparisons = {c.id: charts.comparison_figure(c) for c in plan.comparisons}
    pages = [Page(plan_url(key), "plan.html", plan.title,
                  {"key": key, "plan": plan, "org": org, "sections": sections,
                   "indicator_views": views, "comparison_figures": comparisons}, crumbs)]
    inner = crumbs + ((plan.title, plan_url(key)),)
    for ind in plan.indicators:
        pages.append(Page(indicator_url(key, ind.id), "indicator.html", ind.name,
                          {"key": key, "plan": plan, "org": org, "indicator": ind, "view": views[ind.id],
                           "csv_url": opendata.plan_csv(key), "status_rules": charts.STATUS_RULES}, inner))
    for i, entry in enumerate(sections):
        neighbours = {"previous": sections[i - 1] if i > 0 else None,
                      "next": sections[i + 1] if i + 1 < len(sections) else None}
        pages.append(Page(section_url(key, entry.slug), "section.html", entry.meta.title,
                          {"key": key, "plan": plan, "org": org, "entry": entry, **neighbours}, inner))
    return pages


def organisations_by_kind(content: Content) -> list[tuple[str, list[tuple[str, Organisation]]]]:
    groups = []
    for kind, label in ((OrganisationKind.gemeente, "Gemeenten"), (OrganisationKind.regio, "Regio's")):
        members = [(s, o) for s, o in sorted(content.organisations.items(), key=lambda i: i[1].name)
                   if o.kind is kind]
        if members:
            groups.append((label, members))
    return groups


__all__ = ["Site", "Page", "Ref", "Cell", "compare", "Markdown", "assemble", "organisations_by_kind", "status_label"]
