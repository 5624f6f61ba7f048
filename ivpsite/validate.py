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

from pydantic import BaseModel, ValidationError

from . import markdown, messages, urls
from .load import Document, Loc
from .content import (
    PLACEHOLDER,
    PLAN_KEY_PATTERN,
    SLUG_PATTERN,
    FREE_PAGES,
    Content,
    Markdown,
    CONTENT_MODELS,
    ContextData,
    Indicator,
    Organisation,
    OrganisationKind,
    PageMeta,
    Plan,
    SectionMeta,
    SiteConfig,
    Taxonomy,
    Unit,
    inline_markdown,
)
from .problems import Problems, working_on

_SLUG = re.compile(SLUG_PATTERN)


def validate(documents: list[Document], problems: Problems) -> Content | None:
    before = len(problems)
    _check_page_count(documents, problems)
    typed = {doc.path: typed_model(doc, problems) for doc in documents}
    docs = {doc.path: doc for doc in documents}
    content = _assemble(docs, typed, problems)
    if content is not None:
        check_references(content, docs, problems)
        check_markdown(content, docs, problems)
        check_drafts(content, docs, problems)
        check_site(content.site, docs["site.yaml"], problems)
    return content if len(problems) == before else None


def _check_page_count(documents: list[Document], problems: Problems) -> None:
    """Every page lists the free pages in its menu, so their number is bounded."""
    pages = sorted(doc.path for doc in documents if doc.kind == "page")
    if len(pages) > FREE_PAGES.value:
        problems.add(pages[FREE_PAGES.value], 0, 0,
                     messages.text("too_many_pages", count=len(pages), limit=FREE_PAGES.value))


# --- one file against its model -------------------------------------------------------


def typed_model(doc: Document, problems: Problems) -> BaseModel | None:
    model = CONTENT_MODELS[doc.kind]
    with working_on(doc.path):
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


