"""`ivpsite import measurements FILE --plan ORG/PLAN`: a year's figures from a spreadsheet
into a plan's plan.yaml.

The spreadsheet has the columns of the site's open-data CSV: `indicator` (id or name),
`jaar`, `waarde` and optionally `toelichting` (a note beside a value, or the reason a value
is missing). Every row is checked first: the indicator must exist, the value must fit the
indicator's unit, the year must lie after the baseline and within the plan period, a year
appears once per indicator, and a different value for a year that already has one needs
`--replace`. Any refused row means nothing is written; each refusal names the file, row and
column. Then the change is shown as a diff (`--dry-run` stops there), written into plan.yaml
with every other byte of the file kept (see planedit.py), and the whole content checked
again; should that check fail, the old file is put back.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import dutch, messages
from ..build import check
from ..content import Content, Indicator, Plan, Unit
from ..load import load, parse_yaml
from ..problems import Problems
from ..render.opendata import COLUMNS
from ..validate import validate
from . import planedit, spreadsheet
from .planedit import Entry
from .spreadsheet import Cell, Sheet

REQUIRED = ("indicator", "jaar", "waarde")
KNOWN = (*REQUIRED, "toelichting")
# The other columns of the open-data CSV: read when present, so that file can be imported.
OPEN_DATA = tuple(name for name, _ in COLUMNS if name not in KNOWN)
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Row:
    number: int  # 1-based, as the spreadsheet shows it
    indicator: int  # index in the plan's indicators
    entry: Entry


class Located:
    """The refusals of one import, each as 'file:rij R, kolom C (naam): melding'."""

    def __init__(self, sheet: Sheet, columns: dict[str, int]) -> None:
        self.sheet, self.columns, self.lines = sheet, columns, []

    def add(self, row: int, column: str | None, message: str) -> None:
        index = self.columns.get(column) if column else None
        self.lines.append(f"{spreadsheet.where(self.sheet.name, row, index, column)}: {message}")


def import_measurements(file: Path, plan_key: str, content_dir: Path, dry_run: bool = False,
                        replace: bool = False, sheet_name: str | None = None) -> int:
    content = _valid_content(content_dir)
    if content is None:
        return 1
    plan = content.plans.get(plan_key)
    if plan is None:
        return _refuse(messages.text("import_unknown_plan", plan=plan_key, content=content_dir,
                                     plans=", ".join(sorted(content.plans)) or "geen"))
    try:
        sheet = spreadsheet.read(file, sheet_name)
    except spreadsheet.Unreadable as refused:
        return _refuse(str(refused))
    columns, refusals = _header(sheet)
    if not refusals:
        rows, skipped, refusals = _rows(sheet, columns, plan_key, plan)
        refusals += _against_plan(sheet, columns, rows, plan, replace)
    if refusals:
        for line in refusals:
            print(line, file=sys.stderr)
        return _refuse(messages.text("import_refused", count=dutch.count(len(refusals), "fout", "fouten"), file=sheet.name))
    if skipped:
        print(f"Overgeslagen: {skipped} rij(en) die geen meting van {plan_key} zijn (kolom soort, organisatie "
              "of plan).")
    return _write(content_dir, plan_key, plan, rows, dry_run)


def _refuse(message: str) -> int:
    print(f"ivpsite: {message}", file=sys.stderr)
    return 1


def _valid_content(content_dir: Path) -> Content | None:
    """The content, validated, or None after printing why not (nothing is imported into
    content that does not pass `ivpsite check`)."""
    problems = Problems()
    if not content_dir.is_dir():
        problems.add(str(content_dir), 0, 0, messages.text("content_dir_missing"))
        content = None
    else:
        content = validate(load(content_dir, problems), problems)
    if content is None or problems:
        for problem in problems.sorted():
            print(problem, file=sys.stderr)
        _refuse(messages.text("content_first", count=messages.problems(len(problems.sorted()))))
        return None
    return content


# --- reading the rows ---------------------------------------------------------------------


def _header(sheet: Sheet) -> tuple[dict[str, int], list[str]]:
    """Column name -> index (case and surrounding spaces do not matter), and refusals."""
    columns: dict[str, int] = {}
    located = Located(sheet, {})
    for index, cell in enumerate(sheet.rows[0]):
        name = cell.text().lower()
        where = spreadsheet.where(sheet.name, 1, index, cell.text())
        if name in KNOWN or name in OPEN_DATA:
            if name in columns:
                located.lines.append(f"{where}: " + messages.text(
                    "import_column_twice", column=name, other_column=spreadsheet.column_letter(columns[name])))
            columns.setdefault(name, index)
            continue
        guess = difflib.get_close_matches(name, KNOWN, n=1, cutoff=0.75) if name else []
        if guess:
            located.lines.append(f"{where}: " + messages.text("import_column_guess", column=cell.text(),
                                                              suggestion=guess[0]))
    for name in REQUIRED:
        if name not in columns:
            found = ", ".join(c.text() for c in sheet.rows[0] if c.text()) or "niets"
            located.add(1, None, messages.text("import_column_missing", column=name, found=found))
    return columns, located.lines


def _rows(sheet: Sheet, columns: dict[str, int], plan_key: str, plan: Plan
          ) -> tuple[list[Row], int, list[str]]:
    """The rows as measurements, how many rows were not this plan's measurements, refusals."""
    located = Located(sheet, columns)
    rows: list[Row] = []
    skipped = 0
    org_id, plan_id = plan_key.split("/")
    for number, cells in enumerate(sheet.rows[1:], start=2):
        def cell(name: str) -> Cell:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else Cell(None)

        if all(c.text() == "" for c in cells):
            continue
        # Rows of the open-data CSV that are not this plan's measurements are not for us.
        if cell("soort").text().lower() not in ("", "meting") or \
                (cell("organisatie").text(), cell("plan").text()) not in (("", ""), (org_id, plan_id)):
            skipped += 1
            continue
        row = _row(number, cell, plan_key, plan, located)
        if row is not None:
            rows.append(row)
    return rows, skipped, located.lines


