"""ivpsite as a real package: the wheel carries the default theme inside ivpsite/, installs
into a fresh virtual environment and builds this repository's content; a site overrides the
theme from its own themes/ folder; `ivpsite schema` writes into the site's folder."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, minimal_files, run_cli, write_tree

from ivpsite.render import theme


def test_the_theme_is_found_in_one_place() -> None:
    assert (theme.PACKAGED / "default" / "templates" / "base.html").is_file()
    assert theme.for_site(None, "default").exists()
    assert not theme.for_site(None, "bestaat-niet").exists()


def test_a_site_overrides_templates_and_static_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    content = write_tree(site / "content", dict(minimal_files()))
    packaged = (theme.PACKAGED / "default" / "templates" / "base.html").read_text(encoding="utf-8")
    assert "</footer>" in packaged
    write_tree(site / "themes" / "default", {
        "templates/base.html": packaged.replace("</footer>", "<p>Eigen voettekst</p></footer>", 1),
        "static/favicon.svg": "<svg xmlns='http://www.w3.org/2000/svg'><title>eigen</title></svg>",
    })
    out = tmp_path / "out"
    result = run_cli("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Eigen voettekst" in (out / "index.html").read_text(encoding="utf-8")
    assert "<title>eigen</title>" in (out / "favicon.svg").read_text(encoding="utf-8")
    # Everything not overridden still comes from the packaged theme.
    assert (out / "voorbeeldstad" / "plan-2023" / "index.html").is_file()
    packaged_static = theme.PACKAGED / "default" / "static"
    for path in packaged_static.rglob("*"):
        if path.is_file() and path.name != "favicon.svg":
            assert (out / path.relative_to(packaged_static)).read_bytes() == path.read_bytes()


def test_schema_writes_beside_the_content_folder(tmp_path: Path) -> None:
    content = write_tree(tmp_path / "site" / "content", dict(minimal_files()))
    result = run_cli("schema", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "schemas" / "plan.schema.json").is_file()
    assert (site / "docs" / "meldingen.md").is_file() and (site / "docs" / "referentie.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# --- the wheel -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built offline from this checkout (hatchling from the test extra)."""
    folder = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                             "--wheel-dir", str(folder), str(ROOT)], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = folder.glob("ivpsite-*.whl")
    return built


def test_the_wheel_carries_the_theme_inside_the_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "ivpsite/themes/default/templates/base.html" in names
    assert "ivpsite/themes/default/static/favicon.svg" in names
    assert [n for n in names if n.startswith("themes/")] == []
    assert [n for n in names if n.split("/")[0] in ("docs", "schemas", "content", "tests")] == []


@pytest.mark.wheel
def test_the_installed_wheel_builds_this_repositorys_content(wheel: Path, tmp_path: Path) -> None:
    """`pip install` of the wheel (not editable) into a fresh virtual environment, its
    dependencies from the package index (or pip's cache), then `ivpsite build` from elsewhere."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / ("python.exe" if sys.platform == "win32" else "python")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)],
                             capture_output=True, text=True, timeout=900, env=clean)
    assert install.returncode == 0, install.stdout + install.stderr
    site_packages = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, env=clean).stdout.strip())
    assert not (site_packages / "themes").exists()
    assert (site_packages / "ivpsite" / "themes" / "default" / "templates" / "base.html").is_file()
    out = tmp_path / "site"
    command = bin_dir / ("ivpsite.exe" if sys.platform == "win32" else "ivpsite")
    built = subprocess.run([str(command), "build", "--content", str(CONTENT), "--out", str(out)],
                           capture_output=True, text=True, timeout=900, cwd=tmp_path, env=clean)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (out / "index.html").is_file() and (out / "assets").is_dir()
    where = subprocess.run([str(python), "-c", "import ivpsite; print(ivpsite.__file__)"], capture_output=True,
                           text=True, check=True, cwd=tmp_path, env=clean).stdout
    assert Path(where.strip()).is_relative_to(site_packages)
