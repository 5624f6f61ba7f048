"""What the open data holds: one record per value of an indicator (its baseline, each
measurement, its target), with named columns and their meaning. The render stage writes
these records as CSV; the open-data page explains the columns from the same definitions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..content import Organisation, Plan
from .indicators import rows


def _column(meaning: str) -> object:
    return field(metadata={"meaning": meaning})


@dataclass(frozen=True)
class IndicatorRecord:
    """One row of the indicator CSV files; the field names are the column names."""

    organisatie: str = _column("Id van de organisatie (mapnaam), bijvoorbeeld 'maasgouw'.")
    organisatie_naam: str = _column("Naam van de organisatie.")
    plan: str = _column("Id van het plan (mapnaam), bijvoorbeeld 'ivp-2023-2026'.")
    plan_titel: str = _column("Titel van het plan.")
    indicator: str = _column("Id van de indicator, uniek binnen het plan.")
    indicator_naam: str = _column("Naam van de indicator zoals de bron die noemt.")
    eenheid: str = _column("'aantal', 'procent' of 'rapportcijfer'.")
    bron: str | None = _column("Bron van de cijfers volgens het plan; leeg als het plan die niet noemt.")
    richting: str | None = _column("'lager-is-beter' of 'hoger-is-beter'; leeg als het plan dat niet vastlegt.")
    soort: str = _column("'uitgangswaarde', 'meting' of 'doel'.")
    jaar: int | None = _column("Jaar waarop de waarde slaat; bij een doel het jaar waarin het gehaald moet zijn.")
    vergelijking: str | None = _column("Alleen bij een doel: <, <=, =, >= of > (bijvoorbeeld <= 125: hoogstens 125).")
    waarde: int | float | None = _column("Het getal, met een punt als decimaalteken (7.9); leeg als de bron het niet geeft.")
    toelichting: str | None = _column("Waarom de waarde ontbreekt, als die leeg is; anders een toelichting "
                                      "bij de waarde, als het plan of de meting er een geeft.")


COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (f.name, f.metadata["meaning"]) for f in dataclasses.fields(IndicatorRecord))


def records(key: str, plan: Plan, org: Organisation) -> list[IndicatorRecord]:
    """Every value of every indicator of one plan, in content order."""
    org_id, plan_id = key.split("/")
    found = []
    for ind in plan.indicators:
        for row in rows(ind):
            found.append(IndicatorRecord(
                organisatie=org_id, organisatie_naam=org.name, plan=plan_id, plan_titel=plan.title,
                indicator=ind.id, indicator_naam=ind.name, eenheid=ind.unit.value, bron=ind.source,
                richting=ind.direction.value if ind.direction else None, soort=row.kind, jaar=row.year,
                vergelijking=row.comparator, waarde=row.value, toelichting=row.reason or row.note))
    return found
