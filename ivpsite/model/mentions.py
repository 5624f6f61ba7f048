"""Passages in a plan's own text that name a topic: its label or one of its synonyms from
topics.yaml, compared word by word after Dutch stemming (the Snowball Dutch stemmer, the
one Pagefind uses for search), so 'inbraken' finds the synonym 'inbraak'.

A topic tag says the plan treats a topic; a mention found here only says the text names it,
so a comparison cell is never 'not mentioned' just because a tag was forgotten. Every
mention points at its passage: the section (with a text fragment that makes the browser
scroll to the words) or the priority or theme whose text names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

import Stemmer

from ..content import Markdown, Plan, Scoped, Taxonomy
from .. import parallel, urls

_STEMMER = Stemmer.Stemmer("dutch_porter")  # PyStemmer: Snowball's C code
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
PER_PLAN = 3  # passages shown per plan and topic; the first ones in the plan's order


@dataclass(frozen=True)
class Mention:
    topic: str
    title: str  # where: the section's or the priority's title
    url: str  # the section or plan address, with a #fragment to the passage
    passage: str  # the sentence that names the topic


def _stems(text: str) -> list[str]:
    return [_stem(word.lower()) for word in _WORD.findall(text)]


@lru_cache(maxsize=1 << 17)
def _stem(word: str) -> str:
    """One word's stem, remembered: plans repeat their words, so most words of a site are
    stemmed once instead of every time they occur."""
    return _STEMMER.stemWord(word)


def phrases(taxonomy: Taxonomy) -> dict[tuple[str, ...], list[str]]:
    """Stemmed phrase -> the topics whose label or synonym it is."""
    found: dict[tuple[str, ...], list[str]] = {}
    for topic in taxonomy.topics:
        for words in (topic.label, *topic.synonyms):
            stems = tuple(_stems(words))
            if stems and topic.id not in found.setdefault(stems, []):
                found[stems].append(topic.id)
    return found


def _found(sentence: str, table: dict[tuple[str, ...], list[str]], longest: int, firsts: set[str]) -> set[str]:
    stems = _stems(sentence)
    topics: set[str] = set()
    for start, stem in enumerate(stems):
        if stem not in firsts:  # most words start no phrase: skip them cheaply
            continue
        for size in range(1, min(longest, len(stems) - start) + 1):
            topics.update(table.get(tuple(stems[start:start + size]), ()))
    return topics


def find(key: str, plan: Plan, sections: list[Markdown], taxonomy: Taxonomy) -> dict[str, list[Mention]]:
    """Topic id -> the first PER_PLAN passages of one plan that name it, in the plan's order."""
    return _in_passages(phrases(taxonomy), list(_passages(key, plan, sections)))


def find_all(plans: list[tuple[str, Plan, list[Markdown]]], taxonomy: Taxonomy) -> list[dict[str, list[Mention]]]:
    """`find` for each (key, plan, sections), in order; spread over the cores when there is
    much text."""
    table = phrases(taxonomy)
    jobs = [(table, list(_passages(key, plan, sections))) for key, plan, sections in plans]
    size = sum(len(text) for _, passages in jobs for _, _, text in passages)
    return parallel.spread(_find_chunk, jobs, worth_it=size >= parallel.TEXT_WORTH_A_WORKER)


Passage = tuple[str, str, str]  # (title, address, text)


def _find_chunk(jobs: list[tuple[dict[tuple[str, ...], list[str]], list[Passage]]]) -> list[dict[str, list[Mention]]]:
    return [_in_passages(table, passages) for table, passages in jobs]  # module level: a worker runs it


def _in_passages(table: dict[tuple[str, ...], list[str]], passages: list[Passage]) -> dict[str, list[Mention]]:
    longest = max((len(p) for p in table), default=0)
    firsts = {p[0] for p in table}
    found: dict[str, list[Mention]] = {}
    for title, url, text in passages:
        for sentence in _SENTENCE.split(text):
            for topic in sorted(_found(sentence, table, longest, firsts)):
                mentions = found.setdefault(topic, [])
                if len(mentions) < PER_PLAN:
                    mentions.append(Mention(topic, title, _fragment(url, sentence), sentence))
    return found


def _passages(key: str, plan: Plan, sections: list[Markdown]) -> Iterable[Passage]:
    """(title, address, text) of every piece of a plan's own text, in the plan's order."""
    base = urls.plan(key)
    for p in plan.priorities:
        texts = [p.summary, *_quotes(p.goals), *_quotes(p.actions)]
        yield from ((p.title, f"{base}#prioriteit-{p.id}", t) for t in texts if t)
    for th in plan.themes:
        yield from ((th.title, f"{base}#thema-{th.id}", t) for t in [th.summary, *th.approach] if t)
    for entry in sections:
        yield from ((entry.meta.title, urls.section(key, entry.slug), t) for t in entry.body.paragraphs)


def _quotes(items: list[str | Scoped] | None) -> list[str]:
    return [item if isinstance(item, str) else item.text for item in items or []]


def _fragment(url: str, sentence: str) -> str:
    """A link that scrolls to the sentence where the browser supports text fragments; an
    address with an #id keeps it (the priority or theme is the passage)."""
    if "#" in url:
        return url
    words = sentence.split()
    start, end = " ".join(words[:4]), " ".join(words[-4:]) if len(words) > 8 else ""
    directive = quote(start, safe="") + (f",{quote(end, safe='')}" if end else "")
    return f"{url}#:~:text={directive}"
