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
    writer.writerows(lines)
    return buffer.getvalue().encode("utf-8")


def read_csv(data: bytes) -> list[dict[str, object]]:
    """Read an indicator CSV back: numbers as int or float, empty cells as None."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    out: list[dict[str, object]] = []
    for record in reader:
        typed: dict[str, object] = dict(record)
        typed["jaar"] = int(record["jaar"]) if record["jaar"] else None
        typed["waarde"] = _number(record["waarde"])
        for name in ("bron", "richting", "vergelijking", "toelichting"):
            typed[name] = record[name] or None
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


__all__ = ["export", "read_csv", "read_plans", "plan_csv", "COLUMNS", "INDICATORS_CSV", "PLANS_JSON"]
