"""JSON Schema from the content model: committed files are fresh, the real content passes,
bad examples fail (checked with the jsonschema package), and content files point at them."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import CONTENT, ROOT, minimal_files
from ivpsite.editor import schema
from ivpsite.load import find_files
from ivpsite.problems import Problems


def _plain(value: object) -> object:
    # Editors' YAML tooling reads 2022-12-20 as a string (YAML 1.2); PyYAML makes a date.
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _data(text: str, kind: str) -> object:
    if kind in ("section", "page"):
        text = text.split("---\n")[1]
    return _plain(yaml.safe_load(text))


def _errors(kind: str, data: object) -> list[str]:
    validator = Draft202012Validator(schema.schema_for(kind))
    return [error.message for error in validator.iter_errors(data)]


def test_committed_schemas_are_fresh() -> None:
    for name, text in schema.schemas().items():
        committed = ROOT / "schemas" / name
        assert committed.is_file(), f"schemas/{name} ontbreekt; draai: ivpsite schema"
        assert committed.read_text(encoding="utf-8") == text, f"schemas/{name} is verouderd; draai: ivpsite schema"
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json")) == sorted(schema.schemas())


def test_schemas_are_valid_json_schema() -> None:
    for kind in schema.KIND_FILES:
        Draft202012Validator.check_schema(schema.schema_for(kind))


def test_real_content_passes() -> None:
    files = find_files(CONTENT, Problems())
    kinds = {kind for _, kind in files}
    assert {"site", "topics", "organisation", "plan", "section"} <= kinds
    for rel, kind in files:
        assert _errors(kind, _data((CONTENT / rel).read_text(encoding="utf-8"), kind)) == [], rel


def test_minimal_test_site_passes() -> None:
    kinds = {"site.yaml": "site", "topics.yaml": "topics"}
    for rel, text in minimal_files().items():
        kind = kinds.get(rel) or ("organisation" if rel.endswith("organisation.yaml") else
                                  "plan" if rel.endswith("plan.yaml") else "section")
        assert _errors(kind, _data(text, kind)) == [], rel


ORG = {"name": "Voorbeeldstad", "kind": "gemeente", "cbs_code": None, "province": None,
       "missing": {"cbs_code": "Synthetisch.", "province": "Synthetisch."}}


@pytest.mark.parametrize("kind, bad", [
    ("organisation", {**ORG, "nmae": "tikfout"}),                       # unknown key
    ("organisation", {**ORG, "kind": "provincie"}),                     # not in the enum
    ("organisation", {**ORG, "cbs_code": "0123"}),                      # pattern
    ("organisation", {k: v for k, v in ORG.items() if k != "name"}),    # required key missing
    ("organisation", {**ORG, "missing": {"province": "Synthetisch."}}),  # null fact without reason
    ("organisation", {**ORG, "province": "Limburg"}),                   # reason for a known value
    ("organisation", {**ORG, "missing": {**ORG["missing"], "name": "x"}}),  # not a fact
    ("site", {"title": "T", "description": "D", "base_url": "example.org", "publisher": "P"}),
    ("topics", {"fields": [], "topics": []}),                           # min_length
    ("section", {"title": "Inleiding", "topics": "woninginbraak"}),     # not a list
    ("section", {"title": ""}),                                         # empty text
    ("plan", {"title": "T"}),                                           # most required keys missing
])
def test_bad_examples_fail(kind: str, bad: dict) -> None:
    assert _errors(kind, bad)


def test_good_organisation_passes() -> None:
    assert _errors("organisation", ORG) == []
    assert _errors("organisation", {**ORG, "province": "Limburg", "missing": {"cbs_code": "x"}}) == []


def test_content_yaml_points_at_schema() -> None:
    for rel, kind in find_files(CONTENT, Problems()):
        if not rel.endswith(".yaml"):
            continue
        path = CONTENT / rel
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), rel
        target = (path.parent / first.removeprefix(prefix)).resolve()
        assert target == (ROOT / "schemas" / f"{kind}.schema.json").resolve(), rel
        assert target.is_file(), rel
        assert json.loads(target.read_text(encoding="utf-8"))["$id"] == f"{kind}.schema.json"


def test_schema_command_writes_files(tmp_path: Path) -> None:
    from conftest import run_cli

    result = run_cli("schema", "--out", str(tmp_path / "s"), "--reference", str(tmp_path / "r.md"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "plan.schema.json").is_file()
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == schema.reference_markdown()
    assert os.listdir(tmp_path / "s") and "Bijgewerkt" in result.stdout
