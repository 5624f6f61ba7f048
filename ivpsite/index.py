"""Stage 5, index: Pagefind over the written site, in the staging folder before the swap.

Pagefind (PyPI `pagefind[bin]`, no Node needed) reads the HTML exactly as a visitor gets it.
What it indexes is decided by the page kinds (ivpsite/model/pages.py) and the templates:
`data-pagefind-body` marks the main content of every page whose kind has search facets
(plan, section, indicator, organisation, topic and safety-field pages; home, 404, search
and comparison stay out of the index), `data-pagefind-ignore` drops pagers,
what every indicator page repeats (the status rules and the download links: 137 of its 245
words, the same on 20 pages per plan), what a progress report repeats of its own table
(the small multiples' titles and sentences) and its status rules, and the section excerpts on topic pages (the
sections themselves are indexed; a topic page is found by its own words, not by every
excerpt it quotes; topic pages are a tenth of the HTML at national scale), and
`data-pagefind-filter` carries organisation, topic, plan kind and status, from each page's
`search()`. Pagefind has no synonyms: the search page also searches a topic's label when a
query is one of its synonyms (SearchPage.synonyms, assets/search.js), so no page carries
hidden word lists that would show up in result excerpts.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import cbor2

from . import urls
from .processes import own_group

LANGUAGE = "nl"  # one Dutch index, Dutch stemming: 'woninginbraken' finds 'woninginbraak'
BUNDLE = urls.SEARCH_INDEX.rstrip("/")  # folder inside the site that holds the index and pagefind.js


class SearchIndexFailed(Exception):
    """Pagefind could not index the site (missing binary, crashed service)."""


def index(site_dir: Path) -> int:
    """Write the Pagefind index into `site_dir`/pagefind; the number of pages indexed.

    The binary comes from PyPI (`pagefind[bin]`) and is found through the `pagefind` Python
    package. It runs as a command that exits when every file is written: the package's async
    service API (`PagefindIndex`) terminates the service right after the write request is
    answered, and under load that left a truncated or empty bundle (1 build in 8, measured
    with 8 builds in parallel), so it is not used."""
    from pagefind.service import get_executable  # imported here: only a build needs it

    binary = get_executable()
    if binary is None:
        raise SearchIndexFailed("Pagefind is niet gevonden; installeer het met: pip install 'pagefind[bin]'")
    site_dir = site_dir.resolve()
    result = subprocess.run(
        [str(binary), "--site", str(site_dir), "--output-path", str(site_dir / BUNDLE),
         "--force-language", LANGUAGE, "--silent"],
        capture_output=True, text=True, cwd=site_dir, check=False, env=pagefind_env(os.environ),
        **own_group())
    if result.returncode != 0:
        raise SearchIndexFailed(f"Pagefind stopte met code {result.returncode}: "
                                f"{(result.stderr or result.stdout).strip()[:500]}")
    _canonical_filters(site_dir / BUNDLE)
    entry = json.loads((site_dir / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


# Pagefind's binary allocates with jemalloc (Rust's tikv-jemallocator, which reads its options
# from `_RJEM_MALLOC_CONF`). By default freed memory stays with the process for ten seconds;
# Pagefind frees its parse buffers while it builds the index, so returning freed pages within
# half a second lowers its peak. Returning them at once (0 ms) lowers it a
# little more but costs noticeably more time in the kernel. One arena instead of one per core
# keeps pages freed on one thread from idling beside another's. A binary that does not use
# jemalloc ignores the variable; an option already set wins.
JEMALLOC_OPTIONS = "narenas:1,dirty_decay_ms:500,muzzy_decay_ms:0"


def pagefind_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment Pagefind runs in: ours, plus its allocator's options unless set."""
    env = dict(environ)
    env.setdefault("_RJEM_MALLOC_CONF", JEMALLOC_OPTIONS)
    return env


# --- deterministic output --------------------------------------------------------------
# Pagefind 1.5 writes each filter's values from a hash map: their order (and with it the
# content-hashed names of the filter files and of the meta file) changes from run to run;
# everything else it writes is stable (its maintainer confirms this in Pagefind issue 638).
# So after indexing, each filter file's values are sorted and the file is written again
# under a name derived from its new content, with the meta file and pagefind-entry.json
# updated to match. The files are gzip'ed CBOR behind a signature; cbor2 reads and writes
# them (tests/test_index.py checks that it writes back exactly what Pagefind wrote).

_SIGNATURE = b"pagefind_dcd"


def _canonical_filters(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = read_cbor(meta_path)
        renamed = {}
        for _, old in meta[3]:  # [[filter name, file hash], ...]
            chunk_path = bundle / "filter" / f"{old}.pf_filter"
            chunk = read_cbor(chunk_path)
            chunk[1].sort(key=lambda value_and_pages: value_and_pages[0])
            renamed[old] = _write(chunk, bundle / "filter", old, ".pf_filter", 7)
            if renamed[old] != old:
                chunk_path.unlink()
        meta[3] = sorted([name, renamed[old]] for name, old in meta[3])
        new_meta = _write(meta, bundle, language["hash"], ".pf_meta", 10, prefix="pagefind.")
        if new_meta != language["hash"]:
            meta_path.unlink()
        language["hash"] = new_meta
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def read_cbor(path: Path) -> list:
    """One of Pagefind's gzip'ed, signed CBOR files."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexFailed(f"onverwacht Pagefind-bestand: {path.name}")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(value: list, folder: Path, old: str, suffix: str, digits: int, prefix: str = "") -> str:
    data = _SIGNATURE + cbor2.dumps(value)
    language = old.split("_", 1)[0]
    new = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{new}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return new
