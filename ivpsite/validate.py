"""Stage 2, validate: plain data from `load` becomes typed content (the pydantic models of
`model`), and everything that spans files is checked: topic ids, organisations and their
regions, parent plans, sections named by priorities, internal links and headings.

Every problem goes to the one collector with file, line and column; no check stops the
others. The result is a `Content` of plain, frozen objects, or None when anything failed.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field

from markdown_it.token import Token
from pydantic import BaseModel, ValidationError

from . import markdown
from .load import Document, Loc
from .model import (
    CONTENT_MODELS,
    Indicator,
    Organisation,
    OrganisationKind,
    PageMeta,
    Plan,
    SectionMeta,
    SiteConfig,
    Taxonomy,
    Unit,
)
from .problems import Problems, processing

# Top-level URL names the site itself uses; organisations and pages may not take them.
RESERVED = frozenset(
    {"pages", "onderwerpen", "zoeken", "data", "assets", "vergelijking", "handleiding",
     "pagefind", "schemas", "404", "open-data"}
)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Markdown:
    """A section or free page: its front matter, parsed body and where it came from."""

    path: str
    slug: str
    meta: SectionMeta | PageMeta
    tokens: list[Token] = field(compare=False)
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


def validate(documents: list[Document], problems: Problems) -> Content | None:
    before = len(problems)
    typed = {doc.path: _typed(doc, problems) for doc in documents}
    docs = {doc.path: doc for doc in documents}
    content = _assemble(docs, typed, problems)
    if content is not None:
        _check_references(content, docs, problems)
        _check_markdown(content, docs, problems)
    return content if len(problems) == before else None


# --- one file against its model -------------------------------------------------------


def _typed(doc: Document, problems: Problems) -> BaseModel | None:
    processing(doc.path)
    model = CONTENT_MODELS[doc.kind]
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        _report(doc, model, error, problems)
        return None


def _report(doc: Document, model: type[BaseModel], error: ValidationError,
            problems: Problems) -> None:
    seen: set[Loc] = set()
    # A number field (int | float) fails once per member; report the 'getal' message, not 'geheel getal'.
    items = sorted(error.errors(include_url=False), key=lambda i: i["type"].startswith("int_"))
    for item in items:
        loc = _data_loc(doc.data, tuple(item["loc"]))
        ctx = item.get("ctx") or {}
        if item["type"] == "content_rule" and ctx.get("field"):
            loc = _data_loc(doc.data, loc + (ctx["field"],))
        if loc in seen:  # one message per spot: unions report once per member
            continue
        seen.add(loc)
        message = _dutch(item, model, loc)
        key_error = item["type"] in ("extra_forbidden",)
        line, col = doc.where.of_key(loc) if key_error else doc.where.of_value(loc)
        if item["type"] == "missing":
            line, col = doc.where.of_key(loc[:-1]) if loc[:-1] else (1, 1)
        problems.add(doc.path, line, col, message)


def _data_loc(data: object, loc: Loc) -> Loc:
    """The part of a pydantic error location that exists in the data (drops union tags),
    keeping a final missing key so the message can name it."""
    kept: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            kept.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            kept.append(part)
            node = node[part]
        else:
            break
    return tuple(kept)


def _fields_at(model: type[BaseModel], loc: Loc) -> dict[str, typing.Any]:
    """The model fields of the object at `loc` (walking list items and nested models)."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            current = _item_type(current)
            continue
        fields = _model_fields(current)
        if part not in fields:
            return {}
        current = fields[part].annotation
    return _model_fields(current)


def _model_fields(annotation: object) -> dict[str, typing.Any]:
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate.model_fields
    return {}


def _item_type(annotation: object) -> object:
    for candidate in _unwrap(annotation):
        args = typing.get_args(candidate)
        if typing.get_origin(candidate) in (list, dict) and args:
            return args[-1]
    return None


def _unwrap(annotation: object) -> list[object]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _unwrap(arg)]
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return [annotation]


_PATTERNS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "kleine letters, cijfers en koppeltekens (zoals 'ivp-2023-2026')",
    r"^https?://[^\s]+/$": "een webadres dat begint met https:// en eindigt op '/'",
    r"^GM\d{4}$": "een CBS-code als GM gevolgd door vier cijfers (zoals GM0000)",
    "^[a-z0-9-]+/[a-z0-9-]+$": "'organisatie/plan', zoals 'maasgouw/ivp-2023-2026'",
    "^https://": "een webadres dat begint met https://",
}


