"""`ivpsite import measurements`: a spreadsheet's figures into plan.yaml. Every byte of the
file but the measurements stays, bad rows are refused with file, row and column and change
nothing, Dutch numbers are understood, and the result passes `ivpsite check`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT, minimal_files, run_cli, write_tree
from ivpsite import cli, messages
from ivpsite.editor import spreadsheet
from ivpsite.editor.planedit import Entry, scalar
from ivpsite.messages import PLAN

# A synthetic plan.yaml written the way editors write: comments everywhere, null facts, long
# plain text wrapped over lines, quotes, flow mappings, a list with a comment between items.
COMMENTED_PLAN = """\
# yaml-language-server: $schema=../../../schemas/plan.schema.json
# Voorbeeldstad: synthetisch plan om het importeren te testen.
title: Veiligheidsplan Voorbeeldstad 2023-2026   # zoals op de voorkant
kind: integraal-veiligheidsplan
status: geldend
period:
  start: 2023
  end: 2026
adoption:
  by: gemeenteraad
  date: null
  missing:
    date: 'Synthetisch: geen datum.'
validity: null
source:
  title: Synthetisch testplan
  kind: regeling
  publisher: Testers
  date: 2022-12-20
  document: test.txt
summary: Een lange samenvatting die de redactie over meer regels verdeelde, zoals een editor dat doet
  wanneer een regel te lang wordt; een round-trip dump zou deze regels samenvoegen.
missing:
  validity: Synthetisch testgegeven.
priorities:
  - id: inbraak
    title: Minder woninginbraken
    topics: [woninginbraak]
    goals: [Minder inbraken.]
    actions: null
    missing: {actions: "Synthetisch: geen acties."}
    section: aanpak

# --- De indicatoren -------------------------------------------------------
indicators:
  # Uit de politiecijfers.
  - id: inbraken
    name: incidenten woninginbraak
    unit: aantal
    source: politie
    direction: lager-is-beter
    baseline: {value: 29, year: 2021}   # uit de bron
    target: {comparator: "<=", value: 25, year: 2026}
    measurements: []   # nog geen metingen

    # Onderwerpen bij deze indicator.
    topics: [woninginbraak]

  - id: gevoel
    name: 'rapportcijfer veiligheid: de buurt'
    unit: rapportcijfer
    source: null
    direction: hoger-is-beter
    baseline:
      value: 7.1
      year: 2022
    topics:
      - woninginbraak
    notes:
      - Synthetisch.
    missing:
      source: Synthetisch testgegeven.

  - id: aangiften
    name: aangiftebereidheid
    unit: procent
    source: politie
    direction: null
    baseline: {value: 30, year: 2022}
    topics: [woninginbraak]
    missing: {direction: Synthetisch testgegeven.}
    measurements:
      - year: 2023
        value: 31   # eerste meting
      # 2024 ontbrak nog
      - {year: 2025, value: 33}
    # einde van de indicatoren

comparisons: []
"""

EXPECTED_PLAN = COMMENTED_PLAN.replace("""\
    measurements: []   # nog geen metingen
""", """\
    measurements:  # nog geen metingen
      - year: 2023
        value: 27
      - year: 2024
        value: 26.5
        note: 'voorlopig: politie'
""").replace("""\
    baseline:
      value: 7.1
      year: 2022
""", """\
    baseline:
      value: 7.1
      year: 2022
    measurements:
      - year: 2024
        value: 7.4
""").replace("""\
      # 2024 ontbrak nog
      - {year: 2025, value: 33}
""", """\
      - year: 2024
        value: null
        missing:
          value: cijfer volgt in juni
      # 2024 ontbrak nog
      - {year: 2025, value: 33}
