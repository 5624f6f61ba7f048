"""Where the plans treat each topic: references from a plan's priorities, themes, sections,
indicators and comparisons to a topic of topics.yaml (its tags), passages of its text that
name a topic it does not tag (`mentions`), and the comparison cells made of them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..content import Markdown, Plan, Taxonomy
from .. import urls
from . import mentions

# How strongly a plan treats a topic, strongest first; the comparison page shows the strongest.
# 'tekst' is a passage that names the topic without a tag: the text mentions it.
ROLE_ORDER = ("prioriteit", "thema", "sectie", "indicator", "vergelijking", "tekst")

ROLE_LABELS = {"prioriteit": "Prioriteit", "thema": "Ander thema", "sectie": "Sectie",
               "indicator": "Indicator", "vergelijking": "Vergelijking", "tekst": "In de tekst"}


@dataclass(frozen=True)
class Ref:
    """A place in a plan that deals with a topic."""

    plan: str  # plan key 'organisation/plan'
    role: str  # one of ROLE_ORDER
    title: str
    url: str  # site address, may carry a #fragment
    excerpt: str | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def plan_refs(key: str, plan: Plan, sections: list[Markdown], taxonomy: Taxonomy,
              mentioned: dict[str, list[mentions.Mention]] | None = None) -> dict[str, list[Ref]]:
    """Topic id -> the places in one plan that treat it, in the plan's order. `mentioned`:
    the plan's mentions when they were found already (mentions.find_all)."""
    refs: dict[str, list[Ref]] = defaultdict(list)
    words = {t.id: (t.label, *t.synonyms) for t in taxonomy.topics}
    base = urls.plan(key)
    for p in plan.priorities:
        for t in p.topics:
            refs[t].append(Ref(key, "prioriteit", p.title, f"{base}#prioriteit-{p.id}", p.summary))
    for th in plan.themes:
        for t in th.topics:
            refs[t].append(Ref(key, "thema", th.title, f"{base}#thema-{th.id}", th.summary))
    for ind in plan.indicators:
        for t in ind.topics:
            refs[t].append(Ref(key, "indicator", ind.name, urls.indicator(key, ind.id)))
    for c in plan.comparisons:
        for t in c.topics:
            refs[t].append(Ref(key, "vergelijking", c.title, f"{base}#vergelijking-{c.id}"))
    for entry in sections:
        for t in getattr(entry.meta, "topics", []):
            refs[t].append(Ref(key, "sectie", entry.meta.title, urls.section(key, entry.slug),
                               excerpt(entry, words.get(t, ()))))
    if mentioned is None:
        mentioned = mentions.find(key, plan, sections, taxonomy)
    for t, found in mentioned.items():
        if t not in refs:  # a tag says more; a mention only stands in where no tag is
            refs[t] = [Ref(key, "tekst", m.title, m.url, m.passage) for m in found]
    return dict(refs)


def excerpt(entry: Markdown, words: tuple[str, ...] = (), limit: int = 240) -> str | None:
    """A paragraph of a section as plain text, cut at a word near `limit`: the first that
    names one of `words` (a topic's label or synonyms), else the first paragraph."""
    paragraphs = entry.body.paragraphs
    lowered = [w.lower() for w in words]
    chosen = next((p for p in paragraphs if any(w in p.lower() for w in lowered)),
                  paragraphs[0] if paragraphs else None)
    if chosen is None or len(chosen) <= limit:
        return chosen
    return chosen[:limit].rsplit(" ", 1)[0] + " …"


LEVELS = {
    "prioriteit": "Prioriteit",
    "aandacht": "Aandacht",
    "genoemd": "Genoemd",
    "niet-gevonden": "Niet gevonden",
}


@dataclass(frozen=True)
class Cell:
    """One organisation against one topic: 'prioriteit' (a plan makes it a priority),
    'aandacht' (a theme, section, indicator or comparison of a plan is about it), 'genoemd'
    (only the text names it) or 'niet-gevonden' (none of that was found)."""

    level: str
    refs: tuple[Ref, ...] = ()  # every place its plans say it, strongest first

    @property
    def label(self) -> str:
        return LEVELS[self.level]


def cells(organisations: list[str], topics: list[str], by_topic: dict[str, list[Ref]]
          ) -> dict[tuple[str, str], Cell]:
    """(organisation, topic) -> how that organisation's plans treat the topic."""
    # Bucketed by (organisation, topic) in one pass: filtering every ref per cell would grow
    # with organisations x refs.
    buckets: dict[tuple[str, str], list[Ref]] = defaultdict(list)
    for topic_id, refs in by_topic.items():
        for r in refs:
            buckets[(r.plan.split("/")[0], topic_id)].append(r)
    found = {}
    for org in organisations:
        for topic in topics:
            refs = sorted(buckets.get((org, topic), ()), key=lambda r: (ROLE_ORDER.index(r.role), r.plan))
            level = ("niet-gevonden" if not refs else "prioriteit" if refs[0].role == "prioriteit"
                     else "genoemd" if refs[0].role == "tekst" else "aandacht")
            found[(org, topic)] = Cell(level, tuple(refs))
    return found