def _row(number: int, cell, plan_key: str, plan: Plan, located: Located) -> Row | None:  # noqa: ANN001
    before = len(located.lines)
    index = _indicator(cell("indicator").text(), plan_key, plan, number, located)
    year = spreadsheet.year(cell("jaar"))
    if year is None or not 1900 <= year <= 2100:
        located.add(number, "jaar", messages.text("import_year", found=cell("jaar").text() or "niets"))
    note = cell("toelichting").text() or None
    value: int | float | None = None
    if cell("waarde").text() == "":
        if note is None:
            located.add(number, "waarde", messages.text("import_value_empty"))
    else:
        read = spreadsheet.number(cell("waarde"))
        if read is None:
            located.add(number, "waarde", messages.text("import_value", found=cell("waarde").text()))
        elif index is not None:
            value = read[0]
            _check_value(plan.indicators[index], read, cell("waarde").text(), number, located)
    if index is not None and year is not None and 1900 <= year <= 2100:
        _check_year(plan, plan.indicators[index], year, number, located)
    if len(located.lines) > before or index is None or year is None:
        return None
    entry = Entry(year, value, note, None) if value is not None else Entry(year, None, None, note)
    return Row(number, index, entry)


def _indicator(text: str, plan_key: str, plan: Plan, number: int, located: Located) -> int | None:
    if not text:
        located.add(number, "indicator", messages.text("import_indicator_empty", plan=plan_key))
        return None
    wanted = _words(text)
    for index, indicator in enumerate(plan.indicators):  # an id first, then a name
        if indicator.id == wanted:
            return index
    for index, indicator in enumerate(plan.indicators):
        if _words(indicator.name) == wanted:
            return index
    names = {_words(i.id): i.id for i in plan.indicators} | {_words(i.name): i.name for i in plan.indicators}
    guess = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    if guess:
        located.add(number, "indicator", messages.text("import_unknown_indicator_guess", indicator=text,
                                                       plan=plan_key, suggestion=names[guess[0]]))
    else:
        located.add(number, "indicator", messages.text("import_unknown_indicator", indicator=text, plan=plan_key,
                                                       ids=", ".join(i.id for i in plan.indicators) or "geen"))
    return None


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _check_value(indicator: Indicator, read: tuple[int | float, bool], text: str, number: int,
                 located: Located) -> None:
    value, percent = read
    if percent and indicator.unit is not Unit.procent:
        located.add(number, "waarde", messages.text("import_percent_unit", found=text, indicator=indicator.id,
                                                    unit=indicator.unit.value))
    elif indicator.unit is Unit.procent and not 0 <= value <= 100:
        located.add(number, "waarde", messages.text("percentage_range", value=_dutch(value)))
    elif indicator.unit is Unit.rapportcijfer and not 1 <= value <= 10:
        located.add(number, "waarde", messages.text("grade_range", value=_dutch(value)))
    elif indicator.unit is Unit.aantal and value < 0:
        located.add(number, "waarde", messages.text("count_negative", value=_dutch(value)))


def _check_year(plan: Plan, indicator: Indicator, year: int, number: int, located: Located) -> None:
    """The same rules as the validator's (validate._check_indicator)."""
    baseline, start, end = indicator.baseline.year, plan.period.start, plan.period.end
    if baseline is not None and year <= baseline:
        located.add(number, "jaar", messages.text("measurement_before_baseline", year=year, baseline=baseline))
    elif (start is not None and year < start) or (end is not None and year > end):
        located.add(number, "jaar", messages.text("measurement_outside_period", year=year, start=start or "?",
                                                  end=end or "?"))


def _dutch(value: int | float | None) -> str:
    return "null" if value is None else str(value).replace(".", ",")


