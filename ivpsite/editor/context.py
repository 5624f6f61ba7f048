"""`ivpsite fetch context`: official figures beside a plan's own.

An indicator may name a public series for comparison (`context:` in plan.yaml, the model's
`ContextSeries`). This command downloads each named series from CBS StatLine through the
`cbsodata` package and writes it into a data file beside the plan,
`<organisation>/<plan>/context/<indicator>.yaml` (the model's `ContextData`): the table and
its title, the measure with its label and unit, the region, the chosen categories, the
retrieval date, the licence and the values per year. That file is the only place these
numbers live; nothing here touches plan.yaml.

All series are fetched before anything is written: without network, or when a table,
measure, region or category does not exist, the command says so (located at the field of
plan.yaml that names it) and changes nothing. A file whose figures did not change is left
as it is, retrieval date included.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import messages
from ..content import ContextData, ContextSeries, Plan
from ..load import Document, Loc, load
from ..problems import Problem, Problems
from ..validate import validate

TIMEOUT = 60  # seconds per request; StatLine answers a table's metadata in about a second

# What the table's metadata says about its licence would win, but CBS's TableInfos has no
# such field today; the fact then comes from CBS's own statement, named in `basis`.
_LICENCE_FIELDS = ("License", "Licence", "Licentie")
CBS_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.nl",
    "basis": "De metadata van de tabel noemen geen licentie. Volgens het CBS geldt voor alle datasets "
             "van het CBS de licentie Creative Commons Naamsvermelding: "
             "https://www.cbs.nl/nl-nl/onze-diensten/open-data",
}
_YEAR = re.compile(r"^(\d{4})JJ00$")  # a period key of a whole year, such as 2023JJ00
_HEADER = """\
# yaml-language-server: $schema=../../../../schemas/context.schema.json
# Cijfers ter vergelijking bij indicator '{id}', opgehaald met 'ivpsite fetch context'.
# Niet met de hand bewerken: draai 'ivpsite fetch context' opnieuw om ze bij te werken.
"""


class Offline(Exception):
    """No connection to the publisher; the argument is the reason."""


class Failed(Exception):
    """The publisher answered with an error; arguments: table, reason, and whether the
    table does not exist."""


@dataclass
class Wanted:
    plan_key: str
    index: int
    indicator: str
    series: ContextSeries
    doc: Document

    @property
    def rel(self) -> str:
        return f"{self.plan_key}/context/{self.indicator}.yaml"

    def at(self, *sub: str | int) -> tuple[str, int, int]:
        loc: Loc = ("indicators", self.index, "context", *sub)
        return (self.doc.path, *self.doc.where.of_value(loc))


@dataclass
class _Table:
    info: dict[str, Any]
    properties: list[dict[str, Any]]
    dimensions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def fetch_context(content_dir: Path, plan_key: str | None = None, today: dt.date | None = None) -> int:
    found = _series(content_dir, plan_key)
    if found is None:
        return 1
    if not found:
        print("Geen indicator noemt een 'context'; er is niets opgehaald.")
        return 0
    problems = Problems()
    files: dict[str, dict[str, Any]] = {}
    tables: dict[str, _Table] = {}
    try:
        for wanted in found:
            data = _fetch(wanted, tables, problems, today or _today())
            if data is not None:
                files[wanted.rel] = data
    except Offline as offline:
        print(f"ivpsite: {messages.text('fetch_offline', reason=offline.args[0])}", file=sys.stderr)
        return 1
    if problems:
        for problem in problems.sorted():
            print(problem, file=sys.stderr)
        print(f"ivpsite: {messages.text('fetch_refused', count=messages.problems(len(problems.sorted())))}", file=sys.stderr)
        return 1
    return _write(content_dir, files)


def _today() -> dt.date:
    return dt.date.today()


def _series(content_dir: Path, plan_key: str | None) -> list[Wanted] | None:
    """Every indicator with a `context`, from content that is valid apart from the context
    files themselves (those are what this command replaces)."""
    problems = Problems()
    if not content_dir.is_dir():
        problems.add(str(content_dir), 0, 0, messages.text("content_dir_missing"))
        documents: list[Document] = []
    else:
        documents = [d for d in load(content_dir, problems) if d.kind != "context"]
    problems.items = [p for p in problems.items if not _context_path(p)]
    content = validate(documents, problems) if documents else None
    if content is None or problems:
        for problem in problems.sorted():
            print(problem, file=sys.stderr)
        print(f"ivpsite: {messages.text('content_first', count=messages.problems(len(problems.sorted())))}", file=sys.stderr)
        return None
    if plan_key is not None and plan_key not in content.plans:
        plans = ", ".join(sorted(content.plans)) or "geen"
        refusal = messages.text("import_unknown_plan", plan=plan_key, content=content_dir, plans=plans)
        print(f"ivpsite: {refusal}", file=sys.stderr)
        return None
    docs = {d.path: d for d in documents}
    found = []
    for key, plan in sorted(content.plans.items()):
        if plan_key in (None, key):
            found += _named(key, plan, docs[f"{key}/plan.yaml"])
    return found


def _context_path(problem: Problem) -> bool:
    parts = problem.path.split("/")
    return len(parts) == 4 and parts[2] == "context"


def _named(key: str, plan: Plan, doc: Document) -> list[Wanted]:
    return [Wanted(key, i, ind.id, ind.context, doc) for i, ind in enumerate(plan.indicators)
            if ind.context is not None]


# --- talking to CBS StatLine ---------------------------------------------------------------


def _call(table: str, function: str, *args: object, **kwargs: object) -> Any:
    """One cbsodata call; network trouble becomes Offline, an HTTP error Failed."""
    import cbsodata
    import requests

    try:
        return getattr(cbsodata, function)(table, *args, timeout=TIMEOUT, **kwargs)
    except (requests.ConnectionError, requests.Timeout) as error:
        raise Offline(type(error).__name__) from None
    except requests.HTTPError as error:
        # cbsodata raises a new HTTPError from the original one, which holds the response
        # (a Response is falsy for an error status, so no `or` here).
        response = getattr(error.__cause__, "response", None)
        if response is None:
            response = getattr(error, "response", None)
        status = getattr(response, "status_code", None)
        raise Failed(table, f"HTTP {status}" if status else str(error), status == 404) from None
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        raise Failed(table, f"{type(error).__name__}: {error}", False) from None


def _table(table: str, tables: dict[str, _Table]) -> _Table:
    if table not in tables:
        info = _call(table, "get_info")
        if not info:
            raise Failed(table, "geen TableInfos", True)
        tables[table] = _Table(info, _call(table, "get_meta", "DataProperties"))
    return tables[table]


def _dimension(table: str, loaded: _Table, key: str) -> list[dict[str, Any]]:
    if key not in loaded.dimensions:
        loaded.dimensions[key] = _call(table, "get_meta", key)
    return loaded.dimensions[key]


def _fetch(wanted: Wanted, tables: dict[str, _Table], problems: Problems,
           today: dt.date) -> dict[str, Any] | None:
    series = wanted.series
    try:
        loaded = _table(series.table, tables)
        return _series_data(wanted, loaded, problems, today)
    except Failed as failed:
        table, reason, unknown = failed.args
        if unknown:
            problems.add(*wanted.at("table"), messages.text("fetch_unknown_table", table=table))
        else:
            problems.add(*wanted.at("table"), messages.text("fetch_failed", table=table, reason=reason))
        return None


def _series_data(wanted: Wanted, loaded: _Table, problems: Problems, today: dt.date) -> dict[str, Any] | None:
    series, table = wanted.series, wanted.series.table
    by_type: dict[str, list[dict[str, Any]]] = {}
    for prop in loaded.properties:
        by_type.setdefault(str(prop.get("Type")), []).append(prop)
    geo, time = by_type.get("GeoDimension", []), by_type.get("TimeDimension", [])
    if len(geo) != 1 or len(time) != 1:
        problems.add(*wanted.at("table"), messages.text("fetch_not_a_series", table=table))
        return None
    before = len(problems)
    measure = _measure(wanted, by_type.get("Topic", []), problems)
    chosen = _filters(wanted, loaded, by_type.get("Dimension", []), problems)
    regions = {str(r["Key"]).strip(): r for r in _dimension(table, loaded, geo[0]["Key"])}
    region = regions.get(series.region)
    if region is None:
        problems.add(*wanted.at("region"), messages.text("fetch_unknown_region", table=table, region=series.region))
    if len(problems) > before or measure is None or region is None:
        return None
    periods = _dimension(table, loaded, time[0]["Key"])
    where = {geo[0]["Key"]: region["Key"], **{f["dimension"]: f["raw"] for f in chosen}}
    rows = _call(table, "get_data", filters=" and ".join(f"{k} eq '{_quote(v)}'" for k, v in where.items()),
                 select=[time[0]["Key"], measure["Key"]])
    values = _values(rows, periods, time[0]["Key"], measure["Key"])
    if not values:
        problems.add(*wanted.at("region"), messages.text("fetch_no_values", table=table, region=series.region))
        return None
    groups = _groups(loaded.properties, measure)
    data: dict[str, Any] = {
        "source": series.source,
        "table": series.table,
        "table_title": str(loaded.info.get("Title") or table),
        "table_modified": _date(loaded.info.get("Modified")),
        "url": f"https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table",
        "measure": series.measure,
        "measure_label": str(measure.get("Title") or series.measure).strip(),
        "measure_groups": groups,
        "unit": (str(measure.get("Unit")).strip() or None) if measure.get("Unit") else None,
        "region": series.region,
        "region_label": str(region.get("Title") or series.region).strip(),
        "filters": [{k: f[k] for k in ("dimension", "dimension_label", "key", "label")} for f in chosen],
        "retrieved": today,
        "licence": _licence(loaded.info),
        "values": values,
    }
    return {k: v for k, v in data.items() if v is not None and v != []}


def _measure(wanted: Wanted, topics: list[dict[str, Any]], problems: Problems) -> dict[str, Any] | None:
    name, table = wanted.series.measure, wanted.series.table
    for topic in topics:
        if topic.get("Key") == name:
            return topic
    by_title = {str(t.get("Title", "")).casefold(): t["Key"] for t in topics}
    guess = by_title.get(name.casefold()) or next(iter(difflib.get_close_matches(
        name, [t["Key"] for t in topics], n=1, cutoff=0.6)), None)
    if guess:
        problems.add(*wanted.at("measure"), messages.text("fetch_unknown_measure_guess", table=table, measure=name,
                                                          suggestion=guess))
    else:
        problems.add(*wanted.at("measure"), messages.text("fetch_unknown_measure", table=table, measure=name,
                                                          measures=", ".join(t["Key"] for t in topics[:12])))
    return None


def _filters(wanted: Wanted, loaded: _Table, dimensions: list[dict[str, Any]],
             problems: Problems) -> list[dict[str, Any]]:
    """The chosen category of every other dimension of the table, with the publisher's names."""
    table, asked = wanted.series.table, wanted.series.filters
    known = {d["Key"]: d for d in dimensions}
    for name in asked:
        if name not in known:
            problems.add(*wanted.at("filters", name), messages.text(
                "fetch_unknown_dimension", table=table, dimension=name, dimensions=", ".join(known) or "geen"))
    chosen = []
    for name, dimension in known.items():
        categories = _dimension(table, loaded, name)
        if name not in asked:
            first = categories[0] if categories else {"Key": "?", "Title": "?"}
            problems.add(*wanted.at(), messages.text("fetch_filter_missing", table=table, dimension=name,
                                                     example=str(first["Key"]).strip(), label=first.get("Title")))
            continue
        key = asked[name]
        category = next((c for c in categories if str(c["Key"]).strip() == key.strip()), None)
        if category is None:
            guess = next((str(c["Key"]).strip() for c in categories
                          if str(c.get("Title", "")).strip().casefold() == key.strip().casefold()), None)
            guess = guess or next(iter(difflib.get_close_matches(
                key, [str(c["Key"]).strip() for c in categories], n=1, cutoff=0.6)), None)
            if guess:
                problems.add(*wanted.at("filters", name), messages.text(
                    "fetch_unknown_key_guess", table=table, dimension=name, key=key, suggestion=guess))
            else:
                problems.add(*wanted.at("filters", name), messages.text(
                    "fetch_unknown_key", table=table, dimension=name, key=key))
            continue
        chosen.append({"dimension": name, "dimension_label": str(dimension.get("Title") or name).strip(),
                       "key": key, "label": str(category.get("Title") or key).strip(), "raw": category["Key"]})
    return chosen


