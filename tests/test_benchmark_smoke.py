"""The national-scale benchmark (benchmarks/) runs end to end on a tiny corpus. Nothing here
asserts a time: only that the corpus is valid and deterministic and that the report holds
every figure with its target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_cli

BENCH = ROOT / "benchmarks"


def _generate(out: Path, *extra: str) -> None:
    result = subprocess.run([sys.executable, str(BENCH / "generate.py"), "--organisations", "3",
                             "--out", str(out), *extra], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_generated_corpus_is_valid_synthetic_and_deterministic(tmp_path: Path) -> None:
    first, again, text = tmp_path / "a", tmp_path / "b", tmp_path / "text"
    _generate(first)
    _generate(again)
    _generate(text, "--no-indicators")
    checked = run_cli("check", "--content", str(first))
    assert checked.returncode == 0, checked.stderr
    assert run_cli("check", "--content", str(text)).returncode == 0
    files = _files(first)
    assert files == _files(again), "same seed, different corpus"
    sections = [name for name in files if name.endswith(".md") and not name.startswith("pages/")]
    assert len(sections) == 30
    assert "name: Gemeente Voorbeeld 002" in files["gemeente-voorbeeld-002/organisation.yaml"].decode()
    plan = files["gemeente-voorbeeld-001/ivp-2021-2026/plan.yaml"].decode()
    assert plan.count("- id: indicator-") == 20
    assert "indicator-" not in _files(text)["gemeente-voorbeeld-001/ivp-2021-2026/plan.yaml"].decode()
    # Sections do not depend on --no-indicators: Material and ivpsite get the same Markdown.
    assert all(_files(text)[name] == files[name] for name in sections)
    words = [len(files[name].decode().split("---\n", 2)[2].split()) for name in sections]
    assert 800 <= sum(words) / len(words) <= 1100
    assert b"../../gemeente-voorbeeld-002/" in files["gemeente-voorbeeld-001/ivp-2021-2026/01-inleiding.md"]


def test_generate_refuses_the_real_content_folder(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(BENCH / "generate.py"), "--organisations", "1",
                             "--out", str(ROOT / "content" / "bench")], capture_output=True, text=True)
    assert result.returncode != 0
    assert not (ROOT / "content" / "bench").exists()


def test_benchmark_report_has_every_figure_and_target(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    cmd = [sys.executable, str(BENCH / "run.py"), "--organisations", "3", "--repeats", "1",
           "--skip-mkdocs", "--skip-web", "--work", str(tmp_path / "work"), "--results", str(results)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = results.read_text(encoding="utf-8")
    assert report.strip() in done.stdout  # printed and written: the same text
    for expected in (
        "## Machine", "cpu count (os.cpu_count):", "- Python 3.",
        "3 synthetic organisations, 30 sections",
        "| full build (CLI, wall time) |", "| no-op rebuild (nothing changed) |",
        "| peak memory of ivpsite's own process (ru_maxrss) |",
        "| load |", "| validate |", "| model |", "| render |", "| write |", "| **total in process** |",
        "| ivpsite build, sections-only corpus",
        "| ivpsite render stage alone, the section pages only",
        "| floor: read → markdown-it-py → Jinja → write, 1 process(es) | 30 |",
        "| mkdocs build, Material | – | skipped (--skip-mkdocs) |",
        "## Targets from the issue (this run: N = 3",
        "| full build incl. charts and search index < 60 s |",
        "| ≥ 5× faster than Material with navigation.prune | skipped | not measured |",
        "| render stage ≥ 70% of the floor loop's pages/s |",
        "| edited section visible in serve < 1 s |",
        "| peak memory of ivpsite's own stages < 1 GB",
        "| text page < 30 KB gzip with its CSS and JS |",
        "## Command lines", "generate.py --organisations 3 --out",
    ):
        assert expected in report, f"missing from the report: {expected!r}\n{report}"
    # every target row ends in a verdict
    targets = report.split("## Targets", 1)[1].split("## Command lines", 1)[0]
    rows = [line for line in targets.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 8
    assert all(line.rstrip(" |").endswith(("met", "NOT MET", "not measured")) for line in rows), rows
    # The command lines name no machine paths: `python` and WORK/ stand for them.
    commands = report.split("## Command lines", 1)[1]
    assert "`python benchmarks/generate.py --organisations 3 --out WORK/corpus`" in commands
    assert str(tmp_path) not in report and sys.executable not in report and str(ROOT) not in report