def _found(value: object) -> str:
    if isinstance(value, dict):
        return "een mapping"
    if isinstance(value, list):
        return "een lijst"
    if value is None:
        return "niets"
    return f"'{value}'"


def _dutch(item: dict[str, typing.Any], model: type[BaseModel], loc: Loc) -> str:
    kind, ctx, value = item["type"], item.get("ctx") or {}, item.get("input")
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        missing = str(item["loc"][-1])
        info = _fields_at(model, loc[:-1] if loc and loc[-1] == missing else loc).get(missing)
        what = f" ({info.description})" if info is not None and info.description else ""
        return f"verplicht veld '{missing}' ontbreekt{what}"
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, loc[:-1]))
        guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.5)
        if guess:
            return f"onbekend veld '{name}', bedoelde u '{guess[0]}'?"
        return f"onbekend veld '{name}'; toegestane velden: {', '.join(allowed)}"
    if kind == "content_rule":
        return item["msg"]
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"'{name}' verwacht een geheel getal (zoals 2026), maar vond {_found(value)}"
    if kind in ("float_parsing", "float_type"):
        numeric = isinstance(value, str) and re.fullmatch(r"\s*-?\d+([.,]\d+)?\s*", value)
        quoted = " (tekst; zet geen aanhalingstekens om een getal, en gebruik een punt: 7.9)" if numeric else ""
        return f"'{name}' verwacht een getal (zoals 125 of 7.9), maar vond {_found(value)}{quoted}"
    if kind in ("string_type",):
        return f"'{name}' verwacht tekst, maar vond {_found(value)}"
    if kind == "string_too_short":
        return f"'{name}' mag niet leeg zijn"
    if kind == "string_too_long":
        return f"'{name}' is te lang (hoogstens {ctx.get('max_length')} tekens)"
    if kind == "string_pattern_mismatch":
        expected = _PATTERNS.get(ctx.get("pattern", ""), f"het patroon {ctx.get('pattern')}")
        return f"'{name}' verwacht {expected}, maar vond {_found(value)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"'{name}' verwacht een datum als JJJJ-MM-DD (zoals 2022-12-20), maar vond {_found(value)}"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected")).replace("' or '", "' of '")
        return f"'{name}' verwacht een van: {expected}, maar vond {_found(value)}"
    if kind == "list_type":
        return f"'{name}' verwacht een lijst (regels die beginnen met '- '), maar vond {_found(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        where = f"'{name}'" if name else "dit bestand"
        return f"{where} verwacht een mapping (sleutel: waarde), maar vond {_found(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"'{name}' verwacht true of false, maar vond {_found(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"'{name}' moet minstens {ctx.get('ge', ctx.get('gt'))} zijn, maar is {_found(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"'{name}' mag hoogstens {ctx.get('le', ctx.get('lt'))} zijn, maar is {_found(value)}"
    if kind == "too_short":
        return f"'{name}' verwacht minstens {ctx.get('min_length')} item(s)"
    return f"'{name}' heeft een ongeldige waarde {_found(value)}"


# --- putting the files together -------------------------------------------------------


def _assemble(docs: dict[str, Document], typed: dict[str, BaseModel | None],
              problems: Problems) -> Content | None:
    site, taxonomy = typed.get("site.yaml"), typed.get("topics.yaml")
    organisations: dict[str, Organisation] = {}
    plans: dict[str, Plan] = {}
    sections: dict[str, list[Markdown]] = {}
    pages: list[Markdown] = []
    for path, value in typed.items():
        parts = path.split("/")
        for folder in parts[:-1]:
            if parts[0] != "pages" and not _SLUG.match(folder):
                problems.add(path, 0, 0, f"mapnaam '{folder}' verwacht kleine letters, cijfers en "
                                         "koppeltekens (zoals 'ivp-2023-2026')")
        if parts[0] in RESERVED and parts[0] != "pages":
            problems.add(path, 0, 0, f"de naam '{parts[0]}' is gereserveerd voor de site zelf; "
                                     "kies een andere mapnaam")
        if value is None:
            continue
        doc = docs[path]
        if doc.kind == "organisation":
            organisations[parts[0]] = typing.cast(Organisation, value)
        elif doc.kind == "plan":
            plans["/".join(parts[:2])] = typing.cast(Plan, value)
        elif doc.kind in ("section", "page"):
            entry = _markdown_entry(doc, typing.cast(SectionMeta | PageMeta, value), problems)
            if entry is None:
                continue
            if doc.kind == "page":
                pages.append(entry)
            else:
                sections.setdefault("/".join(parts[:2]), []).append(entry)
    for key in sorted(plans):
        org = key.split("/")[0]
        if org not in organisations and f"{org}/organisation.yaml" not in docs:
            problems.add(f"{key}/plan.yaml", 1, 1, f"organisatie '{org}' heeft geen organisation.yaml; "
                                                   f"maak {org}/organisation.yaml aan")
    for key in sorted(sections):
        if key not in plans and f"{key}/plan.yaml" not in docs:
            problems.add(sections[key][0].path, 1, 1, f"sectie hoort bij '{key}', maar daar staat "
                                                      "geen plan.yaml; maak die aan")
    if not isinstance(site, SiteConfig) or not isinstance(taxonomy, Taxonomy):
        return None
    return Content(site, taxonomy, organisations, plans, sections, pages)


def _markdown_entry(doc: Document, meta: SectionMeta | PageMeta,
                    problems: Problems) -> Markdown | None:
    name = doc.path.split("/")[-1].removesuffix(".md")
    number, slug = (int(name[:2]), name[3:]) if doc.kind == "section" else (0, name)
    if not _SLUG.match(slug):
        problems.add(doc.path, 0, 0, f"bestandsnaam '{slug}' verwacht kleine letters, cijfers en "
                                     "koppeltekens (zoals '02-hoe-veilig-is-maasgouw.md')")
        return None
    return Markdown(doc.path, slug, meta, markdown.parse(doc.body), number)


# --- references between files ---------------------------------------------------------


def _check_references(content: Content, docs: dict[str, Document], problems: Problems) -> None:
    topics = _check_taxonomy(content.taxonomy, docs["topics.yaml"], problems)

    def topic_refs(path: str, ids: list[str], loc: Loc) -> None:
        for i, topic in enumerate(ids):
            if topic not in topics:
                guess = difflib.get_close_matches(topic, sorted(topics), n=1, cutoff=0.6)
                hint = f", bedoelde u '{guess[0]}'?" if guess else "; zie topics.yaml voor de ids"
                problems.add(path, *docs[path].where.of_value(loc + (i,)),
                             f"onbekend onderwerp '{topic}'{hint}")

    for slug, org in sorted(content.organisations.items()):
        _check_organisation(slug, org, content.organisations, docs, problems)
    for key, plan in sorted(content.plans.items()):
        path = f"{key}/plan.yaml"
        processing(path)
        topic_refs(path, plan.topics, ("topics",))
        slugs = {s.slug for s in content.sections.get(key, [])}
        _check_plan(key, plan, content.plans, slugs, docs[path], problems, topic_refs)
    for entries in content.sections.values():
        for entry in entries:
            topic_refs(entry.path, list(getattr(entry.meta, "topics", [])), ("topics",))
    _check_unique_names(content, problems)


def _check_taxonomy(taxonomy: Taxonomy, doc: Document, problems: Problems) -> set[str]:
    fields = _unique(doc, [f.id for f in taxonomy.fields], ("fields",), problems, "veld")
    ids = _unique(doc, [t.id for t in taxonomy.topics], ("topics",), problems, "onderwerp")
    for i, topic in enumerate(taxonomy.topics):
        if topic.field not in fields:
            problems.add(doc.path, *doc.where.of_value(("topics", i, "field")),
                         f"onbekend veiligheidsveld '{topic.field}'; kies uit: {', '.join(sorted(fields))}")
    return ids


def _unique(doc: Document, ids: list[str], loc: Loc, problems: Problems, what: str) -> set[str]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            problems.add(doc.path, *doc.where.of_value(loc + (i, "id")),
                         f"{what}-id '{value}' komt dubbel voor; elke id moet uniek zijn")
        seen.add(value)
    return seen


def _check_organisation(slug: str, org: Organisation, organisations: dict[str, Organisation],
                        docs: dict[str, Document], problems: Problems) -> None:
    doc = docs[f"{slug}/organisation.yaml"]
    if org.region is not None:
        region = organisations.get(org.region)
        if region is None:
            problems.add(doc.path, *doc.where.of_value(("region",)),
                         f"onbekende regio '{org.region}'; verwacht de mapnaam van een organisatie "
                         "met kind: regio")
        elif region.kind is not OrganisationKind.regio:
            problems.add(doc.path, *doc.where.of_value(("region",)),
                         f"'{org.region}' is geen regio maar een {region.kind.value}")
        elif slug not in region.members:
            problems.add(doc.path, *doc.where.of_value(("region",)),
                         f"regio '{org.region}' noemt '{slug}' niet onder 'members'; voeg hem daar toe")
    for i, member in enumerate(org.members):
        other = organisations.get(member)
        if other is None:
            problems.add(doc.path, *doc.where.of_value(("members", i)),
                         f"onbekende gemeente '{member}'; verwacht de mapnaam van een organisatie")
        elif other.region != slug:
            problems.add(doc.path, *doc.where.of_value(("members", i)),
                         f"'{member}' noemt deze regio niet als 'region'; zet daar region: {slug}")


def _check_plan(key: str, plan: Plan, plans: dict[str, Plan], sections: set[str], doc: Document,
                problems: Problems, topic_refs: typing.Callable[[str, list[str], Loc], None]) -> None:
    if plan.parent is not None:
        if plan.parent == key:
            problems.add(doc.path, *doc.where.of_value(("parent",)), "een plan kan niet zijn eigen parent zijn")
        elif plan.parent not in plans:
            problems.add(doc.path, *doc.where.of_value(("parent",)),
                         f"onbekend bovenliggend plan '{plan.parent}'; verwacht 'organisatie/plan' "
                         f"van een bestaand plan ({', '.join(sorted(plans))})")
        elif _has_cycle(key, plans):
            problems.add(doc.path, *doc.where.of_value(("parent",)), "de parent-keten van dit plan is een kring")
    ids: set[str] = set()
    for group in ("priorities", "themes", "indicators", "comparisons"):
        for i, item in enumerate(getattr(plan, group)):
            loc = (group, i)
            if item.id in ids:
                problems.add(doc.path, *doc.where.of_value(loc + ("id",)),
                             f"id '{item.id}' komt al voor in dit plan; elke id moet uniek zijn")
            ids.add(item.id)
            topic_refs(doc.path, item.topics, loc + ("topics",))
            section = getattr(item, "section", None)
            if section is not None and section not in sections:
                problems.add(doc.path, *doc.where.of_value(loc + ("section",)),
                             f"onbekende sectie '{section}'; verwacht de naam van een sectiebestand "
                             f"zonder NN- en .md ({', '.join(sorted(sections)) or 'geen secties'})")
    for i, indicator in enumerate(plan.indicators):
        _check_indicator(indicator, plan, doc, ("indicators", i), problems)


def _has_cycle(key: str, plans: dict[str, Plan]) -> bool:
    seen = {key}
    current = plans[key].parent
    while current in plans:
        if current in seen:
            return True
        seen.add(current)
        current = plans[current].parent
    return False


def _check_indicator(indicator: Indicator, plan: Plan, doc: Document, loc: Loc,
                     problems: Problems) -> None:
    def bad(sub: Loc, message: str) -> None:
        problems.add(doc.path, *doc.where.of_value(loc + sub), message)

    values = [(("baseline", "value"), indicator.baseline.value)]
    if indicator.target is not None:
        values.append((("target", "value"), indicator.target.value))
    years: set[int] = set()
    start, end = plan.period.start, plan.period.end
    for i, measurement in enumerate(indicator.measurements):
        values.append((("measurements", i, "value"), measurement.value))
        if measurement.year in years:
            bad(("measurements", i, "year"), f"er is al een meting voor {measurement.year}; "
                                             "één meting per jaar")
        years.add(measurement.year)
        if (start is not None and measurement.year < start) or (end is not None and measurement.year > end):
            bad(("measurements", i, "year"), f"meting voor {measurement.year} ligt buiten de "
                                             f"planperiode {start or '?'}-{end or '?'}")
    for sub, value in values:
        if value is None:
            continue
        if indicator.unit is Unit.procent and not 0 <= value <= 100:
            bad(sub, f"een percentage ligt tussen 0 en 100, maar is {value}")
        if indicator.unit is Unit.rapportcijfer and not 1 <= value <= 10:
            bad(sub, f"een rapportcijfer ligt tussen 1 en 10, maar is {value}")
        if indicator.unit is Unit.aantal and value < 0:
            bad(sub, f"een aantal kan niet negatief zijn, maar is {value}")
    target, direction = indicator.target, indicator.direction
    if target is not None and direction is not None and target.comparator != "=":
        wants_lower = target.comparator in ("<", "<=")
        if wants_lower != (direction.value == "lager-is-beter"):
            bad(("direction",), f"richting '{direction.value}' past niet bij het doel "
                                f"'{target.comparator} {target.value}'")


def _check_unique_names(content: Content, problems: Problems) -> None:
    for page in content.pages:
        if page.slug in content.organisations or page.slug in RESERVED:
            problems.add(page.path, 0, 0, f"de paginanaam '{page.slug}' is al in gebruik door een "
                                          "organisatie of door de site zelf; kies een andere bestandsnaam")
    for key, entries in content.sections.items():
        numbers: dict[int, str] = {}
        slugs: set[str] = set()
        for entry in entries:
            if entry.number in numbers:
                problems.add(entry.path, 0, 0, f"nummer {entry.number:02d} wordt ook gebruikt door "
                                               f"{numbers[entry.number]}; geef elke sectie een eigen nummer")
            if entry.slug in slugs or entry.slug == "indicatoren":
                problems.add(entry.path, 0, 0, f"sectienaam '{entry.slug}' is al in gebruik in {key}")
            numbers[entry.number] = entry.path
            slugs.add(entry.slug)


# --- Markdown bodies: links and headings ----------------------------------------------


def _check_markdown(content: Content, docs: dict[str, Document], problems: Problems) -> None:
    linkable = {path for path, doc in docs.items() if doc.kind in ("section", "page", "plan", "organisation")}
    entries = content.pages + [e for group in content.sections.values() for e in group]
    for entry in entries:
        processing(entry.path)
        doc = docs[entry.path]
        lines = doc.body.split("\n")
        for token, attr, index in markdown.links(entry.tokens):
            target = str(token.attrGet(attr))
            line = doc.body_line + index
            col = _column(lines, index, target)
            message = _link_problem(entry.path, target, attr, linkable)
            if message:
                problems.add(entry.path, line, col, message)
        for target, index in markdown.refused_links(entry.tokens):  # javascript:, file: ...
            problems.add(entry.path, doc.body_line + index, _column(lines, index, target),
                         _link_problem(entry.path, target, "href", linkable) or _UNSAFE_LINK)
        previous = 1
        for level, index, _ in markdown.headings(entry.tokens):
            if level == 1:
                problems.add(entry.path, doc.body_line + index, 1,
                             "gebruik '##' voor koppen; de titel uit de front matter is al de kop van niveau 1")
            elif level > previous + 1:
                problems.add(entry.path, doc.body_line + index, 1,
                             f"kop van niveau {level} volgt op niveau {previous}; sla geen niveau over "
                             f"(gebruik {'#' * (previous + 1)})")
            previous = level


_UNSAFE_LINK = "deze link is niet toegestaan; link naar een contentbestand of een https://-adres"


def _column(lines: list[str], index: int, target: str) -> int:
    for offset in range(0, 8):
        if index + offset < len(lines) and target in lines[index + offset]:
            return lines[index + offset].index(target) + 1
    return 1


def _link_problem(path: str, target: str, attr: str, linkable: set[str]) -> str | None:
    if attr == "src":
        return "afbeeldingen in de tekst worden niet ondersteund; beschrijf de afbeelding in tekst"
    if target.startswith("#") or re.match(r"^(https?:|mailto:|tel:)", target, re.IGNORECASE):
        return None
    if target.startswith("/") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        return (f"link '{target}' is niet toegestaan; link naar een ander contentbestand met een "
                "relatief pad (zoals '03-de-prioriteiten.md') of naar een https://-adres")
    resolved = markdown.resolve(path, target)
    if resolved is None:
        return f"link '{target}' wijst buiten de contentmap; dat is niet toegestaan"
    if resolved.split("#")[0] not in linkable:
        return (f"link '{target}' wijst naar '{resolved.split('#')[0]}', maar die pagina bestaat niet; "
                "verwacht een pad naar een .md-, plan.yaml- of organisation.yaml-bestand")
    return None
