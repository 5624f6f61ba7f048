"""The one catalogue of the Dutch messages ivpsite shows to editors, and the handbook page
made from it (docs/meldingen.md).

Code that reports something takes the words from here, by key:

    problems.add(path, line, col, messages.text("unknown_field", field="titel", allowed="..."))

so the wording exists once, and the handbook lists exactly what the code can say. Every
entry carries a group (a heading on the page), the template (str.format placeholders), a
realistic example (the values, where it is reported and the bad input that causes it;
tests/test_messages.py produces most examples for real through `ivpsite check`) and the
fix ("Wat te doen").

`python -m ivpsite.messages` prints the page; `ivpsite schema` writes it to docs/meldingen.md.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import html
import re
import socket
import string
import sys
from dataclasses import dataclass, field

from . import dutch


@dataclass(frozen=True)
class Message:
    key: str  # stable identifier used by the code
    group: str  # heading on the handbook page
    template: str  # Dutch, with str.format placeholders
    fix: str  # Dutch Markdown: what the editor should do
    example: dict[str, object] = field(default_factory=dict)  # placeholder values of the example
    at: str | None = None  # what precedes the example message: 'path:line:col', 'ivpsite' or nothing
    snippet: str | None = None  # the bad input of the example, as written in the file named by `at`

    def text(self, **values: object) -> str:
        return self.template.format(**values)

    def example_text(self) -> str:
        return self.template.format(**self.example)

    def example_line(self) -> str:
        """The example as the editor sees it, with its location or the command's name."""
        return f"{self.at}: {self.example_text()}" if self.at else self.example_text()

    def placeholders(self) -> list[str]:
        return [name for _, name, _, _ in string.Formatter().parse(self.template) if name is not None]


def _m(key: str, template: str, fix: str, /, *, at: str | None = None, snippet: str | None = None,
       **example: object) -> Message:
    return Message(key, "", template, fix, example, at, snippet)


def _in(group: str, *entries: Message) -> tuple[Message, ...]:
    return tuple(dataclasses.replace(entry, group=group) for entry in entries)


PLAN = "voorbeeldstad/plan-2023/plan.yaml"
ORG = "voorbeeldstad/organisation.yaml"
SECTION = "voorbeeldstad/plan-2023/02-aanpak.md"
CONTEXT = "voorbeeldstad/plan-2023/context/inbraken.yaml"
SHEET = "metingen.csv"

FILES = "Bestanden en mappen"
FRONT_MATTER = "Front matter van secties en pagina's"
YAML = "YAML schrijven"
FIELDS = "Velden"
MISSING = "Ontbrekende gegevens (`missing`)"
RULES = "Inhoudsregels"
MARKDOWN = "Tekst in Markdown"
BUILD = "Bouwen en publiceren"
NEW = "Nieuwe bestanden: `ivpsite new`"
SERVE = "Voorbeeld: `ivpsite serve`"
IMPORT = "Metingen importeren: `ivpsite import measurements`"
FETCH = "Vergelijkingscijfers ophalen: `ivpsite fetch context`"
ENVIRONMENT = "De computer: schijf en rechten"
USAGE = "De opdracht intikken"
INTERNAL = "Interne fouten"

# Text under a group's heading, before its table.
GROUP_INTROS = {
    YAML: "Deze meldingen gaan over de schrijfwijze van YAML; de meeste beginnen met "
          "`ongeldige YAML:`. De regel en kolom wijzen waar YAML vastliep; de echte fout staat "
          "soms een regel hoger.",
    FIELDS: "Deze meldingen vergelijken een veld met het contentmodel. Wat elk veld verwacht, "
            "staat in de [Referentie](referentie.md).",
    IMPORT: "Deze meldingen geeft `ivpsite import measurements`. Een melding over een rij begint met "
            "het bestand, de rij en de kolom zoals een spreadsheetprogramma ze toont. Wordt er één rij "
            "geweigerd, dan verandert er niets in `plan.yaml`.",
    FETCH: "Deze meldingen geeft `ivpsite fetch context`. Een melding over een tabel, onderwerp, regio "
           "of indeling wijst naar het veld onder `context:` in `plan.yaml`. Bij elke melding is er "
           "niets opgehaald en niets veranderd.",
    BUILD: "Deze meldingen geeft `ivpsite build` (en de laatste regel ook `ivpsite check`) "
           "zonder regel en kolom; er is dan niets gepubliceerd en de vorige site staat er nog.",
    ENVIRONMENT: "Deze meldingen gaan niet over uw tekst maar over de computer waarop ivpsite "
                 "draait. Een build die zo stopt, heeft niets gepubliceerd: de vorige site staat "
                 "er nog.",
    USAGE: "Deze meldingen gaan over de opdracht zelf: een optie met een tikfout, een waarde die "
           "ontbreekt. `ivpsite --help` en `ivpsite <opdracht> --help` tonen wat kan.",
}

_YAML = "ongeldige YAML: "

