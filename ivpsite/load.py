"""Stage 1, load: find the content files and read them, keeping a line and column for
every key and value so that later stages can point an editor at the exact spot.

YAML is read safely and strictly: duplicate keys, aliases, merge keys and custom tags are
refused; text must be UTF-8; files above MAX_BYTES are refused. Nothing here knows the
content model; it only delivers plain data plus positions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problems, processing

MAX_BYTES = 1_000_000  # one megabyte: far above any plan, far below harm
MAX_DEPTH = 50  # nested lists and mappings; real content needs about six

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
    kind: str  # site | topics | organisation | plan | section | page
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
            problems.add(name, 0, 0, f"bestand ontbreekt: content heeft een '{name}' nodig")
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if _outside(path, root):  # never read, so nothing of it can leak into a message
            problems.add(rel, 0, 0, "verwijst naar een bestand of map buiten de contentmap; "
                                    "alleen bestanden binnen content/ zijn toegestaan")
            continue
        if path.is_dir():
            continue
        if not path.is_file():
            problems.add(rel, 0, 0, "is geen gewoon bestand (maar bijvoorbeeld een verwijzing die "
                                    "nergens heen wijst of een pipe); verwijder het")
            continue
        kind = _kind_of(rel)
        if kind and rel not in ("site.yaml", "topics.yaml"):
            found.append((rel, kind))
        elif kind is None and path.suffix in (".yaml", ".yml", ".md"):
            problems.add(rel, 0, 0, _UNPLACED)
    return found


def _outside(path: Path, root: Path) -> bool:
    """A symbolic link whose target lies outside the content folder."""
    return path.is_symlink() and not path.resolve().is_relative_to(root.resolve())


_UNPLACED = (
    "bestand staat niet op een bekende plek; verwacht site.yaml, topics.yaml, "
    "pages/<naam>.md, <organisatie>/organisation.yaml, <organisatie>/<plan>/plan.yaml "
    "of <organisatie>/<plan>/NN-<naam>.md"
)


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
    return None


def load(root: Path, problems: Problems) -> list[Document]:
    """Read every content file; unreadable ones are reported and left out."""
    documents = []
    for rel, kind in find_files(root, problems):
        processing(rel)
        doc = read_document(root / rel, rel, kind, problems)
        if doc is not None:
            documents.append(doc)
    return documents


def read_document(path: Path, rel: str, kind: str, problems: Problems) -> Document | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    if kind in ("section", "page"):
        return _read_markdown(text, rel, kind, problems)
    if not text.strip():
        problems.add(rel, 1, 1, "bestand is leeg; verwacht een mapping met velden (sleutel: waarde)")
        return None
    parsed = parse_yaml(text, rel, problems)
    if parsed is None:
        return None
    data, where = parsed
    if not isinstance(data, dict):
        line, col = where.of_value(())
        problems.add(rel, line, col, f"verwacht een mapping (sleutel: waarde) bovenaan het bestand, "
                                     f"maar vond {_describe(data)}")
        return None
    return Document(rel, kind, data, where)


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """The file as text: strict UTF-8, byte-order mark dropped, line ends made LF."""
    try:
        with path.open("rb") as handle:  # never more than the limit in memory
            raw = handle.read(MAX_BYTES + 1)
            size = max(len(raw), path.stat().st_size)
    except OSError as error:
        problems.add(rel, 0, 0, f"bestand kan niet gelezen worden ({error.strerror})")
        return None
    if len(raw) > MAX_BYTES:
        problems.add(rel, 0, 0, f"bestand is {size:,} bytes; de grens is {MAX_BYTES:,} bytes "
                                "(splits het op in kleinere bestanden)".replace(",", "."))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.add(rel, line, col, f"ongeldige UTF-8 (byte 0x{raw[error.start]:02x}); "
                                     "sla het bestand op als UTF-8")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _read_markdown(text: str, rel: str, kind: str, problems: Problems) -> Document | None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(rel, 1, 1, "front matter ontbreekt: begin het bestand met een regel '---', "
                                "dan de velden (zoals title: ...), en sluit af met een regel '---'")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.add(rel, 1, 1, "front matter wordt niet afgesloten; zet na de velden een regel '---'")
        return None
    front = "\n".join(lines[1:end])
    if not front.strip():
        problems.add(rel, 2, 1, "front matter is leeg; verwacht minstens 'title: ...'")
        return None
    parsed = parse_yaml(front, rel, problems, line_offset=1)
    if parsed is None:
        return None
    data, where = parsed
    if not isinstance(data, dict):
        line, col = where.of_value(())
        problems.add(rel, line, col, f"front matter moet een mapping (sleutel: waarde) zijn, "
                                     f"maar is {_describe(data)}")
        return None
    body = "\n".join(lines[end + 1 :])
    return Document(rel, kind, data, where, body=body, body_line=end + 2)


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases while composing, so an alias bomb never expands,
    and refuses nesting deeper than MAX_DEPTH, so no input exhausts the stack."""

    depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, "aliassen (*naam) worden niet ondersteund; "
                                             "schrijf de waarde voluit")
        if self.depth >= MAX_DEPTH:
            raise _Refused(self.peek_event().start_mark,
                           f"te diep genest (meer dan {MAX_DEPTH} niveaus lijsten en mappings in "
                           "elkaar); maak de structuur platter")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse_yaml(text: str, rel: str, problems: Problems, line_offset: int = 0
               ) -> tuple[object, Positions] | None:
    """Parse one YAML document into plain data and positions, or report why not."""
    odd = _ODD_BREAK.search(text)
    if odd:  # YAML counts these as line ends, editors do not: every line number would drift
        line, col = _line_col(text, odd.start())
        problems.add(rel, line + line_offset, col,
                     f"teken U+{ord(odd.group()):04X} is een onzichtbaar regeleinde; vervang het "
                     "door een gewone nieuwe regel of een spatie")
        return None
    text = _soften_tabs(text)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as refused:
        problems.add(rel, refused.mark.line + 1 + line_offset, refused.mark.column + 1,
                     refused.message)
        return None
    except yaml.reader.ReaderError as error:
        line, col = _line_col(text, error.position)
        problems.add(rel, line + line_offset, col,
                     f"teken U+{error.character:04X} is niet toegestaan in YAML; verwijder het"
                     if isinstance(error.character, int) else "niet-toegestaan teken in YAML")
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.add(rel, line + line_offset, col, _dutch_yaml_error(error))
        return None
    except yaml.YAMLError:
        problems.add(rel, 1 + line_offset, 1, _YAML_FALLBACK)
        return None
    if node is None:
        problems.add(rel, 1 + line_offset, 1, "geen gegevens gevonden; verwacht velden (sleutel: waarde)")
        return None
    where = Positions()
    converter = _Converter(rel, where, problems, line_offset)
    data = converter.convert(node, ())
    return (None if converter.failed else data), where


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
                self._fail(node, f"YAML-tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' "
                                 "is niet toegestaan; schrijf gewone tekst, getallen of datums")
                return None
            try:
                value = self.constructor.construct_object(node)
            except (yaml.YAMLError, ValueError, OverflowError):
                self._fail(node, f"waarde '{node.value[:80]}' kan niet gelezen worden; "
                                 "verwacht een geldige datum (JJJJ-MM-DD), getal of tekst")
                return None
            if isinstance(value, float) and not math.isfinite(value):
                self._fail(node, f"'{node.value[:80]}' is geen eindig getal; schrijf een gewoon "
                                 "getal (zoals 125 of 7.9) of null met een reden onder 'missing'")
                return None
            return value
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self._fail(node, "YAML-tags zijn niet toegestaan; schrijf een gewone lijst")
                return None
            return [self.convert(item, loc + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _MAP_TAG:
                self._fail(node, "YAML-tags zijn niet toegestaan; schrijf een gewone mapping")
                return None
            return self._mapping(node, loc)
        self._fail(node, _YAML_FALLBACK)
        return None

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, object]:
        result: dict[str, object] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, "deze sleutel is niet toegestaan; gebruik gewone namen "
                                     "als sleutel (geen lijsten, mappings of '<<')")
                continue
            key = str(key_node.value)
            if key in result or key in first:
                self._fail(key_node, f"sleutel '{key}' komt dubbel voor (eerst op regel "
                                     f"{first[key]}); verwijder of hernoem er één")
                continue
            first[key] = self._at(key_node)[0]
            self.where.keys[loc + (key,)] = self._at(key_node)
            result[key] = self.convert(value_node, loc + (key,))
        return result