""")

SHEET_CSV = (
    "Indicator ; JAAR;Waarde;toelichting\n"
    "inbraken;2023;27;\n"
    "incidenten woninginbraak;2024;26,5;voorlopig: politie\n"
    "rapportcijfer veiligheid: de buurt;2024;7,4;\n"
    "aangiften;2024;;cijfer volgt in juni\n"
    "aangiften;2025;33%;\n"  # already there: unchanged
)


def _site(site_dir, plan: str = COMMENTED_PLAN) -> Path:
    return site_dir({PLAN: plan})


def _import(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["import", "measurements", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _sheet(root: Path, text: str, name: str = "metingen.csv", encoding: str = "utf-8") -> Path:
    path = root.parent / name
    path.write_bytes(text.encode(encoding))
    return path


def test_import_keeps_every_other_byte_of_a_commented_plan(site_dir, capsys) -> None:
    root = _site(site_dir)
    sheet = _sheet(root, SHEET_CSV)
    code, out, err = _import(capsys, str(sheet), "--plan", "voorbeeldstad/plan-2023", "--content", str(root))
    assert code == 0, err
    assert (root / PLAN).read_text(encoding="utf-8") == EXPECTED_PLAN
    assert "4 meting(en) nieuw, 0 vervangen, 1 ongewijzigd" in out
    assert "+        note: 'voorlopig: politie'" in out  # the diff was shown


def test_after_import_the_content_passes_check(site_dir, capsys) -> None:
    root = _site(site_dir)
    assert _import(capsys, str(_sheet(root, SHEET_CSV)), "--plan", "voorbeeldstad/plan-2023",
                   "--content", str(root))[0] == 0
    result = run_cli("check", "--content", str(root))
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((root / PLAN).read_text(encoding="utf-8"))
    assert data["indicators"][2]["measurements"] == [
        {"year": 2023, "value": 31}, {"year": 2024, "value": None, "missing": {"value": "cijfer volgt in juni"}},
        {"year": 2025, "value": 33}]


def test_dry_run_prints_the_diff_and_changes_nothing(site_dir, capsys) -> None:
    root = _site(site_dir)
    before = (root / PLAN).read_bytes()
    code, out, _ = _import(capsys, str(_sheet(root, SHEET_CSV)), "--plan", "voorbeeldstad/plan-2023",
                           "--content", str(root), "--dry-run")
    assert code == 0
    assert out.startswith("--- a/voorbeeldstad/plan-2023/plan.yaml\n+++ b/voorbeeldstad/plan-2023/plan.yaml\n")
    assert "+      - year: 2023\n" in out and "--dry-run" in out
    assert (root / PLAN).read_bytes() == before


def test_importing_the_same_file_again_is_a_no_op(site_dir, capsys) -> None:
    root = _site(site_dir)
    sheet = _sheet(root, SHEET_CSV)
    args = (str(sheet), "--plan", "voorbeeldstad/plan-2023", "--content", str(root))
    assert _import(capsys, *args)[0] == 0
    after = (root / PLAN).read_bytes()
    code, out, _ = _import(capsys, *args)
    assert code == 0 and out.startswith("Niets te doen")
    assert (root / PLAN).read_bytes() == after


def test_the_list_style_of_the_file_is_followed(site_dir, capsys) -> None:
    """A plan that writes '- ' at the key's own column (as content/ does) gets its new list so."""
    plan = minimal_files()[PLAN]
    plan = plan[:plan.index("indicators:")] + """\
indicators:
- id: inbraken
  name: incidenten woninginbraak
  unit: aantal
  source: politie
  direction: lager-is-beter
  baseline: {value: 29, year: 2021}
  target: {comparator: "<=", value: 25, year: 2026}
  topics:
  - woninginbraak
"""
    root = _site(site_dir, plan)
    code, _, err = _import(capsys, str(_sheet(root, "indicator;jaar;waarde\ninbraken;2024;27\n")),
                           "--plan", "voorbeeldstad/plan-2023", "--content", str(root))
    assert code == 0, err
    assert (root / PLAN).read_text(encoding="utf-8") == plan.replace(
        "  topics:\n", "  measurements:\n  - year: 2024\n    value: 27\n  topics:\n")


def test_windows_line_ends_and_byte_order_mark_are_kept(site_dir, capsys) -> None:
    root = _site(site_dir)
    original = b"\xef\xbb\xbf" + COMMENTED_PLAN.replace("\n", "\r\n").encode("utf-8")
    (root / PLAN).write_bytes(original)
    code, _, err = _import(capsys, str(_sheet(root, SHEET_CSV)), "--plan", "voorbeeldstad/plan-2023",
                           "--content", str(root))
    assert code == 0, err
    assert (root / PLAN).read_bytes() == b"\xef\xbb\xbf" + EXPECTED_PLAN.replace("\n", "\r\n").encode("utf-8")


def test_excel_csv_in_windows_1252_with_semicolons(site_dir, capsys) -> None:
    root = _site(site_dir)
    sheet = _sheet(root, "indicator;jaar;waarde;toelichting\r\ninbraken;2024;27;politiecijfer ‘voorlopig’\r\n",
                   encoding="cp1252")
    assert _import(capsys, str(sheet), "--plan", "voorbeeldstad/plan-2023", "--content", str(root))[0] == 0
    assert "note: politiecijfer ‘voorlopig’" in (root / PLAN).read_text(encoding="utf-8")