CATALOGUE: tuple[Message, ...] = (
    *_in(
        FILES,
        _m("content_dir_missing",
           "contentmap bestaat niet; geef met --content de map met site.yaml, topics.yaml en de organisaties",
           "U staat in de verkeerde map, of geef de juiste map op met `--content`.",
           at="content:0:0"),
        _m("file_missing", "bestand ontbreekt: content heeft een '{name}' nodig",
           "Maak `content/site.yaml` of `content/topics.yaml` aan.",
           at="topics.yaml:0:0", name="topics.yaml"),
        _m("unplaced_file",
           "bestand staat niet op een bekende plek; verwacht site.yaml, topics.yaml, pages/<naam>.md, "
           "<organisatie>/organisation.yaml, <organisatie>/<plan>/plan.yaml, <organisatie>/<plan>/NN-<naam>.md "
           "of <organisatie>/<plan>/context/<indicator>.yaml",
           "Verplaats of hernoem het bestand; alleen de genoemde plekken en namen worden gelezen "
           "(let op `.yaml`, niet `.yml`).",
           at="voorbeeldstad/plan.yml:0:0"),
        _m("link_outside_content",
           "verwijst naar een bestand of map buiten de contentmap; alleen bestanden binnen content/ zijn toegestaan",
           "Een snelkoppeling (symlink) naar buiten `content/` is niet toegestaan; kopieer het bestand "
           "in plaats van ernaar te verwijzen.",
           at="voorbeeldstad/plan-2023/03-extra.md:0:0"),
        _m("not_a_file",
           "is geen gewoon bestand (maar bijvoorbeeld een verwijzing die nergens heen wijst of een pipe); "
           "verwijder het",
           "Verwijder de snelkoppeling of het speciale bestand, of vervang het door een gewoon bestand.",
           at="voorbeeldstad/plan-2023/03-weg.md:0:0"),
        _m("file_unreadable", "bestand kan niet gelezen worden ({reason})",
           "Controleer of het bestand bestaat en of u het mag lezen (rechten).",
           at=f"{PLAN}:0:0", reason="geen toestemming"),
        _m("file_too_large",
           "bestand is {size} bytes; de grens is {limit} bytes (splits het op in kleinere bestanden)",
           "Splits de tekst op in meer secties (`03-...md`, `04-...md`).",
           at=f"{SECTION}:0:0", size="1.200.000", limit="1.000.000"),
        _m("invalid_utf8", "ongeldige UTF-8 (byte 0x{byte:02x}); sla het bestand op als UTF-8",
           "Sla het bestand opnieuw op met codering UTF-8 (in VS Code: rechtsonder op de codering "
           "klikken). Vaak is een letter als `é` in een andere codering opgeslagen.",
           at=f"{PLAN}:1:27", byte=0xE9),
        _m("file_empty", "bestand is leeg; verwacht een mapping met velden (sleutel: waarde)",
           "Vul het bestand, of begin opnieuw met `ivpsite new`.",
           at=f"{PLAN}:1:1"),
        _m("file_not_mapping",
           "verwacht een mapping (sleutel: waarde) bovenaan het bestand, maar vond {found}",
           "Het bestand moet beginnen met velden als `title: ...`, niet met een lijst of losse tekst.",
           at=f"{PLAN}:1:1", snippet="- title: Veiligheidsplan", found="een lijst"),
        _m("folder_name",
           "mapnaam '{folder}' verwacht kleine letters, cijfers en koppeltekens (zoals 'ivp-2023-2026')",
           "Hernoem de map, bijvoorbeeld `Plan 2027` naar `plan-2027`.",
           at="voorbeeldstad/Plan 2027/plan.yaml:0:0", folder="Plan 2027"),
        _m("file_name",
           "bestandsnaam '{slug}' verwacht kleine letters, cijfers en koppeltekens "
           "(zoals '02-hoe-veilig-is-maasgouw.md')",
           "Hernoem het bestand, bijvoorbeeld `03-Oude_Aanpak.md` naar `03-oude-aanpak.md`.",
           at="voorbeeldstad/plan-2023/03-Oude_Aanpak.md:0:0", slug="Oude_Aanpak"),
        _m("reserved_name",
           "de naam '{name}' is gereserveerd voor de site zelf; kies een andere mapnaam",
           "Elk adres dat de site zelf schrijft (zoals `onderwerpen`, `veiligheidsvelden`, `zoeken`, "
           "`data`, `assets` en `handleiding`) is bezet; kies een andere mapnaam.",
           at="veiligheidsvelden/organisation.yaml:0:0", name="veiligheidsvelden"),
        _m("file_name_encoding",
           "de naam van dit bestand of deze map is geen geldige UTF-8 (zie de \\x-tekens); hernoem het "
           "met gewone letters, cijfers en koppeltekens",
           "Hernoem het bestand of de map; vaak is een letter als `é` in een oude codering opgeslagen. "
           "Gebruik liever alleen kleine letters, cijfers en koppeltekens.",
           at="voorbeeldstad/plan-2023/03-caf\\xe9.md:0:0"),
        _m("theme_missing",
           "thema '{theme}' bestaat niet; verwacht een map themes/<naam>/templates naast de contentmap "
           "of in ivpsite",
           "`theme` in `site.yaml` moet een thema van ivpsite zijn (meestal `default`; laat het veld "
           "dan weg) of een eigen map `themes/<naam>/` naast `content/`.",
           at="site.yaml:5:8", snippet="theme: donker", theme="donker"),
        _m("organisation_file_missing",
           "organisatie '{org}' heeft geen organisation.yaml; maak {org}/organisation.yaml aan",
           "Maak hem aan met `ivpsite new organisation <naam>`, of verplaats het plan.",
           at="anderstad/plan-2023/plan.yaml:1:1", org="anderstad"),
        _m("placeholder_published",
           "'{value}' is nog een invulplek van 'ivpsite new'; vul het in, of zet 'draft: true' "
           "bovenaan zolang het een concept is",
           "Vervang de tekst met ‘nog invullen’ door wat de bron zegt (of door `null` met een reden "
           "onder `missing`). Is het plan nog niet af, zet dan `draft: true` bovenaan: `ivpsite serve` "
           "toont het dan met een concept-banner en `ivpsite build` publiceert het niet.",
           at=f"{PLAN}:1:8", snippet="title: Nog invullen - titel van het plan",
           value="Nog invullen - titel van het plan"),
        _m("draft_referenced",
           "verwijst naar '{target}', maar dat is nog een concept (draft: true) en wordt niet "
           "gepubliceerd; publiceer het eerst of haal de verwijzing weg",
           "Haal `draft: true` weg bij het bestand waarnaar verwezen wordt (als het af is), of "
           "verwijs er nog niet naar.",
           at=f"{PLAN}:17:9", snippet="parent: voorbeeldstad/kadernota-2027", target="voorbeeldstad/kadernota-2027"),
        _m("plan_file_missing",
           "sectie hoort bij '{plan}', maar daar staat geen plan.yaml; maak die aan",
           "Maak het plan aan (`ivpsite new plan`), of verplaats de sectie naar de map van het plan.",
           at="voorbeeldstad/plan-2027/01-inleiding.md:1:1", plan="voorbeeldstad/plan-2027"),
        _m("too_many_pages",
           "content/pages/ bevat {count} pagina's; de grens is {limit}, want elke pagina van de site noemt ze "
           "allemaal in haar menu",
           "Voeg pagina's samen, of zet de tekst in een sectie van een plan. De grenzen staan in de "
           "[Referentie](referentie.md#grenzen).",
           at="pages/pagina-21.md:0:0", count=21, limit=20),
    ),
    *_in(
        FRONT_MATTER,
        _m("front_matter_missing",
           "front matter ontbreekt: begin het bestand met een regel '---', dan de velden "
           "(zoals title: ...), en sluit af met een regel '---'",
           "Zet bovenaan `---`, dan `title: ...`, dan weer `---`.",
           at=f"{SECTION}:1:1", snippet="title: Aanpak"),
        _m("front_matter_unclosed",
           "front matter wordt niet afgesloten; zet na de velden een regel '---'",
           "Zet na de velden een regel met alleen `---`.",
           at=f"{SECTION}:1:1"),
        _m("front_matter_empty", "front matter is leeg; verwacht minstens 'title: ...'",
           "Zet tussen de twee regels `---` minstens de titel.",
           at=f"{SECTION}:2:1"),
        _m("front_matter_not_mapping",
           "front matter moet een mapping (sleutel: waarde) zijn, maar is {found}",
           "Schrijf de front matter als `sleutel: waarde`-regels, zoals `title: Aanpak`.",
           at=f"{SECTION}:2:1", snippet="Aanpak", found="de tekst 'Aanpak'"),
    ),
    *_in(
        YAML,
        _m("yaml_tab", _YAML + "een tab-teken is hier niet toegestaan; spring in met spaties",
           "Vervang tabs aan het begin van de regel door spaties.",
           at=f"{PLAN}:5:1"),
        _m("yaml_colon",
           _YAML + "hier mag geen dubbele punt staan; zet tekst met ': ' tussen aanhalingstekens of "
                   "controleer de inspringing",
           "Zet tekst met `: ` erin tussen aanhalingstekens: `title: \"Veiligheid: samen\"`.",
           at=f"{PLAN}:1:18", snippet="title: Veiligheid: samen"),
        _m("yaml_missing_colon", _YAML + "verwacht 'sleutel: waarde'; er ontbreekt een dubbele punt",
           "Zet een dubbele punt en een spatie na de sleutel.",
           at=f"{PLAN}:4:1", snippet="status geldend"),
        _m("yaml_unexpected_end",
           _YAML + "het bestand eindigt te vroeg; is een aanhalingsteken of haakje niet gesloten?",
           "Sluit het aanhalingsteken of haakje dat nog open staat.",
           at=f"{PLAN}:3:1", snippet='title: "Veiligheidsplan'),
        _m("yaml_block_end",
           _YAML + "inspringing klopt niet; zet deze regel op dezelfde hoogte als de regels erboven",
           "Controleer de spaties aan het begin van de regel.",
           at=f"{PLAN}:6:3", snippet="  - end: 2026"),
        _m("yaml_escape",
           _YAML + "onbekende escape-reeks in tekst tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens",
           "Gebruik enkele aanhalingstekens, of schrijf `\\\\` voor een schuine streep.",
           at=f"{PLAN}:1:17", snippet='title: "Plan C:\\Documenten"'),
        _m("yaml_flow_list", _YAML + "lijst tussen [ ] is niet goed afgesloten; verwacht ',' of ']'",
           "Sluit de lijst met `]`, en zet komma's tussen de items.",
           at=f"{PLAN}:23:10", snippet="topics: [woninginbraak overlast"),
        _m("yaml_flow_mapping", _YAML + "mapping tussen {{ }} is niet goed afgesloten; verwacht ',' of '}}'",
           "Sluit met `}`, en zet komma's tussen de velden.",
           at=f"{PLAN}:32:30", snippet="baseline: {value: 29 year: 2021}"),
        _m("yaml_documents",
           _YAML + "het bestand bevat meer dan één YAML-document ('---'); verwacht er één",
           "Haal de extra regel `---` weg (in `.yaml`-bestanden hoort die niet).",
           at=f"{ORG}:3:1", snippet="---"),
        _m("yaml_reserved_start",
           _YAML + "een waarde mag niet met '@' of '`' beginnen; zet hem tussen aanhalingstekens",
           "Zet de waarde tussen aanhalingstekens: `publisher: \"@gemeente\"`.",
           at="site.yaml:4:12", snippet="publisher: @gemeente"),
        _m("yaml_tag_handle", _YAML + "onbekende YAML-tag; tags zijn niet toegestaan",
           "Haal de `!...`-aanduiding weg; schrijf gewone tekst, getallen of datums.",
           at=f"{PLAN}:1:8", snippet="title: !x!tekst Veiligheidsplan"),
        _m("yaml_anchor", _YAML + "ongeldig anker (&); ankers en aliassen worden niet ondersteund",
           "Schrijf de waarde voluit in plaats van `&anker`.",
           at=f"{PLAN}:1:9", snippet="title: & Veiligheidsplan"),
        _m("yaml_alias_invalid", _YAML + "ongeldige alias (*); ankers en aliassen worden niet ondersteund",
           "Schrijf de waarde voluit in plaats van `*alias`; begint de tekst met `*`, zet hem dan "
           "tussen aanhalingstekens.",
           at=f"{PLAN}:1:9", snippet="title: * Veiligheidsplan"),
        _m("yaml_unclosed_quote", _YAML + "tekst tussen aanhalingstekens wordt niet gesloten",
           "Zet het sluitende aanhalingsteken.",
           at=f"{PLAN}:2:1", snippet="title: \"Veiligheidsplan"),
        _m("yaml_invalid",
           "ongeldige YAML; controleer inspringing (spaties), dubbele punten en aanhalingstekens",
           "Controleer inspringing, dubbele punten en aanhalingstekens rond de genoemde regel.",
           at=f"{PLAN}:22:14", snippet="topics: [, woninginbraak]"),
        _m("yaml_alias", "aliassen (*naam) worden niet ondersteund; schrijf de waarde voluit",
           "Schrijf de waarde voluit in plaats van `&anker` en `*alias`.",
           at=f"{PLAN}:2:7", snippet="kind: *soort"),
        _m("yaml_too_deep",
           "te diep genest (meer dan {limit} niveaus lijsten en mappings in elkaar); maak de structuur platter",
           "Zo diep nest geen enkel veld; controleer de haakjes en de inspringing.",
           at=f"{PLAN}:1:57", limit=50),
        _m("yaml_line_separator",
           "teken U+{code:04X} is een onzichtbaar regeleinde; vervang het door een gewone nieuwe regel of een spatie",
           "Verwijder het onzichtbare teken (vaak meegekopieerd uit een pdf of Word) en typ de spatie of "
           "de nieuwe regel opnieuw.",
           at=f"{PLAN}:1:23", code=0x2028),
        _m("yaml_character", "teken U+{code:04X} is niet toegestaan in YAML; verwijder het",
           "Verwijder het onzichtbare teken (vaak meegekopieerd uit een pdf).",
           at=f"{PLAN}:1:23", code=0x7),
        _m("control_character",
           "onzichtbaar stuurteken U+{code:04X} in de tekst; verwijder het (tab en nieuwe regel mogen wel)",
           "Vaak een escape tussen dubbele aanhalingstekens (`\\0`, `\\e`, `\\x0b`) of een teken dat uit "
           "een pdf is meegekopieerd; haal het weg. In een Markdown-tekst geldt hetzelfde.",
           at=f"{PLAN}:1:8", snippet='title: "Veiligheidsplan\\e[1m Voorbeeldstad"', code=0x1B),
        _m("yaml_empty", "geen gegevens gevonden; verwacht velden (sleutel: waarde)",
           "Het bestand bevat alleen opmerkingen; vul de velden in, of begin opnieuw met `ivpsite new`.",
           at=f"{PLAN}:1:1", snippet="# nog invullen"),
        _m("yaml_tag", "YAML-tag '{tag}' is niet toegestaan; schrijf gewone tekst, getallen of datums",
           "Haal `!!...`-aanduidingen weg; schrijf gewone tekst, getallen of datums.",
           at=f"{PLAN}:1:8", snippet="title: !!binary VmVpbGlnaGVpZA==", tag="!!binary"),
        _m("yaml_tag_list", "YAML-tags zijn niet toegestaan; schrijf een gewone lijst",
           "Haal de `!...`-aanduiding voor de lijst weg.",
           at=f"{PLAN}:22:13", snippet="topics: !lijst [woninginbraak]"),
        _m("yaml_tag_mapping", "YAML-tags zijn niet toegestaan; schrijf een gewone mapping",
           "Haal de `!...`-aanduiding voor de velden weg.",
           at=f"{PLAN}:32:15", snippet="baseline: !meting {value: 29, year: 2021}"),
        _m("yaml_bad_key",
           "deze sleutel is niet toegestaan; gebruik gewone namen als sleutel (geen lijsten, mappings of '<<')",
           "Gebruik gewone namen als sleutel, geen lijst, mapping of `<<`.",
           at=f"{PLAN}:2:1", snippet="<<: {kind: kadernota}"),
        _m("yaml_duplicate_key",
           "sleutel '{key}' komt dubbel voor (eerst op regel {line}); verwijder of hernoem er één",
           "Verwijder één van de twee, of voeg ze samen.",
           at=f"{PLAN}:2:1", snippet="title: Dubbel", key="title", line=1),
        _m("yaml_unreadable_value",
           "waarde '{value}' kan niet gelezen worden; verwacht een geldige datum (JJJJ-MM-DD), getal of tekst",
           "Meestal een onmogelijke datum zoals `2022-02-30`; schrijf een geldige datum.",
           at=f"{PLAN}:9:9", snippet="date: 2022-02-30", value="2022-02-30"),
        _m("yaml_not_finite",
           "'{value}' is geen eindig getal; schrijf een gewoon getal (zoals 125 of 7.9) of null met een "
           "reden onder 'missing'",
           "Schrijf het getal uit de bron; geeft de bron het niet, schrijf dan `null` met een reden "
           "onder `missing`.",
           at=f"{PLAN}:32:23", snippet="baseline: {value: .inf, year: 2021}", value=".inf"),
    ),
    *_in(
        FIELDS,
        _m("field_missing", "verplicht veld '{field}' ontbreekt ({description})",
           "Voeg het veld toe; de uitleg zegt wat erin hoort. Zie de [Referentie](referentie.md).",
           at=f"{PLAN}:1:1", field="status", description="'geldend', 'verlopen' of 'onbekend'."),
        _m("field_missing_plain", "verplicht veld '{field}' ontbreekt",
           "Voeg het veld toe. Zie de [Referentie](referentie.md).",
           field="id"),
        _m("unknown_field_guess", "onbekend veld '{field}', bedoelde u '{suggestion}'?",
           "Een tikfout: gebruik de voorgestelde naam.",
           at=f"{PLAN}:1:1", snippet="titel: Veiligheidsplan", field="titel", suggestion="title"),
        _m("unknown_field", "onbekend veld '{field}'; toegestane velden: {allowed}",
           "Haal het veld weg of kies een toegestaan veld; controleer ook de inspringing.",
           at="site.yaml:5:1", snippet="kleur: blauw", field="kleur",
           allowed="base_url, contact, data_licence, description, edit_url, language, publisher, theme, title"),
        _m("field_integer", "'{field}' verwacht een geheel getal (zoals 2026), maar vond {found}",
           "Schrijf een jaartal of aantal zonder komma of punt.",
           at=f"{PLAN}:5:10", snippet="start: twee", field="start", found="'twee'"),
        _m("field_number", "'{field}' verwacht een getal (zoals 125 of 7.9), maar vond {found}",
           "Schrijf alleen het getal, zonder woorden of eenheid: `30`, niet `circa 30`. Is het getal "
           "niet precies bekend, schrijf dan `null` met een reden onder `missing`.",
           at=f"{PLAN}:33:14", snippet="value: circa 30", field="value", found="'circa 30'"),
        _m("field_number_quoted",
           "'{field}' verwacht een getal (zoals 125 of 7.9), maar vond {found} (tekst; zet geen "
           "aanhalingstekens om een getal, en gebruik een punt: 7.9)",
           "Haal de aanhalingstekens weg (`value: 29`, niet `value: \"29\"`) en gebruik een punt als "
           "decimaalteken: `7.9`, niet `7,9`.",
           at=f"{PLAN}:32:23", snippet='baseline: {value: "29", year: 2021}', field="value",
           found="'29'"),
        _m("field_text", "'{field}' verwacht tekst, maar vond {found}",
           "Vul tekst in; zet een waarde die op een getal of datum lijkt tussen aanhalingstekens.",
           at="site.yaml:4:12", snippet="publisher: 2024", field="publisher", found="'2024'"),
        _m("field_empty", "'{field}' mag niet leeg zijn",
           "Vul het veld, of laat een optioneel veld weg.",
           at="site.yaml:1:8", snippet='title: ""', field="title"),
        _m("field_too_long", "'{field}' is te lang (hoogstens {max_length} tekens)",
           "Kort de tekst in, of zet hem in een sectie.",
           at="site.yaml:5:8", field="theme", max_length=80),
        _m("field_pattern_slug",
           "'{field}' verwacht kleine letters, cijfers en koppeltekens (zoals 'ivp-2023-2026'), maar vond {found}",
           "Ids: `ivp-2023-2026`, geen hoofdletters, spaties of liggende streepjes.",
           at=f"{PLAN}:20:9", snippet="- id: Inbraak", field="id", found="'Inbraak'"),
        _m("field_pattern_base_url",
           "'{field}' verwacht een webadres dat begint met https:// en eindigt op '/', maar vond {found}",
           "Schrijf het volledige adres met `/` aan het eind: `https://veiligheid.example.nl/`.",
           at="site.yaml:3:11", snippet="base_url: https://example.org", field="base_url",
           found="'https://example.org'"),
        _m("field_pattern_cbs",
           "'{field}' verwacht een CBS-code als GM gevolgd door vier cijfers (zoals GM0000), maar vond {found}",
           "Bijvoorbeeld `GM1641`. Onbekend? Schrijf `null` met een reden onder `missing`.",
           at=f"{ORG}:3:11", snippet="cbs_code: GM164", field="cbs_code", found="'GM164'"),
        _m("field_pattern_plan",
           "'{field}' verwacht 'organisatie/plan', zoals 'maasgouw/ivp-2023-2026', maar vond {found}",
           "Bijvoorbeeld `parent: westelijke-mijnstreek/kadernota-2019-2022`.",
           at=f"{PLAN}:17:9", snippet="parent: kadernota-2019", field="parent", found="'kadernota-2019'"),
        _m("field_pattern_https",
           "'{field}' verwacht een webadres dat begint met https://, maar vond {found}",
           "Schrijf het volledige adres, beginnend met `https://`.",
           at=f"{PLAN}:17:8", snippet="  url: www.example.org/plan.pdf", field="url",
           found="'www.example.org/plan.pdf'"),
        _m("field_pattern_cbs_table",
           "'{field}' verwacht het nummer van een CBS-tabel (zoals 83648NED), maar vond {found}",
           "Neem het tabelnummer over uit StatLine: het staat in het adres van de tabel, zoals `83648NED`.",
           at=f"{PLAN}:36:14", snippet="table: '83648 NED'", field="table", found="'83648 NED'"),
        _m("field_pattern_cbs_key",
           "'{field}' verwacht een sleutel uit de CBS-tabel (letters, cijfers en _, zoals "
           "GeregistreerdeMisdrijvenPer1000Inw_3), maar vond {found}",
           "Schrijf de sleutel, niet de naam die StatLine toont; `ivpsite fetch context` noemt de sleutels "
           "als u er een verkeerde opgeeft.",
           at=f"{PLAN}:37:16", snippet="measure: Misdrijven per 1000 inwoners", field="measure", found="'Misdrijven per 1000 inwoners'"),
        _m("field_pattern_cbs_region",
           "'{field}' verwacht een CBS-regiocode (zoals GM1641 of NL01), maar vond {found}",
           "Een gemeente is `GM` met vier cijfers, Nederland `NL01`.",
           at=f"{PLAN}:38:15", snippet="region: Voorbeeldstad", field="region", found="'Voorbeeldstad'"),
        _m("field_pattern", "'{field}' verwacht het patroon {pattern}, maar vond {found}",
           "Vergelijk de waarde met de [Referentie](referentie.md).",
           field="code", pattern="^[A-Z]{2}$", found="'nl'"),
        _m("field_date",
           "'{field}' verwacht een datum als JJJJ-MM-DD (zoals 2022-12-20), maar vond {found}",
           "Schrijf `2022-12-20`. Alleen een maand bekend? Schrijf `null`, de reden onder `missing` en "
           "de tekst uit de bron in `as_written`.",
           at=f"{PLAN}:9:9", snippet="date: december 2022", field="date", found="'december 2022'"),
        _m("field_choice", "'{field}' verwacht een van: {expected}, maar vond {found}",
           "Kies precies één van de genoemde waarden.",
           at=f"{ORG}:2:7", snippet="kind: gemeenten", field="kind",
           expected="'gemeente' of 'regio'", found="'gemeenten'"),
        _m("field_list",
           "'{field}' verwacht een lijst (regels die beginnen met '- '), maar vond {found}",
           "Schrijf `- item` op eigen regels, of `[a, b]`.",
           at=f"{PLAN}:22:13", snippet="topics: woninginbraak", field="topics", found="'woninginbraak'"),
        _m("field_mapping", "'{field}' verwacht een mapping (sleutel: waarde), maar vond {found}",
           "Zet er ingesprongen velden onder, zoals bij `period:`.",
           at=f"{PLAN}:4:9", snippet="period: 2023-2026", field="period", found="'2023-2026'"),
        _m("file_mapping", "dit bestand verwacht een mapping (sleutel: waarde), maar vond {found}",
           "Het bestand moet beginnen met velden als `title: ...`.",
           found="een lijst"),
        _m("field_boolean", "'{field}' verwacht true of false, maar vond {found}",
           "Schrijf `true` of `false`.",
           field="concept", found="'ja'"),
        _m("field_minimum", "'{field}' moet minstens {limit} zijn, maar is {found}",
           "Jaartallen liggen tussen 1900 en 2100.",
           at=f"{PLAN}:5:10", snippet="start: 203", field="start", limit=1900, found="'203'"),
        _m("field_maximum", "'{field}' mag hoogstens {limit} zijn, maar is {found}",
           "Jaartallen liggen tussen 1900 en 2100.",
           at=f"{PLAN}:6:8", snippet="end: 20026", field="end", limit=2100, found="'20026'"),
        _m("field_too_few", "'{field}' verwacht minstens {min_length} item(s)",
           "Bijvoorbeeld `topics` van een prioriteit: noem minstens één onderwerp.",
           at=f"{PLAN}:22:13", snippet="topics: []", field="topics", min_length=1),
        _m("field_invalid", "'{field}' heeft een ongeldige waarde {found}",
           "Vergelijk de waarde met de [Referentie](referentie.md).",
           field="title", found="'...'"),
    ),
    *_in(
        MISSING,
        _m("fact_empty",
           "'{field}' is leeg; geef de waarde uit de bron, of zet onder 'missing' waarom de bron die niet "
           "geeft (missing: {field}: \"reden\")",
           "Vul de waarde in, of voeg `missing: {<veld>: \"reden\"}` toe. Zie "
           "[Ontbrekende gegevens](toevoegen.md#ontbrekende-gegevens).",
           at=f"{ORG}:4:11", snippet="province: null", field="province"),
        _m("missing_has_value",
           "'missing' geeft een reden voor '{field}', maar '{field}' heeft een waarde; verwijder de reden "
           "of maak het veld null",
           "Haal de reden weg (de waarde is nu bekend), of maak het veld `null`.",
           at=f"{ORG}:4:11", snippet="province: Limburg", field="province"),
        _m("missing_not_a_fact",
           "'missing' noemt '{field}', maar dat is geen veld dat mag ontbreken; toegestaan: {allowed}",
           "Alleen feiten mogen ontbreken; de melding noemt welke. Staat de reden bij het goede "
           "object (let op de inspringing)?",
           at=f"{ORG}:6:3", snippet="  name: Synthetisch testgegeven.", field="name",
           allowed="cbs_code, province"),
    ),
    *_in(
        RULES,
        _m("period_reversed", "het eindjaar {end} ligt vóór het beginjaar {start}; verwacht end >= start",
           "Verwissel of verbeter `start` en `end` van `period`.",
           at=f"{PLAN}:6:8", snippet="end: 2020", end=2020, start=2023),
        _m("validity_reversed",
           "de einddatum {end} ligt vóór de begindatum {start}; verwacht end >= start",
           "Verbeter `start` of `end` van `validity`.",
           at=f"{PLAN}:10:36", snippet="validity: {start: 2023-01-01, end: 2022-12-31}",
           end="2022-12-31", start="2023-01-01"),
        _m("municipality_members", "een gemeente heeft geen 'members'; alleen een regio heeft leden",
           "Alleen een regio heeft leden; haal `members` weg of zet `kind: regio`.",
           at=f"{ORG}:8:10", snippet="members: [anderstad]"),
        _m("region_in_region", "een regio hoort niet bij een andere regio; verwijder 'region'",
           "Haal `region` weg.",
           at=f"{ORG}:8:9", snippet="region: noord"),
        _m("unknown_region",
           "onbekende regio '{region}'; verwacht de mapnaam van een organisatie met kind: regio",
           "`region` moet de mapnaam van een organisatie met `kind: regio` zijn.",
           at=f"{ORG}:8:9", snippet="region: nergens", region="nergens"),
        _m("not_a_region", "'{region}' is geen regio maar een {kind}",
           "`region` moet de mapnaam van een organisatie met `kind: regio` zijn.",
           at=f"{ORG}:8:9", snippet="region: anderstad", region="anderstad", kind="gemeente"),
        _m("region_lacks_member",
           "regio '{region}' noemt '{org}' niet onder 'members'; voeg hem daar toe",
           "Zet de gemeente in `members` van de regio.",
           at=f"{ORG}:8:9", snippet="region: noord", region="noord", org="voorbeeldstad"),
        _m("unknown_member",
           "onbekende gemeente '{member}'; verwacht de mapnaam van een organisatie",
           "`members` noemt de mapnamen van gemeenten in `content/`.",
           at="noord/organisation.yaml:6:26", snippet="members: [voorbeeldstad, nergens]", member="nergens"),
        _m("member_lacks_region",
           "'{member}' noemt deze regio niet als 'region'; zet daar region: {region}",
           "Regio en gemeente moeten elkaar noemen: `members` bij de regio, `region` bij de gemeente.",
           at="noord/organisation.yaml:6:11", snippet="members: [voorbeeldstad]",
           member="voorbeeldstad", region="noord"),
        _m("unknown_topic_guess", "onbekend onderwerp '{topic}', bedoelde u '{suggestion}'?",
           "Een tikfout: gebruik de voorgestelde id.",
           at=f"{PLAN}:22:14", snippet="topics: [woninginbrak]", topic="woninginbrak",
           suggestion="woninginbraak"),
        _m("unknown_topic", "onbekend onderwerp '{topic}'; zie topics.yaml voor de ids",
           "Gebruik een id uit `topics.yaml`, of voeg daar het onderwerp toe.",
           at=f"{SECTION}:3:10", snippet="topics: [drugs]", topic="drugs"),
        _m("unknown_safety_field", "onbekend veiligheidsveld '{field}'; kies uit: {choices}",
           "`field` van een onderwerp moet een `id` uit `fields` zijn.",
           at="topics.yaml:7:12", snippet="field: woonomgeving", field="woonomgeving",
           choices="veilige-woon-en-leefomgeving"),
        _m("duplicate_field_id", "veld-id '{id}' komt dubbel voor; elke id moet uniek zijn",
           "Maak elke id in `fields` uniek.",
           at="topics.yaml:4:9", id="veilige-woon-en-leefomgeving"),
        _m("duplicate_topic_id", "onderwerp-id '{id}' komt dubbel voor; elke id moet uniek zijn",
           "Maak elke id in `topics` uniek, of voeg de twee onderwerpen samen.",
           at="topics.yaml:9:9", id="woninginbraak"),
        _m("duplicate_plan_id", "id '{id}' komt al voor in dit plan; elke id moet uniek zijn",
           "Prioriteiten, thema's, indicatoren en vergelijkingen hebben elk een eigen id, ook onderling.",
           at=f"{PLAN}:27:9", snippet="  - id: inbraak", id="inbraak"),
        _m("parent_unknown",
           "onbekend bovenliggend plan '{parent}'; verwacht 'organisatie/plan' van een bestaand plan ({plans})",
           "`parent` moet `organisatie/plan` van een bestaand plan zijn.",
           at=f"{PLAN}:17:9", snippet="parent: voorbeeldstad/kadernota", parent="voorbeeldstad/kadernota",
           plans="voorbeeldstad/plan-2023"),
        _m("parent_self", "een plan kan niet zijn eigen parent zijn",
           "Verbeter `parent`, of haal het weg.",
           at=f"{PLAN}:17:9", snippet="parent: voorbeeldstad/plan-2023"),
        _m("parent_cycle", "de parent-keten van dit plan is een kring",
           "Twee plannen noemen elkaar (via via) als `parent`; haal één `parent` weg.",
           at=f"{PLAN}:17:9", snippet="parent: voorbeeldstad/kadernota"),
        _m("unknown_section",
           "onbekende sectie '{section}'; verwacht de naam van een sectiebestand zonder NN- en .md ({sections})",
           "`section` is de bestandsnaam zonder nummer en `.md`: `03-de-prioriteiten.md` wordt "
           "`de-prioriteiten`.",
           at=f"{PLAN}:25:14", snippet="section: aanpakk", section="aanpakk", sections="aanpak, inleiding"),
        _m("measurement_twice", "er is al een meting voor {year}; één meting per jaar",
           "Haal de dubbele meting weg.",
           at=f"{PLAN}:36:16", year=2024),
        _m("measurement_before_baseline",
           "meting voor {year} ligt niet na het jaar van de uitgangswaarde ({baseline}); een meting hoort bij "
           "een later jaar",
           "Controleer het jaar. Is het een nieuwe uitgangswaarde, pas dan `baseline` aan.",
           at=f"{PLAN}:35:16", snippet="- {year: 2021, value: 31}", year=2021, baseline=2021),
        _m("measurement_outside_period", "meting voor {year} ligt buiten de planperiode {start}-{end}",
           "Controleer het jaar, of de planperiode.",
           at=f"{PLAN}:35:16", snippet="- {year: 2027, value: 31}", year=2027, start=2023, end=2026),
        _m("percentage_range", "een percentage ligt tussen 0 en 100, maar is {value}",
           "Controleer het getal en de `unit`.",
           at=f"{PLAN}:32:23", snippet="unit: procent", value=129),
        _m("grade_range", "een rapportcijfer ligt tussen 1 en 10, maar is {value}",
           "Controleer het getal en de `unit`; een rapportcijfer is bijvoorbeeld `7.2`.",
           at=f"{PLAN}:32:23", snippet="unit: rapportcijfer", value=29),
        _m("count_negative", "een aantal kan niet negatief zijn, maar is {value}",
           "Controleer het getal en de `unit`; een daling schrijft u als de nieuwe stand.",
           at=f"{PLAN}:32:23", snippet="baseline: {value: -3, year: 2021}", value=-3),
        _m("direction_mismatch", "richting '{direction}' past niet bij het doel '{comparator} {value}'",
           "`<` en `<=` horen bij `lager-is-beter`, `>` en `>=` bij `hoger-is-beter`.",
           at=f"{PLAN}:31:16", snippet="direction: hoger-is-beter", direction="hoger-is-beter",
           comparator="<=", value=25),
        _m("context_no_indicator",
           "{plan} heeft geen indicator '{id}' met een 'context'; haal dit bestand weg, of geef de indicator "
           "een context en draai: ivpsite fetch context",
           "Dit bestand hoort bij een indicator met `context:`. Is de indicator hernoemd of de context "
           "weggehaald, verwijder het bestand dan.",
           at="voorbeeldstad/plan-2023/context/overlast.yaml:0:0", plan="voorbeeldstad/plan-2023", id="overlast"),
        _m("context_stale",
           "deze cijfers horen bij een andere reeks dan indicator '{id}' noemt ('{field}' verschilt); haal ze "
           "opnieuw op met: ivpsite fetch context --plan {plan}",
           "De `context` van de indicator is veranderd nadat de cijfers zijn opgehaald. Draai de genoemde "
           "opdracht; bewerk dit bestand niet met de hand.",
           at=f"{CONTEXT}:9:1", id="inbraken", field="measure", plan="voorbeeldstad/plan-2023"),
        _m("context_year_twice",
           "jaar {year} staat twee keer onder 'values'; haal de cijfers opnieuw op met: ivpsite fetch context",
           "Dit bestand schrijft `ivpsite fetch context`; draai die opdracht opnieuw in plaats van het "
           "bestand met de hand te bewerken.",
           at=f"{CONTEXT}:27:1", year=2022),
        _m("page_name_taken",
           "de paginanaam '{slug}' is al in gebruik door een organisatie of door de site zelf; kies een "
           "andere bestandsnaam",
           "Kies een andere bestandsnaam voor de pagina.",
           at="pages/voorbeeldstad.md:0:0", slug="voorbeeldstad"),
        _m("section_number_taken",
           "nummer {number:02d} wordt ook gebruikt door {other}; geef elke sectie een eigen nummer",
           "Geef elke sectie een eigen nummer.",
           at=f"{SECTION}:0:0", number=2, other="voorbeeldstad/plan-2023/02-aanpak-oud.md"),
        _m("section_name_taken", "sectienaam '{slug}' is al in gebruik in {plan}",
           "Kies een andere naam (ook `indicatoren` is bezet).",
           at="voorbeeldstad/plan-2023/03-indicatoren.md:0:0", slug="indicatoren",
           plan="voorbeeldstad/plan-2023"),
    ),
    *_in(
        MARKDOWN,
        _m("heading_level_one",
           "gebruik '##' voor koppen; de titel uit de front matter is al de kop van niveau 1",
           "De titel is al de hoofdkop; begin tussenkoppen met `##`.",
           at=f"{SECTION}:5:1", snippet="# Wat we doen"),
        _m("heading_skips",
           "kop van niveau {level} volgt op niveau {previous}; sla geen niveau over (gebruik {hashes})",
           "Na `##` komt `###`, niet `####`.",
           at=f"{SECTION}:7:1", snippet="#### Details", level=4, previous=2, hashes="###"),
        _m("image_in_text",
           "afbeeldingen in de tekst worden niet ondersteund; beschrijf de afbeelding in tekst",
           "Beschrijf wat de afbeelding laat zien in tekst of een tabel.",
           at=f"{SECTION}:7:10", snippet="![kaart](kaart.png)"),
        _m("link_not_allowed",
           "link '{target}' is niet toegestaan; link naar een ander contentbestand met een relatief pad "
           "(zoals '03-de-prioriteiten.md') of naar een https://-adres",
           "Link naar een ander bestand met een relatief pad (`03-de-prioriteiten.md`) of naar `https://...`.",
           at=f"{SECTION}:7:24", snippet="[de inleiding](/voorbeeldstad/plan-2023/)",
           target="/voorbeeldstad/plan-2023/"),
        _m("link_unsafe", "deze link is niet toegestaan; link naar een contentbestand of een https://-adres",
           "Schrijf het adres voluit, met `https://`.",
           at=f"{SECTION}:7:24", snippet="[de inleiding](https:voorbeeld.nl)"),
        _m("link_outside", "link '{target}' wijst buiten de contentmap; dat is niet toegestaan",
           "Link alleen naar bestanden binnen `content/`.",
           at=f"{SECTION}:7:24", snippet="[de inleiding](../../../README.md)", target="../../../README.md"),
        _m("link_dead",
           "link '{target}' wijst naar '{resolved}', maar die pagina bestaat niet; verwacht een pad naar "
           "een .md-, plan.yaml- of organisation.yaml-bestand",
           "Controleer de bestandsnaam (met nummer en `.md`).",
           at=f"{SECTION}:7:24", snippet="[de inleiding](01-inleidng.md)", target="01-inleidng.md",
           resolved="voorbeeldstad/plan-2023/01-inleidng.md"),
        _m("inline_block",
           "dit veld is tekst binnen één alinea, maar bevat {what}; alleen nadruk, links en code kunnen hier",
           "Een lijst maakt u met de YAML-lijst zelf (elk punt een eigen `- ...`). Begint de tekst met "
           "`-`, `#` of `>`, zet er dan een `\\` voor; na een nummer zet u de `\\` voor de punt. Gebruik "
           "daarbij enkele aanhalingstekens: `'1\\. Minder inbraken'`.",
           at=f"{PLAN}:23:13", snippet='goals: ["1. Minder inbraken."]', what="een genummerde lijst"),
        _m("markdown_too_deep",
           "te diep genest: meer dan {limit} niveaus lijsten, citaten, nadruk of links in elkaar; maak de "
           "structuur platter",
           "Zo diep nest geen tekst; meestal staan er te veel `>`, `-` of `*` aan het begin van een regel, of "
           "sluit een `*`, `_` of `[` niet. De grenzen staan in de [Referentie](referentie.md#grenzen).",
           at=f"{SECTION}:7:1", snippet="> > > > > > > > > > > > > > > > > > > > > Diep", limit=20),
        _m("table_too_wide", "tabel heeft {count} kolommen; de grens is {limit}",
           "Zo'n brede tabel is op geen scherm te lezen: splits hem in meer tabellen, of zet rijen en "
           "kolommen om.",
           at=f"{SECTION}:8:1", snippet="|-|-|-|", count=41, limit=40),
        _m("table_too_large", "tabel heeft {count} cellen (kolommen × regels); de grens is {limit}",
           "Splits de tabel op, of publiceer zulke cijfers als indicator (die komen ook in de open data).",
           at=f"{SECTION}:8:1", snippet="|---|---|---|---|", count=10008, limit=10000),
        _m("too_many_references",
           "meer dan {limit} verwijzingsdefinities en voetnoten ('[naam]: ...') in één bestand; splits de tekst op",
           "Verdeel de tekst over meer secties; elke sectie heeft haar eigen verwijzingen.",
           at=f"{SECTION}:507:1", limit=500),
    ),
    *_in(
        BUILD,
        _m("out_is_content",
           "de uitvoermap mag niet de contentmap zijn, erin liggen of haar bevatten; kies een aparte map, "
           "zoals --out build",
           "Kies met `--out` een aparte map, zoals `--out build`.",
           at="content/build:0:0"),
        _m("out_is_here",
           "de uitvoermap mag niet de huidige map of een map daarboven zijn; kies een aparte map, zoals --out build",
           "Kies met `--out` een aparte map, zoals `--out build`.",
           at=".:0:0"),
        _m("out_not_folder", "de uitvoermap bestaat al, maar is geen map; kies een andere naam",
           "Kies met `--out` een andere naam.",
           at="build:0:0"),
        _m("out_other_files",
           "de uitvoermap bevat bestanden die ivpsite niet heeft geschreven (er staat geen {marker} in) en "
           "zou bij het bouwen vervangen worden; kies een lege of nieuwe map",
           "Kies met `--out` een lege of nieuwe map; ivpsite vervangt de hele map. ivpsite herkent zijn "
           "eigen uitvoer aan het bestand `.ivpsite` dat het in elke build zet. Is de map een build van "
           "een oudere ivpsite (zonder dat bestand), verwijder haar dan eenmalig zelf.",
           at="build:0:0", marker=".ivpsite"),
        _m("out_link_broken",
           "de uitvoermap is een snelkoppeling (symlink) die nergens heen wijst of in een kring; laat hem "
           "naar een bestaande map wijzen of kies een andere map",
           "Een snelkoppeling als uitvoermap mag: ivpsite vervangt dan de map waar hij naar wijst. Die "
           "map moet wel bestaan.",
           at="live:0:0"),
        _m("build_busy", "een andere build schrijft al naar {out}; wacht tot die klaar is",
           "Wacht tot de andere build klaar is en probeer het opnieuw.",
           at="ivpsite", out="build"),
        _m("build_interrupted", "afgebroken; de vorige site is niet veranderd",
           "U stopte de build (Ctrl-C); draai hem opnieuw als u wilt publiceren.",
           at="ivpsite"),
        _m("build_interrupted_live",
           "afgebroken na het publiceren; de nieuwe site staat al online (de volgende build ruimt de "
           "vorige versie op)",
           "Niets te doen: de nieuwe site is compleet gepubliceerd. Alleen het opruimen van de vorige "
           "versie werd onderbroken.",
           at="ivpsite"),
        _m("handbook_config_missing",
           "handboekconfiguratie niet gevonden; verwacht het pad naar mkdocs.yml, zoals --handbook mkdocs.yml",
           "Geef met `--handbook` het pad naar `mkdocs.yml` (in de map boven `docs/`).",
           at="mkdocs.yaml:0:0"),
        _m("handbook_mkdocs_missing",
           "MkDocs is niet geïnstalleerd; installeer het handboekgereedschap met: pip install -e '.[handbook]'",
           "Installeer het handboekgereedschap met de genoemde opdracht, of bouw zonder `--handbook`.",
           at="mkdocs.yml:0:0"),
        _m("handbook_failed", "het handboek kon niet gebouwd worden: {message}",
           "De melding van MkDocs zegt wat er in `docs/` niet klopt, meestal een link naar een pagina "
           "of kop die niet bestaat.",
           at="mkdocs.yml:0:0", message="Doc file 'index.md' contains a link 'bestaat-niet.md', but the "
                                        "target is not found among documentation files."),
        _m("problems_found", "{problems} gevonden; er is niets gepubliceerd",
           "Los de meldingen erboven op, van boven naar beneden, en draai de opdracht opnieuw.",
           at="ivpsite", problems="2 problemen"),
    ),
    *_in(
        NEW,
        _m("new_unknown_kind", "onbekende soort '{kind}'; kies uit: {kinds}",
           "Kies met `--kind` een van de genoemde soorten.",
           at="ivpsite", kind="stad", kinds="gemeente, regio"),
        _m("new_bad_name",
           "'{name}' is geen geldige naam voor een {what}; gebruik kleine letters, cijfers en koppeltekens "
           "(zoals 'ivp-2027-2030')",
           "Gebruik een naam als `nieuwstad` of `ivp-2027-2030`: kleine letters, cijfers en koppeltekens.",
           at="ivpsite", name="Nieuw Stad", what="organisatie"),
        _m("new_bad_plan_name",
           "'{name}' is geen geldige plannaam; schrijf organisatie/plan, zoals 'maasgouw/ivp-2027-2030'",
           "Noem de organisatie en het plan, met een `/` ertussen.",
           at="ivpsite", name="ivp-2027-2030"),
        _m("new_reserved",
           "de naam '{name}' is gereserveerd voor de site zelf; kies een andere naam",
           "Namen als `onderwerpen`, `zoeken` en `data` gebruikt de site zelf; kies een andere naam.",
           at="ivpsite", name="zoeken"),
        _m("new_no_content", "contentmap {content} bestaat niet; geef met --content de juiste map",
           "Draai de opdracht in de map boven `content/`, of geef de map op met `--content`.",
           at="ivpsite", content="inhoud"),
        _m("new_exists", "{path} bestaat al; ivpsite new overschrijft nooit bestaande bestanden",
           "Kies een andere naam, of bewerk het bestaande bestand.",
           at="ivpsite", path="content/voorbeeldstad"),
        _m("new_no_organisation",
           "organisatie '{org}' bestaat nog niet; maak die eerst aan met: ivpsite new organisation {org}",
           "Draai eerst `ivpsite new organisation <naam>`.",
           at="ivpsite", org="nieuwstad"),
    ),
    *_in(
        IMPORT,
        _m("import_file_kind",
           "{file} is geen .csv- of .xlsx-bestand; sla het werkblad op als CSV of als Excel-werkmap (.xlsx)",
           "Kies in Excel *Opslaan als* en dan *CSV (gescheiden door lijstscheidingsteken)* of "
           "*Excel-werkmap*. Het oude `.xls` wordt niet gelezen.",
           at="ivpsite", file="metingen.xls"),
        _m("import_no_file", "kan {file} niet lezen ({reason})",
           "Controleer de naam en de map van het bestand, en of het niet ergens anders geopend is.",
           at="ivpsite", file="metingen.csv", reason="No such file or directory"),
        _m("import_csv_unreadable", "{file} is geen leesbaar CSV-bestand ({reason}); sla het op als CSV",
           "Sla het werkblad opnieuw op als *CSV UTF-8* of *CSV (gescheiden door lijstscheidingsteken)*.",
           at="ivpsite", file="metingen.csv", reason="onbekende tekenset"),
        _m("import_xlsx_unreadable",
           "{file} kan niet als Excel-werkmap gelezen worden; sla het opnieuw op als .xlsx of als CSV",
           "Open het bestand in Excel of LibreOffice en sla het op als *Excel-werkmap (.xlsx)*.",
           at="ivpsite", file="metingen.xlsx"),
        _m("import_sheet_unknown", "{file} heeft geen werkblad '{sheet}'; werkbladen: {sheets}",
           "Geef met `--sheet` een van de genoemde werkbladen, of laat `--sheet` weg voor het eerste.",
           at="ivpsite", file="metingen.xlsx", sheet="2025", sheets="Metingen, Toelichting"),
        _m("import_no_header",
           "{file} is leeg; verwacht in rij 1 de kolomnamen indicator, jaar, waarde en eventueel toelichting",
           "Zet in de eerste rij de kolomnamen en daaronder één rij per indicator en jaar.",
           at="ivpsite", file="metingen.csv"),
        _m("import_column_missing",
           "kolom '{column}' ontbreekt; verwacht in rij 1 de kolomnamen indicator, jaar, waarde en eventueel "
           "toelichting (gevonden: {found})",
           "Geef de kolommen deze namen (hoofdletters en spaties eromheen maken niet uit).",
           at=f"{SHEET}:rij 1", column="waarde", found="indicator, jaar, aantal"),
        _m("import_column_guess", "onbekende kolom '{column}', bedoelde u '{suggestion}'?",
           "Een tikfout in de kolomnaam: gebruik de voorgestelde naam.",
           at=f"{SHEET}:rij 1, kolom D (toelichitng)", column="toelichitng", suggestion="toelichting"),
        _m("import_column_twice", "kolom '{column}' staat er twee keer (ook in kolom {other_column}); laat er één staan",
           "Verwijder of hernoem een van de twee kolommen.",
           at=f"{SHEET}:rij 1, kolom D (jaar)", column="jaar", other_column="B"),
        _m("import_unknown_plan", "plan '{plan}' staat niet in {content}; plannen: {plans}",
           "Geef met `--plan` een plan als `organisatie/plan`, zoals in de map `content/`.",
           at="ivpsite", plan="voorbeeldstad/plan-2027", content="content", plans="voorbeeldstad/plan-2023"),
        _m("import_indicator_empty", "de indicator is leeg; geef de id of de naam van een indicator van {plan}",
           "Vul in de kolom `indicator` de id (zoals in `plan.yaml`) of de naam van de indicator in.",
           at=f"{SHEET}:rij 3, kolom A (indicator)", plan="voorbeeldstad/plan-2023"),
        _m("import_unknown_indicator_guess", "onbekende indicator '{indicator}' in {plan}, bedoelde u '{suggestion}'?",
           "Een tikfout: gebruik de voorgestelde id of naam.",
           at=f"{SHEET}:rij 3, kolom A (indicator)", indicator="inbraak", plan="voorbeeldstad/plan-2023",
           suggestion="inbraken"),
        _m("import_unknown_indicator", "onbekende indicator '{indicator}' in {plan}; indicatoren: {ids}",
           "Gebruik de id of de naam van een indicator uit `plan.yaml` van dit plan.",
           at=f"{SHEET}:rij 3, kolom A (indicator)", indicator="zakkenrollerij", plan="voorbeeldstad/plan-2023",
           ids="inbraken"),
        _m("import_year", "'{found}' is geen jaartal; verwacht een jaar als 2024",
           "Schrijf alleen het jaar, zonder tekst of datum.",
           at=f"{SHEET}:rij 3, kolom B (jaar)", found="2024-2025"),
        _m("import_value", "'{found}' is geen getal; verwacht een getal als 131, 7,9 of 37%",
           "Schrijf alleen het getal. Ontbreekt het cijfer, laat `waarde` dan leeg en zet de reden in "
           "`toelichting`.",
           at=f"{SHEET}:rij 3, kolom C (waarde)", found="ca. 30"),
        _m("import_value_empty",
           "geen waarde en geen toelichting; geef het cijfer, of zet in de kolom toelichting waarom het ontbreekt",
           "Een leeg cijfer mag alleen met een reden, zoals ‘cijfer komt in juni’.",
           at=f"{SHEET}:rij 3, kolom C (waarde)"),
        _m("import_percent_unit", "'{found}' is een percentage, maar indicator '{indicator}' telt in {unit}",
           "Controleer de rij: is het de goede indicator, en is het getal geen percentage?",
           at=f"{SHEET}:rij 3, kolom C (waarde)", found="27%", indicator="inbraken", unit="aantal"),
        _m("import_row_twice",
           "indicator '{indicator}' heeft voor {year} ook rij {other_row}; één rij per indicator en jaar",
           "Laat één van de twee rijen staan.",
           at=f"{SHEET}:rij 4, kolom B (jaar)", indicator="inbraken", year=2024, other_row=3),
        _m("import_conflict",
           "plan.yaml heeft voor {year} al de waarde {existing}; deze rij geeft {new} (vervangen kan met --replace)",
           "Is het nieuwe cijfer juist (bijvoorbeeld een definitief cijfer na een voorlopig), importeer dan "
           "met `--replace`; anders verbetert u de rij.",
           at=f"{SHEET}:rij 2, kolom C (waarde)", year=2024, existing="27", new="26"),
        _m("import_conflict_note",
           "plan.yaml heeft voor {year} dezelfde waarde met een andere toelichting ('{existing}'; hier '{new}'); "
           "vervangen kan met --replace",
           "Importeer met `--replace` om de toelichting te vervangen, of neem de bestaande over in de rij.",
           at=f"{SHEET}:rij 2, kolom D (toelichting)", year=2024, existing="voorlopig cijfer", new="definitief"),
        _m("import_refused", "{file} heeft {count}, zie hierboven; er is niets veranderd",
           "Verbeter de genoemde cellen en draai de opdracht opnieuw.",
           at="ivpsite", count="2 fouten", file="metingen.csv"),
        _m("import_flow_indicator",
           "indicator '{indicator}' staat in {plan} tussen {{ }} op één regel; schrijf hem uit over meerdere "
           "regels (veld: waarde) en importeer opnieuw",
           "Schrijf de indicator uit zoals `ivpsite new plan` dat voordoet: elk veld op een eigen regel.",
           at="ivpsite", indicator="inbraken", plan="voorbeeldstad/plan-2023/plan.yaml"),
        _m("import_undone",
           "na het schrijven keurde ivpsite check {plan} af; het oude bestand staat er weer",
           "Dit hoort niet te gebeuren: meld het bij de beheerders, met de meldingen erboven.",
           at="ivpsite", plan="voorbeeldstad/plan-2023/plan.yaml"),
        _m("content_first", "de content heeft {count} (hierboven); los die eerst op, er is "
                            "niets veranderd",
           "`ivpsite import` en `ivpsite fetch` werken alleen op content die `ivpsite check` goedkeurt. "
           "Los de meldingen op en draai de opdracht opnieuw.",
           at="ivpsite", count="1 probleem"),
    ),
    *_in(
        FETCH,
        _m("fetch_offline",
           "geen verbinding met CBS StatLine ({reason}); controleer de internetverbinding, er is niets veranderd",
           "Probeer het opnieuw met internet. Werkt u achter een proxy, zet dan `HTTPS_PROXY`.",
           at="ivpsite", reason="ConnectionError"),
        _m("fetch_unknown_table", "CBS StatLine kent tabel '{table}' niet; controleer het tabelnummer",
           "Het tabelnummer staat in het adres van de tabel op StatLine, zoals `83648NED`.",
           at=f"{PLAN}:36:14", snippet="table: 83648NEE", table="83648NEE"),
        _m("fetch_failed", "CBS StatLine gaf een fout bij tabel '{table}' ({reason}); probeer het later opnieuw",
           "Meestal tijdelijk: probeer het later opnieuw.",
           at=f"{PLAN}:36:14", table="83648NED", reason="HTTP 503"),
        _m("fetch_not_a_series", "tabel {table} is niet ingedeeld naar regio en jaar; kies een tabel met regio's "
                                 "en perioden",
           "Alleen tabellen met een indeling naar regio en naar perioden geven een reeks per gemeente.",
           at=f"{PLAN}:36:14", table="83648NED"),
        _m("fetch_unknown_measure_guess", "tabel {table} heeft geen onderwerp '{measure}', bedoelde u '{suggestion}'?",
           "Schrijf de voorgestelde sleutel bij `measure`.",
           at=f"{PLAN}:37:16", snippet="measure: GeregistreerdeMisdrijvenPer1000Inw", table="83648NED", measure="GeregistreerdeMisdrijvenPer1000Inw",
           suggestion="GeregistreerdeMisdrijvenPer1000Inw_3"),
        _m("fetch_unknown_measure", "tabel {table} heeft geen onderwerp '{measure}'; onderwerpen: {measures}",
           "Kies een van de genoemde sleutels voor `measure`.",
           at=f"{PLAN}:37:16", snippet="measure: Aangiften_9", table="83648NED", measure="Aangiften_9",
           measures="TotaalGeregistreerdeMisdrijven_1, GeregistreerdeMisdrijvenPer1000Inw_3"),
        _m("fetch_unknown_dimension", "tabel {table} heeft geen indeling '{dimension}'; indelingen: {dimensions}",
           "Gebruik onder `filters` alleen de genoemde indelingen.",
           at=f"{PLAN}:39:51", snippet="filters: {SoortMisdrijf: T001161, Misdrijf: x}", table="83648NED", dimension="Misdrijf", dimensions="SoortMisdrijf"),
        _m("fetch_filter_missing",
           "tabel {table} is ook ingedeeld naar '{dimension}'; kies onder filters een categorie, bijvoorbeeld "
           "{dimension}: {example} ({label})",
           "Zet onder `filters` de indeling met de sleutel van de categorie die u wilt vergelijken.",
           at=f"{PLAN}:35:7", table="83648NED", dimension="SoortMisdrijf", example="T001161",
           label="Misdrijven, totaal"),
        _m("fetch_unknown_key_guess",
           "indeling '{dimension}' van tabel {table} heeft geen categorie '{key}', bedoelde u '{suggestion}'?",
           "Schrijf de sleutel van de categorie, niet haar naam: de voorgestelde sleutel.",
           at=f"{PLAN}:39:32", snippet="filters: {SoortMisdrijf: 'Misdrijven, totaal'}", dimension="SoortMisdrijf", table="83648NED", key="Misdrijven, totaal",
           suggestion="T001161"),
        _m("fetch_unknown_key", "indeling '{dimension}' van tabel {table} heeft geen categorie '{key}'",
           "Zoek de sleutel van de categorie op in de tabel op StatLine.",
           at=f"{PLAN}:39:32", snippet="filters: {SoortMisdrijf: X999}", dimension="SoortMisdrijf", table="83648NED", key="X999"),
        _m("fetch_unknown_region", "tabel {table} heeft geen regio '{region}'",
           "Controleer de regiocode: `GM` met de vier cijfers van de gemeente, of `NL01` voor Nederland.",
           at=f"{PLAN}:38:15", snippet="region: GM9998", table="83648NED", region="GM9998"),
        _m("fetch_no_values", "tabel {table} geeft geen jaarcijfers voor {region} met deze keuze",
           "Controleer `region` en `filters`; niet elke tabel heeft cijfers per jaar voor elke gemeente.",
           at=f"{PLAN}:38:15", table="83648NED", region="GM9999"),
        _m("fetch_refused", "{count}; er is niets opgehaald of veranderd",
           "Verbeter de velden onder `context:` die hierboven genoemd worden en draai de opdracht opnieuw.",
           at="ivpsite", count="1 probleem"),
        _m("fetch_undone", "de opgehaalde cijfers werden niet goedgekeurd; de oude bestanden staan er weer",
           "Dit hoort niet te gebeuren: meld het bij de beheerders, met de meldingen erboven.",
           at="ivpsite"),
    ),
    *_in(
        SERVE,
        _m("serve_no_content",
           "contentmap {content} bestaat niet; geef met --content de map met site.yaml, topics.yaml en de "
           "organisaties",
           "Draai de opdracht in de map boven `content/`, of geef de map op met `--content`.",
           at="ivpsite", content="inhoud"),
        _m("serve_port_taken",
           "poort {port} op {host} is al in gebruik (draait ivpsite serve al?); stop dat programma of kies "
           "een andere poort met --port {next_port}",
           "Stop het andere voorbeeld, of gebruik `ivpsite serve --port <ander nummer>`.",
           at="ivpsite", port=8000, host="127.0.0.1", next_port=8001),
        _m("serve_cannot_listen", "kan niet luisteren op {host}:{port} ({reason})",
           "Kies een ander adres met `--host` (meestal `127.0.0.1`) of een andere poort met `--port`.",
           at="ivpsite", host="192.0.2.1", port=8000, reason="dit adres hoort niet bij deze computer"),
        _m("serve_port_range", "poort {port} bestaat niet; kies een poort van 1 tot en met 65535, zoals --port 8000",
           "Geef een poortnummer van 1 tot en met 65535; zonder `--port` is het 8000.",
           at="ivpsite", port=70000),
        _m("serve_wrong_host",
           "dit voorbeeld antwoordt alleen op zijn eigen adres, niet op '{host}'; open {address}",
           "Open het voorbeeld op het adres dat `ivpsite serve` noemt, zoals `http://127.0.0.1:8000/`. "
           "Andere namen worden geweigerd, zodat een website elders uw concepten niet kan lezen.",
           host="voorbeeld.example", address="http://127.0.0.1:8000/"),
    ),
    *_in(
        ENVIRONMENT,
        _m("env_disk_full", "de schijf is vol (bij {place}); maak ruimte vrij en probeer het opnieuw",
           "Maak ruimte vrij op de schijf en draai de opdracht opnieuw. Een build die zo stopt, laat de "
           "vorige site staan.",
           at="ivpsite", place="build"),
        _m("env_read_only",
           "{place} staat op een schijf die alleen gelezen kan worden; kies een map waarin u mag schrijven",
           "Kies met `--out` een map op een schrijfbare schijf, of maak de schijf schrijfbaar.",
           at="ivpsite", place="build"),
        _m("env_permission", "geen toestemming voor {place}; controleer de rechten of kies een andere map",
           "Controleer of u die map of dat bestand mag lezen en schrijven (rechten), of kies een andere map.",
           at="ivpsite", place="build"),
        _m("env_link_loop",
           "{place} is een snelkoppeling (symlink) die in een kring naar zichzelf wijst; herstel of "
           "verwijder hem",
           "Laat de snelkoppeling naar een bestaande map of een bestaand bestand wijzen, of verwijder haar.",
           at="ivpsite", place="content"),
    ),
    *_in(
        USAGE,
        _m("usage_error", "fout in de opdracht: {message}",
           "Lees de regel `gebruik:` erboven, of vraag de hulp op met `--help`.",
           at="ivpsite", message="onbekende argumenten: --uit build"),
        _m("usage_required", "deze argumenten ontbreken: {names}",
           "Geef de genoemde argumenten mee, zoals `ivpsite new organisation nieuwstad`.",
           names="organisation|plan, name"),
        _m("usage_choice", "argument {argument}: ongeldige keuze {value} (kies uit {options})",
           "Kies een van de genoemde waarden; een opdracht heet bijvoorbeeld `check`, niet `controleer`.",
           argument="opdracht", value="'controleer'", options="'check', 'build', 'serve', 'new', 'schema', 'import', 'fetch'"),
        _m("usage_number", "argument {argument}: {value} is geen geheel getal",
           "Schrijf een getal zonder letters, zoals `--port 8001`.",
           argument="--port", value="'acht'"),
        _m("usage_value", "argument {argument}: ongeldige waarde {value}",
           "Controleer de waarde met `--help`.",
           argument="--port", value="'acht'"),
        _m("usage_unknown", "onbekende argumenten: {names}",
           "Controleer de spelling van de opties met `--help`; `--out` heet bijvoorbeeld niet `--uit`.",
           names="--uit build"),
        _m("usage_one_value", "argument {argument}: verwacht één waarde",
           "Zet de waarde direct na de optie, zoals `--content content`.",
           argument="--content"),
        _m("usage_ambiguous", "optie {argument} kan meer betekenen: {options}; schrijf haar voluit",
           "Schrijf de optie voluit.",
           argument="--h", options="--help, --host"),
    ),
    *_in(
        INTERNAL,
        _m("internal_error", "interne fout bij het verwerken van {file}: {error}",
           "Dit is een fout in ivpsite zelf, niet in uw tekst. Meld hem bij de beheerders, met de "
           "melding erbij.",
           at="ivpsite", file=SECTION, error="KeyError: 'topics'"),
        _m("interrupted", "afgebroken",
           "U stopte de opdracht (Ctrl-C).",
           at="ivpsite"),
        _m("write_outside_out", "weigert te schrijven buiten de uitvoermap: {path}",
           "Een fout in ivpsite of een thema: meld hem bij de beheerders. Er is niets gepubliceerd.",
           path="../index.html"),
    ),
)

