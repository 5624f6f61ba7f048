"""`ivpsite fetch context`: official figures (CBS StatLine through cbsodata) into a data file
beside the plan, from recorded answers (tests/cbs_recorded.py; no network). The data file is
validated like all content, never changes the plan's own values, and nothing is written when
the network or a named table, measure, region or category fails."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

import cbs_recorded
from conftest import CONTEXT_SERIES, ROOT, plan_with_context, run_cli, write_tree
from ivpsite import cli, messages
from ivpsite.build import check
from ivpsite.content import ContextData
from ivpsite.editor import context as fetch
from ivpsite.editor import schema
from ivpsite.messages import CONTEXT, PLAN
from ivpsite.problems import Problems

DAY = dt.date(2025, 3, 1)

EXPECTED = """\
# yaml-language-server: $schema=../../../../schemas/context.schema.json
# Cijfers ter vergelijking bij indicator 'inbraken', opgehaald met 'ivpsite fetch context'.
# Niet met de hand bewerken: draai 'ivpsite fetch context' opnieuw om ze bij te werken.
source: cbs
table: 83648NED
table_title: Geregistreerde criminaliteit; soort misdrijf, regio
table_modified: 2024-06-26
url: https://opendata.cbs.nl/statline/#/CBS/nl/dataset/83648NED/table
measure: GeregistreerdeMisdrijvenPer1000Inw_3
measure_label: Per 1 000 inwoners
measure_groups:
- Geregistreerde misdrijven
unit: per 1 000 inwoners
region: GM9999
region_label: Voorbeeldstad
filters:
- dimension: SoortMisdrijf
  dimension_label: Soort misdrijf
  key: T001161
  label: Misdrijven, totaal
retrieved: 2025-03-01
licence:
  name: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/deed.nl
  basis: 'De metadata van de tabel noemen geen licentie. Volgens het CBS geldt voor alle datasets van het CBS de licentie Creative Commons Naamsvermelding: https://www.cbs.nl/nl-nl/onze-diensten/open-data'
values:
- year: 2021
  value: 40.3
  status: Definitief
- year: 2022
  value: null
  status: Definitief
  missing:
    value: CBS StatLine geeft voor dit jaar geen cijfer.
- year: 2023
  value: 36.6
  status: Voorlopig