def test_a_different_value_is_refused_unless_replace(site_dir, capsys) -> None:
    root = _site(site_dir)
    before = (root / PLAN).read_bytes()
    sheet = _sheet(root, "indicator,jaar,waarde\naangiften,2023,\"31,5\"\n")
    args = (str(sheet), "--plan", "voorbeeldstad/plan-2023", "--content", str(root))
    code, _, err = _import(capsys, *args)
    assert code == 1
    assert f"{sheet}:rij 2, kolom C (waarde): " + messages.text(
        "import_conflict", year=2023, existing="31", new="31,5") in err.splitlines()
    assert (root / PLAN).read_bytes() == before
    code, out, err = _import(capsys, *args, "--replace")
    assert code == 0, err
    assert "1 vervangen" in out
    text = (root / PLAN).read_text(encoding="utf-8")
    assert "        value: 31.5\n      # 2024 ontbrak nog\n      - {year: 2025, value: 33}\n" in text


def test_refused_rows_are_located_and_change_nothing(site_dir, capsys) -> None:
    root = _site(site_dir)
    before = (root / PLAN).read_bytes()
    sheet = _sheet(root, (
        "indicator;jaar;waarde;toelichting\n"
        "inbraak;2024;27;\n"                 # 2: unknown, with a guess
        "inbraken;2020;27;\n"                # 3: before the baseline year
        "inbraken;2027;27;\n"                # 4: after the plan period
        "gevoel;2024;11;\n"                  # 5: a grade above 10
        "aangiften;2024;120%;\n"             # 6: a percentage above 100
        "inbraken;2024;-3;\n"                # 7: a negative count
        "inbraken;2024;12%;\n"               # 8: a percentage for a count
        "inbraken;twintig;5;\n"              # 9: no year
        "inbraken;2025;ca. 30;\n"            # 10: no number
        "inbraken;2026;;\n"                  # 11: empty without a reason
        ";2026;3;\n"                         # 12: no indicator
        "zakkenrollerij;2026;3;\n"           # 13: unknown, no guess
    ))
    code, _, err = _import(capsys, str(sheet), "--plan", "voorbeeldstad/plan-2023", "--content", str(root))
    assert code == 1
    plan = "voorbeeldstad/plan-2023"
    expected = [
        ("2, kolom A (indicator)", messages.text("import_unknown_indicator_guess", indicator="inbraak", plan=plan,
                                                 suggestion="inbraken")),
        ("3, kolom B (jaar)", messages.text("measurement_before_baseline", year=2020, baseline=2021)),
        ("4, kolom B (jaar)", messages.text("measurement_outside_period", year=2027, start=2023, end=2026)),
        ("5, kolom C (waarde)", messages.text("grade_range", value="11")),
        ("6, kolom C (waarde)", messages.text("percentage_range", value="120")),
        ("7, kolom C (waarde)", messages.text("count_negative", value="-3")),
        ("8, kolom C (waarde)", messages.text("import_percent_unit", found="12%", indicator="inbraken", unit="aantal")),
        ("9, kolom B (jaar)", messages.text("import_year", found="twintig")),
        ("10, kolom C (waarde)", messages.text("import_value", found="ca. 30")),
        ("11, kolom C (waarde)", messages.text("import_value_empty")),
        ("12, kolom A (indicator)", messages.text("import_indicator_empty", plan=plan)),
        ("13, kolom A (indicator)", messages.text("import_unknown_indicator", indicator="zakkenrollerij", plan=plan,
                                                  ids="inbraken, gevoel, aangiften")),
    ]
    lines = err.splitlines()
    assert lines[:-1] == [f"{sheet}:rij {where}: {message}" for where, message in expected]
    assert lines[-1] == "ivpsite: " + messages.text("import_refused", file=str(sheet), count=f"{len(expected)} fouten")
    assert (root / PLAN).read_bytes() == before


def test_the_same_indicator_and_year_twice_is_refused(site_dir, capsys) -> None:
    root = _site(site_dir)
    sheet = _sheet(root, "indicator;jaar;waarde\ninbraken;2024;27\nincidenten woninginbraak;2024;26\n")
    code, _, err = _import(capsys, str(sheet), "--plan", "voorbeeldstad/plan-2023", "--content", str(root))
    assert code == 1
    assert f"{sheet}:rij 3, kolom B (jaar): " + messages.text(
        "import_row_twice", indicator="inbraken", year=2024, other_row=2) in err.splitlines()


