"""Incremental rebuilds for `ivpsite serve`: after a one-file edit, only what it affects.

A `Builder` keeps the last good site in memory: every content file as read (by path, with
its stat and a hash of its bytes), the validated content, the site model, the per-plan
topic references and every output file as bytes. An update then works as follows.

- The files the watcher names are re-read; a file whose bytes did not change keeps its
  parsed document. Files that appeared or disappeared, or that the watcher cannot name,
  lead to a rescan of the content folder (`load.find_files`).
- When only plan.yaml and section files of some plans changed (and no file came or went),
  the update is incremental: the changed files are checked against their models, the
  cross-file checks of `validate` run on the patched content, the site model is patched
  (those plans' pages, topic references and comparison cells; the rest is kept), and only
  the affected pages are rendered again: every page of the edited plans; when a plan.yaml
  changed, also its parent and child plans, its organisation page and the pages that list
  every plan; the pages of every topic whose references changed (or name a changed plan);
  and any page whose own data changed (a safety field's plans, the comparison's cells).
  Open data files are made again only when a plan.yaml changed; feeds and the sitemap are
  cheap and always made again.
- Anything else (site.yaml, topics.yaml, an organisation, a free page, the theme, files
  that came or went, and any problem in the content) goes through the normal pipeline,
  `build.check`, with the unchanged files' parsed documents reused. Problems are thus
  always the ones `ivpsite check` reports; the last good state stays for the next edit.

The result is compared with the previous output: only files whose bytes changed are
handed back to be written. Which page reads what across plans is written down for the
default theme's templates below (`_TOPIC_PAGES` and friends; a template not named there is
always rendered again); `tests/test_serve.py` compares incremental output with a full build
for several kinds of edits. A change in themes/ always takes the full path.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import validate
from ..build import check
from ..load import Document, find_files, read_document
from ..model import site as structure
from ..model.site import Page, Ref, Site
from ..problems import Problem, Problems, processing
from ..render import feeds, opendata
from ..render.pages import render

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
    plan_refs: dict[str, dict[str, list[Ref]]]  # plan key -> topic -> refs, as in site.topic_refs
    pages: dict[str, bytes]  # rendered pages by output path
    opendata: dict[str, bytes]
    other: dict[str, bytes]  # feeds

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


class Builder:
    def __init__(self, content: Path) -> None:
        self.content = content
        self.reads: dict[str, _Read] = {}
        self.good: _Good | None = None
        self._listing: list[tuple[str, str]] = []
        self._docs: list[Document] = []
        self.note: str | None = None  # why the last incremental update fell back, for debugging

    def update(self, changed: Iterable[Path] | None = None, force_full: bool = False) -> Update:
        """Bring the site up to date with the content folder. `changed` are the paths the
        watcher reported (None: unknown, rescan everything); `force_full` skips the
        incremental path (a theme change)."""
        try:
            return self._update(changed, force_full)
        finally:
            # The kept state is millions of objects; a full collection of them takes about a
            # second at national scale and would land in the middle of some later update.
            # Frozen, collections only visit what is new (see gc.freeze).
            gc.collect()
            gc.freeze()

    def _update(self, changed: Iterable[Path] | None, force_full: bool) -> Update:
        good = self.good
        if good is None or force_full or changed is None:
            return self._full()
        listing, scan_problems = self._listing_after(changed, good)
        if listing is None or scan_problems:
            return self._full()
        digests = {rel: self.reads[rel].digest for rel, _ in listing}
        edited = [rel for rel, _ in listing if digests[rel] != good.digests[rel]]
        if not edited:
            return Update("unchanged")
        kinds = dict(listing)
        if any(kinds[rel] not in _PLAN_KINDS for rel in edited):
            return self._full()
        try:
            result = self._incremental(good, edited, digests)
        except Exception as error:  # noqa: BLE001 - the full path decides and reports
            result = None
            self.note = f"{type(error).__name__}: {error}"
        return result if result is not None else self._full()

    # --- reading ----------------------------------------------------------------------

    def _read(self, rel: str, kind: str, force: bool = False) -> _Read:
        """The file `rel`, from the cache when its stat is unchanged (or, when `force`, its
        bytes are unchanged)."""
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
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            digest = b""
        if cached is not None and cached.digest == digest and digest:
            cached.stat = stamp
            return cached
        problems = Problems()
        processing(rel)
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

    def _listing_after(self, changed: Iterable[Path], good: _Good
                       ) -> tuple[list[tuple[str, str]] | None, list[Problem]]:
        """The file listing after the reported changes, with the changed files re-read;
        (None, []) when a change lies outside the content folder."""
        root = self.content.resolve()
        known = dict(good.listing)
        hinted: list[str] = []
        rescan = False
        for path in changed:
            try:
                rel = Path(path).resolve().relative_to(root).as_posix()
            except ValueError:
                return None, []
            if any(part.startswith(".") for part in rel.split("/")):
                continue  # find_files ignores these (editor swap files and the like)
            full = root / rel
            if rel in known and full.is_file() and not full.is_symlink():
                hinted.append(rel)
            else:
                rescan = True
        if rescan:
            problems = Problems()
            listing = find_files(self.content, problems)
            if problems or listing != good.listing:
                return None, []
            for rel, kind in listing:
                self._read(rel, kind)
        else:
            listing = good.listing
        for rel in hinted:
            self._read(rel, known[rel], force=True)
        return listing, []

    # --- the full path ----------------------------------------------------------------

    def _full(self) -> Update:
        gc.unfreeze()  # the state this replaces may go
        problems = Problems()
        site = check(self.content, problems, reader=self._reader)
        if site is None or problems:
            return Update("problems", problems.sorted())
        pages = render(site)
        other = feeds.files(site)
        data = opendata.export(site.content)
        previous = self.good.output() if self.good is not None else {}
        self.good = _Good(
            listing=list(self._listing),
            digests={rel: self.reads[rel].digest for rel, _ in self._listing},
            docs={doc.path: doc for doc in self._docs},
            site=site,
            plan_refs=_split_refs(site.topic_refs),
            pages=pages, opendata=data, other=other)
        return _difference("full", previous, self.good.output(), len(pages))

    # --- the incremental path ---------------------------------------------------------

    def _incremental(self, good: _Good, edited: list[str], digests: dict[str, bytes]) -> Update | None:
        """Patch the last good state for edits to plan.yaml and section files; None when the
        full path must decide (a problem anywhere: its messages come from the full check)."""
        content = good.site.content
        problems = Problems()
        docs = dict(good.docs)
        plans = dict(content.plans)
        sections = {key: list(entries) for key, entries in content.sections.items()}
        new_entries = []
        keys: set[str] = set()
        for rel in edited:
            read = self.reads[rel]
            if read.problems or read.doc is None:
                return None
            doc = read.doc
            docs[rel] = doc
            key = "/".join(rel.split("/")[:2])
            keys.add(key)
            typed = validate.typed_model(doc, problems)
            if typed is None or problems:
                return None
            if doc.kind == "plan":
                plans[key] = typed  # type: ignore[assignment]
                continue
            entry = validate.markdown_entry(doc, typed, problems)  # type: ignore[arg-type]
            if entry is None or problems:
                return None
            entries = sections.get(key, [])
            index = next((i for i, e in enumerate(entries) if e.path == rel), None)
            if index is None:
                return None
            entries[index] = entry
            new_entries.append(entry)
        new = dataclasses.replace(content, plans=plans, sections=sections)
        validate.check_references(new, docs, problems)
        validate.check_markdown(dataclasses.replace(new, pages=[], sections={"": new_entries}),
                                 docs, problems)
        if problems:
            return None

        site, plan_refs, pages = self._patch_site(good, new, keys)
        old_pages = {page.url: page for page in good.site.pages}
        changes = _Changes(keys, {k for k in keys if content.plans.get(k) != new.plans.get(k)},
                           good.site.topic_refs, site.topic_refs)
        for key in changes.plans:
            for plans_by, children in ((content.plans, good.site.children), (new.plans, site.children)):
                if key in plans_by and plans_by[key].parent:
                    changes.related.add(plans_by[key].parent)
                changes.related.update(children.get(key, []))
        affected = [p for p in pages if changes.affects(p, old_pages.get(p.url), new)]
        rendered = render(site, affected)

        page_files = {_file_of(p.url) for p in pages}
        new_pages = {rel: data for rel, data in good.pages.items() if rel in page_files} | rendered
        data = opendata.export(new) if any(r.endswith("/plan.yaml") for r in edited) else good.opendata
        other = feeds.files(site)
        previous = good.output()
        self.good = dataclasses.replace(
            good, digests=digests, docs=docs, site=site, plan_refs=plan_refs,
            pages=new_pages, opendata=data, other=other)
        return _difference("incremental", previous, self.good.output(), len(rendered))

    def _patch_site(self, good: _Good, new: validate.Content, keys: set[str]
                    ) -> tuple[Site, dict[str, dict[str, list[Ref]]], list[Page]]:
        """The site model for `new`, computed only for the plans in `keys`."""
        old = good.site
        plan_refs = dict(good.plan_refs)
        for key in keys:
            alone = dataclasses.replace(new, plans={key: new.plans[key]},
                                        sections={key: new.sections[key]} if key in new.sections else {})
            plan_refs[key] = structure.collect_topic_refs(alone)
        topic_refs: dict[str, list[Ref]] = {}
        for key in sorted(new.plans):
            for topic, refs in plan_refs.get(key, {}).items():
                topic_refs.setdefault(topic, []).extend(refs)
        children = structure.plan_children(new)
        site = Site(new, old.urls, topic_refs, children, [])

        # Pages that gather across plans are made from the plans, the topic references and
        # the plan hierarchy (never from sections directly): when none of those changed,
        # the old ones stay. Otherwise they are made for a site without organisations (no
        # organisation or plan pages), and the comparison cells of the owners patched in.
        unchanged = (children == old.children
                     and all(new.plans[key] == old.content.plans.get(key) for key in keys)
                     and all(topic_refs.get(t) == old.topic_refs.get(t) for t in set(topic_refs) | set(old.topic_refs)))
        if unchanged:
            gathered = [p for p in old.pages if _plan_key(p) is None and "slug" not in p.data]
        else:
            owners = {key.split("/")[0] for key in keys}
            gathered = structure.all_pages(dataclasses.replace(site, content=dataclasses.replace(
                new, organisations={})))
            cells = structure.compare(dataclasses.replace(site, content=dataclasses.replace(
                new, organisations={o: new.organisations[o] for o in sorted(owners)})))
            for i, page in enumerate(gathered):
                if "cells" in page.data:
                    old_page = next(p for p in old.pages if p.url == page.url)
                    merged = {**old_page.data["cells"], **cells}  # type: ignore[dict-item]
                    gathered[i] = dataclasses.replace(page, data={**page.data, "cells": merged})
        by_url = {page.url: page for page in gathered}

        pages: list[Page] = []
        done: set[str] = set()
        for page in old.pages:
            key = _plan_key(page)
            if key is None:
                if "slug" in page.data:  # an organisation page: its data is the organisation
                    pages.append(page)
                else:
                    pages.append(by_url.pop(page.url))
            elif key not in keys:
                pages.append(page)
            elif key not in done:
                done.add(key)
                org = new.organisations[key.split("/")[0]]
                pages.extend(structure.plan_pages(site, key, new.plans[key], org, page.crumbs))
        if by_url:
            raise RuntimeError(f"unexpected pages in an incremental update: {sorted(by_url)}")
        site.pages.extend(pages)
        return site, plan_refs, pages


def _file_of(url: str) -> str:
    return url if url.endswith(".html") else f"{url}index.html"


def _plan_key(page: Page) -> str | None:
    key = page.data.get("key")
    return key if isinstance(key, str) else None


# What the default theme's templates read beyond their page's own data and the site-wide
# settings (site, taxonomy, organisations, free pages): the topics whose references a page
# shows, or 'plans' for pages that list every plan. A template not named here is rendered
# again on every incremental update.
_TOPIC_PAGES = {"topic.html", "field.html", "topics.html"}
_PLAN_LISTS = {"home.html", "opendata.html"}
_SELF_CONTAINED = {"404.html", "search.html", "page.html", "compare.html"}  # compare: its cells are page data


class _Changes:
    """What an incremental update changed, and so which pages it affects."""

    def __init__(self, keys: set[str], plans: set[str], old_refs: dict[str, list[Ref]],
                 new_refs: dict[str, list[Ref]]) -> None:
        self.keys = keys  # plans with an edited file: all their pages are rendered
        self.plans = plans  # plans whose plan.yaml changed (title, status, ...)
        self.related: set[str] = set()  # parent and child plans of those
        self.topics = {t for t in set(old_refs) | set(new_refs)
                       if old_refs.get(t) != new_refs.get(t)
                       or any(r.plan in plans for r in old_refs.get(t, []) + new_refs.get(t, []))}

    def affects(self, page: Page, old: Page | None, content: validate.Content) -> bool:
        if old is None or page != old:
            return True
        key = _plan_key(page)
        if key is not None:
            return key in self.keys or key in self.related
        if page.template == "organisation.html":
            return any(k.split("/")[0] == page.data.get("slug") for k in self.plans)
        if page.template in _TOPIC_PAGES:
            if "topic" in page.data:
                return page.data["topic"].id in self.topics  # type: ignore[attr-defined]
            if "field" in page.data:
                field_id = page.data["field"].id  # type: ignore[attr-defined]
                return any(t.field == field_id and t.id in self.topics for t in content.taxonomy.topics)
            return bool(self.topics)
        if page.template in _PLAN_LISTS:
            return bool(self.plans)
        return page.template not in _SELF_CONTAINED


def _split_refs(topic_refs: dict[str, list[Ref]]) -> dict[str, dict[str, list[Ref]]]:
    by_plan: dict[str, dict[str, list[Ref]]] = {}
    for topic, refs in topic_refs.items():
        for ref in refs:
            by_plan.setdefault(ref.plan, {}).setdefault(topic, []).append(ref)
    return by_plan


def _difference(kind: str, before: dict[str, bytes], after: dict[str, bytes], rendered: int) -> Update:
    write = {rel: data for rel, data in after.items() if before.get(rel) != data}
    return Update(kind, write=write, remove=set(before) - set(after), rendered=rendered)


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
