"""Incremental rebuilds for `ivpsite serve`: after an edit, only what it changed.

A `Builder` keeps the last good state in memory: every content file as read (with its stat
and a hash of its bytes), the validated content, the site model and every output file as
bytes. An update then works as follows.

- The files the watcher names are read again; a file whose bytes did not change keeps its
  parsed document. Files that appeared or disappeared, or that the watcher cannot name,
  lead to a rescan of the content folder.
- When only plan.yaml and section files changed (and no file came or went), the changed
  files are checked against their models, the cross-file checks run on the patched content,
  and the site model is assembled again with the last one as `previous`: the pages of
  every untouched plan are the very same objects (see `model/site.py`).
- Everything else (site.yaml, topics.yaml, an organisation, a free page, the theme, files
  that came or went, and any problem in the content) goes through the normal pipeline,
  `build.check`, with the unchanged files' parsed documents reused. Problems are thus
  always the ones `ivpsite check` reports. `Update.reason` says why, for the preview's log.

Then only the pages whose page object changed are rendered: a page object carries
everything its template shows (`model/pages.py`), so an unchanged object means an unchanged
page. Only files whose bytes changed are handed back to be written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import validate
from ..build import check, model
from ..content import Content, Plan, SectionMeta
from ..load import MAX_BYTES, Document, find_files, read_document
from ..model.site import Site
from ..problems import Problem, Problems, working_on
from ..render import feeds, opendata, pages, search_words
from ..render import theme as themes

_PLAN_KINDS = ("plan", "section")


@dataclass
class _Read:
    """One content file as last read from disk."""

    stat: tuple[int, int, int]  # mtime_ns, size, inode
    digest: bytes
    doc: Document | None
    problems: list[Problem]


@dataclass
class _Good:
    """The last state without problems."""

    listing: list[tuple[str, str]]
    digests: dict[str, bytes]
    docs: dict[str, Document]
    site: Site
    pages: dict[str, bytes]  # rendered pages by output path
    opendata: dict[str, bytes]
    other: dict[str, bytes]  # feeds and the search vocabulary

    def output(self) -> dict[str, bytes]:
        return self.pages | self.other | self.opendata


@dataclass
class Update:
    """What an update found: problems (then nothing is written), or the files to write."""

    kind: str  # 'full' | 'incremental' | 'unchanged' | 'problems'
    problems: list[Problem] = field(default_factory=list)
    write: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes, changed only
    remove: set[str] = field(default_factory=set)  # output paths that no longer exist
    rendered: int = 0  # pages rendered
    reason: str = ""  # why a full build was needed (Dutch, for the preview's log)


class Builder:
    def __init__(self, content: Path) -> None:
        self.content = content
        self.reads: dict[str, _Read] = {}
        self.good: _Good | None = None
        self._listing: list[tuple[str, str]] = []
        self._docs: list[Document] = []

    def update(self, changed: Iterable[Path] | None = None, force_full: bool = False) -> Update:
        """Bring the site up to date with the content folder. `changed` are the paths the
        watcher reported (None: unknown, rescan everything); `force_full` skips the
        incremental path (a theme change)."""
        good = self.good
        if good is None or changed is None:
            return self._full("eerste bouw" if good is None else "alle bestanden opnieuw gelezen")
        if force_full:
            return self._full("het thema is gewijzigd")
        listing = self._listing_after(changed, good)
        if listing is None:
            return self._full("er kwam een bestand bij of er ging er een weg")
        digests = {rel: self.reads[rel].digest for rel, _ in listing}
        edited = [rel for rel, _ in listing if digests[rel] != good.digests[rel]]
        if not edited:
            return Update("unchanged")
        kinds = dict(listing)
        other = [rel for rel in edited if kinds[rel] not in _PLAN_KINDS]
        if other:
            return self._full(f"{other[0]} raakt de hele site")
        return self._incremental(good, edited, digests) or self._full("de inhoud heeft een probleem")

    def _theme(self, site: Site) -> themes.Theme:
        return themes.for_site(self.content, site.content.site.theme)

    # --- reading ----------------------------------------------------------------------

    def _read(self, rel: str, kind: str, force: bool = False) -> _Read:
        """The file `rel`, from the cache when its stat is unchanged (or, when `force`, its
        bytes are unchanged). A file above the size limit is never read into memory."""
        path = self.content / rel
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = (0, -1, 0)
        cached = self.reads.get(rel)
        if cached is not None and cached.stat == stamp and not force:
            return cached
        try:
            digest = (repr(stamp).encode() if stamp[1] > MAX_BYTES
                      else hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
        except OSError:
            digest = b""
        if cached is not None and cached.digest == digest and digest:
            cached.stat = stamp
            return cached
        problems = Problems()
        with working_on(rel):
            doc = read_document(path, rel, kind, problems)
        self.reads[rel] = _Read(stamp, digest, doc, list(problems.items))
        return self.reads[rel]

    def _reader(self, root: Path, problems: Problems) -> list[Document]:
        """`load.load` with the cache: for `build.check`."""
        listing = find_files(root, problems)
        docs = []
        for rel, kind in listing:
            read = self._read(rel, kind)
            problems.items.extend(read.problems)
            if read.doc is not None:
                docs.append(read.doc)
        self._listing, self._docs = listing, docs
        return docs

    def _listing_after(self, changed: Iterable[Path], good: _Good) -> list[tuple[str, str]] | None:
        """The file listing after the reported changes, with the changed files read again;
        None when a file came or went or a change lies outside the content folder."""
        root = self.content.resolve()
        known = dict(good.listing)
        hinted: list[str] = []
        rescan = False
        for path in changed:
            try:
                rel = Path(path).resolve().relative_to(root).as_posix()
            except ValueError:
                return None
            if any(part.startswith(".") for part in rel.split("/")):
                continue  # find_files ignores these (editor swap files and the like)
            full = root / rel
            if rel in known and full.is_file() and not full.is_symlink():
                hinted.append(rel)
            else:
                rescan = True
        if rescan:
            problems = Problems()
            if find_files(self.content, problems) != good.listing or problems:
                return None
            for rel, kind in good.listing:
                self._read(rel, kind)
        for rel in hinted:
            self._read(rel, known[rel], force=True)
        return good.listing

    # --- the full path ----------------------------------------------------------------

    def _full(self, reason: str) -> Update:
        problems = Problems()
        content = check(self.content, problems, reader=self._reader)
        if content is None or problems:
            return Update("problems", problems.sorted(), reason=reason)
        site = model(content, drafts=True)
        previous = self.good.output() if self.good is not None else {}
        self.good = _Good(
            listing=list(self._listing),
            digests={rel: self.reads[rel].digest for rel, _ in self._listing},
            docs={doc.path: doc for doc in self._docs}, site=site, pages=pages.render(site, theme=self._theme(site)),
            opendata=opendata.export(content), other=feeds.files(site) | search_words(site))
        return _difference("full", previous, self.good.output(), len(site.pages), reason)

    # --- the incremental path ---------------------------------------------------------

    def _incremental(self, good: _Good, edited: list[str], digests: dict[str, bytes]) -> Update | None:
        """Patch the last good content with the edited plan.yaml and section files; None
        when any of them has a problem (the full path then reports it)."""
        docs = dict(good.docs)
        for rel in edited:
            read = self.reads[rel]
            if read.problems or read.doc is None:
                return None
            docs[rel] = read.doc
        content = self._patched(good.site.content, [docs[rel] for rel in edited], docs)
        if content is None:
            return None
        site = model(content, handbook=good.site.chrome.handbook is not None, previous=good.site, drafts=True)
        before = {page.file: page for page in good.site.pages}
        changed = [page for page in site.pages
                   if (old := before.get(page.file)) is None or (old is not page and old != page)]
        rendered = pages.render(site, changed, theme=self._theme(site))
        kept = {page.file for page in site.pages}
        new_pages = {rel: data for rel, data in good.pages.items() if rel in kept} | rendered
        plans_changed = any(rel.endswith("/plan.yaml") for rel in edited)
        previous = good.output()
        self.good = dataclasses.replace(
            good, digests=digests, docs=docs, site=site, pages=new_pages,
            opendata=opendata.export(content) if plans_changed else good.opendata,
            other=feeds.files(site) | search_words(site))
        return _difference("incremental", previous, self.good.output(), len(rendered))

    def _patched(self, content: Content, edited: list[Document], docs: dict[str, Document]) -> Content | None:
        problems = Problems()
        plans = dict(content.plans)
        sections = {key: list(entries) for key, entries in content.sections.items()}
        new_entries = []
        for doc in edited:
            key = "/".join(doc.path.split("/")[:2])
            typed = validate.typed_model(doc, problems)
            if typed is None:
                return None
            if doc.kind == "plan":
                plans[key] = typed  # type: ignore[assignment]
                assert isinstance(typed, Plan)
                continue
            assert isinstance(typed, SectionMeta)
            entry = validate.markdown_entry(doc, typed, problems)
            entries = sections.get(key, [])
            index = next((i for i, e in enumerate(entries) if e.path == doc.path), None)
            if entry is None or index is None:
                return None
            entries[index] = entry
            new_entries.append(entry)
        new = dataclasses.replace(content, plans=plans, sections=sections)
        validate.check_references(new, docs, problems)
        edited_plans = {key: new.plans[key] for key in {"/".join(d.path.split("/")[:2]) for d in edited}}
        validate.check_markdown(dataclasses.replace(new, pages=[], sections={"": new_entries}, plans=edited_plans),
                                docs, problems)
        return None if problems else new


def _difference(kind: str, before: dict[str, bytes], after: dict[str, bytes], rendered: int,
                reason: str = "") -> Update:
    write = {rel: data for rel, data in after.items() if before.get(rel) != data}
    return Update(kind, write=write, remove=set(before) - set(after), rendered=rendered, reason=reason)


def write_files(update: Update, folder: Path) -> int:
    """Write the update's files into `folder` (each replaced atomically); the number touched."""
    for rel, data in sorted(update.write.items()):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{target.name}.part")
        part.write_bytes(data)
        os.replace(part, target)  # readers see the old file or the new one, never half
    for rel in sorted(update.remove):
        target = folder / rel
        target.unlink(missing_ok=True)
        for parent in target.parents:  # folders left empty go too, as in a fresh build
            if parent == folder or any(parent.iterdir()):
                break
            parent.rmdir()
    return len(update.write) + len(update.remove)