_BY_KEY = {entry.key: entry for entry in CATALOGUE}
GROUPS = tuple(dict.fromkeys(entry.group for entry in CATALOGUE))


def get(key: str) -> Message:
    return _BY_KEY[key]


def text(key: str, /, **values: object) -> str:
    """The Dutch message `key`, filled in."""
    return _BY_KEY[key].template.format(**values)


def problems(number: int) -> str:
    """'1 probleem', '3 problemen'."""
    return dutch.count(number, "probleem", "problemen")


@functools.cache
def _patterns() -> list[tuple[int, re.Pattern[str], str]]:
    """Every template as a pattern (placeholders match any text), most literal text first, so
    that a template that extends another is tried before it."""
    found = []
    for entry in CATALOGUE:
        parts, literal = [], 0
        for text_part, name, _, _ in string.Formatter().parse(entry.template):
            parts.append(re.escape(text_part))
            literal += len(text_part)
            if name is not None:
                parts.append("(.+?)")
        found.append((literal, re.compile("".join(parts), re.DOTALL), entry.key))
    return sorted(found, key=lambda item: -item[0])


def key_of(message: str) -> str | None:
    """The catalogue key of a filled-in message (None for words not from the catalogue)."""
    return next((key for _, pattern, key in _patterns() if pattern.fullmatch(message)), None)