def _xlsx(path: Path, rows: list[list[object]], percent: set[tuple[int, int]] = frozenset(),
          title: str = "Metingen") -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if (r, c) in percent:
                cell.number_format = "0%"
    book.create_sheet("Toelichting")
    book.save(path)
    return path


def test_xlsx_percent_cells_and_cell_locations(site_dir, capsys, tmp_path: Path) -> None:
    root = _site(site_dir)
    book = _xlsx(tmp_path / "metingen.xlsx", [
        ["indicator", "jaar", "waarde", "toelichting"],
        ["aangiften", 2024, 0.37, None],   # a cell shown as 37 %
        ["gevoel", 2025, 7.6, "panel"],
        ["inbraken", 2024, 0.12, None],  # 12 %: not a count
    ], percent={(2, 3), (4, 3)})
    code, _, err = _import(capsys, str(book), "--plan", "voorbeeldstad/plan-2023", "--content", str(root))
    assert code == 1
    assert err.splitlines()[0] == f"{book}:rij 4, kolom C (waarde): " + messages.text(
        "import_percent_unit", found="12%", indicator="inbraken", unit="aantal")
    _xlsx(book, [["Indicator", "Jaar", "Waarde", "Toelichting"], ["aangiften", 2024, 0.37, None],
                 ["gevoel", 2025, 7.6, "panel"]], percent={(2, 3)})
    code, _, err = _import(capsys, str(book), "--plan", "voorbeeldstad/plan-2023", "--content", str(root))
    assert code == 0, err
    data = yaml.safe_load((root / PLAN).read_text(encoding="utf-8"))
    assert {"year": 2024, "value": 37} in data["indicators"][2]["measurements"]
    assert data["indicators"][1]["measurements"] == [{"year": 2025, "value": 7.6, "note": "panel"}]


def test_xlsx_sheet_option(site_dir, capsys, tmp_path: Path) -> None:
    root = _site(site_dir)
    book = _xlsx(tmp_path / "metingen.xlsx", [["indicator", "jaar", "waarde"], ["inbraken", 2024, 27]])
    code, _, err = _import(capsys, str(book), "--plan", "voorbeeldstad/plan-2023", "--content", str(root),
                           "--sheet", "2025")
    assert code == 1
    assert err.strip() == "ivpsite: " + messages.text("import_sheet_unknown", file=str(book), sheet="2025",
                                                      sheets="Metingen, Toelichting")
    code, _, err = _import(capsys, str(book), "--plan", "voorbeeldstad/plan-2023", "--content", str(root),
                           "--sheet", "Metingen")
    assert code == 0, err


@pytest.mark.parametrize(("text", "expected"), [
    ("7,9", (7.9, False)), ("129", (129, False)), ("1.234", (1234, False)), ("1.234,5", (1234.5, False)),
    ("1 234", (1234, False)), ("37%", (37, True)), ("37 %", (37, True)), ("37,5%", (37.5, True)),
    ("7.9", (7.9, False)), ("0.375", (0.375, False)), ("-3", (-3, False)), ("\u22123", (-3, False)),
    ("ca. 30", None), ("7,9,1", None), ("", None), ("1.23", (1.23, False)),
])
def test_dutch_numbers(text: str, expected: tuple[int | float, bool] | None) -> None:
    got = spreadsheet.number(spreadsheet.Cell(text))
    assert got == expected and (got is None or type(got[0]) is type(expected[0]))


def test_percent_cells_are_exact() -> None:
    assert spreadsheet.number(spreadsheet.Cell(0.37, percent=True)) == (37, True)
    assert spreadsheet.number(spreadsheet.Cell(0.071, percent=True)) == (7.1, True)
    assert spreadsheet.number(spreadsheet.Cell(True)) is None


@pytest.mark.parametrize("text", ["yes", "no", "on", "12:30", "2024", "null", "a: b", "# x", "'q", "-", "ja",
                                  "‘aanhaling’", "regel\nnieuw", " spatie", "1e5", "~", "@x", "tab\there"])
def test_notes_are_written_so_the_site_reads_them_back(text: str) -> None:
    assert yaml.safe_load(f"note: {scalar(text)}") == {"note": text}


