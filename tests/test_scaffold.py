"""`ivpsite new`: scaffolds are drafts that pass `check` and are not published, explain every
field, invent nothing, never overwrite; a published file that still holds a placeholder fails."""

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


def test_new_organisation_and_plan_are_drafts_that_pass_check_and_are_not_published(site_dir) -> None:
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
    out = content.parent / "out"
    assert not (out / "nieuwstad").exists() and not (out / "regio-oost").exists()
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
                        if p.is_file() and p.suffix in (".html", ".xml", ".csv", ".json", ".txt")
                        and "pagefind" not in p.parts)
    assert "nieuwstad" not in published.lower() and "nog invullen" not in published.lower()


def test_a_published_file_with_a_placeholder_fails_check_at_its_line(site_dir) -> None:
    content = site_dir()
    assert _new(content, "organisation", "nieuwstad").returncode == 0
    org = content / "nieuwstad" / "organisation.yaml"
    text = org.read_text(encoding="utf-8").replace("draft: true\n", "")
    org.write_text(text, encoding="utf-8")
    check = run_cli("check", "--content", str(content))
    assert check.returncode == 1
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip() == "cbs_code: nog invullen")
    assert f"nieuwstad/organisation.yaml:{line}:13: 'nog invullen' is nog een invulplek" in check.stderr, check.stderr


def test_a_draft_is_shown_by_the_preview_with_a_banner(site_dir, tmp_path: Path) -> None:
    from ivpsite.editor.serve import Preview

    content = site_dir()
    assert _new(content, "organisation", "nieuwstad").returncode == 0
    assert _new(content, "plan", "nieuwstad/ivp-2027-2030").returncode == 0
    preview = Preview(content, tmp_path / "preview")
    preview.rebuild()
    assert not preview.broken, preview.problems
    page = (preview.site / "nieuwstad" / "ivp-2027-2030" / "index.html").read_text(encoding="utf-8")
    assert '<p class="draft-banner wrap" role="note"><strong>Concept</strong>' in page
    home = (preview.site / "voorbeeldstad" / "index.html").read_text(encoding="utf-8")
    assert "draft-banner" not in home


def test_a_published_plan_may_not_point_at_a_draft(site_dir) -> None:
    from conftest import PLAN_YAML

    content = site_dir({"voorbeeldstad/plan-2023/plan.yaml": PLAN_YAML + "parent: voorbeeldstad/concept\n"})
    assert _new(content, "plan", "voorbeeldstad/concept").returncode == 0
    check = run_cli("check", "--content", str(content))
    assert check.returncode == 1
    assert "verwijst naar 'voorbeeldstad/concept', maar dat is nog een concept" in check.stderr


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