# Why the computer refused (an OSError's errno), in Dutch, for messages with a {reason}.
_REASONS = {
    errno.EACCES: "geen toestemming", errno.EPERM: "geen toestemming",
    errno.ENOENT: "bestaat niet (meer)", errno.ELOOP: "een snelkoppeling die in een kring wijst",
    errno.EISDIR: "is een map", errno.ENOSPC: "de schijf is vol", errno.EROFS: "alleen-lezen schijf",
    errno.EIO: "leesfout van de schijf", errno.EADDRNOTAVAIL: "dit adres hoort niet bij deze computer",
    errno.EADDRINUSE: "al in gebruik",
}


def reason(error: OSError) -> str:
    """Why the computer refused, in Dutch (the system's own words only for the unforeseen)."""
    if isinstance(error, socket.gaierror):
        return "onbekende naam of adres"
    return _REASONS.get(error.errno or 0) or error.strerror or type(error).__name__


# The handbook is built into the site under handleiding/ (MkDocs, directory URLs); each
# message has an anchor named after its key on the Meldingen page.
HANDBOOK_PAGE = "handleiding/meldingen/"


def explained(key: str) -> str:
    """Where the handbook explains message `key`, relative to the site's root: the address on
    the published site, and the path inside a build made with --handbook (offline too). The
    key is the anchor, and it is shown on the page, so it can also be searched for."""
    return f"{HANDBOOK_PAGE}#{key}"