def test_the_open_data_csv_imports_back(site_dir, capsys, tmp_path: Path) -> None:
    """The site's own open-data CSV (',' and a decimal point) is a spreadsheet to import: its
    measurement rows come back exactly; its baseline and target rows are left alone."""
    from ivpsite.build import check
    from ivpsite.problems import Problems
    from ivpsite.render.opendata import export

    plain = EXPECTED_PLAN.replace("        note: 'voorlopig: politie'\n", "")  # the CSV has no notes
    site = check(_site(site_dir, plain), Problems())
    assert site is not None
    csv = tmp_path / "indicatoren.csv"
    csv.write_bytes(export(site)["data/indicatoren.csv"])
    target = write_tree(tmp_path / "doel", {**minimal_files(), PLAN: COMMENTED_PLAN})
    code, out, err = _import(capsys, str(csv), "--plan", "voorbeeldstad/plan-2023", "--content", str(target))
    assert code == 0, err
    assert (target / PLAN).read_text(encoding="utf-8") == plain
    assert "Overgeslagen: 4 rij(en)" in out  # three baselines and one target


def test_content_with_problems_is_not_imported_into(site_dir, capsys) -> None:
    root = site_dir({PLAN: COMMENTED_PLAN.replace("status: geldend", "status: geldig")})
    code, _, err = _import(capsys, str(_sheet(root, SHEET_CSV)), "--plan", "voorbeeldstad/plan-2023",
                           "--content", str(root))
    assert code == 1
    assert err.splitlines()[-1] == "ivpsite: " + messages.text("content_first", count="1 probleem")


def test_handbook_sample_spreadsheet_imports(site_dir, capsys) -> None:
    """The sample in the handbook chapter is a file that really imports (into the test site)."""
    sample = ROOT / "docs" / "voorbeelden" / "metingen.csv"
    root = site_dir()
    code, _, err = _import(capsys, str(sample), "--plan", "voorbeeldstad/plan-2023", "--content", str(root))
    assert code == 0, err
    assert run_cli("check", "--content", str(root)).returncode == 0
    chapter = (ROOT / "docs" / "jaarlijkse-monitoring.md").read_text(encoding="utf-8")
    for line in sample.read_text(encoding="utf-8").splitlines():
        assert "| " + " | ".join(line.split(";")) + " |" in chapter  # the table shows the file


def test_entry_round_trip() -> None:
    for entry in (Entry(2024, None, None, "volgt"), Entry(2024, 7.9, "voorlopig"), Entry(2023, 27)):
        assert Entry.of(entry.as_data()) == entry


# --- the examples of the handbook's messages page, reproduced ---------------------------------


def _example(key: str) -> str:
    return messages.get(key).example_line()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "content", minimal_files())
    return tmp_path


def _run(capsys, *argv: str) -> list[str]:
    code = cli.main(["import", "measurements", *argv])
    assert code == 1
    return capsys.readouterr().err.splitlines()


IMPORT_CASES: dict[str, tuple[str, str | bytes]] = {  # key -> (file name, text)
    "import_column_missing": ("metingen.csv", "indicator;jaar;aantal\ninbraken;2024;27\n"),
    "import_column_guess": ("metingen.csv", "indicator;jaar;waarde;toelichitng\ninbraken;2024;27;x\n"),
    "import_column_twice": ("metingen.csv", "indicator;jaar;waarde;jaar\ninbraken;2024;27;2024\n"),
    "import_indicator_empty": ("metingen.csv", "indicator;jaar;waarde\ninbraken;2023;27\n;2024;26\n"),
    "import_unknown_indicator_guess": ("metingen.csv", "indicator;jaar;waarde\ninbraken;2023;27\ninbraak;2024;26\n"),
    "import_unknown_indicator": ("metingen.csv", "indicator;jaar;waarde\ninbraken;2023;27\nzakkenrollerij;2024;1\n"),
    "import_year": ("metingen.csv", "indicator;jaar;waarde\ninbraken;2023;27\ninbraken;2024-2025;26\n"),
    "import_value": ("metingen.csv", "indicator;jaar;waarde\ninbraken;2023;27\ninbraken;2024;ca. 30\n"),
    "import_value_empty": ("metingen.csv", "indicator;jaar;waarde\ninbraken;2023;27\ninbraken;2024;\n"),
    "import_percent_unit": ("metingen.csv", "indicator;jaar;waarde\ninbraken;2023;27\ninbraken;2024;27%\n"),
    "import_row_twice": ("metingen.csv", "indicator;jaar;waarde\ninbraken;2023;27\ninbraken;2024;27\n"
                                         "inbraken;2024;26\n"),
    "import_file_kind": ("metingen.xls", "x"),
    "import_no_header": ("metingen.csv", "\n\n"),
    "import_csv_unreadable": ("metingen.csv", b"indicator;jaar;waarde\ninbraken;2024;27;\x81\xff\n"),
    "import_xlsx_unreadable": ("metingen.xlsx", "geen werkmap"),
}


