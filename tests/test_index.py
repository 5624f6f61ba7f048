"""The index stage (ivpsite/index.py): what is guaranteed about Pagefind's output.

Guaranteed: two builds of the same content give byte-identical search bundles (Pagefind
itself writes its filter files in hash-map order; ivpsite sorts them), and ivpsite reads
and writes those files without changing anything but the order of the filter values."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import cbor2

from conftest import run_cli
from ivpsite import index
from test_golden import GOLDEN


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _built(tmp_path: Path, name: str) -> Path:
    out = tmp_path / name
    assert run_cli("build", "--content", str(GOLDEN / "content"), "--out", str(out)).returncode == 0
    return out


def test_two_builds_give_byte_identical_search_bundles(tmp_path: Path) -> None:
    first, second = _built(tmp_path, "a"), _built(tmp_path, "b")
    assert _tree(first / index.BUNDLE) == _tree(second / index.BUNDLE)


def test_filter_values_are_sorted_and_found_by_the_meta_file(tmp_path: Path) -> None:
    bundle = _built(tmp_path, "a") / index.BUNDLE
    meta = next(bundle.glob("pagefind.*.pf_meta"))
    names = []
    for name, chunk_hash in index.read_cbor(meta)[3]:
        names.append(name)
        values = [value for value, _ in index.read_cbor(bundle / "filter" / f"{chunk_hash}.pf_filter")[1]]
        assert values == sorted(values), name
    assert names == sorted(names) and {"organisatie", "onderwerp", "status", "soort"} <= set(names)


def test_cbor_is_written_back_exactly_as_pagefind_wrote_it(tmp_path: Path) -> None:
    site = _built(tmp_path, "a")
    shutil.rmtree(site / index.BUNDLE)
    from pagefind.service import get_executable

    subprocess.run([str(get_executable()), "--site", str(site), "--output-path", str(site / "raw"),
                    "--force-language", "nl", "--silent"], check=True)
    files = [*(site / "raw" / "filter").glob("*.pf_filter"), *(site / "raw").glob("*.pf_meta")]
    assert files
    for path in files:
        raw = gzip.decompress(path.read_bytes())
        assert cbor2.dumps(index.read_cbor(path)) == raw.removeprefix(b"pagefind_dcd"), path.name


def test_pagefind_runs_with_its_allocator_options_unless_already_set() -> None:
    env = index.pagefind_env({"PATH": "/bin"})
    assert env == {"PATH": "/bin", "_RJEM_MALLOC_CONF": index.JEMALLOC_OPTIONS}
    assert index.pagefind_env({"_RJEM_MALLOC_CONF": "narenas:2"})["_RJEM_MALLOC_CONF"] == "narenas:2"


def test_pagefind_binary_reads_and_accepts_the_allocator_options() -> None:
    """The bundled binary's jemalloc reads `_RJEM_MALLOC_CONF` (it complains about a bad
    option) and takes every option ivpsite gives it without a complaint."""
    from pagefind.service import get_executable

    def stderr(options: str) -> str:
        return subprocess.run([str(get_executable()), "--version"], capture_output=True, text=True,
                              env=index.pagefind_env({"_RJEM_MALLOC_CONF": options}), check=True).stderr

    assert "bogus" in stderr("bogus:0")
    assert stderr(index.JEMALLOC_OPTIONS) == ""
