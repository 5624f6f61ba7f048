"""Each kind of bad input named in the core issue gets a Dutch message with file, line and
column, and all problems of a run are reported together."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PLAN_YAML
from ivpsite.build import check, load_site
from ivpsite.problems import Problems

PLAN = "voorbeeldstad/plan-2023/plan.yaml"


def problems_for(site_dir, changes) -> list[str]:
    problems = Problems()
    assert check(site_dir(changes), problems) is None
    return [str(p) for p in problems.sorted()]


def test_minimal_site_is_valid(site_dir):
    problems = Problems()
    site = load_site(site_dir(), problems)
    assert not problems, [str(p) for p in problems.sorted()]
    assert site is not None and "voorbeeldstad/plan-2023" in site.content.plans


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({PLAN: "title: [unclosed\n"}, f"{PLAN}:2:1: ongeldige YAML", id="malformed-yaml"),
        pytest.param({PLAN: PLAN_YAML.replace("kind: integraal", "title: Dubbel\nkind: integraal")},
                     f"{PLAN}:2:1: sleutel 'title' komt dubbel voor (eerst op regel 1)", id="duplicate-key"),
        pytest.param({PLAN: PLAN_YAML.replace("start: 2023", "start: twee")},
                     f"{PLAN}:5:10: 'start' verwacht een geheel getal (zoals 2026), maar vond 'twee'",
                     id="wrong-type"),
        pytest.param({PLAN: PLAN_YAML.replace("title: Veiligheidsplan", "titel: Veiligheidsplan")},
                     f"{PLAN}:1:1: onbekend veld 'titel', bedoelde u 'title'?", id="unknown-key"),
        pytest.param({PLAN: PLAN_YAML.replace("status: geldend\n", "")},
                     "verplicht veld 'status' ontbreekt", id="missing-field"),
        pytest.param({PLAN: PLAN_YAML.replace("end: 2026", "end: 2020")},
                     f"{PLAN}:6:8: het eindjaar 2020 ligt vóór het beginjaar 2023", id="end-before-start"),
        pytest.param({PLAN: PLAN_YAML.replace("topics: [woninginbraak]\n    goals",
                                              "topics: [woninginbrak]\n    goals")},
                     f"{PLAN}:22:14: onbekend onderwerp 'woninginbrak', bedoelde u 'woninginbraak'?",
                     id="unknown-topic"),
        pytest.param({"voorbeeldstad/organisation.yaml":
                      "name: Voorbeeldstad\nkind: gemeente\nregion: nergens\ncbs_code: null\n"
                      "province: null\nmissing: {cbs_code: x, province: y}\n"},
                     "voorbeeldstad/organisation.yaml:3:9: onbekende regio 'nergens'", id="unknown-organisation"),
        pytest.param({"voorbeeldstad/plan-2023/01-inleiding.md":
                      "---\ntitle: Inleiding\n---\nZie [hier](03-bestaat-niet.md).\n"},
                     "voorbeeldstad/plan-2023/01-inleiding.md:4:12: link '03-bestaat-niet.md' wijst naar "
                     "'voorbeeldstad/plan-2023/03-bestaat-niet.md', maar die pagina bestaat niet",
                     id="dead-link"),
        pytest.param({PLAN: b"title: Veiligheidsplan \xff\n"}, f"{PLAN}:1:24: ongeldige UTF-8", id="invalid-utf8"),
        pytest.param({PLAN: ""}, f"{PLAN}:1:1: bestand is leeg", id="empty-file"),
        pytest.param({PLAN: "- title: x\n- kind: y\n"},
                     f"{PLAN}:1:1: verwacht een mapping (sleutel: waarde) bovenaan het bestand, maar vond een lijst",
                     id="list-not-mapping"),
        pytest.param({PLAN: PLAN_YAML.replace("parent", "x").replace("missing:\n",
                                                                     "parent: voorbeeldstad/weg\nmissing:\n")},
                     "onbekend bovenliggend plan 'voorbeeldstad/weg'", id="unknown-parent"),
        pytest.param({"voorbeeldstad/plan-2023/02-aanpak.md": "title: Aanpak\n"},
                     "voorbeeldstad/plan-2023/02-aanpak.md:1:1: front matter ontbreekt", id="no-front-matter"),
        pytest.param({PLAN: PLAN_YAML.replace("section: aanpak", "section: aanpakk")},
                     "onbekende sectie 'aanpakk'", id="unknown-section"),
    ],
)
def test_bad_input_gets_a_located_dutch_message(site_dir, changes, expected):
    messages = problems_for(site_dir, changes)
    assert any(expected in m for m in messages), messages


def test_year_as_quoted_string_is_accepted(site_dir):
    problems = Problems()
    check(site_dir({PLAN: PLAN_YAML.replace("start: 2023", 'start: "2023"')}), problems)
    assert not problems, [str(p) for p in problems.sorted()]


def test_missing_value_needs_a_reason(site_dir):
    plan = PLAN_YAML.replace("baseline: {value: 29, year: 2021}", "baseline: {value: null, year: 2021}")
    messages = problems_for(site_dir, {PLAN: plan})
    assert any("'value' is leeg; geef de waarde uit de bron" in m for m in messages), messages


def test_all_problems_reported_in_one_run(site_dir):
    plan = PLAN_YAML.replace("title:", "titel:").replace("start: 2023", "start: twee")
    messages = problems_for(site_dir, {
        PLAN: plan,
        "voorbeeldstad/plan-2023/01-inleiding.md": "geen front matter\n",
        "topics.yaml": "fields: []\ntopics: []\n",
    })
    files = {m.split(":")[0] for m in messages}
    assert {PLAN, "voorbeeldstad/plan-2023/01-inleiding.md", "topics.yaml"} <= files, messages
    assert len(messages) >= 4


def test_messages_are_sorted_and_shaped(site_dir):
    messages = problems_for(site_dir, {PLAN: "a: 1\na: 2\n"})
    for message in messages:
        path, line, col, text = message.split(":", 3)
        assert path and line.isdigit() and col.isdigit() and text.strip()


def test_unplaced_file_is_reported(site_dir):
    messages = problems_for(site_dir, {"voorbeeldstad/plan.yml": "title: x\n"})
    assert any(m.startswith("voorbeeldstad/plan.yml:0:0: bestand staat niet op een bekende plek") for m in messages)


def test_real_content_is_valid():
    problems = Problems()
    site = load_site(Path(__file__).resolve().parent.parent / "content", problems)
    assert not problems, [str(p) for p in problems.sorted()]
    assert site is not None
    assert {"maasgouw", "enkhuizen", "maassluis", "sittard-geleen", "westelijke-mijnstreek"} <= set(
        site.content.organisations)