_YAML_FALLBACK = "ongeldige YAML; controleer inspringing (spaties), dubbele punten en aanhalingstekens"

_YAML_MESSAGES = (
    ("found character '\\t'", "een tab-teken is hier niet toegestaan; spring in met spaties"),
    ("mapping values are not allowed", "hier mag geen dubbele punt staan; zet tekst met ': ' "
                                       "tussen aanhalingstekens of controleer de inspringing"),
    ("could not find expected ':'", "verwacht 'sleutel: waarde'; er ontbreekt een dubbele punt"),
    ("found unexpected end of stream", "het bestand eindigt te vroeg; is een aanhalingsteken of "
                                       "haakje niet gesloten?"),
    ("did not find expected key", "inspringing klopt niet: verwacht hier een sleutel op dezelfde "
                                  "hoogte als de sleutels erboven"),
    ("did not find expected '-' indicator", "inspringing van de lijst klopt niet: verwacht een "
                                            "regel die begint met '- '"),
    ("expected <block end>", "inspringing klopt niet; zet deze regel op dezelfde hoogte als de "
                             "regels erboven"),
    ("found unknown escape character", "onbekende escape-reeks in tekst tussen dubbele "
                                       "aanhalingstekens; gebruik enkele aanhalingstekens"),
    ("expected ',' or ']'", "lijst tussen [ ] is niet goed afgesloten; verwacht ',' of ']'"),
    ("expected ',' or '}'", "mapping tussen { } is niet goed afgesloten; verwacht ',' of '}'"),
    ("expected a single document", "het bestand bevat meer dan één YAML-document ('---'); "
                                   "verwacht er één"),
    ("found character '@'", "een waarde mag niet met '@' of '`' beginnen; zet hem tussen "
                            "aanhalingstekens"),
    ("found character '`'", "een waarde mag niet met '@' of '`' beginnen; zet hem tussen "
                            "aanhalingstekens"),
    ("found undefined tag handle", "onbekende YAML-tag; tags zijn niet toegestaan"),
    ("while scanning an anchor", "ongeldig anker (&); ankers en aliassen worden niet ondersteund"),
    ("while scanning an alias", "ongeldige alias (*); ankers en aliassen worden niet ondersteund"),
    ("while scanning a quoted scalar", "tekst tussen aanhalingstekens wordt niet gesloten"),
    ("while scanning a simple key", "verwacht 'sleutel: waarde'; er ontbreekt een dubbele punt"),
)


def _dutch_yaml_error(error: yaml.MarkedYAMLError) -> str:
    said = f"{error.context or ''} {error.problem or ''}"
    for english, dutch in _YAML_MESSAGES:
        if english in said:
            return f"ongeldige YAML: {dutch}"
    return _YAML_FALLBACK


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
