"""The content model: what an editor may write in content/, as pydantic models.

No I/O here. Every field has a Dutch description because these models are also the
JSON Schema editors get in their editor and the reference in the handbook.

A fact the source does not give is written as `null`, and the object that holds it names
the reason in `missing` (`missing: {value: "De bron drukt '..' af."}`). The `Record` base
class checks that pairing both ways, so a silent gap and a stale reason are both refused.

The limits on every input (file size, nesting, table size, ...) live here too, each with its
Dutch explanation: the stages check them before parsing deeply, and the handbook's reference
lists them (`LIMITS`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StringConstraints,
                      model_validator)
from pydantic_core import PydanticCustomError

from . import messages

if TYPE_CHECKING:  # markdown.py reads the limits below, so it cannot be imported here
    from . import markdown


# --- limits ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """A bound on what content may hold: far above any real plan, far below harm."""

    value: int
    what: str  # Dutch: what is counted, for the handbook
    why: str  # Dutch: why there is a bound


FILE_BYTES = Limit(1_000_000, "bytes in één bestand",
                   "Ook het langste plan past ruim in een paar honderd kilobyte; een groter bestand "
                   "wordt niet gelezen.")
TEXT_LENGTH = Limit(20_000, "tekens in één tekstveld van een YAML-bestand",
                    "Lange tekst hoort in een sectie (Markdown), niet in een veld.")
YAML_DEPTH = Limit(50, "niveaus lijsten en mappings in elkaar in YAML",
                   "Echte content komt niet verder dan een niveau of zes.")
MARKDOWN_DEPTH = Limit(20, "niveaus in elkaar in Markdown: lijsten, citaten (`>`), nadruk (`*`, `_`, `~~`) en links",
                       "Dieper genest is niet meer te lezen, ook niet voor een schermlezer; op één regel "
                       "telt elk lijst- of citaatteken, in een alinea elk nadrukteken en haakje dat nog "
                       "open staat.")
TABLE_COLUMNS = Limit(40, "kolommen in een Markdown-tabel",
                      "Een bredere tabel is op geen scherm te lezen.")
TABLE_CELLS = Limit(10_000, "cellen (kolommen × regels) in een Markdown-tabel",
                    "Elke cel kost geheugen, ook een lege; splits een grote tabel op.")
REFERENCES = Limit(500, "verwijzingsdefinities en voetnoten (`[naam]: ...`) in één bestand",
                   "Zoveel verwijzingen heeft geen hoofdstuk; splits het op in meer secties.")
FREE_PAGES = Limit(20, "vrije pagina's in `content/pages/`",
                   "Elke pagina van de site noemt alle vrije pagina's in haar menu.")

LIMITS: tuple[Limit, ...] = (FILE_BYTES, TEXT_LENGTH, YAML_DEPTH, MARKDOWN_DEPTH, TABLE_COLUMNS,
                             TABLE_CELLS, REFERENCES, FREE_PAGES)

# Characters refused anywhere in content, even written as a YAML escape ("\0", "\x0b", "\e"):
# control characters but tab and newline, lone surrogates (no valid UTF-8), the Unicode line
# and paragraph separators and the noncharacters. None of them is text a reader can see; in a
# page, a CSV cell or the search index they only do harm. The pattern is everything but the
# allowed (one negated class is the cheapest to scan for), so it also matches every astral
# character, emoji too; of those, `forbidden_character` refuses only the noncharacters.
_FORBIDDEN = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd]")


def forbidden_character(text: str, start: int = 0) -> int:
    """The index of the first forbidden character at or after `start`, or -1."""
    for match in _FORBIDDEN.finditer(text, start):
        code = ord(match.group())
        if code < 0x10000 or code & 0xFFFE == 0xFFFE:  # of the astral ones only U+1FFFE, U+1FFFF ... U+10FFFF
            return match.start()
    return -1


# An id as it appears in addresses and folder names; a plan is named 'organisation/plan'.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PLAN_KEY_PATTERN = r"^[a-z0-9-]+/[a-z0-9-]+$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Kleine letters, cijfers en koppeltekens, bijvoorbeeld 'ivp-2023-2026'."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_LENGTH.value)]
# Strict: a quoted "129" or a yes/true is refused instead of silently becoming 129 or 1.
Number = StrictInt | StrictFloat


def _invalid(field: str, message: str) -> PydanticCustomError:
    """A content rule broken at `field` of the object being checked (Dutch message)."""
    return PydanticCustomError("content_rule", message.replace("{", "(").replace("}", ")"),
                               {"field": field})


def _draft() -> object:
    return Field(default=False, description="Concept: 'ivpsite serve' toont het met een concept-banner, "
                                            "'ivpsite build' publiceert het niet. Haal de regel weg om te publiceren.")


# What `ivpsite new` writes where the editor still has to fill something in. Outside a draft
# it must be gone: `ivpsite check` refuses a published file that still holds it.
PLACEHOLDER = "nog invullen"


def _fact(description: str, *, inline_markdown: bool = False) -> object:
    """A field that may be null only with a reason in `missing`."""
    extra = {"fact": True, "inline_markdown": True} if inline_markdown else {"fact": True}
    return Field(default=None, description=description, json_schema_extra=extra)


# Text fields the site shows as Markdown inside a line (`inline_md` in the templates): emphasis,
# links and code, checked like the links of a section; block syntax (a list, a heading, a
# table, a second paragraph) is refused with a located message.
INLINE_MARKDOWN = {"inline_markdown": True}


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    missing: dict[str, Text] = Field(
        default_factory=dict,
        description="Per veld dat null is: waarom de bron die waarde niet geeft.",
    )

    @model_validator(mode="after")
    def _missing_has_reasons(self) -> Record:
        facts = {
            name
            for name, info in type(self).model_fields.items()
            if (info.json_schema_extra or {}).get("fact")
        }
        for name in sorted(self.missing):
            if name not in facts:
                raise _invalid("missing", messages.text("missing_not_a_fact", field=name,
                                                        allowed=", ".join(sorted(facts)) or "geen"))
            if getattr(self, name) is not None:
                raise _invalid(name, messages.text("missing_has_value", field=name))
        for name in sorted(facts):
            if getattr(self, name) is None and name not in self.missing:
                raise _invalid(name, messages.text("fact_empty", field=name))
        return self


class Plain(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- site.yaml ------------------------------------------------------------------------


class SiteConfig(Plain):
    title: Text = Field(description="Naam van de website, bovenaan elke pagina.")
    description: Text = Field(description="Korte omschrijving voor zoekmachines en de startpagina.")
    base_url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+/$")] = Field(
        description="Adres waar de site komt te staan, eindigend op '/'.",
    )
    language: Literal["nl"] = Field(default="nl", description="Taal van de site.")
    publisher: Text = Field(description="Wie de site uitgeeft; staat in de voettekst en de toegankelijkheidsverklaring.")
    contact: Text | None = Field(
        default=None,
        description="Hoe bewoners de uitgever bereiken: een adres, e-mailadres of webpagina "
                    "(voettekst en toegankelijkheidsverklaring).",
    )
    data_licence: Text | None = Field(
        default=None, description="Licentie van de open data, bijvoorbeeld 'CC0 1.0'; staat op de open-datapagina."
    )
    edit_url: Annotated[str, StringConstraints(pattern=r"^https://[^\s]+/$")] | None = Field(
        default=None,
        description="Adres van de contentmap in de webeditor van uw git-host, eindigend op '/' "
                    "(zoals 'https://github.com/gemeente/plannen/edit/main/content/'). Dan krijgt elke "
                    "pagina die uit één contentbestand komt de link 'Wijzig deze pagina'.",
    )
    theme: Slug = Field(default="default", description="Map onder themes/ met de sjablonen.")


# --- topics.yaml ----------------------------------------------------------------------


class SafetyField(Plain):
    id: Slug
    label: Text = Field(description="Nederlandse naam van het veiligheidsveld.")
    description: Text | None = Field(default=None, description="Korte uitleg.")


class Topic(Plain):
    id: Slug
    label: Text = Field(description="Nederlandse naam van het onderwerp.")
    field: Slug = Field(description="Id van het veiligheidsveld waaronder het onderwerp valt.")
    synonyms: list[Text] = Field(
        default_factory=list,
        description="Andere woorden en afkortingen waarmee bewoners zoeken (HIC, high impact crime).",
    )


class Taxonomy(Plain):
    fields: list[SafetyField] = Field(
        min_length=1, description="De veiligheidsvelden van Kernbeleid Veiligheid (VNG)."
    )
    topics: list[Topic] = Field(min_length=1, description="Onderwerpen, elk onder één veld.")


# --- organisation.yaml ----------------------------------------------------------------


class OrganisationKind(str, Enum):
    gemeente = "gemeente"
    regio = "regio"


class Organisation(Record):
    draft: bool = _draft()
    name: Text = Field(description="Officiële naam, bijvoorbeeld 'Maasgouw'.")
    kind: OrganisationKind = Field(description="'gemeente' of 'regio'.")
    cbs_code: Annotated[str, StringConstraints(pattern=r"^GM\d{4}$")] | None = _fact(
        "CBS-gemeentecode (GM0000)."
    )
    province: Text | None = _fact("Provincie.")
    region: Slug | None = Field(
        default=None, description="Voor een gemeente: id van de regio waar zij lid van is."
    )
    members: list[Slug] = Field(
        default_factory=list,
        description="Voor een regio: ids van de lid-gemeenten die in content/ staan.",
    )
    notes: list[Text] = Field(
        default_factory=list, description="Noten van de redactie bij deze organisatie."
    )

    @model_validator(mode="after")
    def _kind_fits_links(self) -> Organisation:
        if self.kind is OrganisationKind.gemeente and self.members:
            raise _invalid("members", messages.text("municipality_members"))
        if self.kind is OrganisationKind.regio and self.region:
            raise _invalid("region", messages.text("region_in_region"))
        return self


# --- plan.yaml ------------------------------------------------------------------------


class PlanKind(str, Enum):
    integraal_veiligheidsplan = "integraal-veiligheidsplan"
    kadernota = "kadernota"
    uitvoeringsplan = "uitvoeringsplan"
    veiligheidsnota = "veiligheidsnota"
    veiligheidsbeleid = "veiligheidsbeleid"


class PlanStatus(str, Enum):
    geldend = "geldend"
    verlopen = "verlopen"
    onbekend = "onbekend"


class SourceKind(str, Enum):
    regeling = "regeling"
    persbericht = "persbericht"
    nieuwsbericht = "nieuwsbericht"
    beleidsnota = "beleidsnota"


class Period(Record):
    start: Annotated[int, Field(ge=1900, le=2100)] | None = _fact("Eerste jaar van de planperiode.")
    end: Annotated[int, Field(ge=1900, le=2100)] | None = _fact("Laatste jaar van de planperiode.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise _invalid("end", messages.text("period_reversed", end=self.end, start=self.start))
        return self


class Adoption(Record):
    by: Text | None = _fact("Wie het plan vaststelde, bijvoorbeeld 'gemeenteraad'.")
    date: dt.date | None = _fact("Datum van vaststelling (JJJJ-MM-DD).")
    as_written: Text | None = Field(
        default=None, description="De datum zoals de bron hem schrijft, als die onvolledig is."
    )


class Validity(Record):
    start: dt.date | None = _fact("Geldig vanaf (JJJJ-MM-DD).")
    end: dt.date | None = Field(
        default=None, description="Geldig tot en met (JJJJ-MM-DD); leeg = zonder einddatum."
    )
    as_written: Text | None = Field(
        default=None, description="De geldigheid zoals de bron die letterlijk vermeldt."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Validity:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise _invalid("end", messages.text("validity_reversed", end=self.end.isoformat(),
                                                start=self.start.isoformat()))
        return self


class Source(Record):
    title: Text = Field(description="Titel van het brondocument.")
    kind: SourceKind = Field(description="Soort document.")
    publisher: Text | None = _fact("Wie het document publiceerde.")
    date: dt.date | None = _fact("Publicatiedatum van het brondocument.")
    document: Text = Field(description="Bestandsnaam van de brontekst in het archief.")
    url: Annotated[str, StringConstraints(pattern=r"^https://")] | None = Field(
        default=None, description="Openbaar adres van het document, als bekend."
    )


class Scoped(Plain):
    """A quotation that the source says about one part of a priority, not the whole of it."""

    about: Text = Field(description="Waar de bron dit over zegt, bijvoorbeeld 'High Impact Crime'.")
    text: Text = Field(description="De tekst, letterlijk uit de bron.")


Quote = Text | Scoped


class Priority(Record):
    id: Slug
    title: Text = Field(description="Naam van de prioriteit zoals de bron die noemt.")
    other_names: list[Text] = Field(
        default_factory=list, description="Andere namen die dezelfde bron voor deze prioriteit gebruikt."
    )
    topics: list[Slug] = Field(min_length=1, description="Onderwerp-ids uit topics.yaml.")
    summary: Text | None = Field(default=None, description="Korte omschrijving uit de bron.",
                                 json_schema_extra=INLINE_MARKDOWN)
    subthemes: list[Text] = Field(default_factory=list, description="Thema's die eronder vallen.")
    goals: list[Quote] | None = _fact(
        "Doelen, letterlijk uit de bron. Geldt een doel voor één onderdeel van de prioriteit, schrijf "
        "dan {about: <onderdeel>, text: <doel>}.", inline_markdown=True)
    actions: list[Quote] | None = _fact(
        "Acties of aanpak, letterlijk uit de bron; voor één onderdeel: {about: <onderdeel>, text: <actie>}.",
        inline_markdown=True)
    attributed_to: Text | None = Field(
        default=None, description="Schrijft de bron deze prioriteit toe aan een ander dan de organisatie zelf "
                                  "(zoals 'de driehoek West-Friesland'): wie."
    )
    section: Slug | None = Field(
        default=None, description="Slug van de sectie (bestandsnaam zonder NN-) die dit uitwerkt."
    )


class Theme(Plain):
    id: Slug
    title: Text = Field(description="Naam van het thema zoals de bron die noemt.")
    topics: list[Slug] = Field(min_length=1, description="Onderwerp-ids uit topics.yaml.")
    summary: Text | None = Field(default=None, description="Korte omschrijving uit de bron.")
    approach: list[Text] = Field(default_factory=list, description="Aanpak, letterlijk uit de bron.",
                                 json_schema_extra=INLINE_MARKDOWN)
    related_policy: list[Text] = Field(
        default_factory=list, description="Gerelateerd beleid, letterlijk uit de bron."
    )
    attributed_to: Text | None = Field(
        default=None, description="Schrijft de bron dit thema toe aan een ander dan de organisatie zelf "
                                  "(zoals 'de driehoek West-Friesland'): wie."
    )
    section: Slug | None = Field(default=None, description="Slug van de sectie die dit uitwerkt.")


class Unit(str, Enum):
    aantal = "aantal"
    procent = "procent"
    rapportcijfer = "rapportcijfer"


class Direction(str, Enum):
    lager_is_beter = "lager-is-beter"
    hoger_is_beter = "hoger-is-beter"


Comparator = Literal["<", "<=", "=", ">=", ">"]
Year = Annotated[int, Field(ge=1900, le=2100)]


class Baseline(Record):
    value: Number | None = _fact("Uitgangswaarde.")
    year: Year | None = _fact("Jaar van de uitgangswaarde.")


class Target(Plain):
    comparator: Comparator = Field(description="Een van <, <=, =, >=, >.")
    value: Number = Field(description="Doelwaarde.")
    year: Year = Field(description="Jaar waarin het doel gehaald moet zijn.")


class Measurement(Record):
    year: Year = Field(description="Jaar van de meting.")
    value: Number | None = _fact("Gemeten waarde.")
    note: Text | None = Field(
        default=None,
        description="Toelichting bij een gemeten waarde, bijvoorbeeld 'voorlopig cijfer'. Waarom een "
                    "waarde ontbreekt, staat onder 'missing'.",
    )
    date: dt.date | None = Field(
        default=None,
        description="Datum waarop de cijfers zijn gepubliceerd of vastgesteld (JJJJ-MM-DD), als bekend. De "
                    "feed kondigt het voortgangsrapport van een jaar aan op de laatste van deze datums; "
                    "zonder datum staat het rapport wel op de site, niet in de feed.",
    )


CbsKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=80)]


class ContextSeries(Plain):
    """A public series that an indicator names for comparison; the numbers themselves live in
    the data file that `ivpsite fetch context` writes (`context/<indicator>.yaml`)."""

    source: Literal["cbs"] = Field(description="Wie de reeks publiceert: 'cbs' (CBS StatLine).")
    table: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_]{4,16}$")] = Field(
        description="Nummer van de CBS-tabel, bijvoorbeeld '83648NED'."
    )
    measure: CbsKey = Field(
        description="Sleutel van het onderwerp in de tabel, bijvoorbeeld "
                    "'GeregistreerdeMisdrijvenPer1000Inw_3'; 'ivpsite fetch context' noemt de sleutels "
                    "die de tabel heeft."
    )
    region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[0-9A-Z]{2,8}$")] = Field(
        description="CBS-regiocode, bijvoorbeeld 'GM1641' (een gemeente) of 'NL01' (Nederland)."
    )
    filters: dict[CbsKey, Annotated[str, StringConstraints(min_length=1, max_length=80)]] = Field(
        default_factory=dict,
        description="Per andere indeling van de tabel de gekozen categorie, als sleutel: bijvoorbeeld "
                    "'SoortMisdrijf: T001161' (misdrijven, totaal).",
    )


class Indicator(Record):
    id: Slug
    name: Text = Field(description="Naam van de indicator zoals de bron die noemt.")
    unit: Unit = Field(description="'aantal', 'procent' of 'rapportcijfer'.")
    source: Text | None = _fact("Bron van de cijfers, bijvoorbeeld 'politie'.")
    direction: Direction | None = _fact("Welke kant beter is: 'lager-is-beter' of 'hoger-is-beter'.")
    baseline: Baseline = Field(description="Uitgangswaarde met jaar.")
    target: Target | None = Field(default=None, description="Doel, als de bron er een stelt.")
    measurements: list[Measurement] = Field(
        default_factory=list, description="Metingen na de uitgangswaarde, één per jaar."
    )
    topics: list[Slug] = Field(min_length=1, description="Onderwerp-ids uit topics.yaml.")
    notes: list[Text] = Field(default_factory=list, description="Noten van de redactie.")
    context: ContextSeries | None = Field(
        default=None,
        description="Officiële cijfers ter vergelijking, naast (nooit in plaats van) de eigen cijfers "
                    "van het plan. 'ivpsite fetch context' haalt ze op in context/<id>.yaml.",
    )


class AreaValue(Record):
    area: Text = Field(description="Gebied, bijvoorbeeld 'Provincie Limburg'.")
    value: Number | None = _fact("Waarde voor dit gebied.")


class Comparison(Plain):
    id: Slug
    title: Text = Field(description="Titel van de vergelijking zoals de bron die noemt.")
    unit: Unit | None = Field(default=None, description="Eenheid, als de bron die noemt.")
    year: Year = Field(description="Jaar waarop de cijfers slaan.")
    topics: list[Slug] = Field(min_length=1, description="Onderwerp-ids uit topics.yaml.")
    areas: list[AreaValue] = Field(min_length=2, description="Een waarde per gebied.")
    notes: list[Text] = Field(default_factory=list, description="Noten van de redactie.")


class Plan(Record):
    draft: bool = _draft()
    title: Text = Field(description="Volledige titel van het plan.")
    kind: PlanKind = Field(description="Soort plan.")
    status: PlanStatus = Field(description="'geldend', 'verlopen' of 'onbekend'.")
    period: Period = Field(description="Planperiode in jaren.")
    adoption: Adoption = Field(description="Wie het plan vaststelde en wanneer.")
    validity: Validity | None = _fact("Geldigheid zoals de officiële publicatie die vermeldt.")
    source: Source = Field(description="Het brondocument waar deze gegevens uit komen.")
    parent: Annotated[str, StringConstraints(pattern=PLAN_KEY_PATTERN)] | None = Field(
        default=None, description="Bovenliggend plan als 'organisatie/plan'."
    )
    summary: Text | None = Field(default=None, description="Korte samenvatting uit de bron.")
    topics: list[Slug] = Field(default_factory=list, description="Onderwerp-ids van het plan.")
    priorities: list[Priority] = Field(default_factory=list, description="De prioriteiten.")
    themes: list[Theme] = Field(default_factory=list, description="Overige thema's.")
    indicators: list[Indicator] = Field(default_factory=list, description="Monitoringsindicatoren.")
    comparisons: list[Comparison] = Field(
        default_factory=list, description="Cijfers die gebieden met elkaar vergelijken."
    )
    editor_notes: list[Text] = Field(
        default_factory=list,
        description="Verantwoording: hoe de tekst is overgenomen (eigenaardigheden van de bron, keuzes van de "
                    "redactie). Staat op de verantwoordingspagina van het plan, in gewone taal voor bewoners: "
                    "zonder veldnamen of bestandsnamen.",
    )


# --- <organisation>/<plan>/context/<indicator>.yaml ------------------------------------
# Written by `ivpsite fetch context`, never by hand: the official figures an indicator names
# for comparison. They live only here; they never change the plan's values or status.

CbsTable = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_]{4,16}$")]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://")]


class ContextFilter(Plain):
    dimension: CbsKey = Field(description="Indeling van de tabel, bijvoorbeeld 'SoortMisdrijf'.")
    dimension_label: Text = Field(description="Naam van de indeling volgens de uitgever.")
    key: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(
        description="De gekozen categorie (sleutel), bijvoorbeeld 'T001161'."
    )
    label: Text = Field(description="Naam van de categorie volgens de uitgever, bijvoorbeeld "
                                    "'Misdrijven, totaal'.")


class Licence(Plain):
    name: Text = Field(description="De licentie van de cijfers, bijvoorbeeld 'CC BY 4.0'.")
    url: HttpsUrl | None = Field(default=None, description="Adres van de licentietekst.")
    basis: Text = Field(description="Waar dat feit vandaan komt: het veld in de metadata van de tabel, "
                                    "of de pagina van de uitgever die de licentie noemt.")


class ContextValue(Record):
    year: Year = Field(description="Jaar waarop het cijfer slaat.")
    value: Number | None = _fact("Het cijfer volgens de uitgever.")
    status: Text | None = Field(
        default=None, description="Status van het cijfer volgens de uitgever, bijvoorbeeld 'Voorlopig'."
    )


class ContextData(Plain):
    source: Literal["cbs"] = Field(description="Uitgever van de reeks: 'cbs' (CBS StatLine).")
    table: CbsTable = Field(description="Nummer van de tabel, bijvoorbeeld '83648NED'.")
    table_title: Text = Field(description="Titel van de tabel volgens de uitgever.")
    table_modified: dt.date | None = Field(
        default=None, description="Wanneer de uitgever de tabel het laatst bijwerkte, volgens de metadata."
    )
    url: HttpsUrl | None = Field(default=None, description="Adres van de tabel bij de uitgever.")
    measure: CbsKey = Field(description="Sleutel van het onderwerp in de tabel.")
    measure_label: Text = Field(description="Naam van het onderwerp volgens de uitgever.")
    measure_groups: list[Text] = Field(
        default_factory=list,
        description="Namen van de groepen waaronder het onderwerp in de tabel staat, de buitenste eerst.",
    )
    unit: Text | None = Field(default=None, description="Eenheid volgens de uitgever, bijvoorbeeld 'aantal'.")
    region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[0-9A-Z]{2,8}$")] = Field(
        description="CBS-regiocode, bijvoorbeeld 'GM1641'."
    )
    region_label: Text = Field(description="Naam van de regio volgens de uitgever.")
    filters: list[ContextFilter] = Field(
        default_factory=list, description="De gekozen categorie van elke andere indeling van de tabel."
    )
    retrieved: dt.date = Field(description="Datum waarop 'ivpsite fetch context' de cijfers ophaalde.")
    licence: Licence = Field(description="Onder welke licentie de uitgever de cijfers publiceert.")
    values: list[ContextValue] = Field(min_length=1, description="De cijfers, één per jaar, oplopend.")

    @model_validator(mode="after")
    def _one_per_year(self) -> ContextData:
        years = [v.year for v in self.values]
        for i, year in enumerate(years):
            if year in years[:i]:
                raise _invalid("values", messages.text("context_year_twice", year=year))
        return self

    def selection(self) -> dict[str, str]:
        """The filters as an indicator's `context.filters` names them."""
        return {f.dimension: f.key for f in self.filters}


