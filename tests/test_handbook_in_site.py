"""`ivpsite build --handbook mkdocs.yml` publishes the editors' handbook under handleiding/,
and every page of the site links to it; without the option there is no such link."""

from __future__ import annotations

from pathlib import Path

import pytest

import sitecheck
from conftest import CONTENT, ROOT, run_cli

FOOTER_LINK = ">Handleiding voor redacteuren</a>"


@pytest.fixture(scope="module")
def with_handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handbook") / "build"
    result = run_cli("build", "--content", str(CONTENT), "--out", str(out),
                     "--handbook", str(ROOT / "mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    return out


def test_handbook_is_published_under_handleiding(with_handbook: Path) -> None:
    for page in ("index.html", "aan-de-slag/index.html", "meldingen/index.html", "referentie/index.html"):
        assert (with_handbook / "handleiding" / page).is_file(), page
    assert 'lang="nl"' in (with_handbook / "handleiding" / "index.html").read_text(encoding="utf-8")


def test_every_page_links_to_the_handbook_and_the_links_resolve(with_handbook: Path) -> None:
    site_pages = [p for p in with_handbook.rglob("index.html") if "handleiding" not in p.parts]
    assert len(site_pages) > 50
    assert all(FOOTER_LINK in p.read_text(encoding="utf-8") for p in site_pages)
    home = (with_handbook / "index.html").read_text(encoding="utf-8")
    assert '<a href="handleiding/">Handleiding voor redacteuren</a>' in home
    assert sitecheck.broken_links(with_handbook, "https://example.org/") == []


def test_without_the_option_there_is_no_handbook_link(real_build: Path) -> None:
    assert not (real_build / "handleiding").exists()
    assert FOOTER_LINK not in (real_build / "index.html").read_text(encoding="utf-8")


def test_a_missing_handbook_config_stops_the_build_and_keeps_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "index.html").write_text("vorige site", encoding="utf-8")
    (out / ".ivpsite").write_text("een vorige build van ivpsite\n", encoding="utf-8")
    result = run_cli("build", "--content", str(CONTENT), "--out", str(out),
                     "--handbook", str(tmp_path / "geen-mkdocs.yml"))
    assert result.returncode == 1
    assert "geen-mkdocs.yml:0:0: handboekconfiguratie niet gevonden" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".ivpsite", "index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "vorige site"


def test_a_broken_handbook_stops_the_build_with_mkdocs_reason(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Welkom\n\nZie [de pagina die er niet is](bestaat-niet.md).\n",
                                   encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\ndocs_dir: docs\n", encoding="utf-8")
    result = run_cli("build", "--content", str(CONTENT), "--out", str(tmp_path / "build"),
                     "--handbook", str(config))
    assert result.returncode == 1, result.stderr
    assert "het handboek kon niet gebouwd worden" in result.stderr
    assert "bestaat-niet.md" in result.stderr
    assert not (tmp_path / "build").exists()
