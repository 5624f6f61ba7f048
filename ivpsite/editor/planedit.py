"""Writing measurements into plan.yaml without disturbing anything else in it.

ruamel.yaml reads the file as a round-trip document, which tells where every indicator, key
and list item starts. The new `measurements` list is then spliced into the text at that
place: unchanged measurements keep their exact lines (comments between them included), and
every byte outside the list stays as it was. A full round-trip dump is not used because it
changes what the editors wrote elsewhere: `null` becomes an empty value and long plain text
that wraps over several lines is joined into one.

The caller checks the result by reading it back with the site's own loader.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

# The content model's field order of an indicator; a new `measurements` key goes before the
# first of these that the indicator has.
_AFTER_MEASUREMENTS = ("topics", "notes", "context", "missing")


@dataclass(frozen=True)
class Entry:
    """One measurement as it should stand in plan.yaml."""

    year: int
    value: int | float | None
    note: str | None = None
    reason: str | None = None  # why value is None (written under missing: value:)

    @classmethod
    def of(cls, data: object) -> Entry | None:
        """The entry a measurement mapping of plan.yaml holds (None if it is no such mapping)."""
        if not isinstance(data, dict) or not isinstance(data.get("year"), int):
            return None
        missing = data.get("missing") or {}
        return cls(data["year"], data.get("value"), data.get("note"),
                   missing.get("value") if isinstance(missing, dict) else None)

    def as_data(self) -> dict[str, object]:
        data: dict[str, object] = {"year": self.year, "value": self.value}
        if self.note is not None:
            data["note"] = self.note
        if self.reason is not None:
            data["missing"] = {"value": self.reason}
        return data


class FlowIndicator(Exception):
    """The indicator is written on one line ({...}); its index is the argument."""


def rewrite(text: str, changes: dict[int, list[Entry]]) -> str:
    """`text` (a plan.yaml, LF line ends) with the measurements of the indicators at these
    indexes set to these entries, in this order."""
    doc = YAML().load(text)
    lines = text.split("\n")
    edits = []
    for index, wanted in changes.items():
        item = doc["indicators"][index]
        if not isinstance(item, CommentedMap) or item.fa.flow_style():
            raise FlowIndicator(index)
        edits.append(_edit(lines, doc, index, wanted))
    for start, stop, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[start:stop] = new
    return "\n".join(lines)


def _edit(lines: list[str], doc: CommentedMap, index: int, wanted: list[Entry]
          ) -> tuple[int, int, list[str]]:
    """(first line, line after the last, new lines) that put `wanted` into indicator `index`."""
    indicators: CommentedSeq = doc["indicators"]
    item: CommentedMap = indicators[index]
    item_line, key_col = indicators.lc.item(index)
    item_end = _item_end(lines, doc, index)
    dash_col = key_col + _sequence_offset(lines, doc)
    keys = list(item.keys())
    if "measurements" not in keys:
        later = [k for k in keys if k in _AFTER_MEASUREMENTS]
        stop = item.lc.key(later[0])[0] if later else item_end
        at = _last_content(lines, item_line, stop) + 1
        return at, at, [" " * key_col + "measurements:", *_render(wanted, dash_col)]
    key_line, _ = item.lc.key("measurements")
    position = keys.index("measurements")
    stop = item.lc.key(keys[position + 1])[0] if position + 1 < len(keys) else item_end
    end = _last_content(lines, key_line, stop)
    seq = item["measurements"]
    value_line, value_col = item.lc.value("measurements")
    if value_line == key_line and lines[value_line][value_col:value_col + 1] == "[":  # [] or [{...}]
        closing = lines[end].rfind("]")
        comment = lines[end][closing + 1:].strip()
        head = " " * key_col + "measurements:" + (f"  {comment}" if comment.startswith("#") else "")
        return key_line, end + 1, [head, *_render(wanted, dash_col)]
    # A block list: unchanged items keep their lines; comment lines before an item stay
    # before it, also when that item is replaced or a new one comes in front of it.
    if not len(seq):
        return key_line + 1, end + 1, lines[key_line + 1:end + 1] + _render(wanted, dash_col)
    starts = [seq.lc.item(i)[0] for i in range(len(seq))] + [end + 1]
    before, own, years = [lines[key_line + 1:starts[0]]], [], {}
    for i in range(len(seq)):
        last = _last_content(lines, starts[i], starts[i + 1])
        own.append(lines[starts[i]:last + 1])
        before.append(lines[last + 1:starts[i + 1]])
        years[Entry.of(seq[i]).year] = i
    dash_col = lines[starts[0]].rfind("-", 0, seq.lc.item(0)[1] + 1)
    body: list[str] = []
    for entry in wanted:
        i = years.get(entry.year)
        if i is None:
            body += _render([entry], dash_col)
        else:
            body += before[i] + (own[i] if Entry.of(seq[i]) == entry else _render([entry], dash_col))
    return key_line + 1, end + 1, body


def _item_end(lines: list[str], doc: CommentedMap, index: int) -> int:
    """The line where whatever follows indicator `index` begins (or the end of the file)."""
    indicators: CommentedSeq = doc["indicators"]
    if index + 1 < len(indicators):
        return indicators.lc.item(index + 1)[0]
    keys = list(doc.keys())
    position = keys.index("indicators")
    return doc.lc.key(keys[position + 1])[0] if position + 1 < len(keys) else len(lines)


def _sequence_offset(lines: list[str], doc: CommentedMap) -> int:
    """How far this file indents a list's '-' under its key (0 or 2, as the indicators show)."""
    line, col = doc["indicators"].lc.item(0)
    return lines[line].rfind("-", 0, col) - doc.lc.key("indicators")[1]


def _last_content(lines: list[str], start: int, stop: int) -> int:
    """The last line in [start, stop) that is neither blank nor a comment (a comment or blank
    line before the next key belongs to that key)."""
    for i in range(stop - 1, start - 1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return start


def _render(entries: list[Entry], dash_col: int) -> list[str]:
    dash, inner = " " * dash_col + "- ", " " * (dash_col + 2)
    out = []
    for entry in entries:
        out.append(f"{dash}year: {entry.year}")
        out.append(f"{inner}value: {'null' if entry.value is None else _number(entry.value)}")
        if entry.note is not None:
            out.append(f"{inner}note: {scalar(entry.note)}")
        if entry.reason is not None:
            out += [f"{inner}missing:", f"{inner}  value: {scalar(entry.reason)}"]
    return out


def _number(value: int | float) -> str:
    text = repr(value)
    if isinstance(value, float) and ("e" in text or "inf" in text or "nan" in text):
        text = format(value, "f")  # YAML 1.1 (PyYAML) reads 1e+20 as text, 1e20.0 not at all
    return text


_DUMPER = YAML()
_DUMPER.width = 1_000_000  # never fold a note over several lines


def scalar(text: str) -> str:
    """`text` as a YAML value that both ruamel.yaml and the site's loader (PyYAML, YAML 1.1)
    read back as exactly this text: ruamel's choice, else single quotes, else double quotes."""
    if any(ord(c) < 32 for c in text):
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    out = io.StringIO()
    _DUMPER.dump({"k": text}, out)
    candidates = [out.getvalue().removeprefix("k: ").rstrip("\n"), "'" + text.replace("'", "''") + "'"]
    for candidate in candidates:
        if "\n" not in candidate and yaml.safe_load(f"k: {candidate}") == {"k": text}:
            return candidate
    return json.dumps(text, ensure_ascii=False)
