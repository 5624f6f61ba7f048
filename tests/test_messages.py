"""The catalogue of Dutch messages (ivpsite/messages.py) is the only place their words live:
the handbook page is generated from it and fresh, every entry is used by the code, no
message is written out anywhere else, and the examples on the page are real: a tiny bad
content tree produces each example, line and column included, through `ivpsite check`
(or the command that reports it)."""

from __future__ import annotations

import ast
import errno
import re
import socket
import string
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import INTRO_MD, ORG_YAML, PLAN_YAML, ROOT, minimal_files, run_cli, write_tree

from ivpsite import cli, messages
from ivpsite.messages import CATALOGUE, ORG, PLAN, SECTION

PACKAGE = ROOT / "ivpsite"
# search.py only reports Pagefind failures, which reach the editor as an internal error.
ELSEWHERE = {"index.py"}


# --- the page --------------------------------------------------------------------------


def test_messages_page_is_fresh() -> None:
    committed = (ROOT / "docs" / "meldingen.md").read_text(encoding="utf-8")
    assert committed == messages.handbook_markdown(), "docs/meldingen.md is verouderd; draai: ivpsite schema"


def test_page_lists_every_message_with_example_and_fix() -> None:
    page = messages.handbook_markdown()
    rows = [line for line in page.splitlines() if line.startswith("| ") and not line.startswith("| Melding")]
    assert len(rows) == len(CATALOGUE)
    for message, row in zip(CATALOGUE, rows, strict=True):
        assert row.count(" | ") >= 2, row
        assert messages.shown_template(message) in row
        assert message.fix.replace("|", "\\|") in row
    for group in messages.GROUPS:
        assert f"\n## {group}\n" in page


def test_schema_command_writes_the_messages_page(tmp_path: Path) -> None:
    result = run_cli("schema", "--out", str(tmp_path / "s"), "--reference", str(tmp_path / "r.md"),
                     "--messages", str(tmp_path / "m.md"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "m.md").read_text(encoding="utf-8") == messages.handbook_markdown()


def test_module_prints_the_page() -> None:
    import subprocess

    result = subprocess.run([sys.executable, "-m", "ivpsite.messages"], capture_output=True, cwd=ROOT,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == messages.handbook_markdown()


# --- the catalogue itself ----------------------------------------------------------------


def test_keys_are_unique_and_stable_identifiers() -> None:
    keys = [m.key for m in CATALOGUE]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in keys)


def test_examples_fill_exactly_the_placeholders() -> None:
    for message in CATALOGUE:
        assert set(message.example) == set(message.placeholders()), message.key
        assert all(name in messages.LABELS for name in message.placeholders()), message.key
        assert message.example_text()  # formats without error
        assert message.fix.strip() and message.group
        if message.snippet is not None:
            assert message.at and message.at != "ivpsite", message.key


def test_text_fills_in_the_template() -> None:
    assert messages.text("unknown_field_guess", field="titel", suggestion="title") == \
        "onbekend veld 'titel', bedoelde u 'title'?"
    assert messages.text("yaml_flow_mapping") == \
        "ongeldige YAML: mapping tussen { } is niet goed afgesloten; verwacht ',' of '}'"
    with pytest.raises(KeyError):
        messages.text("no_such_message")


def test_every_model_pattern_has_its_own_message() -> None:
    """So the generic 'field_pattern' message is only a safety net."""
    from ivpsite import validate
    from ivpsite.content import CONTENT_MODELS

    patterns: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for model in CONTENT_MODELS.values():
        walk(model.model_json_schema())
    assert patterns and patterns <= set(validate._PATTERNS)
    assert all(key in {m.key for m in CATALOGUE} for key in validate._PATTERNS.values())


# --- the code takes its words from the catalogue -----------------------------------------


def _sources() -> dict[str, str]:
    return {p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(PACKAGE.rglob("*.py")) if p.name != "messages.py"}


def _string_constants(source: str) -> list[str]:
    """Every string literal in the source; adjacent literals joined, f-strings by their literal parts."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
    return found


def test_every_entry_is_used_by_the_code() -> None:
    code = "\n".join(text for name, text in _sources().items() if name not in ELSEWHERE)
    unused = [m.key for m in CATALOGUE
              if f'"{m.key}"' not in code and f"'{m.key}'" not in code]
    assert unused == []


def test_no_message_is_written_out_outside_the_catalogue() -> None:
    """Each literal piece of a template (between placeholders) of 16 characters or more
    appears in no string of the code but the catalogue's."""
    pieces = {(m.key, literal.strip()) for m in CATALOGUE
              for literal, _, _, _ in string.Formatter().parse(m.template) if len(literal.strip()) >= 16}
    assert len(pieces) > 80
    copies = []
    for name, source in _sources().items():
        if name in ELSEWHERE:
            continue
        constants = _string_constants(source)
        copies += [(name, key, piece) for key, piece in pieces if any(piece in c for c in constants)]
    assert copies == []


# Calls whose argument is a message an editor sees: (function name, index of the message).
_EMITTERS = {"add": 3, "_fail": 1, "_invalid": 1, "bad": 1, "Refused": 0, "_Refused": 1, "ValueError": 0,
             "print": 0}


def _literal_words(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.IfExp):
        return _literal_words(node.body) + " " + _literal_words(node.orelse)
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) + " " + _literal_words(node.right)
    return ""


