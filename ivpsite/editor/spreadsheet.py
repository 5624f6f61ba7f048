"""Reading the spreadsheets municipalities receive their yearly figures in: CSV (as Dutch
Excel writes it: ';' between cells, Windows-1252 or UTF-8) or an Excel workbook (.xlsx,
through openpyxl), and the numbers in them as Dutch editors write them ("7,9", "1.234",
"37 %", or a cell formatted as a percentage).

Everything is read into plain rows of `Cell`s, row 1 first, so the importer never needs to
know which kind of file it came from; `where` names a cell the way a spreadsheet shows it
("metingen.xlsx:rij 4, kolom C (waarde)").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .. import messages

MAX_BYTES = 20_000_000  # far above a list of yearly figures, far below harm


@dataclass(frozen=True)
class Cell:
    value: str | int | float | bool | dt.datetime | dt.date | dt.time | None
    percent: bool = False  # an XLSX number shown as a percentage: 0.37 means 37 %

    def text(self) -> str:
        """The cell as text, for messages and for text columns."""
        if self.value is None:
            return ""
        if self.percent and isinstance(self.value, (int, float)):  # as the spreadsheet shows it: 37%
            return str(_tidy(Decimal(repr(self.value)) * 100)).replace(".", ",") + "%"
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value).strip()


@dataclass(frozen=True)
class Sheet:
    name: str  # the file as the editor named it, for messages
    rows: list[list[Cell]]  # rows[0] is row 1


class Unreadable(Exception):
    """The file cannot be read as a spreadsheet; the message is Dutch and complete."""


def read(path: Path, sheet: str | None = None) -> Sheet:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise Unreadable(messages.text("import_file_kind", file=name))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(messages.text("import_no_file", file=name, reason=f"groter dan {MAX_BYTES:,} bytes"
                                           .replace(",", ".")))
        raw = path.read_bytes()
    except OSError as error:
        raise Unreadable(messages.text("import_no_file", file=name, reason=error.strerror or str(error))) from None
    rows = _xlsx_rows(raw, name, sheet) if suffix != ".csv" else _csv_rows(raw, name)
    while rows and all(cell.value in (None, "") for cell in rows[-1]):
        rows.pop()
    if not rows or all(cell.value in (None, "") for cell in rows[0]):
        raise Unreadable(messages.text("import_no_header", file=name))
    return Sheet(name, rows)


def _csv_rows(raw: bytes, name: str) -> list[list[Cell]]:
    # "CSV UTF-8" from Excel starts with a byte-order mark; plain "CSV" is Windows-1252.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Unreadable(messages.text("import_csv_unreadable", file=name, reason="onbekende tekenset"))
    header = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header.count)  # Dutch Excel: ';' (its decimal comma is ',')
    try:
        return [[Cell(value) for value in row] for row in csv.reader(io.StringIO(text, newline=""),
                                                                      delimiter=delimiter)]
    except csv.Error as error:
        raise Unreadable(messages.text("import_csv_unreadable", file=name, reason=str(error))) from None


def _xlsx_rows(raw: bytes, name: str, sheet: str | None) -> list[list[Cell]]:
    import openpyxl

    try:
        with warnings.catch_warnings():  # openpyxl warns about styles and extensions it skips
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise Unreadable(messages.text("import_xlsx_unreadable", file=name)) from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise Unreadable(messages.text("import_sheet_unknown", file=name, sheet=sheet,
                                           sheets=", ".join(book.sheetnames)))
        return [[Cell(cell.value, "%" in (cell.number_format or "") and isinstance(cell.value, (int, float)))
                 for cell in row] for row in worksheet.iter_rows()]
    finally:
        book.close()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def where(file: str, row: int, column: int | None = None, header: str | None = None) -> str:
    """A cell as an editor finds it: 'metingen.xlsx:rij 4, kolom C (waarde)' (row is 1-based)."""
    place = f"{file}:rij {row}"
    if column is not None:
        place += f", kolom {column_letter(column)}"
        if header:
            place += f" ({header})"
    return place


# --- numbers as Dutch editors write them -------------------------------------------------

_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}([. ]\d{3})+(,\d+)?")  # 1.234 or 1 234,5
_COMMA = re.compile(r"-?\d+(,\d+)?")  # 129 or 7,9
_POINT = re.compile(r"-?\d+\.\d+")  # 7.9, as the site's own open-data CSV writes it


def number(cell: Cell) -> tuple[int | float, bool] | None:
    """The number in a cell and whether it was written as a percentage; None if it holds none.
    A percentage cell (0.37 shown as 37 %) and the text '37%' both give (37, True)."""
    value = cell.value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if cell.percent:
            return _tidy(Decimal(repr(value)) * 100), True
        return _tidy(Decimal(repr(value))), False
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-")
    percent = text.endswith("%")
    text = text.removesuffix("%").rstrip()
    if _THOUSANDS.fullmatch(text):
        text = text.replace(".", "").replace(" ", "").replace(",", ".")
    elif _COMMA.fullmatch(text):
        text = text.replace(",", ".")
    elif not _POINT.fullmatch(text):
        return None
    return _tidy(Decimal(text)), percent


def _tidy(value: Decimal) -> int | float:
    """An int when the number is whole (37, not 37.0 or 37.00000000000001), else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def year(cell: Cell) -> int | None:
    value = cell.value
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        return int(value)
    return None