# The model's string patterns -> the catalogue key of the message that explains them.
_PATTERNS = {
    SLUG_PATTERN: "field_pattern_slug",
    r"^https?://[^\s]+/$": "field_pattern_base_url",
    r"^https://[^\s]+/$": "field_pattern_base_url",
    r"^GM\d{4}$": "field_pattern_cbs",
    PLAN_KEY_PATTERN: "field_pattern_plan",
    "^https://": "field_pattern_https",
    "^[0-9A-Za-z_]{4,16}$": "field_pattern_cbs_table",
    "^[A-Za-z][A-Za-z0-9_]*$": "field_pattern_cbs_key",
    "^[A-Z]{2}[0-9A-Z]{2,8}$": "field_pattern_cbs_region",
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
    found = _found(value)
    if kind == "missing":
        missing = str(item["loc"][-1])
        info = _fields_at(model, loc[:-1] if loc and loc[-1] == missing else loc).get(missing)
        if info is not None and info.description:
            return messages.text("field_missing", field=missing, description=info.description)
        return messages.text("field_missing_plain", field=missing)
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model, loc[:-1]))
        guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.5)
        if guess:
            return messages.text("unknown_field_guess", field=name, suggestion=guess[0])
        return messages.text("unknown_field", field=name, allowed=", ".join(allowed))
    if kind == "content_rule":
        return item["msg"]
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return messages.text("field_integer", field=name, found=found)
    if kind in ("float_parsing", "float_type"):
        numeric = isinstance(value, str) and re.fullmatch(r"\s*-?\d+([.,]\d+)?\s*", value)
        return messages.text("field_number_quoted" if numeric else "field_number", field=name, found=found)
    if kind in ("string_type",):
        return messages.text("field_text", field=name, found=found)
    if kind == "string_too_short":
        return messages.text("field_empty", field=name)
    if kind == "string_too_long":
        return messages.text("field_too_long", field=name, max_length=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return messages.text(_PATTERNS.get(pattern, "field_pattern"), field=name, pattern=pattern, found=found)
    if kind.startswith("date") or kind.startswith("datetime"):
        return messages.text("field_date", field=name, found=found)
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected")).replace("' or '", "' of '")
        return messages.text("field_choice", field=name, expected=expected, found=found)
    if kind == "list_type":
        return messages.text("field_list", field=name, found=found)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if not name:
            return messages.text("file_mapping", found=found)
        return messages.text("field_mapping", field=name, found=found)
    if kind in ("bool_parsing", "bool_type"):
        return messages.text("field_boolean", field=name, found=found)
    if kind in ("greater_than_equal", "greater_than"):
        return messages.text("field_minimum", field=name, limit=ctx.get("ge", ctx.get("gt")), found=found)
    if kind in ("less_than_equal", "less_than"):
        return messages.text("field_maximum", field=name, limit=ctx.get("le", ctx.get("lt")), found=found)
    if kind == "too_short":
        return messages.text("field_too_few", field=name, min_length=ctx.get("min_length"))
    return messages.text("field_invalid", field=name, found=found)


# --- putting the files together -------------------------------------------------------


def _assemble(docs: dict[str, Document], typed: dict[str, BaseModel | None],
              problems: Problems) -> Content | None:
    site, taxonomy = typed.get("site.yaml"), typed.get("topics.yaml")
    organisations: dict[str, Organisation] = {}
    plans: dict[str, Plan] = {}
    sections: dict[str, list[Markdown]] = {}
    pages: list[Markdown] = []
    contexts: dict[str, dict[str, ContextData]] = {}
    bodies = _bodies(docs, typed)
    for path, value in typed.items():
        parts = path.split("/")
        for folder in parts[:-1]:
            if parts[0] != "pages" and not _SLUG.match(folder):
                problems.add(path, 0, 0, messages.text("folder_name", folder=folder))
        if parts[0] in urls.RESERVED and parts[0] != "pages":
            problems.add(path, 0, 0, messages.text("reserved_name", name=parts[0]))
        if value is None:
            continue
        doc = docs[path]
        if doc.kind == "organisation":
            organisations[parts[0]] = typing.cast(Organisation, value)
        elif doc.kind == "plan":
            plans["/".join(parts[:2])] = typing.cast(Plan, value)
        elif doc.kind == "context":
            indicator = parts[3].removesuffix(".yaml")
            contexts.setdefault("/".join(parts[:2]), {})[indicator] = typing.cast(ContextData, value)
        elif doc.kind in ("section", "page"):
            entry = markdown_entry(doc, typing.cast(SectionMeta | PageMeta, value), problems, bodies[path])
            if entry is None:
                continue
            if doc.kind == "page":
                pages.append(entry)
            else:
                sections.setdefault("/".join(parts[:2]), []).append(entry)
    # One cause, one message: a file that exists but could not be read has its own message,
    # so the files that depend on it are not told that it is missing.
    for key in sorted(plans):
        org = key.split("/")[0]
        org_file = f"{org}/organisation.yaml"
        if org not in organisations and org_file not in docs and not problems.about(org_file):
            problems.add(f"{key}/plan.yaml", 1, 1, messages.text("organisation_file_missing", org=org))
    for key in sorted(sections):
        plan_file = f"{key}/plan.yaml"
        if key not in plans and plan_file not in docs and not problems.about(plan_file):
            problems.add(sections[key][0].path, 1, 1, messages.text("plan_file_missing", plan=key))
    if not isinstance(site, SiteConfig) or not isinstance(taxonomy, Taxonomy):
        return None
    return Content(site, taxonomy, organisations, plans, sections, pages, contexts)


def _bodies(docs: dict[str, Document], typed: dict[str, BaseModel | None]) -> dict[str, markdown.Body]:
    """The Markdown bodies of every section and free page whose front matter is valid,
    parsed at once: across the machine's cores when there is enough of it."""
    paths = [path for path, value in typed.items()
             if value is not None and docs[path].kind in ("section", "page")]
    return dict(zip(paths, markdown.parse_all([docs[path].body for path in paths])))


def markdown_entry(doc: Document, meta: SectionMeta | PageMeta,
                   problems: Problems, body: markdown.Body | None = None) -> Markdown | None:
    name = doc.path.split("/")[-1].removesuffix(".md")
    number, slug = (int(name[:2]), name[3:]) if doc.kind == "section" else (0, name)
    if not _SLUG.match(slug):
        problems.add(doc.path, 0, 0, messages.text("file_name", slug=slug))
        return None
    return Markdown(doc.path, slug, meta, markdown.parse(doc.body) if body is None else body, number)


# --- references between files ---------------------------------------------------------


def check_references(content: Content, docs: dict[str, Document], problems: Problems) -> None:
    topics = _check_taxonomy(content.taxonomy, docs["topics.yaml"], problems)
    broken = {problem.path for problem in problems.items}  # files with a message of their own

    def topic_refs(path: str, ids: list[str], loc: Loc) -> None:
        for i, topic in enumerate(ids):
            if topic not in topics:
                guess = difflib.get_close_matches(topic, sorted(topics), n=1, cutoff=0.6)
                problems.add(path, *docs[path].where.of_value(loc + (i,)),
                             messages.text("unknown_topic_guess", topic=topic, suggestion=guess[0]) if guess
                             else messages.text("unknown_topic", topic=topic))

    for slug, org in sorted(content.organisations.items()):
        _check_organisation(slug, org, content.organisations, docs, problems, broken)
    for key, plan in sorted(content.plans.items()):
        path = f"{key}/plan.yaml"
        with working_on(path):
            topic_refs(path, plan.topics, ("topics",))
            slugs = {s.slug for s in content.sections.get(key, [])}
            _check_plan(key, plan, content.plans, slugs, docs[path], problems, topic_refs, broken)
    for entries in content.sections.values():
        for entry in entries:
            topic_refs(entry.path, list(getattr(entry.meta, "topics", [])), ("topics",))
    _check_unique_names(content, problems)
    _check_contexts(content, docs, problems)


def _check_taxonomy(taxonomy: Taxonomy, doc: Document, problems: Problems) -> set[str]:
    fields = _unique(doc, [f.id for f in taxonomy.fields], ("fields",), problems, "duplicate_field_id")
    ids = _unique(doc, [t.id for t in taxonomy.topics], ("topics",), problems, "duplicate_topic_id")
    for i, topic in enumerate(taxonomy.topics):
        if topic.field not in fields:
            problems.add(doc.path, *doc.where.of_value(("topics", i, "field")),
                         messages.text("unknown_safety_field", field=topic.field, choices=", ".join(sorted(fields))))
    return ids


def _unique(doc: Document, ids: list[str], loc: Loc, problems: Problems, message: str) -> set[str]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            problems.add(doc.path, *doc.where.of_value(loc + (i, "id")),
                         messages.text(message, id=value))
        seen.add(value)
    return seen


def _check_organisation(slug: str, org: Organisation, organisations: dict[str, Organisation],
                        docs: dict[str, Document], problems: Problems, broken: set[str]) -> None:
    doc = docs[f"{slug}/organisation.yaml"]
    if org.region is not None:
        region = organisations.get(org.region)
        if region is None and f"{org.region}/organisation.yaml" in broken:
            pass  # that file has its own message
        elif region is None:
            problems.add(doc.path, *doc.where.of_value(("region",)),
                         messages.text("unknown_region", region=org.region))
        elif region.kind is not OrganisationKind.regio:
            problems.add(doc.path, *doc.where.of_value(("region",)),
                         messages.text("not_a_region", region=org.region, kind=region.kind.value))
        elif slug not in region.members:
            problems.add(doc.path, *doc.where.of_value(("region",)),
                         messages.text("region_lacks_member", region=org.region, org=slug))
    for i, member in enumerate(org.members):
        other = organisations.get(member)
        if other is None and f"{member}/organisation.yaml" in broken:
            continue  # that file has its own message
        if other is None:
            problems.add(doc.path, *doc.where.of_value(("members", i)),
                         messages.text("unknown_member", member=member))
        elif other.region != slug:
            problems.add(doc.path, *doc.where.of_value(("members", i)),
                         messages.text("member_lacks_region", member=member, region=slug))


def _check_plan(key: str, plan: Plan, plans: dict[str, Plan], sections: set[str], doc: Document,
                problems: Problems, topic_refs: typing.Callable[[str, list[str], Loc], None],
                broken: set[str]) -> None:
    if plan.parent is not None:
        if plan.parent not in plans and f"{plan.parent}/plan.yaml" in broken:
            pass  # that file has its own message
        elif plan.parent == key:
            problems.add(doc.path, *doc.where.of_value(("parent",)), messages.text("parent_self"))
        elif plan.parent not in plans:
            problems.add(doc.path, *doc.where.of_value(("parent",)),
                         messages.text("parent_unknown", parent=plan.parent, plans=", ".join(sorted(plans))))
        elif _has_cycle(key, plans):
            problems.add(doc.path, *doc.where.of_value(("parent",)), messages.text("parent_cycle"))
    ids: set[str] = set()
    for group in ("priorities", "themes", "indicators", "comparisons"):
        for i, item in enumerate(getattr(plan, group)):
            loc = (group, i)
            if item.id in ids:
                problems.add(doc.path, *doc.where.of_value(loc + ("id",)),
                             messages.text("duplicate_plan_id", id=item.id))
            ids.add(item.id)
            topic_refs(doc.path, item.topics, loc + ("topics",))
            section = getattr(item, "section", None)
            if section is not None and section not in sections and not any(
                    path.startswith(f"{key}/") and path.endswith(f"-{section}.md") for path in broken):
                problems.add(doc.path, *doc.where.of_value(loc + ("section",)),
                             messages.text("unknown_section", section=section,
                                           sections=", ".join(sorted(sections)) or "geen secties"))
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
            bad(("measurements", i, "year"), messages.text("measurement_twice", year=measurement.year))
        years.add(measurement.year)
        baseline = indicator.baseline.year
        if baseline is not None and measurement.year <= baseline:
            bad(("measurements", i, "year"), messages.text("measurement_before_baseline", year=measurement.year,
                                                           baseline=baseline))
        elif (start is not None and measurement.year < start) or (end is not None and measurement.year > end):
            bad(("measurements", i, "year"), messages.text("measurement_outside_period", year=measurement.year,
                                                           start=start or "?", end=end or "?"))
    for sub, value in values:
        if value is None:
            continue
        if indicator.unit is Unit.procent and not 0 <= value <= 100:
            bad(sub, messages.text("percentage_range", value=value))
        if indicator.unit is Unit.rapportcijfer and not 1 <= value <= 10:
            bad(sub, messages.text("grade_range", value=value))
        if indicator.unit is Unit.aantal and value < 0:
            bad(sub, messages.text("count_negative", value=value))
    target, direction = indicator.target, indicator.direction
    if target is not None and direction is not None and target.comparator != "=":
        wants_lower = target.comparator in ("<", "<=")
        if wants_lower != (direction.value == "lager-is-beter"):
            bad(("direction",), messages.text("direction_mismatch", direction=direction.value,
                                              comparator=target.comparator, value=target.value))


def _check_contexts(content: Content, docs: dict[str, Document], problems: Problems) -> None:
    """Each context/<indicator>.yaml belongs to an indicator that names a context, and holds
    the series that indicator names (else it is stale: fetched before the indicator changed)."""
    for key, files in sorted(content.contexts.items()):
        plan = content.plans.get(key)
        if plan is None and f"{key}/plan.yaml" in docs:
            continue  # the plan has problems of its own; they come first
        named = {i.id: i.context for i in plan.indicators if i.context is not None} if plan else {}
        for indicator, data in sorted(files.items()):
            path = f"{key}/context/{indicator}.yaml"
            series = named.get(indicator)
            if series is None:
                problems.add(path, 0, 0, messages.text("context_no_indicator", plan=key, id=indicator))
                continue
            fetched = {"source": data.source, "table": data.table, "measure": data.measure,
                       "region": data.region, "filters": data.selection()}
            for name, value in fetched.items():
                if value != getattr(series, name):
                    problems.add(path, *docs[path].where.of_key((name,)),
                                 messages.text("context_stale", id=indicator, field=name, plan=key))
                    break


def _check_unique_names(content: Content, problems: Problems) -> None:
    for page in content.pages:
        if page.slug in content.organisations or page.slug in urls.RESERVED:
            problems.add(page.path, 0, 0, messages.text("page_name_taken", slug=page.slug))
    for key, entries in content.sections.items():
        numbers: dict[int, str] = {}
        slugs: set[str] = set()
        for entry in entries:
            if entry.number in numbers:
                problems.add(entry.path, 0, 0, messages.text("section_number_taken", number=entry.number,
                                                             other=numbers[entry.number]))
            if entry.slug in slugs or entry.slug == "indicatoren":
                problems.add(entry.path, 0, 0, messages.text("section_name_taken", slug=entry.slug, plan=key))
            numbers[entry.number] = entry.path
            slugs.add(entry.slug)


# --- Markdown: bodies and inline fields, links and headings ------------------------------


def check_markdown(content: Content, docs: dict[str, Document], problems: Problems) -> None:
    """The Markdown of sections and free pages, and every field a page shows as inline
    Markdown (goals, actions, ...): one parser, one set of link rules."""
    # A link to a file that exists but has a message of its own is not also reported as dead.
    linkable = {path for path, doc in docs.items() if doc.kind in ("section", "page", "plan", "organisation")}
    linkable |= {problem.path for problem in problems.items}
    entries = content.pages + [e for group in content.sections.values() for e in group]
    for entry in entries:
        with working_on(entry.path):
            _check_body(entry, docs[entry.path], linkable, problems)
    for key, plan in sorted(content.plans.items()):
        path = f"{key}/plan.yaml"
        for loc, text in inline_markdown(plan):
            parsed = markdown.parse_inline(text)
            said = [messages.text("inline_block", what=parsed.block)] if parsed.block else []
            said += [message for _, _, message in _markdown_problems(path, parsed, linkable)]
            for message in said:  # an inline field is located by its value
                problems.add(path, *docs[path].where.of_value(loc), message)


def _check_body(entry: Markdown, doc: Document, linkable: set[str], problems: Problems) -> None:
    found = _markdown_problems(entry.path, entry.body, linkable)
    lines = doc.body.split("\n") if found else []
    for index, column, message in found:
        index, col = _place(lines, index, column)
        problems.add(entry.path, doc.body_line + index, col, message)


def _markdown_problems(path: str, body: markdown.Body, linkable: set[str]) -> list[tuple[int, int | str, str]]:
    """What is wrong with parsed Markdown written in content file `path`: (line index in the
    text, the column or the text that finds it, message)."""
    found: list[tuple[int, int | str, str]] = [
        (index, column, messages.text(key, **values)) for key, index, column, values in body.refusals]
    for target, attr, index in body.links:
        message = _link_problem(path, target, attr, linkable)
        if message:
            found.append((index, target, message))
    for target, index in body.refused:  # javascript:, file:, https:host ...
        found.append((index, target, _link_problem(path, target, "href", linkable) or messages.text("link_unsafe")))
    levels = [level for level, _ in body.headings]
    for (_, index), message in zip(body.headings, _heading_problems(levels)):
        if message:
            found.append((index, 1, message))
    return found


def _heading_problems(levels: list[int]) -> list[str | None]:
    """For each heading level in order, what is wrong with it (None when nothing)."""
    found: list[str | None] = []
    for previous, level in zip([1, *levels], levels):
        if level == 1:
            found.append(messages.text("heading_level_one"))
        elif level > previous + 1:
            found.append(messages.text("heading_skips", level=level, previous=previous,
                                       hashes="#" * (previous + 1)))
        else:
            found.append(None)
    return found


def _place(lines: list[str], index: int, column: int | str) -> tuple[int, int]:
    """Line index and column of a problem: `column` itself, or where the text `column` stands
    on that line (1 when it is written differently, through an entity or a reference)."""
    if isinstance(column, int):
        return index, column
    found = lines[index].find(column) if index < len(lines) else -1
    return index, found + 1 if found >= 0 else 1


def _link_problem(path: str, target: str, attr: str, linkable: set[str]) -> str | None:
    if attr == "src":
        return messages.text("image_in_text")
    if target.startswith("#") or re.match(r"^(https?:|mailto:|tel:)", target, re.IGNORECASE):
        return None
    if target.startswith("/") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        return messages.text("link_not_allowed", target=target)
    resolved = markdown.resolve(path, target)
    if resolved is None:
        return messages.text("link_outside", target=target)
    if resolved.split("#")[0] not in linkable:
        return messages.text("link_dead", target=target, resolved=resolved.split("#")[0])
    return None


# --- drafts ---------------------------------------------------------------------------


def check_drafts(content: Content, docs: dict[str, Document], problems: Problems) -> None:
    """A published file may not still hold what `ivpsite new` left to fill in, nor point at a
    draft (the published site would link to a page that is not there)."""
    hidden = content.drafts()
    for path, doc in sorted(docs.items()):
        if path in hidden or path == "site.yaml":  # site.yaml's placeholders are warnings (check_site)
            continue
        for loc, value in _strings(doc.data, ()):
            if PLACEHOLDER in value.lower():
                problems.add(path, *doc.where.of_value(loc), messages.text("placeholder_published", value=value[:60]))
        for index, line in enumerate(doc.body.split("\n")):
            if PLACEHOLDER in line.lower():
                problems.add(path, doc.body_line + index, line.lower().index(PLACEHOLDER) + 1,
                             messages.text("placeholder_published", value=line.strip()[:60]))
    for key, plan in sorted(content.plans.items()):
        path = f"{key}/plan.yaml"
        if path not in hidden and plan.parent and f"{plan.parent}/plan.yaml" in hidden:
            problems.add(path, *docs[path].where.of_value(("parent",)), messages.text("draft_referenced", target=plan.parent))
    for slug, org in sorted(content.organisations.items()):
        path = f"{slug}/organisation.yaml"
        if path in hidden:
            continue
        for loc, other in [(("region",), org.region), *((("members", i), m) for i, m in enumerate(org.members))]:
            if other and f"{other}/organisation.yaml" in hidden:
                problems.add(path, *docs[path].where.of_value(loc), messages.text("draft_referenced", target=other))
    for entry in [*content.pages, *(e for group in content.sections.values() for e in group)]:
        if entry.path in hidden:
            continue
        doc = docs[entry.path]
        for target, _, index in entry.body.links:
            resolved = markdown.resolve(entry.path, target)
            if resolved and resolved.split("#")[0] in hidden:
                line, col = _place(doc.body.split("\n"), index, target)
                problems.add(entry.path, doc.body_line + line, col, messages.text("draft_referenced", target=target))


def _strings(value: object, loc: Loc) -> list[tuple[Loc, str]]:
    if isinstance(value, str):
        return [(loc, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, loc + (key,))]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _strings(item, loc + (i,))]
    return []


# --- site.yaml: what publishing needs -------------------------------------------------

# Hosts that are examples by definition (RFC 2606 and 6761): a site cannot be published there.
_EXAMPLE_HOST = re.compile(r"^(?:[^/]*\.)?(?:example\.(?:org|com|net)|[^/]*\.(?:example|test|invalid|localhost)|localhost)(?::\d+)?$")


def check_site(site: SiteConfig, doc: Document, problems: Problems) -> None:
    """Warnings for a site that is not ready to publish: its address, publisher or contact
    is still a placeholder. A build goes on (a preview, a test); `--strict` refuses it."""
    host = site.base_url.split("://", 1)[1].split("/", 1)[0].lower()
    if _EXAMPLE_HOST.match(host):
        problems.warn(doc.path, *doc.where.of_value(("base_url",)), messages.text("site_example_address", host=host))
    if PLACEHOLDER in site.publisher.lower():
        problems.warn(doc.path, *doc.where.of_value(("publisher",)), messages.text("site_placeholder_publisher"))
    if site.contact is None or PLACEHOLDER in site.contact.lower():
        where = doc.where.of_value(("contact",)) if site.contact is not None else (1, 1)
        problems.warn(doc.path, *where, messages.text("site_no_contact"))
