"""Editing indicators: each bad input from issue 3 gets a located Dutch message, exit 1, and
the previous build stays as it was. Adding next year's measurement is a two-line change."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PLAN_YAML, run_cli

from ivpsite.build import check, load_site
from ivpsite.problems import Problems

PLAN = "voorbeeldstad/plan-2023/plan.yaml"
TARGET = 'target: {comparator: "<=", value: 25, year: 2026}'
BASELINE = "baseline: {value: 29, year: 2021}"


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _problems(site_dir, plan: str) -> list[tuple[str, int, int, str]]:
    problems = Problems()
    assert check(site_dir({PLAN: plan}), problems) is None
    return [(p.path, p.line, p.col, p.message) for p in problems.sorted()]


MEASURE = "    measurements:\n      - {year: 2024, value: 27}\n"

CASES = [
    # (name, plan text, text on the reported line, words the message must contain)
    ("target zonder jaar", PLAN_YAML.replace(TARGET, 'target: {comparator: "<=", value: 25}'),
     "target:", ["verplicht veld 'year' ontbreekt", "Jaar waarin het doel"]),
    ("onbekende vergelijking", PLAN_YAML.replace('comparator: "<="', 'comparator: "=<"')
     , "comparator", ["'comparator' verwacht een van", "'<='", "'=<'"]),
    ("onbekende eenheid", PLAN_YAML.replace("unit: aantal", "unit: stuks"), "unit: stuks",
     ["'unit' verwacht een van", "'procent'", "'stuks'"]),
    ("waarde is tekst", PLAN_YAML.replace(BASELINE, "baseline: {value: veel, year: 2021}"),
     "baseline:", ["'value' verwacht een getal", "'veel'"]),
    ("getal tussen aanhalingstekens", PLAN_YAML.replace(BASELINE, "baseline: {value: '29', year: 2021}"),
     "baseline:", ["'value' verwacht een getal", "aanhalingstekens"]),
    ("komma als decimaalteken", PLAN_YAML.replace(BASELINE, "baseline:\n      value: 7,9\n      year: 2021"),
     "7,9", ["'value' verwacht een getal", "'7,9'", "punt"]),
    ("ja/nee als waarde", PLAN_YAML.replace(BASELINE, "baseline: {value: true, year: 2021}"),
     "baseline:", ["'value' verwacht een getal"]),
    ("meting met tekst", PLAN_YAML + "    measurements:\n      - {year: 2024, value: twintig}\n",
     "twintig", ["'value' verwacht een getal", "'twintig'"]),
    ("meting buiten de planperiode", PLAN_YAML + "    measurements:\n      - {year: 2031, value: 20}\n",
     "2031", ["2031", "buiten de planperiode 2023-2026"]),
    ("dubbel jaar", PLAN_YAML + MEASURE + "      - {year: 2024, value: 26}\n",
     "value: 26", ["al een meting voor 2024"]),
    ("percentage boven 100", PLAN_YAML.replace("unit: aantal", "unit: procent")
     .replace(TARGET, 'target: {comparator: "<=", value: 25, year: 2026}') + MEASURE.replace("27", "127"),
     "127", ["percentage", "100", "127"]),
    ("rapportcijfer boven 10", PLAN_YAML.replace("unit: aantal", "unit: rapportcijfer")
     .replace(BASELINE, "baseline: {value: 7.9, year: 2021}").replace(TARGET, 'target: {comparator: "<=", value: 8, year: 2026}')
     + MEASURE.replace("27", "11"), "value: 11", ["rapportcijfer", "1 en 10", "11"]),
    ("doeljaar geen jaartal", PLAN_YAML.replace("year: 2026}", "year: 2026.5}"), "target:",
     ["'year' verwacht een geheel getal", "2026.5"]),
]


@pytest.mark.parametrize(("name", "plan", "line_text", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_indicator_input_is_located_in_dutch(site_dir, name: str, plan: str, line_text: str,
                                                 words: list[str]) -> None:
    found = _problems(site_dir, plan)
    assert len(found) == 1, found
    path, line, col, message = found[0]
    assert path == PLAN
    assert line == _line_of(plan, line_text), (line, message)
    assert col >= 1
    for word in words:
        assert word in message, (word, message)


def test_next_years_measurement_is_a_two_line_change(site_dir) -> None:
    problems = Problems()
    site = load_site(site_dir({PLAN: PLAN_YAML + MEASURE}), problems)
    assert site is not None, problems.sorted()
    assert len(MEASURE.strip().splitlines()) == 2
    indicator = site.content.plans["voorbeeldstad/plan-2023"].indicators[0]
    assert [(m.year, m.value) for m in indicator.measurements] == [(2024, 27)]


def test_bad_input_exits_1_and_keeps_the_previous_build(site_dir, tmp_path: Path) -> None:
    content = site_dir()
    out = tmp_path / "site"
    good = run_cli("build", "--content", str(content), "--out", str(out))
    assert good.returncode == 0, good.stderr
    page = out / "voorbeeldstad/plan-2023/indicatoren/inbraken/index.html"
    before = page.read_bytes()
    assert "uitgangswaarde 29 in 2021; doel voor 2026: hoogstens 25.".encode() in before

    (content / PLAN).write_text(PLAN_YAML.replace('comparator: "<="', 'comparator: "=<"'), encoding="utf-8")
    bad = run_cli("build", "--content", str(content), "--out", str(out))
    assert bad.returncode == 1
    assert f"{PLAN}:{_line_of(PLAN_YAML, 'comparator')}:" in bad.stdout + bad.stderr
    assert "Traceback" not in bad.stderr
    assert page.read_bytes() == before
