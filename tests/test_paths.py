"""Paths: slugs and ids stay plain, links and files cannot leave content/, and a build writes
only inside its out folder (and never replaces the content or a folder of other files)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLAN_YAML, ROOT, SECTION_MD, run_cli
from ivpsite.build import check, load_site
from ivpsite.problems import Problems
from ivpsite.publish import publish

PLAN = "voorbeeldstad/plan-2023/plan.yaml"
INTRO = "voorbeeldstad/plan-2023/01-inleiding.md"
SECRET = "GEHEIM-7f3a9c"

needs_symlinks = pytest.mark.skipif(sys.platform == "win32",
                                    reason="symbolic links and FIFOs need POSIX, or extra rights on Windows")


def messages(root: Path) -> list[str]:
    problems = Problems()
    assert check(root, problems) is None, "expected the content to be refused"
    return [str(p) for p in problems.sorted()]


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# --- slugs and ids ----------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "expected"), [
    ({PLAN: PLAN_YAML.replace("- id: inbraak", "- id: ../../etc")},
     f"{PLAN}:20:9: 'id' verwacht kleine letters, cijfers en koppeltekens"),
    ({PLAN: PLAN_YAML.replace("- id: inbraken", "- id: Inbraken/../x")},
     f"{PLAN}:27:9: 'id' verwacht kleine letters"),
    ({PLAN: PLAN_YAML.replace("section: aanpak", "section: ../../aanpak")},
     f"{PLAN}:25:14: 'section' verwacht kleine letters"),
    ({PLAN: PLAN_YAML.replace("missing:\n", "parent: ../../etc/passwd\nmissing:\n")},
     f"{PLAN}:17:9: 'parent' verwacht 'organisatie/plan'"),
    ({PLAN: PLAN_YAML.replace("topics: [woninginbraak]\n    goals", "topics: [../woninginbraak]\n    goals")},
     f"{PLAN}:22:14: 'topics' verwacht kleine letters"),
    ({"Voorbeeld Stad/organisation.yaml": "name: x\n"}, "Voorbeeld Stad/organisation.yaml:0:0: mapnaam"),
    ({"voorbeeldstad/plan-2023/03-Aanpak.md": SECTION_MD},
     "voorbeeldstad/plan-2023/03-Aanpak.md:0:0: bestandsnaam 'Aanpak'"),
    ({"pages/Over ons.md": "---\ntitle: Over\n---\nx\n"}, "pages/Over ons.md:0:0: bestandsnaam"),
    ({"zoeken/organisation.yaml": "name: x\n"}, "zoeken/organisation.yaml:0:0: de naam 'zoeken' is gereserveerd"),
], ids=["priority-id", "indicator-id", "section-ref", "parent", "topic-ref", "folder", "section-file",
        "page-file", "reserved"])
def test_slugs_and_ids_are_restricted(site_dir, changes, expected):
    found = messages(site_dir(changes))
    assert any(m.startswith(expected) for m in found), found


# --- links and images in Markdown -------------------------------------------------------


@pytest.mark.parametrize(("link", "expected"), [
    ("[x](../../../etc/passwd)", "wijst buiten de contentmap"),
    ("[x](../../../../../../etc/passwd)", "wijst buiten de contentmap"),
    ("[x](../../etc/passwd)", "maar die pagina bestaat niet"),
    ("[x](../../site.yaml)", "maar die pagina bestaat niet"),
    ("[x](/etc/passwd)", "is niet toegestaan"),
    ("[x](//evil.example/x)", "is niet toegestaan"),
    ("[x](file:///etc/passwd)", "is niet toegestaan"),
    ("<file:///etc/passwd>", "is niet toegestaan"),
    ("[x](C:\\Windows\\win.ini)", "is niet toegestaan"),
    ("[x](javascript:alert(1))", "is niet toegestaan"),
    ("[x][r]\n\n[r]: ../../../etc/passwd", "wijst buiten de contentmap"),
    ("[x][r]\n\n[r]: file:///etc/passwd", "is niet toegestaan"),
    ("![x](../../../etc/passwd)", "afbeeldingen in de tekst worden niet ondersteund"),
    ("![x](/etc/passwd)", "afbeeldingen in de tekst worden niet ondersteund"),
    ("![x](https://example.org/x.png)", "afbeeldingen in de tekst worden niet ondersteund"),
    ("[x](%2e%2e/%2e%2e/%2e%2e/etc/passwd)", "maar die pagina bestaat niet"),
], ids=lambda v: v if len(v) < 30 else v[:30])
def test_links_cannot_leave_content(site_dir, link, expected):
    found = messages(site_dir({INTRO: f"---\ntitle: Inleiding\n---\nZie {link}\n"}))
    line = 6 if "[r]: file" in link else 4  # a refused reference stays text on its own line
    assert any(m.startswith(f"{INTRO}:{line}:") and expected in m for m in found), found


def test_link_inside_content_is_fine(site_dir):
    problems = Problems()
    site = load_site(site_dir({INTRO: "---\ntitle: Inleiding\n---\nZie [plan](plan.yaml) en "
                                  "[gemeente](../organisation.yaml) en [aanpak](02-aanpak.md#wat-we-doen).\n"}),
                 problems)
    assert site is not None, [str(p) for p in problems.sorted()]


# --- symbolic links and odd files -------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text(f"title: {SECRET}\nkey: {SECRET}\n", encoding="utf-8")
    (folder / "secret.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n", encoding="utf-8")
    org = folder / "org"
    org.mkdir()
    (org / "organisation.yaml").write_text(f"name: {SECRET}\nkind: gemeente\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("rel", "target"), [
    (PLAN, "secret.yaml"), ("site.yaml", "secret.yaml"), ("topics.yaml", "secret.yaml"),
    ("voorbeeldstad/plan-2023/03-geheim.md", "secret.md"), ("pages/geheim.md", "secret.md"),
    ("andere", "org"), ("voorbeeldstad/plan-2023/04-passwd.md", "/etc/passwd"),
])
@needs_symlinks
def test_symlinks_out_of_content_are_refused_and_never_read(site_dir, outside, rel, target):
    root = site_dir()
    link = root / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(target if target.startswith("/") else outside / target)
    result = run_cli("check", "--content", str(root))
    assert result.returncode == 1, result.stderr
    assert f"{rel}:0:0: verwijst naar een bestand of map buiten de contentmap" in result.stderr
    assert SECRET not in result.stderr and "root:" not in result.stderr
    assert "ontbreekt" not in result.stderr  # a linked site.yaml is not reported as missing too


@needs_symlinks
def test_symlink_inside_content_is_followed(site_dir):
    root = site_dir()
    (root / "voorbeeldstad/plan-2023/03-kopie.md").symlink_to(root / "voorbeeldstad/plan-2023/02-aanpak.md")
    problems = Problems()
    assert check(root, problems) is not None, [str(p) for p in problems.sorted()]


@needs_symlinks
def test_dangling_symlink_and_fifo_get_a_message_and_no_hang(site_dir):
    root = site_dir()
    (root / "voorbeeldstad/plan-2023/03-weg.md").symlink_to(root / "bestaat-niet.md")
    os.mkfifo(root / "voorbeeldstad/plan-2023/04-pijp.md")
    result = run_cli("check", "--content", str(root))  # a read of the fifo would block forever
    assert result.returncode == 1
    for name in ("03-weg.md", "04-pijp.md"):
        assert f"voorbeeldstad/plan-2023/{name}:0:0: is geen gewoon bestand" in result.stderr, result.stderr


def test_hidden_files_are_ignored(site_dir):
    problems = Problems()
    assert check(site_dir({".geheim.yaml": "x: [", "voorbeeldstad/.concept.md": "kapot"}), problems) is not None


# --- output only inside the out folder ----------------------------------------------------


@pytest.mark.parametrize("rel", ["../ontsnapt.html", "../../ontsnapt.html", "/tmp/ivpsite-ontsnapt.html",
                                 "a/../../ontsnapt.html"])
def test_publish_refuses_paths_outside_the_out_folder(tmp_path, rel):
    out = tmp_path / "site" / "build"
    with pytest.raises(ValueError, match="buiten de uitvoermap"):
        publish({"index.html": b"ok", rel: b"weg"}, tmp_path / "geen-static", out)
    assert not (tmp_path / "site" / "ontsnapt.html").exists() and not (tmp_path / "ontsnapt.html").exists()
    assert not Path("/tmp/ivpsite-ontsnapt.html").exists()
    assert not out.exists()
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == []  # no staging left behind


def test_build_writes_only_its_out_folder_and_lock(tmp_path, site_dir):
    content = site_dir()
    work = tmp_path / "werk"
    work.mkdir()
    before = tree_hash(content)
    result = run_cli("build", "--content", str(content), "--out", str(work / "build"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in work.iterdir()) == [".build.lock", ".build.state.json", "build"]
    assert tree_hash(content) == before
    for path in (work / "build").rglob("*"):
        assert path.resolve().is_relative_to((work / "build").resolve())


@pytest.mark.parametrize("out", ["content", "content/build", ".", "..", "other-files", "a-file"])
def test_build_refuses_an_out_folder_it_would_destroy(tmp_path, site_dir, out):
    content = site_dir()  # tmp_path/content
    (tmp_path / "other-files").mkdir()
    (tmp_path / "other-files" / "belangrijk.txt").write_text("niet weggooien", encoding="utf-8")
    (tmp_path / "a-file").write_text("ook niet", encoding="utf-8")
    before = tree_hash(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # run from tmp_path, as an editor might
    result = subprocess.run([sys.executable, "-m", "ivpsite", "build", "--content", str(content), "--out", out],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert result.returncode == 1, result.stderr
    assert f"{out}:0:0: de uitvoermap " in result.stderr, result.stderr
    assert tree_hash(tmp_path) == before
