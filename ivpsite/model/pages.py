"""The page kinds: each kind of page is one small typed object that knows its address, its
template, its search facets and everything its template shows.

A template receives its page object and the site-wide `Chrome`, nothing else, so a page
object is also the complete list of what its page depends on: `ivpsite serve` renders a page
again exactly when its object changed (`editor/incremental.py`), and nothing a template
shows can be forgotten there. Adding a kind means one class here (registered in `KINDS`),
one template, and the code in `model/site.py` that makes its pages; tests/test_page_kinds.py
fails for a kind that is not registered, not built on the golden site, or indexed without
facets.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import ClassVar

from .. import dutch
from ..content import ContextData, Indicator, Markdown, Organisation, Period, Plan, SafetyField, Source, Topic
from .indicators import IndicatorView, Sparkline, Status
from .topics import Cell, Ref
from .. import urls


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    id: str = ""  # the id of what it links to, where a template needs it (for an anchor)


@dataclass(frozen=True)
class Facets:
    """What the search index knows about a page beyond its visible text."""

    filters: tuple[tuple[str, str], ...] = ()  # (filter name, value)


@dataclass(frozen=True)
class Chrome:
    """What every page shows around its own content: the site's name, menu and footer."""

    title: str
    description: str
    base_url: str  # absolute, ends in '/'
    base_path: str  # the path of base_url: '/' or '/plannen/'
    publisher: str
    contact: str | None  # how residents reach the publisher
    menu: tuple[Link, ...]  # the free pages
    handbook: Link | None  # the editors' handbook, when the build includes it
    content_security_policy: str
    edit_url: str | None  # the web editor's address of the content folder


@dataclass(frozen=True)
class PlanEntry:
    """A plan as a line in a list: title, status and period."""

    key: str
    title: str
    status: str  # 'geldend' | 'verlopen' | 'onbekend'
    period: Period
    organisation: str  # the organisation's name

    @property
    def url(self) -> str:
        return urls.plan(self.key)

    @property
    def status_label(self) -> str:
        return dutch.PLAN_STATUS[self.status]


def plan_entry(key: str, plan: Plan, org: Organisation) -> PlanEntry:
    return PlanEntry(key, plan.title, plan.status.value, plan.period, org.name)


def topic_facets(topics: tuple[Topic, ...], filters: tuple[tuple[str, str], ...] = ()) -> Facets:
    """Filters on the topics a page treats (their synonyms are the search page's business)."""
    unique = tuple({t.id: t for t in topics}.values())
    return Facets(filters + tuple(("onderwerp", t.label) for t in unique))


@dataclass(frozen=True, kw_only=True)
class Page(abc.ABC):
    """One address of the site."""

    template: ClassVar[str]
    url: str
    title: str
    crumbs: tuple[Link, ...] = ()
    description: str | None = None  # for search engines; None: the site's description
    source: str | None = None  # the content file this page is made from ('Wijzig deze pagina')
    draft: bool = False  # made from a draft: only `ivpsite serve` shows it, with a banner

    @property
    def file(self) -> str:
        return urls.file_of(self.url)

    @abc.abstractmethod
    def search(self) -> Facets | None:
        """The page's facets in the search index, or None when it is not indexed."""


class _NotIndexed:
    def search(self) -> Facets | None:  # noqa: PLR6301 - the kind's answer
        return None


# --- pages across the whole site --------------------------------------------------------


@dataclass(frozen=True)
class OrganisationCard:
    name: str
    url: str
    plans: tuple[PlanEntry, ...]


@dataclass(frozen=True)
class FieldTopics:
    field: Link
    topics: tuple[Link, ...]


@dataclass(frozen=True, kw_only=True)
class HomePage(_NotIndexed, Page):
    template = "home.html"
    groups: tuple[tuple[str, tuple[OrganisationCard, ...]], ...]  # ('Gemeenten', cards)
    fields: tuple[FieldTopics, ...]


@dataclass(frozen=True, kw_only=True)
class NotFoundPage(_NotIndexed, Page):
    template = "404.html"


@dataclass(frozen=True, kw_only=True)
class SearchPage(_NotIndexed, Page):
    """The search page. Pagefind knows no synonyms, so the page carries them: a query that is a
    topic's synonym is also searched as the topic's label (search.js). `words` is the site's
    own vocabulary, written beside the page, for 'Bedoelde u …?' after a query without results."""

    template = "search.html"
    synonyms: dict[str, str]  # a topic's synonym or label, lower case -> the topic's label
    words: tuple[str, ...]


