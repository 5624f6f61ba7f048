"""Stage 3, model: the validated content assembled into the site a resident walks through,
one typed page object per address (`model/pages.py`). Plain data; no HTML, no I/O.

The pages of one plan depend only on that plan, its sections, its organisation and the
titles of its parent and child plans; `assemble` reuses them from a previous site when all
of those are the very same objects (`ivpsite serve` passes the last good site, so an edit
to one plan rebuilds that plan's pages and the pages that gather across plans).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .. import dutch
from ..content import Content, Markdown, Organisation, OrganisationKind, Plan, inline_markdown
from .. import urls
from . import indicators, mentions, opendata
from .pages import (Chrome, CompareTable, ComparePage, FieldPage, FieldPlan, FieldsPage, FieldTopics,
                    FreePage, HomePage, IndicatorPage, IndicatorRow, IndicatorsPage, Link, NotFoundPage,
                    OpenDataPage, OrganisationCard, OrganisationPage, Page, PlanEntry, PlanPage, PlanRefs,
                    ProgressPage, ProgressRow, SearchPage, SectionPage, TopicCount, TopicPage, TopicsPage,
                    VerantwoordingPage, plan_entry)
from .topics import Cell, Ref, cells, plan_refs

@dataclass(frozen=True)
class PlanBundle:
    """Everything the model makes of one plan, and the inputs it was made from."""

    inputs: tuple[object, ...]
    pages: tuple[Page, ...]
    refs: dict[str, list[Ref]]  # topic id -> places in this plan
    words: frozenset[str]  # the plan's own words, for the search page's suggestions


@dataclass(frozen=True)
class Site:
    content: Content
    chrome: Chrome
    urls: dict[str, str]  # content file path -> address of the page it becomes
    refs: dict[str, list[Ref]]  # topic id -> places in all plans, in plan-key order
    children: dict[str, list[str]]  # plan key -> keys of the plans that name it as parent
    pages: list[Page]
    bundles: dict[str, PlanBundle] = field(default_factory=dict, compare=False)


def assemble(content: Content, chrome: Chrome, previous: Site | None = None) -> Site:
    """The site of `content`; its drafts (content.drafts()) become pages marked as drafts,
    so a build passes content.published() and the preview shows them with a banner."""
    children = _children(content)
    hidden = content.drafts()
    keys = sorted(content.plans)
    # A whole build finds every plan's mentions at once, across the cores; the preview, which
    # reuses the bundles of plans an edit left alone, finds them plan by plan.
    mentioned = None if previous is not None else dict(zip(keys, mentions.find_all(
        [(key, content.plans[key], content.sections.get(key, [])) for key in keys], content.taxonomy)))
    bundles = {key: _bundle(content, chrome, key, children, previous, hidden,
                            None if mentioned is None else mentioned[key])
               for key in keys}
    refs: dict[str, list[Ref]] = defaultdict(list)
    for bundle in bundles.values():
        for topic, found in bundle.refs.items():
            refs[topic].extend(found)
    site = Site(content, chrome, _urls(content), dict(refs), children, [], bundles)
    site.pages.extend(_pages(site))
    return site


def chrome_of(content: Content, csp: str, handbook: bool = False) -> Chrome:
    config = content.site
    path = "/" + config.base_url.split("://", 1)[1].partition("/")[2]
    return Chrome(config.title, config.description, config.base_url, path, config.publisher, config.contact,
                  tuple(Link(p.meta.title, urls.free_page(p.slug)) for p in content.pages),
                  Link("Handleiding voor redacteuren", urls.HANDBOOK) if handbook else None, csp,
                  config.edit_url)


def _children(content: Content) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for key, plan in sorted(content.plans.items()):
        if plan.parent:
            children[plan.parent].append(key)
    return dict(children)


def _urls(content: Content) -> dict[str, str]:
    found = {f"{slug}/organisation.yaml": urls.organisation(slug) for slug in content.organisations}
    found.update({f"{key}/plan.yaml": urls.plan(key) for key in content.plans})
    for key, entries in content.sections.items():
        found.update({e.path: urls.section(key, e.slug) for e in entries})
    found.update({p.path: urls.free_page(p.slug) for p in content.pages})
    return found


# --- the pages of one plan ------------------------------------------------------------


def _bundle(content: Content, chrome: Chrome, key: str, children: dict[str, list[str]],
            previous: Site | None, hidden: set[str], mentioned: dict[str, list[mentions.Mention]] | None) -> PlanBundle:
    plan = content.plans[key]
    org = content.organisations[key.split("/")[0]]
    sections = content.sections.get(key, [])
    parent = content.plans.get(plan.parent) if plan.parent else None
    kids = tuple((k, content.plans[k]) for k in children.get(key, []))
    inputs = (plan, tuple(sections), org, parent, kids, content.taxonomy, chrome)
    old = previous.bundles.get(key) if previous is not None else None
    if old is not None and _same(old.inputs, inputs):
        return old
    pages = _plan_pages(content, key, plan, org, sections, parent, kids, hidden)
    texts = [text for entry in sections for text in (entry.meta.title, *entry.body.paragraphs)]
    texts += [text for _, text in inline_markdown(plan)]
    return PlanBundle(inputs, tuple(pages), plan_refs(key, plan, sections, content.taxonomy, mentioned),
                      _words(texts))


def _same(old: object, new: object) -> bool:
    """Whether a plan's inputs are the ones of the previous site: the very same content
    objects (an untouched file keeps its parsed objects), in tuples built afresh, and an
    equal chrome (made anew for every site)."""
    if isinstance(old, tuple) and isinstance(new, tuple):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new))
    return old is new or (isinstance(old, Chrome) and old == new)


def _plan_pages(content: Content, key: str, plan: Plan, org: Organisation, sections: list[Markdown],
                parent: Plan | None, kids: tuple[tuple[str, Plan], ...], hidden: set[str]) -> list[Page]:
    slug = key.split("/")[0]
    home = Link("Home", urls.HOME)
    crumbs = (home, Link(org.name, urls.organisation(slug)))
    inner = crumbs + (Link(plan.title, urls.plan(key)),)
    entry = plan_entry(key, plan, org)
    topic_info = {t.id: t for t in content.taxonomy.topics}
    plan_file = f"{key}/plan.yaml"
    common = {"key": key, "plan": entry, "kind": dutch.label(plan.kind), "topic_info": topic_info,
              "source": plan_file, "draft": plan_file in hidden}
    start = plan.period.start
    views = {i.id: indicators.indicator_view(i, start) for i in plan.indicators}
    overview = Link("Indicatoren", urls.indicators(key)) if plan.indicators else None
    verantwoording = Link("Verantwoording", urls.verantwoording(key))
    years = report_years(plan)
    reports = tuple(Link(f"Voortgang {y}", urls.progress(key, y)) for y in reversed(years))
    section_links = tuple(Link(s.meta.title, urls.section(key, s.slug)) for s in sections)
    pages: list[Page] = [PlanPage(
        url=urls.plan(key), title=plan.title, crumbs=crumbs, description=plan.summary or plan.title,
        content=plan, organisation=Link(org.name, urls.organisation(slug)), sections=section_links,
        parent=Link(parent.title, urls.plan(plan.parent)) if parent is not None and plan.parent else None,
        children=tuple(Link(p.title, urls.plan(k)) for k, p in kids), indicators=views,
        comparisons={c.id: indicators.comparison_figure(c) for c in plan.comparisons},
        overview=overview, verantwoording=verantwoording, reports=reports, **common)]
    for year in years:
        pages.append(_progress(content, key, plan, year, inner, common))
    pages.append(VerantwoordingPage(
        url=verantwoording.url, title=f"Verantwoording: {plan.title}", crumbs=inner,
        description=f"Hoe de tekst van {plan.title} op deze site is overgenomen.", origin=plan.source,
        notes=tuple(plan.editor_notes),
        sections=tuple((link, s.meta.source_ref) for link, s in zip(section_links, sections)), **common))
    if overview is not None:
        pages.append(IndicatorsPage(
            url=overview.url, title=f"Indicatoren: {plan.title}", crumbs=inner,
            description=f"De indicatoren van {plan.title}: laatste waarde, doel en stand.",
            rows=tuple(IndicatorRow(i, views[i.id], urls.indicator(key, i.id)) for i in plan.indicators),
            start=start, status_rules=indicators.STATUS_RULES, **common))
    for ind in plan.indicators:
        view = views[ind.id]
        pages.append(IndicatorPage(
            url=urls.indicator(key, ind.id), title=ind.name, crumbs=inner + (overview,),
            description=f"{ind.name} ({org.name}): {view.sentence}", indicator=ind, view=view,
            csv_url=urls.plan_csv(key), status_rules=indicators.STATUS_RULES, start=start,
            context=content.context_of(key, ind.id), **common))
    for i, s in enumerate(sections):
        treated = tuple(t for item in [*plan.priorities, *plan.themes] if item.section == s.slug for t in item.topics)
        pages.append(SectionPage(
            url=urls.section(key, s.slug), title=s.meta.title, crumbs=inner, entry=s,
            previous=section_links[i - 1] if i > 0 else None,
            next=section_links[i + 1] if i + 1 < len(sections) else None, treated_by=treated,
            **(common | {"source": s.path, "draft": s.path in hidden})))
    return pages


def report_years(plan: Plan) -> list[int]:
    """Years with at least one measurement with a value since the plan started: each gets a
    progress report."""
    found = set()
    for ind in plan.indicators:
        found |= {o.year for o in indicators.since_start(ind, plan.period.start) if o.year is not None}
    return sorted(found)


def _progress(content: Content, key: str, plan: Plan, year: int, crumbs: tuple[Link, ...],
              common: dict[str, object]) -> ProgressPage:
    """The report of one year: every indicator as it stood at the end of that year, under the
    first priority that shares one of its topics (the rest under 'Overige indicatoren')."""
    start = plan.period.start
    groups: dict[str, list[ProgressRow]] = {p.title: [] for p in plan.priorities}
    for ind in plan.indicators:
        then = indicators.as_of(ind, year)
        row = ProgressRow(ind, indicators.indicator_view(then, start, chart=False), urls.indicator(key, ind.id),
                          any(m.year == year and m.value is not None for m in ind.measurements),
                          indicators.sparkline(then))
        home = next((p.title for p in plan.priorities if set(p.topics) & set(ind.topics)), "Overige indicatoren")
        groups.setdefault(home, []).append(row)
    return ProgressPage(
        url=urls.progress(key, year), title=f"Voortgang {year}: {plan.title}", crumbs=crumbs,
        description=f"Hoe het in {year} stond met de indicatoren van {plan.title}.", year=year, start=start,
        groups=tuple((title, tuple(rows)) for title, rows in groups.items() if rows),
        status_rules=indicators.STATUS_RULES, **common)


# --- pages that gather across plans ---------------------------------------------------


def _pages(site: Site) -> list[Page]:
    content = site.content
    hidden = content.drafts()
    home = Link("Home", urls.HOME)
    topics_link = Link("Onderwerpen", urls.TOPICS)
    entries = {key: plan_entry(key, plan, content.organisations[key.split("/")[0]])
               for key, plan in sorted(content.plans.items())}
    counts = _topic_counts(site)
    fields = {f.id: f for f in content.taxonomy.fields}
    pages: list[Page] = [
        HomePage(url=urls.HOME, title=content.site.title, groups=_groups(site, entries),
                 fields=tuple(FieldTopics(Link(f.label, urls.field(f.id)),
                                          tuple(Link(t.label, urls.topic(t.id)) for t in content.taxonomy.topics
                                                if t.field == f.id))
                              for f in content.taxonomy.fields)),
        NotFoundPage(url=urls.NOT_FOUND, title="Pagina niet gevonden"),
        FieldsPage(url=urls.FIELDS, title="Veiligheidsvelden", crumbs=(home,),
                   description="De vijf veiligheidsvelden van de VNG-methode Kernbeleid Veiligheid.",
                   fields=tuple((f, Link(f.label, urls.field(f.id)),
                                 tuple(Link(t.label, urls.topic(t.id)) for t in content.taxonomy.topics
                                       if t.field == f.id))
                                for f in content.taxonomy.fields)),
        TopicsPage(url=urls.TOPICS, title="Onderwerpen", crumbs=(home,),
                   fields=tuple((Link(f.label, urls.field(f.id), f.id),
                                 tuple(counts[t.id] for t in content.taxonomy.topics if t.field == f.id))
                                for f in content.taxonomy.fields)),
    ]
    for f in content.taxonomy.fields:
        pages.append(FieldPage(
            url=urls.field(f.id), title=f.label, crumbs=(home, Link("Veiligheidsvelden", urls.FIELDS)),
            source="topics.yaml",
            description=f"Veiligheidsveld {f.label}: onderwerpen en plannen.", field=f,
            topics=tuple(counts[t.id] for t in content.taxonomy.topics if t.field == f.id),
            plans=_field_plans(site, f.id, entries)))
    for topic in content.taxonomy.topics:
        refs = site.refs.get(topic.id, [])
        priority = {r.plan for r in refs if r.role == "prioriteit"}
        named = {r.plan for r in refs if r.role == "tekst"}
        found = {r.plan for r in refs}
        grouped = _by_plan(refs, entries)
        pages.append(TopicPage(
            url=urls.topic(topic.id), title=topic.label, source="topics.yaml",
            crumbs=(home, topics_link, Link(fields[topic.field].label, urls.field(topic.field))),
            description=f"{topic.label}: wat de veiligheidsplannen erover zeggen.", topic=topic,
            field=Link(fields[topic.field].label, urls.field(topic.field)),
            priority=tuple(g for g in grouped if g.plan.key in priority),
            other=tuple(g for g in grouped if g.plan.key not in priority | named),
            named=tuple(g for g in grouped if g.plan.key in named),
            not_found=tuple(e for k, e in entries.items() if k not in found)))
    pages.append(ComparePage(
        url=urls.COMPARE, title="Vergelijking per onderwerp", crumbs=(home,),
        description="Welke gemeenten en regio's maken van welk veiligheidsonderwerp een prioriteit?",
        tables=_compare_tables(site)))
    pages.append(SearchPage(url=urls.SEARCH, title="Zoeken", crumbs=(home,),
                            description="Zoek in alle veiligheidsplannen op deze site.",
                            synonyms={word.lower(): t.label for t in content.taxonomy.topics
                                      for word in (t.label, *t.synonyms)},
                            words=_vocabulary(site, pages)))
    by_org = _keys_by_organisation(content)
    for slug, org in sorted(content.organisations.items()):
        pages.append(OrganisationPage(
            url=urls.organisation(slug), title=org.name, crumbs=(home,), organisation=org,
            source=f"{slug}/organisation.yaml", draft=f"{slug}/organisation.yaml" in hidden,
            region=Link(content.organisations[org.region].name, urls.organisation(org.region)) if org.region else None,
            members=tuple(Link(content.organisations[m].name, urls.organisation(m)) for m in org.members),
            plans=tuple(entries[k] for k in by_org.get(slug, ()))))
        for key in by_org.get(slug, ()):
            pages.extend(site.bundles[key].pages)
    pages.append(OpenDataPage(
        url=urls.OPEN_DATA, title="Open data", crumbs=(home,),
        description="Alle indicatoren als CSV en alle plannen als JSON, vrij te gebruiken.",
        columns=opendata.COLUMNS, licence=content.site.data_licence,
        plan_files=tuple((e, urls.plan_csv(k) if content.plans[k].indicators else None)
                         for k, e in entries.items())))
    for entry in content.pages:
        contact = (content.site.publisher, content.site.contact) if getattr(entry.meta, "contact", False) else None
        pages.append(FreePage(url=urls.free_page(entry.slug), title=entry.meta.title, crumbs=(home,),
                              description=entry.meta.description, entry=entry, contact=contact,
                              source=entry.path, draft=entry.path in hidden))
    return pages


def _vocabulary(site: Site, pages: list[Page]) -> tuple[str, ...]:
    """The words of the site (four letters or more, lower case): titles, topics and their
    synonyms, organisations and the plans' text, for the search page's suggestions. Each
    plan's words come with its bundle, so the preview counts only an edited plan's again."""
    content = site.content
    texts = [p.title for p in pages] + [o.name for o in content.organisations.values()]
    texts += [word for t in content.taxonomy.topics for word in (t.label, *t.synonyms)]
    texts += [text for entry in content.pages for text in entry.body.paragraphs]
    return tuple(sorted(_words(texts).union(*(bundle.words for bundle in site.bundles.values()))))


_WORD = re.compile(r"[^\W\d_]{4,}")


def _words(texts: list[str]) -> frozenset[str]:
    return frozenset(map(str.lower, _WORD.findall("\n".join(texts))))  # one scan: no word spans a line end


def _by_kind(content: Content) -> list[tuple[str, list[tuple[str, Organisation]]]]:
    """Municipalities, then regions, each by name: the order of the home page and the comparison."""
    organisations = sorted(content.organisations.items(), key=lambda item: item[1].name)
    groups = []
    for kind, label in ((OrganisationKind.gemeente, "Gemeenten"), (OrganisationKind.regio, "Regio's")):
        members = [(slug, org) for slug, org in organisations if org.kind is kind]
        if members:
            groups.append((label, members))
    return groups


def _keys_by_organisation(content: Content) -> dict[str, list[str]]:
    """Organisation slug -> its plan keys, in key order."""
    found: dict[str, list[str]] = defaultdict(list)
    for key in sorted(content.plans):
        found[key.split("/")[0]].append(key)
    return found


def _groups(site: Site, entries: dict[str, PlanEntry]) -> tuple[tuple[str, tuple[OrganisationCard, ...]], ...]:
    by_org = _keys_by_organisation(site.content)
    return tuple((label, tuple(OrganisationCard(org.name, urls.organisation(slug),
                                                tuple(entries[k] for k in by_org.get(slug, ())))
                               for slug, org in members))
                 for label, members in _by_kind(site.content))


def _topic_counts(site: Site) -> dict[str, TopicCount]:
    counts = {}
    for topic in site.content.taxonomy.topics:
        refs = site.refs.get(topic.id, [])
        counts[topic.id] = TopicCount(Link(topic.label, urls.topic(topic.id)), len({r.plan for r in refs}),
                                      len({r.plan for r in refs if r.role == "prioriteit"}),
                                      len({r.plan for r in refs if r.role == "tekst"}))
    return counts


def _by_plan(refs: list[Ref], entries: dict[str, PlanEntry]) -> list[PlanRefs]:
    grouped: dict[str, list[Ref]] = {}
    for ref in sorted(refs, key=lambda r: r.plan):  # stable: each plan's refs keep their order
        grouped.setdefault(ref.plan, []).append(ref)
    return [PlanRefs(entries[key], tuple(found)) for key, found in grouped.items()]


def _field_plans(site: Site, field_id: str, entries: dict[str, PlanEntry]) -> tuple[FieldPlan, ...]:
    """Plans treating topics of one safety field, with the topics they make a priority."""
    found: dict[str, tuple[list[Link], list[Link], list[Link]]] = {}
    for topic in site.content.taxonomy.topics:
        if topic.field != field_id:
            continue
        roles_of: dict[str, set[str]] = defaultdict(set)
        for ref in site.refs.get(topic.id, []):
            roles_of[ref.plan].add(ref.role)
        for key, roles in sorted(roles_of.items()):
            priority, other, named = found.setdefault(key, ([], [], []))
            group = priority if "prioriteit" in roles else named if roles == {"tekst"} else other
            group.append(Link(topic.label, urls.topic(topic.id)))
    return tuple(FieldPlan(entries[key], *(tuple(links) for links in found[key])) for key in sorted(found))


def compare(site: Site) -> dict[tuple[str, str], Cell]:
    """(organisation, topic) -> how that organisation's plans treat the topic."""
    return cells(sorted(site.content.organisations), [t.id for t in site.content.taxonomy.topics], site.refs)


def _compare_tables(site: Site) -> tuple[CompareTable, ...]:
    content = site.content
    columns = [member for _, members in _by_kind(content) for member in members]
    found = compare(site)
    heads = tuple(Link(org.name, urls.organisation(slug)) for slug, org in columns)
    tables = []
    for f in content.taxonomy.fields:
        rows = tuple((Link(t.label, urls.topic(t.id)), tuple(found[(slug, t.id)] for slug, _ in columns))
                     for t in content.taxonomy.topics if t.field == f.id)
        tables.append(CompareTable(Link(f.label, urls.field(f.id), f.id), heads, rows))
    return tuple(tables)
