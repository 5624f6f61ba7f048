"""Work spread over worker processes (ivpsite/parallel.py): fresh interpreters, never
forked, never re-running the caller's script; results in order; a worker that fails only
costs time; an error in the work shows in the caller."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT

from ivpsite import markdown, parallel

TEXTS = [f"## Kop {i}\n\nAlinea {i} met *nadruk* en [een link](../{i}.md).\n\n- punt {i}\n" for i in range(40)]


def test_a_worker_answers_chunk_by_chunk_until_its_input_ends() -> None:
    worker = parallel._start()  # exactly as a build starts one
    assert worker is not None and worker.stdin is not None and worker.stdout is not None
    for chunk in (TEXTS[:3], TEXTS[3:4]):
        pickle.dump((("ivpsite.markdown", "_parse_chunk"), chunk), worker.stdin)
        worker.stdin.flush()
        assert pickle.load(worker.stdout) == (True, [markdown.parse(text) for text in chunk])
    worker.stdin.close()
    assert worker.wait(timeout=30) == 0


def test_spread_gives_the_results_in_the_order_of_the_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 3)
    assert parallel.spread(markdown._parse_chunk, TEXTS, worth_it=True) == [markdown.parse(t) for t in TEXTS]


def _pids(chunk: list[int]) -> list[int]:  # imported by name in the worker, like any work
    time.sleep(0.25)  # long enough that a worker has started before the caller is done alone
    return [os.getpid()] * len(chunk)


def test_the_caller_and_the_workers_share_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))  # so the worker finds _pids
    pids = parallel.spread(_pids, list(range(40)), worth_it=True)
    assert len(pids) == 40 and os.getpid() in pids and len(set(pids)) == 2


def test_a_worker_that_cannot_start_only_costs_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel.sys, "executable", str(tmp_path / "geen-python"))
    assert parallel.spread(markdown._parse_chunk, TEXTS, worth_it=True) == [markdown.parse(t) for t in TEXTS]


def test_an_error_in_the_work_is_raised_in_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    with pytest.raises(TypeError):
        parallel.spread(int, [1, 2, 3, 4], worth_it=True)  # int(list) fails wherever it runs


def test_a_script_without_a_main_guard_runs_once(tmp_path: Path) -> None:
    # multiprocessing's spawn would run this script again in every worker
    script = tmp_path / "zonder_bewaking.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from ivpsite import markdown, parallel
        parallel.cores = lambda: 2
        parallel.TEXT_WORTH_A_WORKER = 0
        print("gestart", flush=True)
        print(len(markdown.parse_all({TEXTS!r})))
    """), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["gestart", str(len(TEXTS))]


def test_importing_the_main_module_starts_no_build() -> None:
    result = subprocess.run([sys.executable, "-c", "import ivpsite.__main__; print('klaar')"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "klaar\n", "")


def _in_a_worker(function: str, chunk: list) -> list:
    worker = parallel._start()
    assert worker is not None and worker.stdin is not None and worker.stdout is not None
    module, _, name = function.rpartition(".")
    pickle.dump(((module, name), chunk), worker.stdin)
    worker.stdin.close()
    ok, value = pickle.load(worker.stdout)
    assert worker.wait(timeout=60) == 0 and ok
    return value


def test_pages_a_worker_renders_are_the_pages_rendered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import CONTENT

    from ivpsite import build
    from ivpsite.problems import Problems
    from ivpsite.render import pages

    site = build.load_site(CONTENT, Problems())
    assert site is not None
    alone = pages.render(site)
    jobs: list = []
    monkeypatch.setattr(parallel, "spread", lambda function, items, worth_it: jobs.extend(items) or [])
    pages.render(site)  # only to catch the jobs render() hands out
    assert dict(_in_a_worker("ivpsite.render.pages._render_chunk", jobs)) == alone and len(alone) > 50


def test_files_a_worker_reads_come_with_their_problems(tmp_path: Path) -> None:
    from conftest import minimal_files, write_tree

    from ivpsite import load
    from ivpsite.problems import Problems

    files = dict(minimal_files())
    files["voorbeeldstad/plan-2023/01-kapot.md"] = "---\ntitle: [open\n---\nTekst\n"
    root = write_tree(tmp_path / "content", files)
    jobs = [(root, rel, kind) for rel, kind in load.find_files(root, Problems())]
    here = load._read_chunk(jobs)
    there = _in_a_worker("ivpsite.load._read_chunk", jobs)
    assert there == here
    assert any(found.items for _, found in there) and sum(doc is not None for doc, _ in there) == len(jobs) - 1


def test_mentions_a_worker_finds_are_the_mentions_found_here() -> None:
    from conftest import CONTENT

    from ivpsite import build
    from ivpsite.model import mentions
    from ivpsite.problems import Problems

    content = build.check(CONTENT, Problems())
    assert content is not None
    table = mentions.phrases(content.taxonomy)
    jobs = [(table, list(mentions._passages(key, plan, content.sections.get(key, []))))
            for key, plan in sorted(content.plans.items())]
    here = mentions._find_chunk(jobs)
    assert _in_a_worker("ivpsite.model.mentions._find_chunk", jobs) == here
    assert here == [mentions.find(key, plan, content.sections.get(key, []), content.taxonomy)
                    for key, plan in sorted(content.plans.items())]
    assert any(here)
