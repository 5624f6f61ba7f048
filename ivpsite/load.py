"""Stage 1, load: find the content files and read them, keeping a line and column for
every key and value so that later stages can point an editor at the exact spot.

YAML is read safely and strictly: duplicate keys, aliases, merge keys and custom tags are
refused; text must be UTF-8; files above MAX_BYTES are refused, and so are control
characters written as YAML escapes. Apart from those limits (content.py) nothing here knows
the content model; it only delivers plain data plus positions.
"""

from __future__ import annotations

import errno
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from . import messages, parallel
from .content import FILE_BYTES, YAML_DEPTH, forbidden_character
from .problems import Problems, working_on

MAX_BYTES = FILE_BYTES.value
MAX_DEPTH = YAML_DEPTH.value

Loc = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
}
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_SECTION_NAME = re.compile(r"^(\d{2})-(.+)\.md$")


@dataclass
class Positions:
    """Where each value (and each mapping key) starts, as 1-based (line, col)."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, loc: Loc) -> tuple[int, int]:
        return self._nearest(self.values, loc)

    def of_key(self, loc: Loc) -> tuple[int, int]:
        if loc in self.keys:
            return self.keys[loc]
        return self.of_value(loc)

    def _nearest(self, table: dict[Loc, tuple[int, int]], loc: Loc) -> tuple[int, int]:
        while loc not in table and loc:
            loc = loc[:-1]
        return table.get(loc, (1, 1))


@dataclass
class Document:
    """One content file, read: plain data from its YAML (or front matter) and positions."""

    path: str  # relative to the content folder, forward slashes
    kind: str  # site | topics | organisation | plan | section | page | context
    data: object
    where: Positions
    body: str = ""  # Markdown body, for sections and pages
    body_line: int = 1  # line of the body's first line in the file


def find_files(root: Path, problems: Problems) -> list[tuple[str, str]]:
    """Every content file as (relative path, kind), in sorted order."""
    found: list[tuple[str, str]] = []
    for name in ("site.yaml", "topics.yaml"):
        if (root / name).is_file() and not _outside(root / name, root):
            found.append((name, name.removesuffix(".yaml")))
        elif not (root / name).is_symlink():
            problems.add(name, 0, 0, messages.text("file_missing", name=name))
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if not _utf8(rel):  # a byte that is not UTF-8 in the name: it cannot become an address
            if _utf8(path.parent.relative_to(root).as_posix()):  # once, for the first such part
                problems.add(rel, 0, 0, messages.text("file_name_encoding"))
            continue
        if _outside(path, root):  # never read, so nothing of it can leak into a message
            problems.add(rel, 0, 0, messages.text("link_outside_content"))
            continue
        if path.is_dir():
            continue
        if not path.is_file():
            problems.add(rel, 0, 0, messages.text("not_a_file"))
            continue
        kind = _kind_of(rel)
        if kind and rel not in ("site.yaml", "topics.yaml"):
            found.append((rel, kind))
        elif kind is None and path.suffix in (".yaml", ".yml", ".md"):
            problems.add(rel, 0, 0, messages.text("unplaced_file"))
    return found


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # Python keeps such bytes as lone surrogates
        return False
    return True


def _outside(path: Path, root: Path) -> bool:
    """A symbolic link whose target lies outside the content folder (a link in a circle is
    not: it is reported as pointing nowhere)."""
    if not path.is_symlink() or _loops(path):
        return False
    return not path.resolve().is_relative_to(root.resolve())


def _loops(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 and 3.12
        return True
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _kind_of(rel: str) -> str | None:
    parts = rel.split("/")
    if rel in ("site.yaml", "topics.yaml"):
        return rel.removesuffix(".yaml")
    if len(parts) == 2 and parts[0] == "pages" and parts[1].endswith(".md"):
        return "page"
    if len(parts) == 2 and parts[1] == "organisation.yaml":
        return "organisation"
    if len(parts) == 3 and parts[2] == "plan.yaml":
        return "plan"
    if len(parts) == 3 and _SECTION_NAME.match(parts[2]):
        return "section"
    if len(parts) == 4 and parts[2] == "context" and parts[3].endswith(".yaml"):
        return "context"  # comparison figures written by `ivpsite fetch context`
    return None


# From this many files on, worker processes read some of them (ivpsite/parallel.py).
PARALLEL_FILES = 1000


def load(root: Path, problems: Problems) -> list[Document]:
    """Read every content file; unreadable ones are reported and left out."""
    files = find_files(root, problems)
    documents = []
    for doc, found in parallel.spread(_read_chunk, [(root, rel, kind) for rel, kind in files],
                                      worth_it=len(files) >= PARALLEL_FILES):
        problems.extend(found)
        if doc is not None:
            documents.append(doc)
    return documents


def _read_chunk(jobs: list[tuple[Path, str, str]]) -> list[tuple[Document | None, Problems]]:
    """Each file read with its own problems, in order; module level, so a worker can run it."""
    done = []
    for root, rel, kind in jobs:
        found = Problems()
        with working_on(rel):
            done.append((read_document(root / rel, rel, kind, found), found))
    return done


def read_document(path: Path, rel: str, kind: str, problems: Problems) -> Document | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    if kind in ("section", "page"):
        return _read_markdown(text, rel, kind, problems)
    if not text.strip():
        problems.add(rel, 1, 1, messages.text("file_empty"))
        return None
    parsed = parse_yaml(text, rel, problems)
    if parsed is None:
        return None
    data, where = parsed
    if not isinstance(data, dict):
        line, col = where.of_value(())
        problems.add(rel, line, col, messages.text("file_not_mapping", found=_describe(data)))
        return None
    return Document(rel, kind, data, where)


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """The file as text: strict UTF-8, byte-order mark dropped, line ends made LF."""
    try:
        with path.open("rb") as handle:  # never more than the limit in memory
            raw = handle.read(MAX_BYTES + 1)
            size = max(len(raw), path.stat().st_size)
    except OSError as error:
        problems.add(rel, 0, 0, messages.text("file_unreadable", reason=messages.reason(error)))
        return None
    if len(raw) > MAX_BYTES:
        problems.add(rel, 0, 0, messages.text("file_too_large", size=f"{size:,}".replace(",", "."),
                                              limit=f"{MAX_BYTES:,}".replace(",", ".")))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.add(rel, line, col, messages.text("invalid_utf8", byte=raw[error.start]))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _read_markdown(text: str, rel: str, kind: str, problems: Problems) -> Document | None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(rel, 1, 1, messages.text("front_matter_missing"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.add(rel, 1, 1, messages.text("front_matter_unclosed"))
        return None
    front = "\n".join(lines[1:end])
    if not front.strip():
        problems.add(rel, 2, 1, messages.text("front_matter_empty"))
        return None
    parsed = parse_yaml(front, rel, problems, line_offset=1)
    if parsed is None:
        return None
    data, where = parsed
    if not isinstance(data, dict):
        line, col = where.of_value(())
        problems.add(rel, line, col, messages.text("front_matter_not_mapping", found=_describe(data)))
        return None
    body = "\n".join(lines[end + 1 :])
    return Document(rel, kind, data, where, body=body, body_line=end + 2)


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _Refusing(Composer):
    """A composer that refuses aliases while composing, so an alias bomb never expands,
    and refuses nesting deeper than MAX_DEPTH, so no input exhausts the stack."""

    depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, messages.text("yaml_alias"))
        if self.depth >= MAX_DEPTH:
            raise _Refused(self.peek_event().start_mark, messages.text("yaml_too_deep", limit=MAX_DEPTH))
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_Refusing, yaml.SafeLoader):
    """The pure-Python reader: always available, and the one every problem is reported from."""


# libyaml's scanner and parser (C) under the same Python composer: the same events give the
# same nodes, marks and refusals, about five times faster. It is only trusted with input it
# reads without any problem; see _compose.
_CLoader: type | None = None
if yaml.__with_libyaml__:
    class _CLoader(_Refusing, yaml.cyaml.CParser, Resolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)


# Text libyaml and PyYAML may judge differently always goes to the pure-Python reader:
# characters PyYAML's reader refuses, a byte-order mark inside the text, '?' (libyaml
# accepts 'a?b' inside [ ] and { } and reads a lone '?' key differently), '!' (tags end at
# a different character inside [ ]) and an empty value inside [ ] or { } (libyaml places
# it one column further).
_PYTHON_ONLY = re.compile("[?!\ufeff]|:\\s*[,\\]}]|" + yaml.reader.Reader.NON_PRINTABLE.pattern)


def _compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document. libyaml reads it when it is installed; on any
    problem the pure-Python loader reads the text again and raises, so every message and
    position is the same with or without libyaml (and a bad file costs two reads)."""
    if _CLoader is not None and not _PYTHON_ONLY.search(text):
        fast = _CLoader(text)
        try:
            return fast.get_single_node()
        except (yaml.YAMLError, _Refused):
            pass
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def parse_yaml(text: str, rel: str, problems: Problems, line_offset: int = 0
               ) -> tuple[object, Positions] | None:
    """Parse one YAML document into plain data and positions, or report why not."""
    odd = _ODD_BREAK.search(text)
    if odd:  # YAML counts these as line ends, editors do not: every line number would drift
        line, col = _line_col(text, odd.start())
        problems.add(rel, line + line_offset, col,
                     messages.text("yaml_line_separator", code=ord(odd.group())))
        return None
    text = _soften_tabs(text)
    try:
        node = _compose(text)
    except _Refused as refused:
        problems.add(rel, refused.mark.line + 1 + line_offset, refused.mark.column + 1,
                     refused.message)
        return None
    except yaml.reader.ReaderError as error:
        line, col = _line_col(text, error.position)
        problems.add(rel, line + line_offset, col,
                     messages.text("yaml_character", code=error.character)
                     if isinstance(error.character, int) else messages.text("yaml_invalid"))
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.add(rel, line + line_offset, col, _dutch_yaml_error(error))
        return None
    except yaml.YAMLError:
        problems.add(rel, 1 + line_offset, 1, messages.text("yaml_invalid"))
        return None
    if node is None:
        problems.add(rel, 1 + line_offset, 1, messages.text("yaml_empty"))
        return None
    where = Positions()
    converter = _Converter(rel, where, problems, line_offset)
    data = converter.convert(node, ())
    if converter.failed:  # already reported where it went wrong; nothing follows from the file
        return None
    return data, where


