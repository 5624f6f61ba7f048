"""A build with nothing to do stops early: same inputs and an untouched out folder. Anything
else builds in full."""

from __future__ import annotations

from pathlib import Path

from conftest import READY_SITE_YAML, run_cli

NOTHING = "Niets veranderd sinds de vorige build"


def _build(content: Path, out: Path, *extra: str):
    return run_cli("build", "--content", str(content), "--out", str(out), *extra)


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_second_build_with_nothing_changed_leaves_the_site_as_it_was(site_dir, tmp_path: Path) -> None:
    content, out = site_dir({"site.yaml": READY_SITE_YAML}), tmp_path / "build"
    assert _build(content, out).returncode == 0
    before = _mtimes(out)
    again = _build(content, out)
    assert again.returncode == 0 and NOTHING in again.stdout, again.stdout + again.stderr
    assert _mtimes(out) == before


def test_the_state_lives_beside_the_site_not_in_it(site_dir, tmp_path: Path) -> None:
    content, out = site_dir({"site.yaml": READY_SITE_YAML}), tmp_path / "build"
    assert _build(content, out).returncode == 0
    assert (tmp_path / ".build.state.json").is_file()
    assert not [p for p in out.rglob("*") if "state" in p.name]


def test_an_edit_builds_again(site_dir, tmp_path: Path) -> None:
    content, out = site_dir({"site.yaml": READY_SITE_YAML}), tmp_path / "build"
    assert _build(content, out).returncode == 0
    (content / "site.yaml").write_text(READY_SITE_YAML.replace("Testsite", "Andere titel"), encoding="utf-8")
    again = _build(content, out)
    assert again.returncode == 0 and NOTHING not in again.stdout
    assert "Andere titel" in (out / "index.html").read_text(encoding="utf-8")


def test_a_touched_or_removed_output_file_builds_again(site_dir, tmp_path: Path) -> None:
    content, out = site_dir({"site.yaml": READY_SITE_YAML}), tmp_path / "build"
    assert _build(content, out).returncode == 0
    page = out / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"overschreven")
    assert NOTHING not in _build(content, out).stdout and page.read_bytes() == original
    page.unlink()
    assert NOTHING not in _build(content, out).stdout and page.read_bytes() == original


def test_force_builds_even_when_nothing_changed(site_dir, tmp_path: Path) -> None:
    content, out = site_dir({"site.yaml": READY_SITE_YAML}), tmp_path / "build"
    assert _build(content, out).returncode == 0
    forced = _build(content, out, "--force")
    assert forced.returncode == 0 and NOTHING not in forced.stdout and "Site gebouwd" in forced.stdout


def test_warnings_are_said_again_and_strict_still_refuses(site_dir, tmp_path: Path) -> None:
    content, out = site_dir(), tmp_path / "build"  # the fixture's site.yaml: example address
    first = _build(content, out)
    assert first.returncode == 0 and "waarschuwing: base_url" in first.stderr
    again = _build(content, out)
    assert NOTHING in again.stdout and again.stderr == first.stderr
    before = _mtimes(out)
    strict = _build(content, out, "--strict")
    assert strict.returncode == 1 and "base_url staat nog op een voorbeeldadres" in strict.stderr
    assert _mtimes(out) == before  # refused: the previous site stays


def test_a_failed_build_is_never_taken_for_an_unchanged_one(site_dir, tmp_path: Path) -> None:
    content, out = site_dir({"site.yaml": READY_SITE_YAML}), tmp_path / "build"
    assert _build(content, out).returncode == 0
    site = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(site + "title: dubbel\n", encoding="utf-8")
    assert _build(content, out).returncode == 1
    (content / "site.yaml").write_text(site, encoding="utf-8")  # back as it was: the old site fits
    back = _build(content, out)
    assert back.returncode == 0 and NOTHING not in back.stdout  # the failed build forgot the state


def test_the_handbook_docs_folder_is_read_from_mkdocs_yml(tmp_path: Path) -> None:
    from ivpsite import unchanged

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\ndocs_dir: handboek\nmarkdown_extensions:\n"
                      "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
                      encoding="utf-8")
    assert unchanged._docs_dir(config) == tmp_path.resolve() / "handboek"
    config.write_text("site_name: T\n", encoding="utf-8")
    assert unchanged._docs_dir(config) == tmp_path.resolve() / "docs"
