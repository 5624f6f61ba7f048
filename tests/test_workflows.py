"""The CI workflows are valid for their platforms (checked offline against the schemas bundled
with check-jsonschema), pin their tools, cache pip and run the commands the README names."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github" / "workflows" / "site.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


def validate(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("schema", "path"), [("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", GITLAB)])
def test_workflow_is_valid_for_its_platform(schema, path):
    result = validate(schema, path)
    assert result.returncode == 0, f"{path.relative_to(ROOT)}:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize(("schema", "broken"), [
    ("vendor.github-workflows", "on: [push]\njobs:\n  test:\n    steps: []\n"),  # no runs-on
    ("vendor.gitlab-ci", "pages:\n  stage: deploy\n  artifacts: {paths: public}\n"),  # no script; paths no list
])
def test_the_schema_check_rejects_a_broken_workflow(tmp_path, schema, broken):
    path = tmp_path / "broken.yml"
    path.write_text(broken, encoding="utf-8")
    result = validate(schema, path)
    assert result.returncode != 0, result.stdout


def _github() -> dict:
    return yaml.safe_load(GITHUB.read_text(encoding="utf-8"))


def _gitlab() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_github_checks_pull_requests_and_publishes_main():
    workflow = _github()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    runs = " ".join(step.get("run", "") for step in _steps(workflow))
    for command in ("ivpsite check", "scripts/test", "ivpsite build"):
        assert command in runs, f"site.yml runs no '{command}'"
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and "push" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [step["uses"] for step in _steps(workflow) if "uses" in step]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)


def test_github_pins_every_action_and_image_and_caches_pip():
    workflow = _github()
    for step in _steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", step["uses"]), \
                f"site.yml: '{step['uses']}' is not pinned to an exact version"
    image = workflow["jobs"]["test"]["container"]["image"]
    assert re.search(r":\d+\.\d+\.\d+-", image), f"site.yml: image '{image}' is not pinned"
    cache = [s for s in _steps(workflow) if s.get("uses", "").startswith("actions/cache@")]
    assert cache and "pip" in cache[0]["with"]["path"]
    assert workflow["env"]["PIP_CACHE_DIR"] == cache[0]["with"]["path"]


def test_gitlab_has_a_pages_job_publishing_public_and_pins_and_caches():
    ci = _gitlab()
    assert re.search(r":\d+\.\d+\.\d+-", ci["default"]["image"]), "image is not pinned"
    assert ci["variables"]["PIP_CACHE_DIR"].endswith(".cache/pip")
    assert ".cache/pip" in ci["default"]["cache"]["paths"]
    pages = ci["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert any("ivpsite build --strict --out public" in line for line in pages["script"])
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    test = " ".join(ci["test"]["script"] + ci["check"]["script"])
    for command in ("ivpsite check", "scripts/test", "ivpsite build"):
        assert command in test, f".gitlab-ci.yml: test jobs run no '{command}'"


def test_both_platforms_publish_the_handbook_with_the_site():
    github_runs = [step.get("run", "") for step in _steps(_github())]
    gitlab_pages = _gitlab()["pages"]["script"]
    assert any("ivpsite build" in run and "--handbook mkdocs.yml" in run for run in github_runs)
    assert any("--out public --handbook mkdocs.yml" in line for line in gitlab_pages)


def test_what_goes_online_is_built_strict_and_previews_are_not():
    """A site.yaml with an example address or placeholder publisher warns; publishing refuses it."""
    (github_build,) = [step["run"] for step in _steps(_github()) if step.get("name") == "Build"]
    assert "--strict" in github_build and "github.ref == 'refs/heads/main'" in github_build
    ci = _gitlab()
    assert any("ivpsite build --strict" in line for line in ci["pages"]["script"])
    assert not any("--strict" in line for line in ci["review"]["script"])


# --- the problems on the editor's lines, a preview of every change, other systems -----------


def test_github_annotates_the_changed_lines_and_keeps_a_preview():
    workflow = _github()
    steps = workflow["jobs"]["test"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any(re.search(r"ivpsite check --format github\b", run) for run in runs)
    preview = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert preview and preview[0]["if"] == "github.event_name == 'pull_request'"
    assert preview[0]["with"]["path"] == "build" and preview[0]["with"]["name"]
    summary = [s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", "")]
    assert summary and summary[0]["if"] == "github.event_name == 'pull_request'"
    assert preview[0]["with"]["name"] in summary[0]["run"] and "http.server" in summary[0]["run"]


def test_github_runs_the_fast_tests_on_windows_and_macos():
    job = _github()["jobs"]["portable"]
    assert sorted(job["strategy"]["matrix"]["os"]) == ["macos-latest", "windows-latest"]
    assert "container" not in job and job["runs-on"] == "${{ matrix.os }}"
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert 'pytest -q -m "not browser"' in runs and "ivpsite check" in runs
    assert any(s.get("uses", "").startswith("actions/setup-python@") for s in job["steps"])


def test_gitlab_reports_code_quality_in_the_merge_request():
    check = _gitlab()["check"]
    (command,) = [line for line in check["script"] if "ivpsite check" in line]
    report = check["artifacts"]["reports"]["codequality"]
    assert re.fullmatch(rf"ivpsite check --format gitlab > {re.escape(report)}", command)
    assert check["artifacts"]["when"] == "always"  # the report is kept when the check fails


def test_gitlab_publishes_a_preview_of_every_merge_request():
    review = _gitlab()["review"]
    assert review["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert "$CI_MERGE_REQUEST_IID" in review["pages"]["path_prefix"]
    assert review["environment"]["url"] == "$CI_PAGES_URL"
    assert "$CI_MERGE_REQUEST_IID" in review["environment"]["name"]
    assert review["artifacts"]["paths"] == ["public"]
    assert any("ivpsite build --out public" in line for line in review["script"])