_ODD_BREAK = re.compile("[\x85\u2028\u2029]")


def _soften_tabs(text: str) -> str:
    """A tab after the indentation becomes one space (PyYAML refuses tabs inside plain
    values, which editors paste from word processors); a tab used as indentation stays,
    so the editor gets the located message about it. Columns do not move."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        body = line.lstrip(" \t")
        if "\t" in body:
            lines[i] = line[: len(line) - len(body)] + body.replace("\t", " ")
    return "\n".join(lines)


class _Converter:
    """Turns a composed YAML node tree into Python values, recording positions and
    refusing duplicate keys, merge keys and tags outside the safe core schema."""

    def __init__(self, rel: str, where: Positions, problems: Problems, line_offset: int) -> None:
        self.rel, self.where, self.problems, self.offset = rel, where, problems, line_offset
        self.constructor = SafeConstructor()
        self.failed = False

    def _at(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def _fail(self, node: yaml.Node, message: str) -> None:
        self.failed = True
        self.problems.add(self.rel, *self._at(node), message)

    def convert(self, node: yaml.Node, loc: Loc) -> object:
        self.where.values[loc] = self._at(node)
        if isinstance(node, ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self._fail(node, messages.text("yaml_tag", tag=node.tag.replace("tag:yaml.org,2002:", "!!")))
                return None
            try:
                value = self.constructor.construct_object(node)
            except (yaml.YAMLError, ValueError, OverflowError):
                self._fail(node, messages.text("yaml_unreadable_value", value=node.value[:80]))
                return None
            if isinstance(value, float) and not math.isfinite(value):
                self._fail(node, messages.text("yaml_not_finite", value=node.value[:80]))
                return None
            if isinstance(value, str) and (index := forbidden_character(value)) >= 0:
                # mostly written as an escape ("\0", "\e"): the reader refuses control characters written out
                self._fail(node, messages.text("control_character", code=ord(value[index])))
                return None
            return value
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self._fail(node, messages.text("yaml_tag_list"))
                return None
            return [self.convert(item, loc + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _MAP_TAG:
                self._fail(node, messages.text("yaml_tag_mapping"))
                return None
            return self._mapping(node, loc)
        self._fail(node, messages.text("yaml_invalid"))
        return None

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, object]:
        result: dict[str, object] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, messages.text("yaml_bad_key"))
                continue
            key = str(key_node.value)
            if key in result or key in first:
                self._fail(key_node, messages.text("yaml_duplicate_key", key=key, line=first[key]))
                continue
            first[key] = self._at(key_node)[0]
            self.where.keys[loc + (key,)] = self._at(key_node)
            result[key] = self.convert(value_node, loc + (key,))
        return result


# PyYAML's English complaint -> the catalogue key of its Dutch message (first match wins).
_YAML_MESSAGES = (
    ("found character '\\t'", "yaml_tab"),
    ("mapping values are not allowed", "yaml_colon"),
    ("could not find expected ':'", "yaml_missing_colon"),
    ("found unexpected end of stream", "yaml_unexpected_end"),
    ("expected <block end>", "yaml_block_end"),
    ("found unknown escape character", "yaml_escape"),
    ("expected ',' or ']'", "yaml_flow_list"),
    ("expected ',' or '}'", "yaml_flow_mapping"),
    ("expected a single document", "yaml_documents"),
    ("found character '@'", "yaml_reserved_start"),
    ("found character '`'", "yaml_reserved_start"),
    ("found undefined tag handle", "yaml_tag_handle"),
    ("while scanning an anchor", "yaml_anchor"),
    ("while scanning an alias", "yaml_alias_invalid"),
    ("while scanning a quoted scalar", "yaml_unclosed_quote"),
    ("while scanning a simple key", "yaml_missing_colon"),
)


def _dutch_yaml_error(error: yaml.MarkedYAMLError) -> str:
    said = f"{error.context or ''} {error.problem or ''}"
    for english, key in _YAML_MESSAGES:
        if english in said:
            return messages.text(key)
    return messages.text("yaml_invalid")


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _describe(value: object) -> str:
    if isinstance(value, list):
        return "een lijst"
    if value is None:
        return "niets"
    if isinstance(value, str):
        return f"de tekst '{value[:40]}'"
    return f"de waarde '{value}'"
