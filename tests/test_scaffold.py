"""`ivpsite new`: scaffolds pass `check`, explain every field, invent nothing, never overwrite."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from ivpsite.content import Organisation, Plan, SectionMeta


def _new(content: Path, *args: str):
    return run_cli("new", *args, "--content", str(content))


def _keys_mentioned(text: str) -> set[str]:
    # A field counts as explained when it appears as a key, written out or in a comment.
    return set(re.findall(r"^[#\s(-]*([a-z_]+):", text, re.MULTILINE))


def test_new_organisation_and_plan_pass_check(site_dir) -> None:
    content = site_dir()
    org = _new(content, "organisation", "nieuwstad")
    assert org.returncode == 0, org.stderr
    plan = _new(content, "plan", "nieuwstad/ivp-2027-2030", "--kind", "kadernota")
    assert plan.returncode == 0, plan.stderr
    region = _new(content, "organisation", "regio-oost", "--kind", "regio")
    assert region.returncode == 0, region.stderr
    check = run_cli("check", "--content", str(content))
    assert check.returncode == 0, check.stderr
    folder = content / "nieuwstad" / "ivp-2027-2030"
    assert sorted(p.name for p in folder.iterdir()) == ["01-inleiding.md", "plan.yaml"]
    assert yaml.safe_load((folder / "plan.yaml").read_text(encoding="utf-8"))["kind"] == "kadernota"
    build = run_cli("build", "--content", str(content), "--out", str(content.parent / "out"))
    assert build.returncode == 0, build.stderr
    assert (content.parent / "out" / "nieuwstad" / "ivp-2027-2030" / "inleiding" / "index.html").is_file()


def test_scaffold_explains_every_field_and_invents_no_facts(site_dir) -> None:
    content = site_dir()
    assert _new(content, "organisation", "nieuwstad").returncode == 0
    assert _new(content, "plan", "nieuwstad/ivp-2027-2030").returncode == 0
    org_text = (content / "nieuwstad" / "organisation.yaml").read_text(encoding="utf-8")
    plan_text = (content / "nieuwstad" / "ivp-2027-2030" / "plan.yaml").read_text(encoding="utf-8")
    section_text = (content / "nieuwstad" / "ivp-2027-2030" / "01-inleiding.md").read_text(encoding="utf-8")
    assert set(Organisation.model_fields) <= _keys_mentioned(org_text)
    assert set(Plan.model_fields) <= _keys_mentioned(plan_text)
    assert set(SectionMeta.model_fields) <= _keys_mentioned(section_text)
    for text in (org_text, plan_text):
        assert text.startswith("# yaml-language-server: $schema=")
        data = yaml.safe_load(text)
        # No number or date is filled in: every fact is null with the reason 'nog invullen'.
        assert not re.search(r"^\s*[a-z_]+: \d", "\n".join(
            line for line in text.splitlines() if not line.lstrip().startswith("#")), re.MULTILINE)
        assert "nog invullen" in data["missing"].values()
    plan = yaml.safe_load(plan_text)
    assert plan["period"] == {"start": None, "end": None,
                              "missing": {"start": "nog invullen", "end": "nog invullen"}}
    assert plan["status"] == "onbekend"


@pytest.mark.parametrize("args, message", [
    (("organisation", "voorbeeldstad"), "bestaat al"),
    (("plan", "voorbeeldstad/plan-2023"), "bestaat al"),
    (("plan", "nergens/plan-2030"), "ivpsite new organisation nergens"),
    (("organisation", "Hoofd Letters"), "geen geldige naam"),
    (("organisation", "onderwerpen"), "gereserveerd"),
    (("plan", "zonder-schuine-streep"), "organisatie/plan"),
    (("organisation", "x", "--kind", "provincie"), "onbekende soort"),
])
def test_refusals(site_dir, args: tuple[str, ...], message: str) -> None:
    content = site_dir()
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    result = _new(content, *args)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before