def test_messages_are_not_hard_coded_where_they_are_reported() -> None:
    """Heuristic: where a problem is added, a content rule raised, a scaffold refused or an error
    line printed, and in the message-building functions, the words come from the catalogue:
    no literal there has more than a few words of its own."""
    found = []
    for name, source in _sources().items():
        if name in ELSEWHERE:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                index = _EMITTERS.get(func)
                if index is None or len(node.args) <= index:
                    continue
                if func == "print" and not any(k.arg == "file" for k in node.keywords):
                    continue  # stdout: progress and success lines, not messages
                words = _literal_words(node.args[index]).removeprefix("ivpsite: ")
                if len(re.findall(r"[^\W\d_]{2,}", words)) > 2:
                    found.append((name, node.lineno, words))
            elif isinstance(node, ast.FunctionDef) and node.name in ("_dutch", "_link_problem", "unsafe_out",
                                                                      "_dutch_yaml_error"):
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and ret.value is not None:
                        words = _literal_words(ret.value)
                        if len(re.findall(r"[^\W\d_]{2,}", words)) > 2:
                            found.append((name, ret.lineno, words))
    assert found == []


def test_the_heuristic_catches_a_hard_coded_message() -> None:
    tree = ast.parse('problems.add(rel, 0, 0, f"bestand {rel} is stuk; verwijder het")\n')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    assert len(re.findall(r"[^\W\d_]{2,}", _literal_words(call.args[3]))) > 2


# --- the examples are real ----------------------------------------------------------------


def edit(path: str, *replacements: tuple[str, str]) -> dict[str, str | bytes | None]:
    """The minimal site's file `path` with `old -> new` replacements (each old must be there)."""
    text = minimal_files()[path]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return {path: text}


PRIORITY_TOPICS = "    topics: [woninginbraak]\n    goals"
BASELINE = "baseline: {value: 29, year: 2021}"
TARGET = '    target: {comparator: "<=", value: 25, year: 2026}\n'
REGION_YAML = ("name: Noord\nkind: regio\ncbs_code: null\nprovince: null\n"
               "missing: {cbs_code: Synthetisch testgegeven., province: Synthetisch testgegeven.}\n"
               "members: [voorbeeldstad]\n")


def org(extra: str) -> dict[str, str | bytes | None]:
    return {ORG: ORG_YAML + extra}


def indicator(*replacements: tuple[str, str]) -> dict[str, str | bytes | None]:
    return edit(PLAN, *replacements)