"""


@pytest.fixture
def cbs(monkeypatch: pytest.MonkeyPatch) -> cbs_recorded.FakeCbs:
    return cbs_recorded.install(monkeypatch)


def _site(site_dir, series: str = CONTEXT_SERIES) -> Path:
    return site_dir({PLAN: plan_with_context(series)})


def _fetch(capsys, root: Path, *extra: str, today: dt.date = DAY) -> tuple[int, str, str]:
    code = fetch.fetch_context(root, *extra, today=today)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_fetch_writes_the_series_beside_the_plan(site_dir, cbs, capsys) -> None:
    root = _site(site_dir)
    plan_before = (root / PLAN).read_bytes()
    code, out, err = _fetch(capsys, root)
    assert code == 0, err
    assert (root / CONTEXT).read_text(encoding="utf-8") == EXPECTED
    assert out == f"Opgehaald: {CONTEXT} (83648NED, 2021-2023)\n"
    assert (root / PLAN).read_bytes() == plan_before  # the plan itself is never touched
    # One request per kind of metadata and one for the data, filtered on the server.
    assert cbs.calls[-1] == ("get_data", "83648NED", "RegioS eq 'GM9999' and SoortMisdrijf eq 'T001161'",
                             "Perioden,GeregistreerdeMisdrijvenPer1000Inw_3")
    assert len(cbs.calls) == 6


def test_the_data_file_is_content_that_passes_check_and_its_schema(site_dir, cbs, capsys) -> None:
    root = _site(site_dir)
    assert _fetch(capsys, root)[0] == 0
    site = check(root, Problems())
    assert site is not None
    data = site.context_of("voorbeeldstad/plan-2023", "inbraken")
    assert isinstance(data, ContextData)
    assert [(v.year, v.value, v.status) for v in data.values] == [
        (2021, 40.3, "Definitief"), (2022, None, "Definitief"), (2023, 36.6, "Voorlopig")]
    assert data.values[1].missing == {"value": "CBS StatLine geeft voor dit jaar geen cijfer."}
    assert data.selection() == {"SoortMisdrijf": "T001161"}
    plain = json.loads(json.dumps(yaml.safe_load(EXPECTED), default=str))
    assert list(Draft202012Validator(schema.schema_for("context")).iter_errors(plain)) == []
    # The schema line points from content/<org>/<plan>/context/ at schemas/ beside content/.
    target = (root / CONTEXT).parent / EXPECTED.split("\n", 1)[0].split("=", 1)[1]
    assert target.resolve() == (root.parent / "schemas" / "context.schema.json").resolve()
    assert (ROOT / "schemas" / "context.schema.json").is_file()


def test_the_plans_own_values_are_the_same_with_or_without_the_series(site_dir, cbs, capsys) -> None:
    from ivpsite.render.opendata import export

    root = _site(site_dir)
    without = check(root, Problems())
    assert _fetch(capsys, root)[0] == 0
    with_series = check(root, Problems())
    assert without is not None and with_series is not None
    assert with_series.plans == without.plans
    assert export(with_series)["data/indicatoren.csv"] == export(without)["data/indicatoren.csv"]


def test_unchanged_figures_leave_the_file_as_it_was(site_dir, cbs, capsys) -> None:
    root = _site(site_dir)
    assert _fetch(capsys, root)[0] == 0
    code, out, _ = _fetch(capsys, root, today=DAY + dt.timedelta(days=30))
    assert code == 0 and out == f"Ongewijzigd: {CONTEXT}\n"
    assert (root / CONTEXT).read_text(encoding="utf-8") == EXPECTED
    cbs.rows[2]["GeregistreerdeMisdrijvenPer1000Inw_3"] = 36.4  # CBS revised 2023
    code, out, _ = _fetch(capsys, root, today=DAY + dt.timedelta(days=30))
    assert code == 0 and out.startswith("Opgehaald")
    text = (root / CONTEXT).read_text(encoding="utf-8")
    assert "retrieved: 2025-03-31\n" in text and "  value: 36.4\n" in text


def test_without_network_nothing_changes(site_dir, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(site_dir)
    cbs_recorded.offline(monkeypatch)
    code = cli.main(["fetch", "context", "--content", str(root)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [messages.get("fetch_offline").example_line()]
    assert not (root / CONTEXT).exists()


def test_an_existing_file_survives_a_failed_fetch(site_dir, cbs, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(site_dir)
    assert _fetch(capsys, root)[0] == 0
    cbs_recorded.offline(monkeypatch)
    assert _fetch(capsys, root)[0] == 1
    assert (root / CONTEXT).read_text(encoding="utf-8") == EXPECTED


def test_licence_from_the_metadata_when_it_names_one(site_dir, cbs, capsys, monkeypatch) -> None:
    monkeypatch.setitem(cbs_recorded.TABLE_INFOS, "License", "CC BY 4.0")
    root = _site(site_dir)
    assert _fetch(capsys, root)[0] == 0
    licence = yaml.safe_load((root / CONTEXT).read_text(encoding="utf-8"))["licence"]
    assert licence == {"name": "CC BY 4.0", "basis": "Veld 'License' in de metadata van de tabel."}


def test_only_the_named_plan(site_dir, cbs, capsys) -> None:
    other = "voorbeeldstad/plan-2027/plan.yaml"
    root = site_dir({PLAN: plan_with_context(), other: plan_with_context().replace(
        "    section: aanpak\n", "").replace("start: 2023\n  end: 2026", "start: 2027\n  end: 2030")})
    assert _fetch(capsys, root, "voorbeeldstad/plan-2027")[0] == 0
    assert (root / "voorbeeldstad/plan-2027/context/inbraken.yaml").is_file()
    assert not (root / CONTEXT).exists()


def test_without_any_context_nothing_is_fetched(site_dir, cbs, capsys) -> None:
    code, out, _ = _fetch(capsys, site_dir())
    assert code == 0 and out.startswith("Geen indicator noemt")
    assert cbs.calls == []


def test_a_changed_series_makes_the_file_stale_until_fetched_again(site_dir, cbs, capsys) -> None:
    root = _site(site_dir)
    assert _fetch(capsys, root)[0] == 0
    write_tree(root, {PLAN: plan_with_context(CONTEXT_SERIES.replace(
        "GeregistreerdeMisdrijvenPer1000Inw_3", "TotaalGeregistreerdeMisdrijven_1"))})
    result = run_cli("check", "--content", str(root))
    assert result.returncode == 1
    assert messages.get("context_stale").example_line() in result.stderr.splitlines()
    assert _fetch(capsys, root)[0] == 0  # fetch repairs what check refuses
    assert run_cli("check", "--content", str(root)).returncode == 0
    assert "unit: aantal\n" in (root / CONTEXT).read_text(encoding="utf-8")


# --- every refusal, located, and nothing written -------------------------------------------


def _refused(capsys, root: Path, key: str) -> None:
    code, _, err = _fetch(capsys, root)
    assert code == 1
    assert messages.get(key).example_line() in err.splitlines(), err
    assert err.splitlines()[-1] == "ivpsite: " + messages.text("fetch_refused", count=messages.problems(len(err.splitlines()) - 1))
    assert not (root / CONTEXT).exists()


@pytest.mark.parametrize(("key", "old", "new"), [
    ("fetch_unknown_table", "table: 83648NED", "table: 83648NEE"),
    ("fetch_unknown_measure_guess", "GeregistreerdeMisdrijvenPer1000Inw_3", "GeregistreerdeMisdrijvenPer1000Inw"),
    ("fetch_unknown_measure", "GeregistreerdeMisdrijvenPer1000Inw_3", "Aangiften_9"),
    ("fetch_unknown_dimension", "filters: {SoortMisdrijf: T001161}", "filters: {SoortMisdrijf: T001161, Misdrijf: x}"),
    ("fetch_filter_missing", "      filters: {SoortMisdrijf: T001161}\n", ""),
    ("fetch_unknown_key_guess", "filters: {SoortMisdrijf: T001161}", "filters: {SoortMisdrijf: 'Misdrijven, totaal'}"),
    ("fetch_unknown_key", "filters: {SoortMisdrijf: T001161}", "filters: {SoortMisdrijf: X999}"),
    ("fetch_unknown_region", "region: GM9999", "region: GM9998"),
])
def test_refusals_point_at_the_field(key: str, old: str, new: str, site_dir, cbs, capsys) -> None:
    assert old in CONTEXT_SERIES
    _refused(capsys, _site(site_dir, CONTEXT_SERIES.replace(old, new)), key)


def test_refusal_no_values(site_dir, cbs, capsys) -> None:
    cbs.rows = [r for r in cbs.rows if r["RegioS"] != "GM9999"]
    _refused(capsys, _site(site_dir), "fetch_no_values")


def test_refusal_server_error(site_dir, cbs, capsys, monkeypatch) -> None:
    def broken(table_id: str, *args: object, **kwargs: object) -> None:
        raise cbs_recorded.http_error(table_id, 503)

    monkeypatch.setattr("cbsodata.get_data", broken)
    _refused(capsys, _site(site_dir), "fetch_failed")


def test_refusal_not_a_series(site_dir, cbs, capsys, monkeypatch) -> None:
    properties = [p for p in cbs_recorded.DATA_PROPERTIES if p["Type"] != "GeoDimension"]
    monkeypatch.setattr(cbs_recorded, "DATA_PROPERTIES", properties)
    _refused(capsys, _site(site_dir), "fetch_not_a_series")


def test_content_must_pass_check_first_but_a_broken_data_file_may_be_replaced(site_dir, cbs, capsys) -> None:
    root = site_dir({PLAN: plan_with_context(), CONTEXT: "source: [\n"})
    assert _fetch(capsys, root)[0] == 0  # the broken file is what fetch replaces
    assert (root / CONTEXT).read_text(encoding="utf-8") == EXPECTED
    write_tree(root, {PLAN: plan_with_context().replace("status: geldend", "status: geldig")})
    code, _, err = _fetch(capsys, root)
    assert code == 1 and err.splitlines()[-1] == messages.get("content_first").example_line()


def test_example_fetch_undone(site_dir, cbs, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the written files ever fail validation, the previous ones are put back."""
    root = _site(site_dir)
    real = fetch.validate
    calls = []

    def second_fails(documents, problems):  # noqa: ANN001, ANN202 - validate's signature
        calls.append(1)
        if len(calls) == 1:
            return real(documents, problems)
        problems.add(CONTEXT, 1, 1, "x")
        return None

    monkeypatch.setattr(fetch, "validate", second_fails)
    code, _, err = _fetch(capsys, root)
    assert code == 1 and messages.get("fetch_undone").example_line() in err.splitlines()
    assert not (root / CONTEXT).exists()