# --- sections and pages (Markdown front matter) ---------------------------------------


class SectionMeta(Plain):
    draft: bool = _draft()
    title: Text = Field(description="Titel van de sectie, meestal de hoofdstuktitel uit de bron.")
    topics: list[Slug] = Field(default_factory=list, description="Onderwerp-ids uit topics.yaml.")
    source_ref: Text | None = Field(
        default=None, description="Waar in de bron dit staat, bijvoorbeeld 'hoofdstuk 2'."
    )


class PageMeta(Plain):
    draft: bool = _draft()
    title: Text = Field(description="Titel van de pagina.")
    description: Text | None = Field(default=None, description="Korte omschrijving.")
    contact: bool = Field(
        default=False, description="Toon onder de tekst de uitgever en hoe bewoners die bereiken (uit site.yaml); "
                                   "voor de toegankelijkheidsverklaring.")


def inline_markdown(model: BaseModel, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text of `model` that the site shows as inline Markdown, with its place in the data."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("inline_markdown"):
            if isinstance(value, str):
                yield loc + (name,), value
            elif isinstance(value, list):  # a Scoped quote carries its text under 'text'
                yield from ((loc + (name, i), item) if isinstance(item, str) else (loc + (name, i, "text"), item.text)
                            for i, item in enumerate(value))
        elif isinstance(value, BaseModel):
            yield from inline_markdown(value, loc + (name,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from inline_markdown(item, loc + (name, i))


CONTENT_MODELS: dict[str, type[BaseModel]] = {
    "site": SiteConfig,
    "topics": Taxonomy,
    "organisation": Organisation,
    "plan": Plan,
    "section": SectionMeta,
    "page": PageMeta,
    "context": ContextData,
}


# --- the validated whole -------------------------------------------------------------


@dataclass(frozen=True)
class Markdown:
    """A section or free page: its front matter, parsed body and where it came from."""

    path: str
    slug: str
    meta: SectionMeta | PageMeta
    body: markdown.Body
    number: int = 0


@dataclass(frozen=True)
class Content:
    """All content, validated. Keys are slugs; plans are keyed 'organisation/plan'."""

    site: SiteConfig
    taxonomy: Taxonomy
    organisations: dict[str, Organisation]
    plans: dict[str, Plan]
    sections: dict[str, list[Markdown]]  # by plan key, in file order
    pages: list[Markdown]
    # Official comparison figures by plan key, then indicator id (context/<indicator>.yaml).
    contexts: dict[str, dict[str, ContextData]] = dataclasses.field(default_factory=dict)

    def context_of(self, plan_key: str, indicator_id: str) -> ContextData | None:
        """The fetched comparison figures of one indicator, if any were fetched."""
        return self.contexts.get(plan_key, {}).get(indicator_id)

    def drafts(self) -> set[str]:
        """Content paths that are drafts: marked so themselves, or inside a draft organisation
        or plan. `ivpsite build` leaves them out; `ivpsite serve` shows them with a banner."""
        found = set()
        draft_orgs = {slug for slug, org in self.organisations.items() if org.draft}
        found |= {f"{slug}/organisation.yaml" for slug in draft_orgs}
        for key, plan in self.plans.items():
            whole = plan.draft or key.split("/")[0] in draft_orgs
            if whole:
                found.add(f"{key}/plan.yaml")
            found |= {e.path for e in self.sections.get(key, []) if whole or getattr(e.meta, "draft", False)}
        found |= {e.path for e in self.pages if getattr(e.meta, "draft", False)}
        return found

    def published(self) -> Content:
        """The content without its drafts: what `ivpsite build` publishes."""
        hidden = self.drafts()
        if not hidden:
            return self
        return dataclasses.replace(
            self,
            organisations={s: o for s, o in self.organisations.items() if f"{s}/organisation.yaml" not in hidden},
            plans={k: p for k, p in self.plans.items() if f"{k}/plan.yaml" not in hidden},
            sections={k: [e for e in entries if e.path not in hidden]
                      for k, entries in self.sections.items() if f"{k}/plan.yaml" not in hidden},
            pages=[e for e in self.pages if e.path not in hidden],
            contexts={k: c for k, c in self.contexts.items() if f"{k}/plan.yaml" not in hidden})