# key -> changes to the minimal valid site (None deletes a file); checked with `ivpsite check`.
CONTENT_CASES: dict[str, dict[str, str | bytes | None]] = {
    "file_missing": {"topics.yaml": None},
    "unplaced_file": {"voorbeeldstad/plan.yml": "title: x\n"},
    "file_too_large": {SECTION: "---\ntitle: Aanpak\n---\n" + "x" * (1_200_000 - 22)},
    "invalid_utf8": {PLAN: PLAN_YAML.replace("Voorbeeldstad 2023", "Caf\x00 2023").encode().replace(b"\x00", b"\xe9")},
    "file_empty": {PLAN: ""},
    "file_not_mapping": {PLAN: "- title: Veiligheidsplan\n- kind: kadernota\n"},
    "folder_name": {"voorbeeldstad/Plan 2027/plan.yaml": PLAN_YAML},
    "file_name": {"voorbeeldstad/plan-2023/03-Oude_Aanpak.md": INTRO_MD},
    "reserved_name": {"veiligheidsvelden/organisation.yaml": ORG_YAML},
    "theme_missing": edit("site.yaml", ("publisher: Testers\n", "publisher: Testers\ntheme: donker\n")),
    "organisation_file_missing": {"anderstad/plan-2023/plan.yaml": PLAN_YAML},
    "plan_file_missing": {"voorbeeldstad/plan-2027/01-inleiding.md": INTRO_MD},
    "front_matter_missing": {SECTION: "title: Aanpak\n\nTekst.\n"},
    "front_matter_unclosed": {SECTION: "---\ntitle: Aanpak\n\nTekst.\n"},
    "front_matter_empty": {SECTION: "---\n---\nTekst.\n"},
    "front_matter_not_mapping": {SECTION: "---\nAanpak\n---\nTekst.\n"},
    "yaml_tab": edit(PLAN, ("  start: 2023", "\tstart: 2023")),
    "yaml_colon": edit(PLAN, ("title: Veiligheidsplan Voorbeeldstad 2023-2026", "title: Veiligheid: samen")),
    "yaml_missing_colon": edit(PLAN, ("status: geldend", "status geldend")),
    "yaml_unexpected_end": {PLAN: 'title: "Veiligheidsplan\nkind: kadernota\n'},
    "yaml_block_end": edit(PLAN, ("  end: 2026", "  - end: 2026")),
    "yaml_escape": edit(PLAN, ("title: Veiligheidsplan Voorbeeldstad 2023-2026", 'title: "Plan C:\\Documenten"')),
    "yaml_flow_list": edit(PLAN, (PRIORITY_TOPICS, "    topics: [woninginbraak overlast\n    goals")),
    "yaml_flow_mapping": edit(PLAN, (BASELINE, "baseline: {value: 29 year: 2021}")),
    "yaml_documents": {ORG: "name: Voorbeeldstad\nkind: gemeente\n---\nname: Anderstad\n"},
    "yaml_reserved_start": edit("site.yaml", ("publisher: Testers", "publisher: @gemeente")),
    "yaml_tag_handle": edit(PLAN, ("title: Veiligheidsplan", "title: !x!tekst Veiligheidsplan")),
    "yaml_anchor": edit(PLAN, ("title: Veiligheidsplan", "title: & Veiligheidsplan")),
    "yaml_alias_invalid": edit(PLAN, ("title: Veiligheidsplan", "title: * Veiligheidsplan")),
    "yaml_unclosed_quote": {PLAN: 'title: "Veiligheidsplan\n---\n'},
    "yaml_invalid": edit(PLAN, (PRIORITY_TOPICS, "    topics: [, woninginbraak]\n    goals")),
    "yaml_alias": edit(PLAN, ("kind: integraal-veiligheidsplan", "kind: *soort")),
    "yaml_too_deep": edit(PLAN, ("title: Veiligheidsplan Voorbeeldstad 2023-2026", "title: " + "[" * 60 + "]" * 60)),
    "yaml_line_separator": edit(PLAN, ("Veiligheidsplan Voorbeeldstad", "Veiligheidsplan\u2028Voorbeeldstad")),
    "yaml_character": edit(PLAN, ("Veiligheidsplan Voorbeeldstad", "Veiligheidsplan\x07Voorbeeldstad")),
    "yaml_empty": {PLAN: "# nog invullen\n"},
    "yaml_tag": edit(PLAN, ("title: Veiligheidsplan Voorbeeldstad 2023-2026", "title: !!binary VmVpbGlnaGVpZA==")),
    "yaml_tag_list": edit(PLAN, (PRIORITY_TOPICS, "    topics: !lijst [woninginbraak]\n    goals")),
    "yaml_tag_mapping": edit(PLAN, (BASELINE, "baseline: !meting {value: 29, year: 2021}")),
    "yaml_bad_key": edit(PLAN, ("kind: integraal-veiligheidsplan", "<<: {kind: kadernota}")),
    "yaml_duplicate_key": edit(PLAN, ("kind: integraal", "title: Dubbel\nkind: integraal")),
    "yaml_unreadable_value": edit(PLAN, ("  date: 2022-12-20", "  date: 2022-02-30")),
    "yaml_not_finite": edit(PLAN, (BASELINE, "baseline: {value: .inf, year: 2021}")),
    "field_missing": edit(PLAN, ("status: geldend\n", "")),
    "unknown_field_guess": edit(PLAN, ("title: Veiligheidsplan", "titel: Veiligheidsplan")),
    "unknown_field": edit("site.yaml", ("publisher: Testers\n", "publisher: Testers\nkleur: blauw\n")),
    "field_integer": edit(PLAN, ("start: 2023", "start: twee")),
    "field_number": edit(PLAN, (BASELINE, "baseline:\n      value: circa 30\n      year: 2021")),
    "field_number_quoted": edit(PLAN, (BASELINE, 'baseline: {value: "29", year: 2021}')),
    "field_text": edit("site.yaml", ("publisher: Testers", "publisher: 2024")),
    "field_empty": edit("site.yaml", ("title: Testsite", 'title: ""')),
    "field_too_long": edit("site.yaml", ("publisher: Testers\n", "publisher: Testers\ntheme: " + "a" * 81 + "\n")),
    "field_pattern_slug": edit(PLAN, ("  - id: inbraak", "  - id: Inbraak")),
    "field_pattern_base_url": edit("site.yaml", ("base_url: https://example.org/", "base_url: https://example.org")),
    "field_pattern_cbs": {ORG: ORG_YAML.replace("cbs_code: null", "cbs_code: GM164")},
    "field_pattern_plan": edit(PLAN, ("missing:\n", "parent: kadernota-2019\nmissing:\n")),
    "field_pattern_https": edit(PLAN, ("  document: test.txt\n", "  document: test.txt\n  url: www.example.org/plan.pdf\n")),
    "field_date": edit(PLAN, ("  date: 2022-12-20", "  date: december 2022")),
    "field_choice": {ORG: ORG_YAML.replace("kind: gemeente", "kind: gemeenten")},
    "field_list": edit(PLAN, (PRIORITY_TOPICS, "    topics: woninginbraak\n    goals")),
    "field_mapping": edit(PLAN, ("period:\n  start: 2023\n  end: 2026\n", "period: 2023-2026\n")),
    "field_minimum": edit(PLAN, ("start: 2023", "start: 203")),
    "field_maximum": edit(PLAN, ("end: 2026", "end: 20026")),
    "field_too_few": edit(PLAN, (PRIORITY_TOPICS, "    topics: []\n    goals")),
    "fact_empty": {ORG: ORG_YAML.replace("  province: Synthetisch testgegeven.\n", "")},
    "missing_has_value": {ORG: ORG_YAML.replace("province: null", "province: Limburg")},
    "missing_not_a_fact": {ORG: ORG_YAML + "  name: Synthetisch testgegeven.\n"},
    "period_reversed": edit(PLAN, ("end: 2026", "end: 2020")),
    "validity_reversed": edit(PLAN, ("validity: null", "validity: {start: 2023-01-01, end: 2022-12-31}"),
                              ("missing:\n  validity: Synthetisch testgegeven.\n", "")),
    "municipality_members": org("members: [anderstad]\n"),
    "region_in_region": {ORG: ORG_YAML.replace("gemeente", "regio") + "region: noord\n",
                         "noord/organisation.yaml": REGION_YAML},
    "unknown_region": org("region: nergens\n"),
    "not_a_region": {**org("region: anderstad\n"),
                     "anderstad/organisation.yaml": ORG_YAML.replace("Voorbeeldstad", "Anderstad")},
    "region_lacks_member": {**org("region: noord\n"),
                            "noord/organisation.yaml": REGION_YAML.replace("[voorbeeldstad]", "[]")},
    "unknown_member": {**org("region: noord\n"),
                       "noord/organisation.yaml": REGION_YAML.replace("[voorbeeldstad]", "[voorbeeldstad, nergens]")},
    "member_lacks_region": {"noord/organisation.yaml": REGION_YAML},
    "unknown_topic_guess": edit(PLAN, (PRIORITY_TOPICS, "    topics: [woninginbrak]\n    goals")),
    "unknown_topic": edit(SECTION, ("topics: [woninginbraak]", "topics: [drugs]")),
    "unknown_safety_field": edit("topics.yaml", ("    field: veilige-woon-en-leefomgeving", "    field: woonomgeving")),
    "duplicate_field_id": edit("topics.yaml", ("topics:\n", ("  - id: veilige-woon-en-leefomgeving\n"
                                                             "    label: Nog een keer\ntopics:\n"))),
    "duplicate_topic_id": {"topics.yaml": minimal_files()["topics.yaml"] + "  - id: woninginbraak\n"
                                                                          "    label: Inbraak\n"
                                                                          "    field: veilige-woon-en-leefomgeving\n"},
    "duplicate_plan_id": edit(PLAN, ("  - id: inbraken", "  - id: inbraak")),
    "parent_unknown": edit(PLAN, ("missing:\n", "parent: voorbeeldstad/kadernota\nmissing:\n")),
    "site_example_address": edit("site.yaml", ("base_url: https://example.org/", "base_url: https://example.org/")),
    "site_placeholder_publisher": edit("site.yaml", ("publisher: Testers", "publisher: Nog invullen (de uitgever van deze site)")),
    "site_no_contact": {},  # the minimal site names no contact
    "placeholder_published": edit(PLAN, ("title: Veiligheidsplan Voorbeeldstad 2023-2026",
                                         "title: Nog invullen - titel van het plan")),
    "draft_referenced": {**edit(PLAN, ("missing:\n", "parent: voorbeeldstad/kadernota-2027\nmissing:\n")),
                         "voorbeeldstad/kadernota-2027/plan.yaml": "draft: true\n" + PLAN_YAML.replace(
                             "    section: aanpak\n", "")},
    "parent_self": edit(PLAN, ("missing:\n", "parent: voorbeeldstad/plan-2023\nmissing:\n")),
    "parent_cycle": {**edit(PLAN, ("missing:\n", "parent: voorbeeldstad/kadernota\nmissing:\n")),
                     "voorbeeldstad/kadernota/plan.yaml": PLAN_YAML.replace("    section: aanpak\n", "").replace(
                         "missing:\n", "parent: voorbeeldstad/plan-2023\nmissing:\n")},
    "unknown_section": edit(PLAN, ("section: aanpak", "section: aanpakk")),
    "measurement_twice": indicator((TARGET, TARGET + "    measurements:\n      - {year: 2024, value: 27}\n"
                                                     "      - {year: 2024, value: 26}\n")),
    "measurement_before_baseline": indicator((TARGET, TARGET + "    measurements:\n      - {year: 2021, value: 31}\n")),
    "measurement_outside_period": indicator((TARGET, TARGET + "    measurements:\n      - {year: 2027, value: 31}\n")),
    "percentage_range": indicator(("unit: aantal", "unit: procent"), (BASELINE, "baseline: {value: 129, year: 2021}"),
                                  ("value: 25, year: 2026", "value: 95, year: 2026")),
    "grade_range": indicator(("unit: aantal", "unit: rapportcijfer"), ("value: 25, year: 2026", "value: 7, year: 2026")),
    "count_negative": indicator((BASELINE, "baseline: {value: -3, year: 2021}")),
    "direction_mismatch": indicator(("direction: lager-is-beter", "direction: hoger-is-beter")),
    "page_name_taken": {"pages/voorbeeldstad.md": "---\ntitle: Over Voorbeeldstad\n---\nTekst.\n"},
    "section_number_taken": {"voorbeeldstad/plan-2023/02-aanpak-oud.md": INTRO_MD},
    "section_name_taken": {"voorbeeldstad/plan-2023/03-indicatoren.md": INTRO_MD},
    "heading_level_one": edit(SECTION, ("## Wat we doen", "# Wat we doen")),
    "heading_skips": edit(SECTION, ("Zie ook", "#### Details\n\nZie ook")),
    "image_in_text": edit(SECTION, ("Zie ook", "![kaart](kaart.png)\n\nZie ook")),
    "link_not_allowed": edit(SECTION, ("(01-inleiding.md)", "(/voorbeeldstad/plan-2023/)")),
    "link_unsafe": edit(SECTION, ("(01-inleiding.md)", "(https:voorbeeld.nl)")),
    "link_outside": edit(SECTION, ("(01-inleiding.md)", "(../../../README.md)")),
    "link_dead": edit(SECTION, ("(01-inleiding.md)", "(01-inleidng.md)")),
    "control_character": edit(PLAN, ("title: Veiligheidsplan Voorbeeldstad 2023-2026",
                                     'title: "Veiligheidsplan\\e[1m Voorbeeldstad"')),
    "too_many_pages": {f"pages/pagina-{i:02d}.md": f"---\ntitle: Pagina {i}\n---\nTekst.\n" for i in range(1, 22)},
    "inline_block": edit(PLAN, ("goals: [Minder inbraken.]", 'goals: ["1. Minder inbraken."]')),
    "markdown_too_deep": edit(SECTION, ("Zie ook", "> " * 21 + "Diep\n\nZie ook")),
    "table_too_wide": edit(SECTION, ("Zie ook", "|" + "a|" * 41 + "\n|" + "-|" * 41 + "\n\nZie ook")),
    "table_too_large": edit(SECTION, ("Zie ook", "| a | b | c | d |\n|---|---|---|---|\n" + "| 1 | 2 | 3 | 4 |\n" * 2500
                                      + "\nZie ook")),
    "too_many_references": edit(SECTION, ("Zie ook", "".join(f"[r{i}]: https://example.org/{i}\n" for i in range(501))
                                          + "\nZie ook")),
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.err


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding the minimal valid site as content/ (paths in messages are relative)."""
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "content", dict(minimal_files()))
    return tmp_path


@pytest.mark.parametrize("key", sorted(CONTENT_CASES))
def test_example_is_what_ivpsite_check_reports(key: str, site_dir, capsys) -> None:
    message = messages.get(key)
    changes = CONTENT_CASES[key]
    root = site_dir(changes)
    strict = ["--strict"] if key.startswith("site_") else []  # a warning counts as a problem only then
    code, err = _run(capsys, "check", *strict, "--content", str(root))
    assert code == 1
    assert message.example_line() in err.splitlines(), err
    if message.snippet is not None:  # the bad input shown on the page is the one that was checked
        written = changes[message.at.split(":")[0]]
        written = written.decode("utf-8", "replace") if isinstance(written, bytes) else written
        assert message.snippet in (written or ""), written


def _outside_link(root: Path) -> None:
    (root.parent / "elders.md").write_text("---\ntitle: Elders\n---\n", encoding="utf-8")
    (root / "voorbeeldstad/plan-2023/03-extra.md").symlink_to(root.parent / "elders.md")


def _dangling_link(root: Path) -> None:
    (root / "voorbeeldstad/plan-2023/03-weg.md").symlink_to("bestaat-niet.md")


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need extra rights on Windows")
@pytest.mark.parametrize(("key", "prepare"), [("link_outside_content", _outside_link), ("not_a_file", _dangling_link)])
def test_example_with_links_in_the_content(key: str, prepare: Callable[[Path], None], here: Path, capsys) -> None:
    prepare(here / "content")
    code, err = _run(capsys, "check", "--content", "content")
    assert code == 1 and messages.get(key).example_line() in err.splitlines(), err


def test_example_unreadable_file(here: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    original = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "plan.yaml":
            raise PermissionError(errno.EACCES, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    code, err = _run(capsys, "check", "--content", "content")
    assert code == 1 and messages.get("file_unreadable").example_line() in err.splitlines(), err


def test_example_missing_content_folder(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = _run(capsys, "check", "--content", "content")
    assert code == 1 and messages.get("content_dir_missing").example_line() in err.splitlines(), err


def test_example_problem_count(site_dir, capsys) -> None:
    root = site_dir({**CONTENT_CASES["file_missing"], **CONTENT_CASES["unplaced_file"]})
    code, err = _run(capsys, "check", "--content", str(root))
    assert code == 1 and err.splitlines()[-1] == messages.get("problems_found").example_line(), err


@pytest.mark.parametrize(("key", "out", "prepare"), [
    ("out_is_content", "content/build", None),
    ("out_is_here", ".", lambda here: (here / "werk").mkdir()),
    ("out_not_folder", "build", lambda here: (here / "build").write_text("x", encoding="utf-8")),
    ("out_other_files", "build", lambda here: write_tree(here / "build", {"notities.txt": "x"})),
])
def test_example_refused_out_folder(key: str, out: str, prepare, here: Path, capsys,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    content = "content"
    if prepare:
        prepare(here)
    if key == "out_is_here":  # built from a working folder beside the content
        monkeypatch.chdir(here / "werk")
        content = "../content"
    code, err = _run(capsys, "build", "--content", content, "--out", out)
    assert code == 1 and messages.get(key).example_line() in err.splitlines(), err


def test_example_busy(here: Path, capsys) -> None:
    from ivpsite.publish import locked

    with locked(Path("build")):
        code, err = _run(capsys, "build", "--content", "content", "--out", "build")
    assert code == 1 and messages.get("build_busy").example_line() in err.splitlines(), err


def test_example_interrupted_and_internal_error(here: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivpsite import build, editor, problems

    def stop(*args: object, **options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build", stop)
    code, err = _run(capsys, "build", "--content", "content", "--out", "build")
    assert code == 130 and messages.get("build_interrupted").example_line() in err.splitlines(), err

    monkeypatch.setattr(editor, "_new", stop)
    code, err = _run(capsys, "new", "organisation", "nieuwstad")
    assert code == 130 and messages.get("interrupted").example_line() in err.splitlines(), err

    def broken(*args: object) -> None:
        with problems.working_on(SECTION):
            raise KeyError("topics")

    monkeypatch.setattr(build, "validate", broken)
    code, err = _run(capsys, "check", "--content", "content")
    assert code == 2 and messages.get("internal_error").example_line() in err.splitlines(), err


def test_example_write_outside_out(tmp_path: Path) -> None:
    from ivpsite.publish import publish

    with pytest.raises(ValueError) as refused:
        publish({"../index.html": b"x"}, tmp_path / "geen-thema", tmp_path / "build")
    assert str(refused.value) == messages.get("write_outside_out").example_line()


@pytest.mark.parametrize(("key", "argv"), [
    ("new_unknown_kind", ["organisation", "nieuwstad", "--kind", "stad"]),
    ("new_bad_name", ["organisation", "Nieuw Stad"]),
    ("new_bad_plan_name", ["plan", "ivp-2027-2030"]),
    ("new_reserved", ["organisation", "zoeken"]),
    ("new_no_content", ["organisation", "nieuwstad", "--content", "inhoud"]),
    ("new_exists", ["organisation", "voorbeeldstad"]),
    ("new_no_organisation", ["plan", "nieuwstad/ivp-2027-2030"]),
])
def test_example_ivpsite_new(key: str, argv: list[str], here: Path, capsys) -> None:
    code, err = _run(capsys, "new", *argv)
    assert code == 1 and messages.get(key).example_line() in err.splitlines(), err


@pytest.fixture
def handbook_site(here: Path) -> Path:
    write_tree(here, {"mkdocs.yml": "site_name: Test\nvalidation:\n  links:\n    not_found: warn\n",
                      "docs/index.md": "# Test\n\nZie [elders](bestaat-niet.md).\n"})
    return here


def test_example_handbook_messages(handbook_site: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = _run(capsys, "build", "--content", "content", "--out", "build", "--handbook", "mkdocs.yaml")
    assert code == 1 and messages.get("handbook_config_missing").example_line() in err.splitlines(), err

    code, err = _run(capsys, "build", "--content", "content", "--out", "build", "--handbook", "mkdocs.yml")
    assert code == 1 and messages.get("handbook_failed").example_line() in err.splitlines(), err

    monkeypatch.setitem(sys.modules, "mkdocs.commands.build", None)  # as if MkDocs were not installed
    code, err = _run(capsys, "build", "--content", "content", "--out", "build", "--handbook", "mkdocs.yml")
    assert code == 1 and messages.get("handbook_mkdocs_missing").example_line() in err.splitlines(), err


def test_examples_through_the_real_command(site_dir) -> None:
    """The same examples from a separate `ivpsite check` process (one run, several files wrong)."""
    keys = ["unknown_field_guess", "field_pattern_cbs", "link_dead", "unknown_safety_field", "file_name"]
    changes: dict[str, str | bytes | None] = {}
    for key in keys:
        changes.update(CONTENT_CASES[key])
    result = run_cli("check", "--content", str(site_dir(changes)))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [k for k in keys if messages.get(k).example_line() not in lines] == [], result.stderr


def test_serve_words_match_the_catalogue(tmp_path: Path, capsys) -> None:
    """serve's own refusals, as the editor sees them, are the catalogue's examples."""
    from ivpsite.editor.serve import serve

    assert serve(Path("inhoud")) == 1
    assert messages.get("serve_no_content").example_line() in capsys.readouterr().err.splitlines()

    content = write_tree(tmp_path / "content", dict(minimal_files()))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve(content, "127.0.0.1", port) == 1
    expected = messages.text("serve_port_taken", port=port, host="127.0.0.1", next_port=port + 1)
    assert f"ivpsite: {expected}" in capsys.readouterr().err.splitlines()

    assert serve(content, "192.0.2.1", 8000) == 1  # an address this machine does not have
    assert messages.get("serve_cannot_listen").example_line() in capsys.readouterr().err.splitlines()


def test_example_serve_port_range(tmp_path: Path, capsys) -> None:
    from ivpsite.editor.serve import serve

    content = write_tree(tmp_path / "content", dict(minimal_files()))
    assert serve(content, "127.0.0.1", 70000) == 1
    assert messages.get("serve_port_range").example_line() in capsys.readouterr().err.splitlines()


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need extra rights on Windows")
def test_example_out_link_broken(here: Path, capsys) -> None:
    (here / "live").symlink_to(here / "releases" / "weg")
    code, err = _run(capsys, "build", "--content", "content", "--out", "live")
    assert code == 1 and messages.get("out_link_broken").example_line() in err.splitlines(), err


def test_example_interrupted_after_the_swap(here: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stop while the previous version is being removed: the new site is live, and says so."""
    from ivpsite import publish

    assert _run(capsys, "build", "--content", "content", "--out", "build")[0] == 0
    site = here / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("Testsite", "Nieuwe testsite"), encoding="utf-8")

    def stop(path: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "_remove", stop)
    code, err = _run(capsys, "build", "--content", "content", "--out", "build")
    assert code == 130 and messages.get("build_interrupted_live").example_line() in err.splitlines(), err
    assert "Nieuwe testsite" in (here / "build" / "index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file systems take a name that is not UTF-8")