@dataclass(frozen=True)
class TopicCount:
    topic: Link
    plans: int  # plans that tag or name the topic
    priority: int  # of those, plans that make it a priority
    named: int  # of those, plans whose text only names it (no tag)


@dataclass(frozen=True, kw_only=True)
class FieldsPage(_NotIndexed, Page):
    template = "fields.html"
    fields: tuple[tuple[SafetyField, Link, tuple[Link, ...]], ...]  # (field, its page, its topics)


@dataclass(frozen=True, kw_only=True)
class TopicsPage(_NotIndexed, Page):
    template = "topics.html"
    fields: tuple[tuple[Link, tuple[TopicCount, ...]], ...]


@dataclass(frozen=True)
class FieldPlan:
    plan: PlanEntry
    priority: tuple[Link, ...]  # topics of this field the plan makes a priority
    other: tuple[Link, ...]  # topics of this field it treats otherwise
    named: tuple[Link, ...]  # topics of this field its text only names


@dataclass(frozen=True, kw_only=True)
class FieldPage(Page):
    template = "field.html"
    field: SafetyField
    topics: tuple[TopicCount, ...]
    plans: tuple[FieldPlan, ...]

    def search(self) -> Facets:
        return Facets()


@dataclass(frozen=True)
class PlanRefs:
    """What one plan says about a topic, and where."""

    plan: PlanEntry
    refs: tuple[Ref, ...]


@dataclass(frozen=True, kw_only=True)
class TopicPage(Page):
    template = "topic.html"
    topic: Topic
    field: Link
    priority: tuple[PlanRefs, ...]  # plans that make the topic a priority
    other: tuple[PlanRefs, ...]  # plans that treat it otherwise
    named: tuple[PlanRefs, ...]  # plans whose text names it without a tag
    not_found: tuple[PlanEntry, ...]  # plans where neither a tag nor the text was found

    def search(self) -> Facets:
        return topic_facets((self.topic,))


@dataclass(frozen=True)
class CompareTable:
    field: Link
    organisations: tuple[Link, ...]
    rows: tuple[tuple[Link, tuple[Cell, ...]], ...]  # (topic, one cell per organisation)


@dataclass(frozen=True, kw_only=True)
class ComparePage(_NotIndexed, Page):
    template = "compare.html"
    tables: tuple[CompareTable, ...]


@dataclass(frozen=True, kw_only=True)
class OpenDataPage(_NotIndexed, Page):
    template = "opendata.html"
    columns: tuple[tuple[str, str], ...]
    plan_files: tuple[tuple[PlanEntry, str | None], ...]  # (plan, address of its CSV; None: no indicators)
    licence: str | None


@dataclass(frozen=True, kw_only=True)
class FreePage(_NotIndexed, Page):
    template = "page.html"
    entry: Markdown
    contact: tuple[str, str | None] | None = None  # (publisher, contact) where the page asks for it


# --- an organisation and its plans -----------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OrganisationPage(Page):
    template = "organisation.html"
    organisation: Organisation
    region: Link | None
    members: tuple[Link, ...]
    plans: tuple[PlanEntry, ...]

    def search(self) -> Facets:
        return Facets((("organisatie", self.organisation.name),))


@dataclass(frozen=True, kw_only=True)
class _PlanPart(Page):
    """A page of one plan: carries the plan's filters in search."""

    key: str
    plan: PlanEntry
    kind: str  # the plan's kind as a label
    topic_info: dict[str, Topic] = field(default_factory=dict)  # every topic the page links to

    def _facets(self, topic_ids: list[str]) -> Facets:
        plan_filters = (("organisatie", self.plan.organisation), ("soort", self.kind),
                        ("status", self.plan.status_label))
        ids = [t for t in dict.fromkeys(topic_ids) if t in self.topic_info]
        return topic_facets(tuple(self.topic_info[t] for t in ids), plan_filters)

    def topic_links(self, topic_ids: list[str]) -> tuple[Link, ...]:
        return tuple(Link(self.topic_info[t].label, urls.topic(t)) for t in topic_ids)