def _values(rows: list[dict[str, Any]], periods: list[dict[str, Any]], time_key: str,
            measure: str) -> list[dict[str, Any]]:
    """One value per whole year, ascending. cbsodata hands dimension values over as their
    titles ('2023'), so the period's key (2023JJ00) is looked up by title, or taken as is."""
    by_title = {str(p.get("Title")): p for p in periods}
    by_key = {str(p.get("Key")): p for p in periods}
    values: dict[int, dict[str, Any]] = {}
    for row in rows:
        period = by_title.get(str(row.get(time_key))) or by_key.get(str(row.get(time_key)))
        match = _YEAR.match(str(period.get("Key", ""))) if period else None
        if match is None:
            continue  # a month or quarter
        value = row.get(measure)
        entry: dict[str, Any] = {"year": int(match.group(1)), "value": value}
        if period.get("Status"):
            entry["status"] = str(period["Status"]).strip()
        if value is None:
            entry["missing"] = {"value": "CBS StatLine geeft voor dit jaar geen cijfer."}
        values[entry["year"]] = entry
    return [values[year] for year in sorted(values)]


def _groups(properties: list[dict[str, Any]], measure: dict[str, Any]) -> list[str]:
    """The titles of the topic groups above the measure, the outermost first."""
    by_id = {p.get("ID"): p for p in properties}
    groups = []
    parent = by_id.get(measure.get("ParentID"))
    while parent is not None and len(groups) < 10:
        groups.insert(0, str(parent.get("Title")).strip())
        parent = by_id.get(parent.get("ParentID"))
    return groups