def _conflict(year: int, old: Entry, new: Entry) -> str:
    if old.value != new.value:
        return messages.text("import_conflict", year=year, existing=_dutch(old.value), new=_dutch(new.value))
    return messages.text("import_conflict_note", year=year, existing=old.note or old.reason or "",
                         new=new.note or new.reason or "")


# --- against what plan.yaml already has ----------------------------------------------------


def _existing(indicator: Indicator) -> list[Entry]:
    return [Entry(m.year, m.value, m.note, m.missing.get("value")) for m in indicator.measurements]


def _against_plan(sheet: Sheet, columns: dict[str, int], rows: list[Row], plan: Plan, replace: bool) -> list[str]:
    located = Located(sheet, columns)
    seen: dict[tuple[int, int], int] = {}
    for row in rows:
        key = (row.indicator, row.entry.year)
        indicator = plan.indicators[row.indicator]
        if key in seen:
            located.add(row.number, "jaar", messages.text("import_row_twice", indicator=indicator.id,
                                                          year=row.entry.year, other_row=seen[key]))
            continue
        seen[key] = row.number
        old = next((e for e in _existing(indicator) if e.year == row.entry.year), None)
        if old is not None and old != row.entry and not replace:
            column = "waarde" if old.value != row.entry.value else "toelichting"
            located.add(row.number, column, _conflict(row.entry.year, old, row.entry))
    return located.lines


def _merged(existing: list[Entry], rows: list[Row]) -> list[Entry]:
    """The measurements after the import: replaced in place, new ones in year order."""
    result = list(existing)
    for entry in sorted((r.entry for r in rows), key=lambda e: e.year):
        at = next((i for i, e in enumerate(result) if e.year == entry.year), None)
        if at is not None:
            result[at] = entry
            continue
        after = next((i for i, e in enumerate(result) if e.year > entry.year), len(result))
        result.insert(after, entry)
    return result


# --- writing -------------------------------------------------------------------------------


def _write(content_dir: Path, plan_key: str, plan: Plan, rows: list[Row], dry_run: bool) -> int:
    rel = f"{plan_key}/plan.yaml"
    path = content_dir / rel
    changes: dict[int, list[Entry]] = {}
    counts = {"new": 0, "replaced": 0, "same": 0}
    for index, indicator in enumerate(plan.indicators):
        mine = [r for r in rows if r.indicator == index]
        existing = _existing(indicator)
        for row in mine:
            old = next((e for e in existing if e.year == row.entry.year), None)
            counts["new" if old is None else "same" if old == row.entry else "replaced"] += 1
        merged = _merged(existing, mine)
        if merged != existing:
            changes[index] = merged
    if not changes:
        print(f"Niets te doen: alle {counts['same']} meting(en) uit het bestand staan al zo in {rel}.")
        return 0
    raw = path.read_bytes()
    text = raw.removeprefix(_BOM).decode("utf-8")
    crlf = "\r\n" in text
    old = text.replace("\r\n", "\n")
    try:
        new = planedit.rewrite(old, changes)
    except planedit.FlowIndicator as flow:
        return _refuse(messages.text("import_flow_indicator", indicator=plan.indicators[flow.args[0]].id, plan=rel))
    _verify(old, new, rel, changes)
    sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{rel}", tofile=f"b/{rel}"))
    summary = (f"{rel}: {counts['new']} meting(en) nieuw, {counts['replaced']} vervangen, "
               f"{counts['same']} ongewijzigd.")
    if dry_run:
        print(f"{summary} Proefdraai (--dry-run): er is niets veranderd.")
        return 0
    data = (_BOM if raw.startswith(_BOM) else b"") + (new.replace("\n", "\r\n") if crlf else new).encode("utf-8")
    _replace(path, data)
    problems = Problems()
    if check(content_dir, problems) is None or problems:  # cannot happen for checked rows; never leave it so
        _replace(path, raw)
        for problem in problems.sorted():
            print(problem, file=sys.stderr)
        return _refuse(messages.text("import_undone", plan=rel))
    print(f"{summary} Gecontroleerd met ivpsite check: geen problemen.")
    return 0


def _verify(old: str, new: str, rel: str, changes: dict[int, list[Entry]]) -> None:
    """The new text, read by the site's own loader, is the old data with exactly these
    measurements: anything else is a bug in planedit, and nothing may be written."""
    before, after = parse_yaml(old, rel, Problems()), parse_yaml(new, rel, Problems())
    if before is None or after is None:
        raise RuntimeError(f"{rel}: the edited text no longer reads as YAML")
    expected = before[0]
    for index, entries in changes.items():
        expected["indicators"][index]["measurements"] = [e.as_data() for e in entries]  # type: ignore[index]
    if after[0] != expected:
        raise RuntimeError(f"{rel}: the edited text holds other changes than the measurements")


def _replace(path: Path, data: bytes) -> None:
    """Write through a hidden file beside it and swap it in, so the file is never half-written."""
    temporary = path.with_name(f".{path.name}.ivpsite")
    temporary.write_bytes(data)
    os.replace(temporary, path)