# --- the handbook page ----------------------------------------------------------------

# How a placeholder is shown in the handbook (Dutch).
LABELS = {
    "allowed": "toegestane velden", "byte": "byte", "choices": "veiligheidsvelden", "code": "code",
    "comparator": "vergelijking", "content": "map", "count": "aantal", "description": "uitleg",
    "direction": "richting", "end": "eind", "error": "fout", "expected": "waarden", "field": "veld",
    "file": "bestand", "folder": "map", "found": "gevonden", "hashes": "kop", "host": "adres",
    "id": "id", "key": "sleutel", "kind": "soort", "kinds": "soorten", "level": "niveau",
    "limit": "grens", "line": "regel", "max_length": "aantal", "member": "gemeente",
    "message": "melding", "min_length": "aantal", "name": "naam", "next_port": "poort", "number": "nummer",
    "org": "organisatie", "other": "bestand", "out": "map", "parent": "plan", "path": "pad",
    "pattern": "patroon", "plan": "plan", "plans": "plannen", "port": "poort",
    "previous": "niveau", "reason": "reden", "place": "plek", "marker": "bestand", "problems": "aantal problemen",
    "names": "argumenten", "argument": "argument", "options": "keuzes", "address": "adres", "region": "regio", "resolved": "pad",
    "section": "sectie", "sections": "secties", "size": "grootte", "slug": "naam", "start": "begin",
    "suggestion": "voorstel", "tag": "tag", "target": "doel", "theme": "thema", "topic": "onderwerp",
    "value": "waarde", "what": "soort", "year": "jaar",
    "baseline": "jaar uitgangswaarde", "column": "kolom", "dimension": "indeling", "dimensions": "indelingen",
    "example": "sleutel", "existing": "bestaande waarde", "ids": "indicatoren", "indicator": "indicator",
    "label": "naam", "measure": "onderwerp", "measures": "onderwerpen", "new": "nieuwe waarde",
    "other_column": "kolom", "other_row": "rij", "sheet": "werkblad", "sheets": "werkbladen", "table": "tabel",
    "unit": "eenheid",
}