def _licence(info: dict[str, Any]) -> dict[str, str]:
    for name in _LICENCE_FIELDS:
        if info.get(name):
            return {"name": str(info[name]).strip(), "basis": f"Veld '{name}' in de metadata van de tabel."}
    return dict(CBS_LICENCE)


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _quote(key: str) -> str:
    return key.replace("'", "''")  # OData string literal


# --- writing ---------------------------------------------------------------------------------


def render(indicator: str, data: dict[str, Any]) -> str:
    """A context data file: a header that says where it came from, then the data."""
    ContextData.model_validate(data)  # what we write is what the validator accepts
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
    return _HEADER.format(id=indicator) + body


def _write(content_dir: Path, files: dict[str, dict[str, Any]]) -> int:
    old: dict[Path, bytes | None] = {}
    for rel, data in files.items():
        path = content_dir / rel
        before = path.read_bytes() if path.is_file() else None
        previous = _previous(before)
        if previous is not None and {**previous, "retrieved": data["retrieved"]} == data:
            print(f"Ongewijzigd: {rel}")
            continue
        old[path] = before
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.ivpsite")
        temporary.write_text(render(rel.split("/")[-1].removesuffix(".yaml"), data), encoding="utf-8")
        os.replace(temporary, path)
        years = [v["year"] for v in data["values"]]
        print(f"Opgehaald: {rel} ({data['table']}, {years[0]}-{years[-1]})")
    problems = Problems()
    validate(load(content_dir, problems), problems)
    mine = [p for p in problems.sorted() if p.path in files]
    if mine:  # what was written must pass; never leave it so
        for path, before in old.items():
            if before is None:
                path.unlink()
            else:
                path.write_bytes(before)
        for problem in mine:
            print(problem, file=sys.stderr)
        print(f"ivpsite: {messages.text('fetch_undone')}", file=sys.stderr)
        return 1
    for problem in problems.sorted():  # older problems elsewhere, such as a data file left behind
        print(problem, file=sys.stderr)
    if problems:
        print(f"ivpsite: {messages.text('problems_found', problems=messages.problems(len(problems.sorted())))}", file=sys.stderr)
    return 1 if problems else 0


def _previous(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None
