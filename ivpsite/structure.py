"""Stage 3, model: the validated content assembled into the site a resident walks through:
one `Page` per URL, the map from content files to URLs, and the cross-indexes (which plans
treat a topic, which plans hang under a plan). Plain data; no HTML, no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Organisation, OrganisationKind, Plan, PlanStatus
from .validate import Content, Markdown


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

    def plans_of(self, org: str) -> list[tuple[str, Plan]]:
        return [(k, p) for k, p in sorted(self.content.plans.items()) if k.split("/")[0] == org]


def plan_url(key: str) -> str:
    return f"{key}/"


def section_url(key: str, slug: str) -> str:
    return f"{key}/{slug}/"


def topic_url(topic: str) -> str:
    return f"onderwerpen/{topic}/"


def assemble(content: Content) -> Site:
    urls = _urls(content)
    site = Site(content, urls, _topic_refs(content), _children(content), [])
    site.pages.extend(_pages(site))
    return site


def _urls(content: Content) -> dict[str, str]:
    urls = {f"{slug}/organisation.yaml": f"{slug}/" for slug in content.organisations}
    urls.update({f"{key}/plan.yaml": plan_url(key) for key in content.plans})
    for key, entries in content.sections.items():
        urls.update({e.path: section_url(key, e.slug) for e in entries})
    urls.update({p.path: f"{p.slug}/" for p in content.pages})
    return urls


def _children(content: Content) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for key, plan in sorted(content.plans.items()):
        if plan.parent:
            children[plan.parent].append(key)
    return dict(children)


def _topic_refs(content: Content) -> dict[str, list[Ref]]:
    refs: dict[str, list[Ref]] = defaultdict(list)
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
                refs[t].append(Ref(key, "indicator", ind.name, f"{base}#indicator-{ind.id}"))
        for c in plan.comparisons:
            for t in c.topics:
                refs[t].append(Ref(key, "vergelijking", c.title, f"{base}#vergelijking-{c.id}"))
        for entry in content.sections.get(key, []):
            for t in getattr(entry.meta, "topics", []):
                refs[t].append(Ref(key, "sectie", entry.meta.title, section_url(key, entry.slug)))
    return dict(refs)


def status_label(plan: Plan) -> str:
    return {PlanStatus.geldend: "Geldend", PlanStatus.verlopen: "Verlopen",
            PlanStatus.onbekend: "Status onbekend"}[plan.status]


def _pages(site: Site) -> list[Page]:
    content = site.content
    home = ("Home", "")
    pages = [Page("", "home.html", content.site.title), Page("404.html", "404.html", "Pagina niet gevonden")]
    pages.append(Page("onderwerpen/", "topics.html", "Onderwerpen", crumbs=(home,)))
    for topic in content.taxonomy.topics:
        pages.append(Page(topic_url(topic.id), "topic.html", topic.label, {"topic": topic},
                          (home, ("Onderwerpen", "onderwerpen/"))))
    for slug, org in sorted(content.organisations.items()):
        pages.append(Page(f"{slug}/", "organisation.html", org.name, {"slug": slug, "org": org}, (home,)))
        for key, plan in site.plans_of(slug):
            pages.extend(_plan_pages(site, key, plan, org, (home, (org.name, f"{slug}/"))))
    for entry in content.pages:
        pages.append(Page(f"{entry.slug}/", "page.html", entry.meta.title, {"entry": entry}, (home,)))
    return pages


def _plan_pages(site: Site, key: str, plan: Plan, org: Organisation,
                crumbs: tuple[tuple[str, str], ...]) -> list[Page]:
    sections = site.content.sections.get(key, [])
    pages = [Page(plan_url(key), "plan.html", plan.title,
                  {"key": key, "plan": plan, "org": org, "sections": sections}, crumbs)]
    inner = crumbs + ((plan.title, plan_url(key)),)
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


__all__ = ["Site", "Page", "Ref", "Markdown", "assemble", "organisations_by_kind", "status_label"]