def test_an_older_problem_elsewhere_is_reported_but_the_new_file_stays(site_dir, cbs, capsys) -> None:
    left_behind = "voorbeeldstad/plan-2023/context/overlast.yaml"
    root = site_dir({PLAN: plan_with_context(), left_behind: EXPECTED})
    code, out, err = _fetch(capsys, root)
    assert code == 1 and out.startswith("Opgehaald")
    assert messages.get("context_no_indicator").example_line() in err.splitlines()
    assert (root / CONTEXT).read_text(encoding="utf-8") == EXPECTED


def test_command_line(site_dir, cbs, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(site_dir)
    monkeypatch.setattr(fetch, "_today", lambda: DAY)
    assert cli.main(["fetch", "context", "--content", str(root), "--plan", "voorbeeldstad/plan-2023"]) == 0
    assert (root / CONTEXT).read_text(encoding="utf-8") == EXPECTED
    assert cli.main(["fetch", "context", "--content", str(root), "--plan", "voorbeeldstad/plan-2027"]) == 1
    assert "plan-2027" in capsys.readouterr().err


CONTEXT_FILE = EXPECTED


# key -> changes to the minimal site with a context (checked with `ivpsite check`).
CONTENT_CASES: dict[str, dict[str, str]] = {
    "context_no_indicator": {"voorbeeldstad/plan-2023/context/overlast.yaml": CONTEXT_FILE},
    "context_stale": {CONTEXT: CONTEXT_FILE.replace("measure: GeregistreerdeMisdrijvenPer1000Inw_3",
                                                    "measure: TotaalGeregistreerdeMisdrijven_1")},
    "context_year_twice": {CONTEXT: CONTEXT_FILE.replace("- year: 2023", "- year: 2022")},
    "field_pattern_cbs_table": {PLAN: plan_with_context(CONTEXT_SERIES.replace("83648NED", "'83648 NED'"))},
    "field_pattern_cbs_key": {PLAN: plan_with_context(CONTEXT_SERIES.replace(
        "GeregistreerdeMisdrijvenPer1000Inw_3", "Misdrijven per 1000 inwoners"))},
    "field_pattern_cbs_region": {PLAN: plan_with_context(CONTEXT_SERIES.replace("GM9999", "Voorbeeldstad"))},
}


@pytest.mark.parametrize("key", sorted(CONTENT_CASES))
def test_example_is_what_check_reports(key: str, site_dir) -> None:
    root = site_dir({PLAN: plan_with_context(), CONTEXT: CONTEXT_FILE, **CONTENT_CASES[key]})
    result = run_cli("check", "--content", str(root))
    assert result.returncode == 1
    assert messages.get(key).example_line() in result.stderr.splitlines(), result.stderr


def test_minimal_site_with_fetched_series_builds(site_dir, cbs, capsys, tmp_path: Path) -> None:
    root = _site(site_dir)
    assert _fetch(capsys, root)[0] == 0
    result = run_cli("build", "--content", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "voorbeeldstad" / "plan-2023" / "index.html").is_file()
