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
from ..model.indicators import rows

INDICATORS_CSV = "data/indicatoren.csv"
PLANS_JSON = "data/plannen.json"

COLUMNS: tuple[tuple[str, str], ...] = (
    ("organisatie", "Id van de organisatie (mapnaam), bijvoorbeeld 'maasgouw'."),
    ("organisatie_naam", "Naam van de organisatie."),
    ("plan", "Id van het plan (mapnaam), bijvoorbeeld 'ivp-2023-2026'."),
    ("plan_titel", "Titel van het plan."),
    ("indicator", "Id van de indicator, uniek binnen het plan."),
    ("indicator_naam", "Naam van de indicator zoals de bron die noemt."),
    ("eenheid", "'aantal', 'procent' of 'rapportcijfer' (schaal 1-10)."),
    ("bron", "Bron van de cijfers volgens het plan; leeg als het plan die niet noemt."),
    ("richting", "'lager-is-beter' of 'hoger-is-beter'; leeg als het plan dat niet vastlegt."),
    ("soort", "'uitgangswaarde', 'meting' of 'doel'."),
    ("jaar", "Jaar waarop de waarde slaat; bij een doel het jaar waarin het gehaald moet zijn."),
    ("vergelijking", "Alleen bij een doel: <, <=, =, >= of > (bijvoorbeeld <= 125: hoogstens 125)."),
    ("waarde", "Het getal, met een punt als decimaalteken (7.9); leeg als de bron het niet geeft."),
    ("toelichting", "Waarom de waarde ontbreekt, als die leeg is."),
)
_NAMES = [name for name, _ in COLUMNS]
_NUMBERS = ("jaar", "waarde")

# The open-data page's explanation of that quote, in Dutch.
FORMULA_NOTE = (
    "Een spreadsheetprogramma voert een cel die met =, +, - of @ begint uit als formule. Daarom "
    "krijgt elke tekstcel in de CSV-bestanden die (eventueel na enkele aanhalingstekens) begint met "
    "=, +, -, @, een tab of een regelterugloop vooraan één extra enkel aanhalingsteken ('); de "
    "vergelijking = staat er dus als '=. Haal dat ene teken weg als u de tekst zelf nodig hebt. De "
    "getallen in jaar en waarde en het bestand plannen.json zijn niet veranderd."
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plan_csv(key: str) -> str:
    """Site path of a plan's CSV file."""
    return f"data/{key}.csv"


def export(content: Content) -> dict[str, bytes]:
    """All open data files: site path -> bytes."""
    everything: list[list[str]] = []
    files: dict[str, bytes] = {}
    for key, plan in sorted(content.plans.items()):
        org = content.organisations[key.split("/")[0]]
        lines = _plan_rows(key, plan, org)
        everything.extend(lines)
        files[plan_csv(key)] = _csv(lines)
    files[INDICATORS_CSV] = _csv(everything)
    files[PLANS_JSON] = plans_json(content)
    return files


def _plan_rows(key: str, plan: Plan, org: Organisation) -> list[list[str]]:
    org_id, plan_id = key.split("/")
    out = []
    for ind in plan.indicators:
        for row in rows(ind):
            out.append([org_id, org.name, plan_id, plan.title, ind.id, ind.name, ind.unit.value,
                        ind.source or "", ind.direction.value if ind.direction else "", row.kind,
                        _cell(row.year), row.comparator or "", _cell(row.value), row.reason or ""])
    return out


def _cell(value: int | float | None) -> str:
    # repr of a float round-trips exactly; an int stays an int (129, not 129.0).
    return "" if value is None else repr(value)


def _csv(lines: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_NAMES)
    numbers = [_NAMES.index(name) for name in _NUMBERS]
    writer.writerows([cell if i in numbers else _inert(cell) for i, cell in enumerate(line)] for line in lines)
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
    base = content.site.base_url
    plans = []
    for key, plan in sorted(content.plans.items()):
        org_id = key.split("/")[0]
        org = content.organisations[org_id]
        plans.append({
            "sleutel": key,
            "adres": f"{base}{key}/",
            "csv": f"{base}{plan_csv(key)}",
            "organisatie": {"id": org_id, **org.model_dump(mode="json")},
            "plan": plan.model_dump(mode="json"),
        })
    text = json.dumps({"plannen": plans}, ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")


def read_plans(data: bytes) -> dict[str, tuple[Organisation, Plan]]:
    """Read plannen.json back into the content model: plan key -> (organisation, plan)."""
    out = {}
    for entry in json.loads(data.decode("utf-8"))["plannen"]:
        org = dict(entry["organisatie"])
        org.pop("id")
        out[entry["sleutel"]] = (Organisation.model_validate(org), Plan.model_validate(entry["plan"]))
    return out


__all__ = ["export", "read_csv", "read_plans", "plan_csv", "COLUMNS", "FORMULA_NOTE", "INDICATORS_CSV",
           "PLANS_JSON"]
