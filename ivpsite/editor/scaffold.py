"""`ivpsite new`: start a new organisation or plan from a commented template.

The files are drafts (`draft: true`): `ivpsite serve` shows them with a concept banner and
`ivpsite build` does not publish them. They explain every field in Dutch comments and never
contain invented facts: what the editor still has to fill in is `null` with the reason "nog
invullen" under `missing`, or text that says "Nog invullen"; `ivpsite check` refuses that
placeholder once the draft line is gone. Existing files are never overwritten.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import messages
from ..content import PLACEHOLDER, SLUG_PATTERN
from ..urls import RESERVED

TODO = PLACEHOLDER
_SLUG = re.compile(SLUG_PATTERN)


class Refused(Exception):
    """The scaffold was not written; the message (Dutch) says why."""


def _schema_line(content: Path, target: Path, kind: str) -> str:
    schema = content.resolve().parent / "schemas" / f"{kind}.schema.json"
    relative = Path(os.path.relpath(schema, target.parent.resolve())).as_posix()  # '/' on Windows too
    return f"# yaml-language-server: $schema={relative}\n"


def _check_slug(slug: str, what: str) -> None:
    if not _SLUG.match(slug) or len(slug) > 80:
        raise Refused(messages.text("new_bad_name", name=slug, what=what))


def _write_new(files: dict[Path, str]) -> list[Path]:
    for path in files:
        if path.exists():
            raise Refused(messages.text("new_exists", path=path))
    written = []
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:  # 'x': never overwrite, even in a race
            handle.write(text)
        written.append(path)
    return written


def new_organisation(content: Path, slug: str, kind: str = "gemeente") -> list[Path]:
    _check_slug(slug, "organisatie")
    if slug in RESERVED:
        raise Refused(messages.text("new_reserved", name=slug))
    if not content.is_dir():
        raise Refused(messages.text("new_no_content", content=content))
    folder = content / slug
    if folder.exists():
        raise Refused(messages.text("new_exists", path=folder))
    target = folder / "organisation.yaml"
    text = _schema_line(content, target, "organisation") + _ORGANISATION.format(
        name=slug.replace("-", " ").title(), kind=kind, todo=TODO,
        links=_REGION_LINKS if kind == "regio" else _MUNICIPALITY_LINKS)
    return _write_new({target: text})


def new_plan(content: Path, key: str, kind: str = "integraal-veiligheidsplan") -> list[Path]:
    org, _, slug = key.partition("/")
    if not slug or "/" in slug:
        raise Refused(messages.text("new_bad_plan_name", name=key))
    _check_slug(org, "organisatie")
    _check_slug(slug, "plan")
    if not (content / org / "organisation.yaml").is_file():
        raise Refused(messages.text("new_no_organisation", org=org))
    folder = content / org / slug
    if folder.exists():
        raise Refused(messages.text("new_exists", path=folder))
    plan = folder / "plan.yaml"
    files = {
        plan: _schema_line(content, plan, "plan") + _PLAN.format(kind=kind, todo=TODO),
        folder / "01-inleiding.md": _SECTION,
    }
    return _write_new(files)


_MUNICIPALITY_LINKS = """\
# Hoort de gemeente bij een regio die ook in content/ staat? Zet dan hier de mapnaam van
# die regio, en zet deze gemeente onder 'members' in de organisation.yaml van de regio.
# region: westelijke-mijnstreek
# (members: alleen een regio noemt hier haar lid-gemeenten.)
"""

_REGION_LINKS = """\
# De lid-gemeenten die ook in content/ staan, met hun mapnaam. Elke lid-gemeente zet
# deze regio onder 'region' in haar eigen organisation.yaml.
members: []
# (region: alleen een gemeente noemt hier de regio waar zij bij hoort.)
"""

_ORGANISATION = """\
# Een organisatie: een gemeente of een regio. De mapnaam is het id in webadressen.
# Uitleg van elk veld: de handleiding, pagina 'Referentie'. Controleer met: ivpsite check

# Een concept: 'ivpsite serve' toont het met een concept-banner, 'ivpsite build' publiceert
# het niet. Alles ingevuld? Haal deze regel dan weg.
draft: true

# Officiële naam, zoals de organisatie die zelf schrijft. (Afgeleid van de mapnaam:
# controleer hoofdletters en koppeltekens.)
name: {name}

# Soort organisatie: 'gemeente' of 'regio'.
kind: {kind}

# CBS-gemeentecode, 'GM' gevolgd door vier cijfers (zoals GM0000). Onbekend? Laat null
# staan en leg onder 'missing' uit waarom.
cbs_code: null

# Provincie. Onbekend? Laat null staan en leg onder 'missing' uit waarom.
province: null

{links}
# Noten van de redactie bij deze organisatie, als lijst. Bijvoorbeeld:
# notes:
#   - De gemeente is in 2019 ontstaan uit een fusie.

# Per veld dat null is: waarom de waarde ontbreekt. Vervang '{todo}' door de waarde
# zelf (en haal de regel hier weg), of door de reden dat de bron hem niet geeft.
missing:
  cbs_code: {todo}
  province: {todo}
"""

_PLAN = """\
# Een plan: de gegevens uit het brondocument. De secties (NN-naam.md) in deze map zijn de
# tekst van het plan. Uitleg van elk veld: de handleiding, pagina 'Referentie'.
# Nooit raden: wat de bron niet geeft is null, met de reden onder 'missing'.
# Controleer met: ivpsite check

# Een concept: 'ivpsite serve' toont het plan met een concept-banner, 'ivpsite build'
# publiceert het niet. Alles ingevuld? Haal deze regel dan weg.
draft: true