def test_example_file_name_not_utf8(here: Path, capsys) -> None:
    import os

    folder = os.fsencode(here / "content" / "voorbeeldstad" / "plan-2023")
    with open(folder + b"/03-caf\xe9.md", "w", encoding="utf-8") as handle:
        handle.write(INTRO_MD)
    code, err = _run(capsys, "check", "--content", "content")
    assert code == 1 and messages.get("file_name_encoding").example_line() in err.splitlines(), err


@pytest.mark.parametrize(("key", "error"), [
    ("env_disk_full", errno.ENOSPC), ("env_read_only", errno.EROFS), ("env_permission", errno.EACCES),
])
def test_example_computer_refuses_to_write(key: str, error: int, here: Path, capsys,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The failure as the system reports it (errno and the file it was writing in the staging
    folder) becomes one Dutch line naming the out folder, exit 1; the previous site stays."""
    original = Path.write_bytes

    def refuse(self: Path, data: bytes) -> int:
        if ".build.staging" in str(self):
            raise OSError(error, "the system's own words", str(self))
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    code, err = _run(capsys, "build", "--content", "content", "--out", "build")
    assert code == 1 and err.splitlines() == [messages.get(key).example_line()], err
    assert str(here) not in err and "system" not in err
    assert not (here / "build").exists() and [p.name for p in here.iterdir() if "staging" in p.name] == []


def test_example_link_loop(here: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    from ivpsite import build

    def loop(*args: object) -> None:
        raise RuntimeError(f"Symlink loop from '{here / 'content'}'")  # as pathlib says it

    monkeypatch.setattr(build, "validate", loop)
    code, err = _run(capsys, "check", "--content", "content")
    assert code == 1 and err.splitlines() == [messages.get("env_link_loop").example_line()], err


@pytest.mark.parametrize(("key", "argv"), [
    ("usage_error", ["build", "--uit", "build"]),
    ("usage_unknown", ["build", "--uit", "build"]),
    ("usage_required", ["new"]),
    ("usage_choice", ["controleer"]),
    ("usage_number", ["serve", "--port", "acht"]),
    ("usage_one_value", ["check", "--content"]),
    ("usage_ambiguous", ["serve", "--h"]),
])
def test_example_usage(key: str, argv: list[str], capsys) -> None:
    """argparse's own complaints in Dutch: the usage line and one line with the message."""
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("gebruik: ivpsite"), err
    assert messages.get(key).example_text() in err, err
    last = err.splitlines()[-1]
    assert re.fullmatch(r"ivpsite( \w+)?: fout in de opdracht: .+", last), last
    assert not re.search(r"\b(error|usage|invalid|argument required|choose from)\b", err.replace("argument ", "")), err


def test_help_is_dutch(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["build", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("gebruik: ivpsite build") and "\nopties:\n" in out and "toon deze hulp en stop" in out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out


# Entries without a reproduced example, and why.
NO_CASE = {
    "file_mapping": "the loader only hands over files that are a mapping at the top",
    "field_boolean": "no field of the content model takes true or false (yet)",
    "field_pattern": "every pattern of the model has its own message (test above)",
    "field_missing_plain": "every required field of the model has a description (test above)",
    "field_invalid": "safety net for validation errors the model cannot produce today",
    "usage_value": "every option of ivpsite is text, a path or a whole number (usage_number)",
}

CASES_ELSEWHERE = {
    "link_outside_content", "not_a_file", "file_unreadable", "content_dir_missing", "problems_found",
    "out_is_content", "out_is_here", "out_not_folder", "out_other_files", "build_busy", "build_interrupted",
    "interrupted", "internal_error", "write_outside_out", "new_unknown_kind", "new_bad_name",
    "new_bad_plan_name", "new_reserved", "new_no_content", "new_exists", "new_no_organisation",
    "handbook_config_missing", "handbook_failed", "handbook_mkdocs_missing",
    "serve_no_content", "serve_port_taken", "serve_cannot_listen", "serve_port_range", "serve_wrong_host",
    "out_link_broken", "build_interrupted_live", "file_name_encoding",
    "env_disk_full", "env_read_only", "env_permission", "env_link_loop",
    "usage_error", "usage_required", "usage_choice", "usage_number", "usage_unknown", "usage_one_value",
    "usage_ambiguous",
}
# Reproduced beside the commands that report them: tests/test_import_measurements.py and
# tests/test_fetch_context.py (with recorded CBS answers, and the context data file's rules).
CASES_ELSEWHERE |= {m.key for m in CATALOGUE if m.group in (messages.IMPORT, messages.FETCH)}
CASES_ELSEWHERE |= {"context_no_indicator", "context_stale", "context_year_twice", "field_pattern_cbs_table",
                    "field_pattern_cbs_key", "field_pattern_cbs_region"}


def test_every_entry_has_a_real_example_or_a_reason() -> None:
    keys = {m.key for m in CATALOGUE}
    covered = set(CONTENT_CASES) | CASES_ELSEWHERE
    assert set(NO_CASE) <= keys and covered <= keys
    assert not (covered & set(NO_CASE))
    assert sorted(keys - covered - set(NO_CASE)) == []
    # An example nobody reproduces shows no location: the page only shows checked lines and columns.
    assert [key for key in NO_CASE if messages.get(key).at is not None] == []


def test_every_required_field_has_a_description() -> None:
    """So 'field_missing' (with the description) is what an editor sees, not 'field_missing_plain'."""
    from ivpsite.content import CONTENT_MODELS
    from ivpsite.editor.schema import _models

    bare = [(name, field) for model in CONTENT_MODELS.values() for name, sub in _models(model).items()
            for field, info in sub.model_fields.items() if info.is_required() and not info.description]
    assert bare == []