_INTRO = """\
<!-- Gegenereerd door 'ivpsite schema' uit ivpsite/messages.py. Niet met de hand bewerken:
     pas de meldingen in ivpsite/messages.py aan en draai 'ivpsite schema' opnieuw. -->
# Meldingen en oplossingen

Elke melding van `ivpsite check`, `ivpsite build` en `ivpsite serve` begint met het bestand,
de regel en de kolom, bijvoorbeeld `maasgouw/ivp-2023-2026/plan.yaml:12:10:`. Regel 0 betekent
dat de melding over het hele bestand gaat. Onder elke melding staat een regel als
`uitleg: handleiding/meldingen/#yaml_duplicate_key`: het laatste deel is de naam van de melding
op deze pagina (klein onder elke melding, en het anker van haar regel). ivpsite noemt alle problemen tegelijk; los ze van
boven naar beneden op, want één fout kan een volgende veroorzaken.

Hieronder staan alle meldingen. Tussen `< >` staat het deel dat per geval verschilt. Elk
voorbeeld komt uit een kleine voorbeeldsite (gemeente `voorbeeldstad` met plan `plan-2023`);
waar een fout stukje tekst de melding veroorzaakt, staat dat erbij. Deze pagina wordt gemaakt
uit dezelfde lijst meldingen die ivpsite zelf gebruikt, dus ze loopt nooit achter.
"""