@pytest.mark.parametrize("key", sorted(IMPORT_CASES))
def test_example_is_what_import_reports(key: str, here: Path, capsys) -> None:
    name, text = IMPORT_CASES[key]
    (here / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    assert _example(key) in _run(capsys, name, "--plan", "voorbeeldstad/plan-2023")


def test_example_conflicts(here: Path, capsys) -> None:
    write_tree(here / "content", {PLAN: minimal_files()[PLAN].replace(
        '    target: {comparator: "<=", value: 25, year: 2026}\n',
        '    target: {comparator: "<=", value: 25, year: 2026}\n'
        "    measurements:\n      - {year: 2024, value: 27, note: voorlopig cijfer}\n")})
    (here / "metingen.csv").write_text("indicator;jaar;waarde;toelichting\ninbraken;2024;26;\n", encoding="utf-8")
    lines = _run(capsys, "metingen.csv", "--plan", "voorbeeldstad/plan-2023")
    assert _example("import_conflict") in lines
    (here / "metingen.csv").write_text("indicator;jaar;waarde;toelichting\ninbraken;2024;27;definitief\n",
                                       encoding="utf-8")
    assert _example("import_conflict_note") in _run(capsys, "metingen.csv", "--plan", "voorbeeldstad/plan-2023")


def test_example_refused_count(here: Path, capsys) -> None:
    (here / "metingen.csv").write_text("indicator;jaar;waarde\ninbraak;2024;27\ninbraken;2024;\n", encoding="utf-8")
    assert _run(capsys, "metingen.csv", "--plan", "voorbeeldstad/plan-2023")[-1] == _example("import_refused")


def test_example_sheet_missing_plan_and_file(here: Path, capsys, tmp_path: Path) -> None:
    _xlsx(here / "metingen.xlsx", [["indicator", "jaar", "waarde"]])
    assert _example("import_sheet_unknown") in _run(capsys, "metingen.xlsx", "--plan", "voorbeeldstad/plan-2023",
                                                    "--sheet", "2025")
    assert _example("import_unknown_plan") in _run(capsys, "metingen.xlsx", "--plan", "voorbeeldstad/plan-2027")
    assert _example("import_no_file") in _run(capsys, "metingen.csv", "--plan", "voorbeeldstad/plan-2023")
    write_tree(here / "content", {PLAN: minimal_files()[PLAN].replace("status: geldend", "status: geldig")})
    assert _example("content_first") in _run(capsys, "metingen.xlsx", "--plan", "voorbeeldstad/plan-2023")


def test_example_flow_indicator(here: Path, capsys) -> None:
    plan = minimal_files()[PLAN]
    start = plan.index("  - id: inbraken")
    flow = ('  - {id: inbraken, name: incidenten woninginbraak, unit: aantal, source: politie, '
            'direction: lager-is-beter, baseline: {value: 29, year: 2021}, topics: [woninginbraak]}\n')
    write_tree(here / "content", {PLAN: plan[:start] + flow})
    (here / "metingen.csv").write_text("indicator;jaar;waarde\ninbraken;2024;27\n", encoding="utf-8")
    assert _example("import_flow_indicator") in _run(capsys, "metingen.csv", "--plan", "voorbeeldstad/plan-2023")


def test_example_undone(here: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the check after writing ever fail, the old plan.yaml is put back."""
    from ivpsite.editor import measurements
    from ivpsite.problems import Problems

    before = (here / "content" / PLAN).read_bytes()

    def refuse(content: Path, problems: Problems) -> None:
        problems.add(PLAN, 1, 1, "x")
        return None

    monkeypatch.setattr(measurements, "check", refuse)
    (here / "metingen.csv").write_text("indicator;jaar;waarde\ninbraken;2024;27\n", encoding="utf-8")
    assert _example("import_undone") in _run(capsys, "metingen.csv", "--plan", "voorbeeldstad/plan-2023")
    assert (here / "content" / PLAN).read_bytes() == before
