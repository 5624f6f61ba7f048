"""`ivpsite check --format`: text (the default), GitHub annotations and a GitLab Code Quality
report, each with repository-relative paths; and one cause, one message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PLAN_YAML, READY_SITE_YAML, run_cli

from ivpsite import messages, report
from ivpsite.problems import Problem

PLAN = "voorbeeldstad/plan-2023/plan.yaml"
DUPLICATE = PLAN_YAML.replace("kind: integraal", "title: Dubbel\nkind: integraal", 1)


@pytest.fixture
def repo(tmp_path: Path, site_dir) -> Path:
    """The minimal site as content/ of a repository (a folder with .git) and a broken plan."""
    content = site_dir({PLAN: DUPLICATE})
    (tmp_path / ".git").mkdir()
    return content


def test_text_is_the_default_with_where_it_is_explained(repo: Path) -> None:
    result = run_cli("check", "--content", str(repo))
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    expected = f"{PLAN}:2:1: " + messages.text("yaml_duplicate_key", key="title", line=1)
    assert lines[lines.index(expected) + 1] == "  uitleg: handleiding/meldingen/#yaml_duplicate_key"
    assert lines[-1] == "ivpsite: " + messages.text("problems_found", problems="1 probleem")


def test_github_annotations_on_the_line_relative_to_the_repository(repo: Path) -> None:
    result = run_cli("check", "--content", str(repo), "--format", "github")
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"::error file=content/{PLAN},line=2,col=1,title=ivpsite%3A yaml_duplicate_key::")
    assert line.endswith("%0Auitleg: handleiding/meldingen/#yaml_duplicate_key")
    assert "1 probleem gevonden" in result.stderr


def test_gitlab_code_quality_report(repo: Path) -> None:
    result = run_cli("check", "--content", str(repo), "--format", "gitlab")
    assert result.returncode == 1
    (issue,) = json.loads(result.stdout)
    assert issue["location"] == {"path": f"content/{PLAN}", "lines": {"begin": 2}}
    assert issue["check_name"] == "yaml_duplicate_key" and issue["severity"] in (
        "info", "minor", "major", "critical", "blocker")
    assert issue["description"] == messages.text("yaml_duplicate_key", key="title", line=1)
    assert len(issue["fingerprint"]) == 64


def test_gitlab_report_is_an_empty_list_when_all_is_well(site_dir) -> None:
    content = site_dir({"site.yaml": READY_SITE_YAML})
    result = run_cli("check", "--content", str(content), "--format", "gitlab")
    assert result.returncode == 0 and json.loads(result.stdout) == []
    assert "Geen problemen" in result.stderr


def test_github_escapes_workflow_command_characters(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    problem = Problem("a,b:c%.md", 3, 0, "50% fout:\r\nnieuwe regel, en meer")
    (line,) = report.github([problem], tmp_path).splitlines()
    assert line == "::error file=a%2Cb%3Ac%25.md,line=3,title=ivpsite::50%25 fout:%0D%0Anieuwe regel, en meer"


def test_file_level_problems_land_on_line_one(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    problem = Problem("pages/zoeken.md", 0, 0, messages.text("page_name_taken", slug="zoeken"))
    assert ",line=1," in report.github([problem], tmp_path) and ",col=" not in report.github([problem], tmp_path)
    assert json.loads(report.gitlab([problem], tmp_path))[0]["location"]["lines"]["begin"] == 1


def test_command_line_paths_are_relative_to_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    problem = Problem("mkdocs.yaml", 0, 0, messages.text("handbook_config_missing"), scope="cwd")
    issue = json.loads(report.gitlab([problem], tmp_path / "content"))[0]
    assert issue["location"]["path"] == "mkdocs.yaml"


def test_counts_are_dutch() -> None:
    assert [messages.problems(n) for n in (0, 1, 3)] == ["0 problemen", "1 probleem", "3 problemen"]


def test_every_message_finds_its_own_key() -> None:
    assert [m.key for m in messages.CATALOGUE if messages.key_of(m.example_text()) != m.key] == []
    assert messages.key_of("iets dat geen melding is") is None


# --- one cause, one message -----------------------------------------------------------------


@pytest.mark.parametrize("broken", [
    DUPLICATE,  # a duplicate key
    PLAN_YAML.replace("status: geldend", "  status: geldend", 1),  # bad indentation
])
def test_a_broken_plan_gives_only_its_own_message(site_dir, broken: str) -> None:
    result = run_cli("check", "--content", str(site_dir({PLAN: broken})))
    problems = [line for line in result.stderr.splitlines() if not line.startswith(("  ", "ivpsite:"))]
    assert len(problems) == 1 and problems[0].startswith(f"{PLAN}:"), result.stderr
    assert ":0:" not in problems[0]


def test_a_broken_organisation_gives_only_its_own_message(site_dir) -> None:
    org = "voorbeeldstad/organisation.yaml"
    result = run_cli("check", "--content", str(site_dir({org: "name: Voorbeeldstad\n  kind: gemeente\n"})))
    problems = [line for line in result.stderr.splitlines() if not line.startswith(("  ", "ivpsite:"))]
    assert len(problems) == 1 and problems[0].startswith(f"{org}:2:"), result.stderr


def test_a_broken_section_is_not_also_an_unknown_section_or_a_dead_link(site_dir) -> None:
    section = "voorbeeldstad/plan-2023/02-aanpak.md"
    intro = "voorbeeldstad/plan-2023/01-inleiding.md"
    result = run_cli("check", "--content", str(site_dir({
        section: "---\ntitle: [kapot\n---\nTekst.\n",
        intro: "---\ntitle: Inleiding\n---\nZie [de aanpak](02-aanpak.md).\n"})))
    problems = [line for line in result.stderr.splitlines() if not line.startswith(("  ", "ivpsite:"))]
    assert len(problems) == 1 and problems[0].startswith(f"{section}:2:"), result.stderr


def test_a_placeholder_site_passes_check_with_warnings_and_strict_refuses_it(site_dir) -> None:
    from conftest import run_cli

    content = site_dir()  # the minimal site: an example base_url, no contact
    plain = run_cli("check", "--content", str(content))
    assert plain.returncode == 0, plain.stderr
    assert "site.yaml:3:11: waarschuwing: base_url staat nog op een voorbeeldadres" in plain.stderr
    assert "wel 2 waarschuwingen" in plain.stdout
    strict = run_cli("build", "--strict", "--content", str(content), "--out", str(content.parent / "out"))
    assert strict.returncode == 1 and not (content.parent / "out").exists()
    github = run_cli("check", "--format", "github", "--content", str(content))
    assert github.returncode == 0 and github.stdout.count("::warning ") == 2 and "::error" not in github.stdout
    ready = site_dir({"site.yaml": "title: T\ndescription: D\nbase_url: https://veiligheid.voorbeeldstad.nl/\n"
                                   "publisher: Gemeente Voorbeeldstad\ncontact: veiligheid@voorbeeldstad.nl\n"})
    assert run_cli("check", "--strict", "--content", str(ready)).returncode == 0
