"""Open data: the indicators as CSV and the plans as JSON, for journalists and researchers.

- `data/indicatoren.csv`: every value of every indicator of every plan, one row per
  organisation, plan, indicator, kind of value (uitgangswaarde, meting, doel) and year.
- `data/<organisatie>/<plan>.csv`: the same columns, one plan.
- `data/plannen.json`: every plan with its organisation, in the fields of the content model
  (the same names as in content/, described by the JSON Schema and the handbook).

Deterministic: plans sorted by key, indicators and values in content order, no timestamps.
Numbers are written with a decimal point (7.9) so every program reads them; an empty cell
is a value the source does not give, and `toelichting` says why. `read_csv` reads a file back
into typed values; the tests use it to prove the round trip is exact.

Spreadsheets run a cell that starts with '=', '+', '-' or '@' as a formula (CSV injection).
As OWASP recommends, a text cell that starts with one of those, a tab or a carriage return
gets a leading single quote; so does one that starts with quotes before such a character, so
that `read_csv` can take exactly one off and the round trip stays exact. Numbers (`jaar`,
`waarde`) are never changed, and the JSON holds the texts exactly as they are.
"""

from __future__ import annotations

import csv
import io
import json

from ..content import Content, Organisation, Plan
from .. import urls
from ..urls import INDICATORS_CSV, PLANS_JSON
from ..model.opendata import COLUMNS, IndicatorRecord, records

_NAMES = [name for name, _ in COLUMNS]
_NUMBERS = ("jaar", "waarde")

# The open-data page's explanation of that quote, in Dutch.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export(content: Content) -> dict[str, bytes]:
    """All open data files: site path -> bytes."""
    everything: list[list[str]] = []
    files: dict[str, bytes] = {}
    for key, plan in sorted(content.plans.items()):
        rows = _rows(records(key, plan, content.organisations[key.split("/")[0]]))
        everything.extend(rows)
        if rows:  # a plan without indicators gets no empty file; the open-data page says so
            files[urls.plan_csv(key)] = _csv(rows)
    files[INDICATORS_CSV] = _csv(everything)
    files[PLANS_JSON] = plans_json(content)
    return files


def _cell(value: object) -> str:
    # repr of a float round-trips exactly; an int stays an int (129, not 129.0).
    if value is None:
        return ""
    return value if isinstance(value, str) else repr(value)


def _rows(found: list[IndicatorRecord]) -> list[list[str]]:
    """The CSV cells of each record (made once: a plan's rows go into two files)."""
    numbers = set(_NUMBERS)
    return [[_cell(getattr(record, name)) if name in numbers else _inert(_cell(getattr(record, name)))
             for name in _NAMES] for record in found]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_NAMES)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _inert(text: str) -> str:
    """A text cell no spreadsheet runs as a formula (see the module's docstring)."""
    return "'" + text if text.lstrip("'").startswith(_FORMULA_START) else text


def _as_written(cell: str) -> str:
    """The text of a cell `_inert` wrote."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_START) else cell


def read_csv(data: bytes) -> list[dict[str, object]]:
    """Read an indicator CSV back: numbers as int or float, empty cells as None, and text
    cells without the quote that kept them from being a formula."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    out: list[dict[str, object]] = []
    for record in reader:
        typed: dict[str, object] = {name: _as_written(cell) for name, cell in record.items()}
        typed["jaar"] = int(record["jaar"]) if record["jaar"] else None
        typed["waarde"] = _number(record["waarde"])
        for name in ("bron", "richting", "vergelijking", "toelichting"):
            typed[name] = typed[name] or None
        out.append(typed)
    return out


def _number(text: str) -> int | float | None:
    if not text:
        return None
    return float(text) if any(c in text for c in ".eE") else int(text)


def plans_json(content: Content) -> bytes:
    """Every plan with its organisation; the keys are those of the content model (English),
    as documented on the open-data page and by the JSON Schemas."""
    base = content.site.base_url
    plans = []
    for key, plan in sorted(content.plans.items()):
        org_id = key.split("/")[0]
        org = content.organisations[org_id]
        plans.append({
            "key": key,
            "url": f"{base}{urls.plan(key)}",
            "csv": f"{base}{urls.plan_csv(key)}" if plan.indicators else None,
            "organisation": {"id": org_id, **org.model_dump(mode="json")},
            "plan": plan.model_dump(mode="json"),
        })
    text = json.dumps({"plans": plans}, ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")


def read_plans(data: bytes) -> dict[str, tuple[Organisation, Plan]]:
    """Read plannen.json back into the content model: plan key -> (organisation, plan)."""
    out = {}
    for entry in json.loads(data.decode("utf-8"))["plans"]:
        org = dict(entry["organisation"])
        org.pop("id")
        out[entry["key"]] = (Organisation.model_validate(org), Plan.model_validate(entry["plan"]))
    return out
