"""libyaml only speeds reading up: data, positions and every problem are exactly those of
the pure-Python reader, for valid content and for each kind of refused input."""

from __future__ import annotations

import pytest
import yaml

from conftest import CONTENT
from ivpsite import load
from ivpsite.problems import Problems

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")

SNIPPETS = [
    "a: 1\nb: [x, y]\nc: {d: 2026-01-01, e: 7.9}\n",
    "title: Wat doen we?\ntopics: [a?b]\n",  # '?' inside [ ]: libyaml accepts, PyYAML refuses
    "a: [b: ]\n",  # an empty value inside [ ]: libyaml puts it one column further
    "a: [!x b, c]\n",  # a tag inside [ ]
    "a: &anker 1\nb: *anker\n",  # alias
    "basis: &b {x: 1}\nc:\n  <<: *b\n",  # merge key
    "a: 1\na: 2\n",  # duplicate key
    "a: !!python/object:os.system ls\n",  # custom tag
    "a: !!binary aGFsbG8=\n",
    "a:\n\tb: 1\n",  # tab as indentation
    "a: b: c\n",
    "a: 'niet gesloten\n",
    "- a\nb: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: .inf\n",
    "a: 2026-13-45\n",
    "a: x\ufeffy\n",  # byte-order mark inside the text
    "a: \x07\n",  # control character
    "a: " + "[" * 60 + "]" * 60 + "\n",  # nested deeper than MAX_DEPTH
    "ä: één\nsleutel_met_€: [ü, 😀]\n",  # columns count characters, not bytes
]


def _read(text: str) -> tuple[object, dict, dict, list]:
    problems = Problems()
    parsed = load.parse_yaml(text, "x.yaml", problems, line_offset=1)
    if parsed is None:
        return None, {}, {}, problems.sorted()
    data, where = parsed
    return data, where.values, where.keys, problems.sorted()


@pytest.mark.parametrize("text", SNIPPETS + [p.read_text(encoding="utf-8")
                                             for p in sorted(CONTENT.rglob("*.yaml"))])
def test_libyaml_reads_exactly_like_pure_python(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with_libyaml = _read(text)
    monkeypatch.setattr(load, "_CLoader", None)
    assert with_libyaml == _read(text)


def test_valid_content_is_read_by_libyaml() -> None:
    text = (CONTENT / "topics.yaml").read_text(encoding="utf-8")
    assert not load._PYTHON_ONLY.search(text)  # so the fast path is what the first test compared
