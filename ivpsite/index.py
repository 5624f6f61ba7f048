"""Stage 5, index: Pagefind over the written site, in the staging folder before the swap.

Pagefind (PyPI `pagefind[bin]`, no Node needed) reads the HTML exactly as a visitor gets it.
What it indexes is decided in the templates: `data-pagefind-body` marks the main content of
plan, section, indicator, organisation, topic and safety-field pages (pages without it, such as home,
404, search and comparison, stay out of the index), `data-pagefind-ignore` drops pagers,
what every indicator page repeats (the status rules and the download links: 137 of its 245
words, the same on 20 pages per plan) and the section excerpts on topic pages (the
sections themselves are indexed; a topic page is found by its own words, not by every
excerpt it quotes; topic pages are a tenth of the HTML at national scale), and
`data-pagefind-filter` carries organisation, topic, plan kind and status. The facets for
each page come from `facets()` below, computed from the site model, so the templates only
print them. Pagefind has no synonyms, so the synonyms of every topic a page treats are
written into that page as indexed text (see `Facets.terms`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .problems import processing
from .processes import own_group
from .model.site import Page, Site, status_label

LANGUAGE = "nl"  # one Dutch index, Dutch stemming: 'woninginbraken' finds 'woninginbraak'
BUNDLE = "pagefind"  # folder inside the site that holds the index and pagefind.js

KIND_LABELS = {
    "integraal-veiligheidsplan": "Integraal veiligheidsplan",
    "kadernota": "Kadernota",
    "uitvoeringsplan": "Uitvoeringsplan",
    "veiligheidsnota": "Veiligheidsnota",
    "veiligheidsbeleid": "Veiligheidsbeleid",
}


class SearchIndexFailed(Exception):
    """Pagefind could not index the site (missing binary, crashed service)."""


@dataclass(frozen=True)
class Facets:
    """What the search index should know about one page, beyond its visible text."""

    filters: list[tuple[str, str]] = field(default_factory=list)  # (filter name, value)
    terms: list[str] = field(default_factory=list)  # topic labels and synonyms, for recall


def facets(site: Site, page: Page) -> Facets:
    """Filters and search terms for `page`; empty for pages that are not indexed."""
    content = site.content
    topics = {t.id: t for t in content.taxonomy.topics}
    data = page.data
    topic_ids: list[str] = []
    filters: list[tuple[str, str]] = []
    if page.template in ("plan.html", "section.html", "indicator.html"):
        key = str(data["key"])
        plan = content.plans[key]
        filters += [("organisatie", content.organisations[key.split("/")[0]].name),
                    ("soort", KIND_LABELS.get(plan.kind.value, plan.kind.value)),
                    ("status", status_label(plan))]
        if page.template == "plan.html":
            topic_ids = _plan_topics(plan)
        elif page.template == "indicator.html":
            topic_ids = list(data["indicator"].topics)  # type: ignore[attr-defined]
        else:
            entry = data["entry"]
            topic_ids = list(getattr(entry.meta, "topics", []))
            for item in [*plan.priorities, *plan.themes]:
                if item.section == entry.slug:
                    topic_ids += item.topics
    elif page.template == "organisation.html":
        filters.append(("organisatie", data["org"].name))  # type: ignore[attr-defined]
    elif page.template == "topic.html":
        topic_ids = [data["topic"].id]  # type: ignore[attr-defined]
    topic_ids = [t for t in dict.fromkeys(topic_ids) if t in topics]
    filters += [("onderwerp", topics[t].label) for t in topic_ids]
    terms = [term for t in topic_ids for term in (topics[t].label, *topics[t].synonyms)]
    return Facets(filters, list(dict.fromkeys(terms)))


def _plan_topics(plan) -> list[str]:  # noqa: ANN001 - a model.Plan
    ids = list(plan.topics)
    for group in (plan.priorities, plan.themes, plan.indicators, plan.comparisons):
        for item in group:
            ids += item.topics
    return ids


def index(site_dir: Path) -> int:
    """Write the Pagefind index into `site_dir`/pagefind; the number of pages indexed.

    The binary comes from PyPI (`pagefind[bin]`) and is found through the `pagefind` Python
    package. It runs as a command that exits when every file is written: the package's async
    service API (`PagefindIndex`) terminates the service right after the write request is
    answered, and under load that left a truncated or empty bundle (1 build in 8, measured
    with 8 builds in parallel), so it is not used."""
    processing("zoekindex (Pagefind)")
    from pagefind.service import get_executable  # imported here: only a build needs it

    binary = get_executable()
    if binary is None:
        raise SearchIndexFailed("Pagefind is niet gevonden; installeer het met: pip install 'pagefind[bin]'")
    site_dir = site_dir.resolve()
    result = subprocess.run(
        [str(binary), "--site", str(site_dir), "--output-path", str(site_dir / BUNDLE),
         "--force-language", LANGUAGE, "--silent"],
        capture_output=True, text=True, cwd=site_dir, check=False, **own_group())
    if result.returncode != 0:
        raise SearchIndexFailed(f"Pagefind stopte met code {result.returncode}: "
                                f"{(result.stderr or result.stdout).strip()[:500]}")
    _canonical_filters(site_dir / BUNDLE)
    entry = json.loads((site_dir / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


# --- deterministic output --------------------------------------------------------------
# Pagefind 1.5 writes the filter chunks from a hash map: the order of filter values (and of
# the filters in the meta file) changes from run to run, and with it the content-hashed
# file names. Everything else it writes is stable. So after indexing, each filter chunk is
# decoded, its values sorted, re-encoded and given a name derived from its new content; the
# meta file and pagefind-entry.json are updated to match. Two builds of the same content
# are then byte-identical. The files are gzip'ed CBOR behind a 'pagefind_dcd' signature.

_SIGNATURE = b"pagefind_dcd"


def _canonical_filters(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = {}
        for name_and_hash in meta[3]:  # [[filter name, chunk hash], ...]
            old = name_and_hash[1]
            chunk_path = bundle / "filter" / f"{old}.pf_filter"
            chunk = _read(chunk_path)
            chunk[1].sort(key=lambda value_and_pages: value_and_pages[0])
            new = _write(chunk, bundle / "filter", old, ".pf_filter", 7)
            if new != old:
                chunk_path.unlink()
            renamed[old] = new
        meta[3] = sorted([[name, renamed[h]] for name, h in meta[3]])
        new_meta = _write(meta, bundle, language["hash"], ".pf_meta", 10, prefix="pagefind.")
        if new_meta != language["hash"]:
            meta_path.unlink()
        language["hash"] = new_meta
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path) -> list:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexFailed(f"onverwacht Pagefind-bestand: {path.name}")
    value, _ = _decode(data, len(_SIGNATURE))
    return value


def _write(value: list, folder: Path, old: str, suffix: str, digits: int, prefix: str = "") -> str:
    data = _SIGNATURE + _encode(value)
    language = old.split("_", 1)[0]
    new = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{prefix}{new}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return new


@dataclass(frozen=True)
class _Raw:
    """A CBOR item kept byte for byte (simple values, floats, tags): never reordered."""

    data: bytes


def _decode(data: bytes, at: int) -> tuple[object, int]:
    start = at
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if major == 7 or major == 6:
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info, 0)
        if major == 6:
            _, end = _decode(data, at + size)
            return _Raw(data[start:end]), end
        return _Raw(data[start:at + size]), at + size
    if info < 24:
        arg = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        arg = int.from_bytes(data[at:at + size], "big")
        at += size
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major in (2, 3):
        raw = data[at:at + arg]
        return (bytes(raw) if major == 2 else raw.decode("utf-8")), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    pairs = []  # major 5: a map, kept as ordered pairs
    for _ in range(arg):
        key, at = _decode(data, at)
        value, at = _decode(data, at)
        pairs.append((key, value))
    return _Map(pairs), at


class _Map(list):
    """A CBOR map as its ordered (key, value) pairs."""


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if arg < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, arg)
    raise ValueError(arg)


def _encode(value: object) -> bytes:
    if isinstance(value, _Raw):
        return value.data
    if isinstance(value, bool):
        raise TypeError("booleans are kept as _Raw")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, _Map):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    raise TypeError(type(value).__name__)