def shown_template(message: Message) -> str:
    """The template as the handbook shows it: placeholders as <Dutch label>."""
    parts = []
    for literal, name, _, _ in string.Formatter().parse(message.template):
        parts.append(literal)
        if name is not None:
            parts.append(f"<{LABELS[name]}>")
    return "".join(parts)


def _code(text: str) -> str:
    """`text` as a Markdown code span (backticks inside are safe; in Python-Markdown's tables a
    '|' inside a code span does not end the cell). Leading spaces, which a code span would
    drop, are kept as no-break spaces in an HTML code element: indentation matters in YAML."""
    if text.startswith(" "):
        body = text.lstrip(" ")
        return f"<code>{'&nbsp;' * (len(text) - len(body))}{html.escape(body)}</code>"
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _example(message: Message) -> str:
    """The example cell: the bad input (if any) and the message as reported; a message without
    placeholders is not repeated, only where it is reported."""
    located = message.at is not None and message.at != "ivpsite"
    if message.snippet and message.at:
        written = f"{_code(message.snippet)} in {_code(message.at.split(':')[0])}"
        if not message.placeholders():
            return f"{written}, gemeld op {_code(message.at)}"
        return f"{written} geeft:<br>{_code(message.example_line())}"
    if located and not message.placeholders():
        return f"gemeld op {_code(message.at)}"
    return _code(message.example_line())


def handbook_markdown() -> str:
    """docs/meldingen.md: every message of the catalogue, grouped, with example and fix."""
    parts = [_INTRO]
    for group in GROUPS:
        parts.append(f"\n## {group}\n\n")
        if group in GROUP_INTROS:
            parts.append(GROUP_INTROS[group] + "\n\n")
        parts.append("| Melding | Voorbeeld | Wat te doen |\n|---|---|---|\n")
        for message in CATALOGUE:
            if message.group == group:
                parts.append(f"| {_code(shown_template(message))}<br><small id=\"{message.key}\">"
                             f"{message.key}</small> | {_example(message)} | "
                             f"{message.fix.replace('|', chr(92) + '|')} |\n")
    return "".join(parts)


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(handbook_markdown())