@dataclass(frozen=True, kw_only=True)
class PlanPage(_PlanPart):
    template = "plan.html"
    content: Plan
    organisation: Link
    sections: tuple[Link, ...]
    parent: Link | None
    children: tuple[Link, ...]
    indicators: dict[str, IndicatorView]
    comparisons: dict[str, dict[str, object] | None]  # comparison id -> figure
    overview: Link | None  # the plan's indicator overview, when it has indicators
    verantwoording: Link
    reports: tuple[Link, ...]  # the yearly progress reports, the latest first

    def search(self) -> Facets:
        plan = self.content
        ids = list(plan.topics)
        for group in (plan.priorities, plan.themes, plan.indicators, plan.comparisons):
            for item in group:
                ids += item.topics
        return self._facets(ids)

    def section_url(self, slug: str) -> str:
        return urls.section(self.key, slug)

    def indicator_url(self, indicator_id: str) -> str:
        return urls.indicator(self.key, indicator_id)

    @property
    def has_chart(self) -> bool:
        return any(figure is not None for figure in self.comparisons.values())


@dataclass(frozen=True, kw_only=True)
class SectionPage(_PlanPart):
    template = "section.html"
    entry: Markdown
    previous: Link | None
    next: Link | None
    treated_by: tuple[str, ...]  # topics of the priorities and themes this section works out

    def search(self) -> Facets:
        return self._facets([*getattr(self.entry.meta, "topics", []), *self.treated_by])


@dataclass(frozen=True, kw_only=True)
class IndicatorPage(_PlanPart):
    template = "indicator.html"
    indicator: Indicator
    view: IndicatorView
    csv_url: str
    status_rules: tuple[tuple[Status, str], ...]
    start: int | None  # the plan's first year: the status counts measurements from here on
    context: ContextData | None  # official figures beside the plan's own, never mixed in

    def search(self) -> Facets:
        return self._facets(list(self.indicator.topics))


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    view: IndicatorView
    url: str

    @property
    def year(self) -> int | None:
        """The year of the latest value, or of the baseline the source gives no value for."""
        return self.view.latest.year if self.view.latest is not None else self.indicator.baseline.year


@dataclass(frozen=True, kw_only=True)
class IndicatorsPage(_NotIndexed, _PlanPart):
    """Every indicator of one plan at a glance: latest value, target and status."""

    template = "indicators.html"
    rows: tuple[IndicatorRow, ...]
    start: int | None  # the plan's first year: the status counts measurements from here on
    status_rules: tuple[tuple[Status, str], ...]


@dataclass(frozen=True, kw_only=True)
class VerantwoordingPage(_PlanPart):
    """How a plan was transcribed: the source, what was done with it, its quirks."""

    template = "verantwoording.html"
    origin: Source  # the published document the plan is transcribed from
    notes: tuple[str, ...]
    sections: tuple[tuple[Link, str | None], ...]  # (section, where in the source it comes from)

    def search(self) -> Facets:
        return self._facets([])


@dataclass(frozen=True)
class ProgressRow:
    indicator: Indicator
    view: IndicatorView  # as the indicator stood at the end of the report's year
    url: str
    new: bool  # a measurement with a value in the report's year
    spark: Sparkline | None


@dataclass(frozen=True, kw_only=True)
class ProgressPage(_PlanPart):
    """The yearly progress report a council receives: per priority its indicators with their
    baseline, latest value, target and status at the end of the year, for print on A4."""

    template = "progress.html"
    year: int
    start: int | None
    groups: tuple[tuple[str, tuple[ProgressRow, ...]], ...]  # (priority title, its indicators)
    status_rules: tuple[tuple[Status, str], ...]

    @property
    def rows(self) -> tuple[ProgressRow, ...]:
        return tuple(row for _, rows in self.groups for row in rows)

    @property
    def with_target(self) -> int:
        return sum(1 for r in self.rows if r.indicator.target is not None)

    @property
    def measured(self) -> int:
        return sum(1 for r in self.rows if r.new)

    @property
    def on_course(self) -> int:
        return sum(1 for r in self.rows if r.view.status in (Status.doel_gehaald, Status.op_koers))

    def search(self) -> Facets:
        return self._facets([t for r in self.rows for t in r.indicator.topics])


# Every page kind; tests/test_page_kinds.py checks that each is built and indexed as declared.
KINDS: tuple[type[Page], ...] = (
    HomePage, NotFoundPage, SearchPage, FieldsPage, TopicsPage, FieldPage, TopicPage, ComparePage,
    OpenDataPage, FreePage, OrganisationPage, PlanPage, SectionPage, IndicatorPage, IndicatorsPage,
    VerantwoordingPage, ProgressPage,
)