# Volledige titel van het plan, letterlijk uit de bron.
title: Nog invullen - titel van het plan

# Soort plan: integraal-veiligheidsplan, kadernota, uitvoeringsplan, veiligheidsnota
# of veiligheidsbeleid.
kind: {kind}

# Status: 'geldend', 'verlopen' of 'onbekend'.
status: onbekend

# Planperiode in jaren, bijvoorbeeld start: 2027 en end: 2030.
period:
  start: null
  end: null
  missing:
    start: {todo}
    end: {todo}

# Wie het plan vaststelde (bijvoorbeeld 'gemeenteraad') en op welke datum (JJJJ-MM-DD).
# Geeft de bron alleen een maand of jaar? Zet date op null en schrijf de datum zoals de
# bron hem geeft onder as_written.
adoption:
  by: null
  date: null
  missing:
    by: {todo}
    date: {todo}

# Geldigheid zoals de officiële publicatie die vermeldt, bijvoorbeeld:
# validity:
#   start: 2027-01-01      # geldig vanaf
#   end: 2030-12-31        # geldig tot en met (weglaten = zonder einddatum)
#   as_written: ...        # de geldigheid zoals de bron die letterlijk noemt
validity: null

# Het brondocument waar deze gegevens uit komen.
source:
  # Titel van het brondocument.
  title: Nog invullen - titel van het brondocument
  # Soort document: regeling, persbericht, nieuwsbericht of beleidsnota.
  kind: beleidsnota
  # Wie het document publiceerde.
  publisher: Nog invullen - uitgever
  # Publicatiedatum (JJJJ-MM-DD).
  date: null
  # Bestandsnaam van de brontekst in het archief.
  document: Nog invullen - bestandsnaam
  # Openbaar adres van het document (https://...), als dat bekend is.
  # url: https://...
  missing:
    date: {todo}

# Bovenliggend plan als 'organisatie/plan', bijvoorbeeld bij een uitvoeringsplan:
# parent: westelijke-mijnstreek/kadernota-2019-2022

# Korte samenvatting uit de bron.
# summary: ...

# Onderwerp-ids uit topics.yaml die voor het hele plan gelden.
topics: []

# De prioriteiten, elk met een id (kleine letters en koppeltekens). Bijvoorbeeld:
# priorities:
#   - id: woninginbraak
#     title: ...                 # naam van de prioriteit zoals de bron die noemt
#     other_names: [...]         # andere namen voor dezelfde prioriteit in de bron
#     topics: [woninginbraak]    # onderwerp-ids uit topics.yaml (minstens één)
#     summary: ...               # korte omschrijving uit de bron
#     subthemes: [...]           # thema's die eronder vallen
#     goals: [...]               # doelen, letterlijk (of null met reden onder missing)
#     actions: [...]             # acties, letterlijk (of null met reden onder missing)
#     section: inleiding         # sectie die dit uitwerkt (bestandsnaam zonder NN- en .md)
priorities: []

# Overige thema's, zoals prioriteiten maar met 'approach' (aanpak) en 'related_policy'
# (gerelateerd beleid) in plaats van doelen en acties.
themes: []

# Monitoringsindicatoren. Bijvoorbeeld:
# indicators:
#   - id: woninginbraken
#     name: ...                  # naam zoals de bron die noemt
#     unit: aantal               # aantal, procent of rapportcijfer
#     source: politie            # bron van de cijfers
#     direction: lager-is-beter  # of hoger-is-beter
#     baseline: {{value: <getal uit de bron>, year: <jaar>}}
#     target: {{comparator: "<=", value: <getal uit de bron>, year: <jaar>}}
#     measurements:              # één meting per jaar, binnen de planperiode
#       - {{year: <jaar>, value: <getal uit de bron>}}
#     topics: [woninginbraak]
#     context:                   # officiële cijfers ter vergelijking: zie 'Jaarlijkse monitoring'
#       {{source: cbs, table: <tabelnummer>, measure: <sleutel>, region: <GM-code>, filters: {{}}}}
indicators: []

# Cijfers die gebieden met elkaar vergelijken (id, title, unit, year, topics en
# minstens twee areas met elk area en value).
comparisons: []

# Noten van de redactie: eigenaardigheden van de bron die de site laat zien.
editor_notes: []

# Per veld van het plan dat null is: waarom de waarde ontbreekt. Vervang '{todo}' door
# de waarde zelf (en haal de regel hier weg), of door de reden dat de bron hem niet geeft.
missing:
  validity: {todo}
"""

_SECTION = """\
---
# De titel van de sectie, meestal de hoofdstuktitel uit de bron.
title: Inleiding
# Onderwerp-ids uit topics.yaml waar deze sectie over gaat, bijvoorbeeld [woninginbraak].
topics: []
# Waar in de bron dit staat, bijvoorbeeld 'hoofdstuk 1'.
# source_ref: hoofdstuk 1
# draft: true   (alleen voor een losse sectie die nog niet af is, in een plan dat al gepubliceerd wordt)
---
Nog invullen: vervang deze tekst door de tekst van het plan. Dit bestand is in Markdown: een
lege regel begint een nieuwe alinea.

## Een tussenkop

Tussenkoppen beginnen met `##` (de titel hierboven is al de hoofdkop). Een lijst:

- een punt
- nog een punt

Een link naar een andere sectie van dit plan schrijft u als `[tekst](02-naam.md)`.
Meer secties? Maak `02-naam.md`, `03-naam.md` en zo verder aan.
"""
