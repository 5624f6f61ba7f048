"""The command line: exit codes, messages on stderr, determinism, and a failing build that
leaves the previous site untouched."""

from __future__ import annotations

import hashlib
import io
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from conftest import PLAN_YAML, READY_SITE_YAML, run_cli
from ivpsite import cli
from ivpsite.render import pages as render

PLAN = "voorbeeldstad/plan-2023/plan.yaml"


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_check_valid_content_exits_0(site_dir):
    result = run_cli("check", "--content", str(site_dir({"site.yaml": READY_SITE_YAML})))
    assert result.returncode == 0, result.stderr
    assert "Geen problemen" in result.stdout and result.stderr == ""


def test_check_invalid_content_exits_1_with_located_lines(site_dir):
    content = site_dir({PLAN: PLAN_YAML.replace("title:", "titel:", 1).replace("start: 2023", "start: twee")})
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert f"{PLAN}:1:1: onbekend veld 'titel', bedoelde u 'title'?" in lines
    assert any(line.startswith(f"{PLAN}:5:10: ") for line in lines)
    assert "Traceback" not in result.stderr


def test_build_writes_site_and_says_how_to_view_it(site_dir, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--content", str(site_dir()), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file() and (out / "voorbeeldstad/plan-2023/aanpak/index.html").is_file()
    assert "http.server" in result.stdout


def test_build_is_deterministic(site_dir, tmp_path):
    content = site_dir()
    hashes = []
    for name in ("one", "two"):
        assert run_cli("build", "--content", str(content), "--out", str(tmp_path / name)).returncode == 0
        hashes.append(tree_hash(tmp_path / name))
    assert hashes[0] == hashes[1]


def test_failed_build_leaves_previous_output_untouched(site_dir, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--content", str(site_dir()), "--out", str(out)).returncode == 0
    before = tree_hash(out)
    broken = site_dir({PLAN: "title: [kapot\n"})
    result = run_cli("build", "--content", str(broken), "--out", str(out))
    assert result.returncode == 1 and f"{PLAN}:" in result.stderr
    assert tree_hash(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")) in ([], [".out.lock"])


def test_internal_error_is_one_line_exit_2(site_dir, tmp_path, monkeypatch, capsys):
    def explode(*_args, **_kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(render.Environment, "get_template", explode)
    code = cli.main(["build", "--content", str(site_dir()), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("ivpsite: interne fout bij het verwerken van ")
    assert not (tmp_path / "out").exists()


def test_missing_content_folder_is_a_problem_not_a_crash(tmp_path):
    result = run_cli("check", "--content", str(tmp_path / "nergens"))
    assert result.returncode == 1 and "contentmap bestaat niet" in result.stderr


def test_real_content_builds_deterministically(real_build, tmp_path):
    again = tmp_path / "again"
    assert run_cli("build", "--out", str(again)).returncode == 0
    assert tree_hash(again) == tree_hash(real_build)


def test_internal_error_traceback_only_with_debug(site_dir, tmp_path: Path) -> None:
    def explode(*_args, **_kwargs):
        raise RuntimeError("kapot")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render.Environment, "get_template", explode)

        for debug, traceback in ((False, False), (True, True)):
            err = io.StringIO()
            with redirect_stderr(err):
                argv = ["build", "--content", str(site_dir()), "--out", str(tmp_path / "out")]
                code = cli.main(argv + (["--debug"] if debug else []))
            lines = err.getvalue().splitlines()
            assert code == 2 and lines[0].startswith("ivpsite: interne fout bij het verwerken van ")
            assert ("Traceback (most recent call last):" in lines) is traceback, err.getvalue()
