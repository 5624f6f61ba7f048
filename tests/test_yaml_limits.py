"""YAML limits: alias bombs, oversized files, deep nesting, tags, tabs, byte-order marks and
line ends. Every refusal is a located Dutch message; nothing ever expands or executes."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PLAN_YAML, SECTION_MD, minimal_files
from ivpsite.build import load_site
from ivpsite.load import MAX_BYTES, MAX_DEPTH
from ivpsite.problems import Problems

PLAN = "voorbeeldstad/plan-2023/plan.yaml"
SECTION = "voorbeeldstad/plan-2023/02-aanpak.md"

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def messages(root: Path) -> list[str]:
    problems = Problems()
    site = load_site(root, problems)
    assert site is None, "expected the content to be refused"
    return [str(p) for p in problems.sorted()]


def valid(root: Path) -> None:
    problems = Problems()
    site = load_site(root, problems)
    assert site is not None and not problems, [str(p) for p in problems.sorted()]


# --- alias bombs ------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["plan", "front-matter", "site"])
def test_billion_laughs_is_refused_without_expanding(site_dir, record_property, where):
    bomb = BILLION_LAUGHS
    rel = {"plan": PLAN, "front-matter": SECTION, "site": "site.yaml"}[where]
    text = f"---\ntitle: x\n{bomb}---\nTekst.\n" if where == "front-matter" else bomb
    root = site_dir({rel: text})
    tracemalloc.start()
    started = time.perf_counter()
    try:
        found = messages(root)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Measured and reported (see `pytest -rA` or the junit properties), not asserted on time.
    record_property("alias_bomb_seconds", round(seconds, 4))
    record_property("alias_bomb_peak_bytes", peak)
    print(f"alias bomb in {where}: refused in {seconds * 1000:.1f} ms, peak {peak / 1e6:.2f} MB")
    assert peak < 100 * 1024 * 1024
    line = 4 if where == "front-matter" else 2  # the first alias, *a on the 'b:' line
    assert any(m.startswith(f"{rel}:{line}:") and "aliassen (*naam) worden niet ondersteund" in m
               for m in found), found


def test_anchor_with_merge_key_is_refused(site_dir):
    plan = PLAN_YAML + "extra: &x {a: 1}\nmore:\n  <<: *x\n"
    found = messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:") and "aliassen" in m for m in found), found


def test_merge_key_without_alias_is_refused(site_dir):
    plan = PLAN_YAML.replace("period:\n", "period:\n  <<: {start: 2023}\n")
    found = messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:") and "'<<'" in m for m in found), found


# --- size and depth ---------------------------------------------------------------------


def test_file_above_the_limit_is_refused(site_dir):
    big = PLAN_YAML + "#" + "x" * MAX_BYTES + "\n"
    found = messages(site_dir({PLAN: big}))
    assert any(m.startswith(f"{PLAN}:0:0: bestand is ") and f"de grens is {MAX_BYTES:_} bytes".replace("_", ".")
               in m for m in found), found


def test_file_at_the_limit_is_read(site_dir):
    padding = MAX_BYTES - len(PLAN_YAML.encode()) - 2
    plan = PLAN_YAML + "#" + "x" * padding + "\n"
    assert len(plan.encode()) == MAX_BYTES
    valid(site_dir({PLAN: plan}))


def test_oversized_markdown_is_refused(site_dir):
    found = messages(site_dir({SECTION: SECTION_MD + ("Een regel tekst.\n" * (MAX_BYTES // 16))}))
    assert any(m.startswith(f"{SECTION}:0:0: bestand is ") for m in found), found


def test_nesting_at_the_limit_is_read_and_beyond_is_refused(site_dir):
    # editor_notes is one level below the root mapping, so MAX_DEPTH - 1 lists fit in total.
    ok = PLAN_YAML + "editor_notes: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    found = messages(site_dir({PLAN: ok}))
    assert not any("te diep genest" in m for m in found), found  # refused for its type only
    deep = PLAN_YAML + "editor_notes: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    found = messages(site_dir({PLAN: deep}))
    assert any(m.startswith(f"{PLAN}:") and "te diep genest" in m for m in found), found


# --- tags -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "!!python/object:os.system x",
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "!custom waarde",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!!pairs [{a: 1}]",
], ids=lambda v: v.split()[0])
def test_custom_tags_are_refused_and_never_run(site_dir, tmp_path, value):
    marker = tmp_path / "pwned"
    plan = PLAN_YAML.replace("title: Veiligheidsplan Voorbeeldstad 2023-2026",
                             "title: " + value.replace("{marker}", str(marker)))
    found = messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:1:8: ") and "tag" in m.lower() for m in found), found
    assert not marker.exists()


def test_tag_directive_is_refused(site_dir):
    plan = "%TAG !py! tag:yaml.org,2002:python/\n---\n" + PLAN_YAML.replace(
        "title: Veiligheidsplan Voorbeeldstad 2023-2026", "title: !py!object:os.system x")
    found = messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:3:8: ") and "niet toegestaan" in m for m in found), found


def test_plain_str_tag_is_harmless_and_accepted(site_dir):
    valid(site_dir({PLAN: PLAN_YAML.replace("status: geldend", "status: !!str geldend")}))


# --- tabs, byte-order marks and line ends ----------------------------------------------


def test_tab_indentation_gets_a_located_message(site_dir):
    plan = PLAN_YAML.replace("  start: 2023", "\tstart: 2023")
    found = messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:5:1: ") and "tab" in m for m in found), found


def test_tab_inside_a_value_is_fine(site_dir):
    valid(site_dir({PLAN: PLAN_YAML.replace("title: Veiligheidsplan Voorbeeldstad",
                                            "title: Veiligheidsplan\tVoorbeeldstad")}))


def test_byte_order_mark_is_dropped_everywhere(site_dir):
    files = {rel: "\ufeff" + text for rel, text in minimal_files().items()}
    valid(site_dir(files))


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_windows_and_old_mac_line_ends_are_fine(site_dir, ending):
    files = {rel: text.replace("\n", ending).encode() for rel, text in minimal_files().items()}
    valid(site_dir(files))


def test_crlf_keeps_line_numbers_right(site_dir):
    plan = PLAN_YAML.replace("start: 2023", "start: twee").replace("\n", "\r\n").encode()
    found = messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:5:10: 'start' verwacht een geheel getal") for m in found), found


def test_bom_and_crlf_in_front_matter(site_dir):
    section = ("\ufeff" + SECTION_MD).replace("\n", "\r\n").encode()
    valid(site_dir({SECTION: section}))


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\ufffe"], ids=["nul", "bel", "esc", "nonchar"])
def test_control_characters_in_yaml_get_a_located_message(site_dir, char):
    plan = PLAN_YAML.replace("status: geldend", f"status: gel{char}dend")
    found = messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:3:12: teken U+") for m in found), found


# --- control characters written as YAML escapes ----------------------------------------

FORBIDDEN = st.one_of(st.integers(0x00, 0x08), st.integers(0x0B, 0x1F), st.integers(0x7F, 0x9F),
                      st.sampled_from([0x2028, 0x2029, 0xD800, 0xDFFF, 0xFDD0, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF]))


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=FORBIDDEN, named=st.booleans())
def test_control_character_written_as_an_escape_is_refused_at_the_value(site_dir, code, named):
    # YAML's named escapes ("\0", "\e", "\N" ...) and numeric ones give the same characters.
    names = {0x00: "\\0", 0x07: "\\a", 0x08: "\\b", 0x0B: "\\v", 0x0C: "\\f", 0x0D: "\\r", 0x1B: "\\e",
             0x85: "\\N", 0x2028: "\\L", 0x2029: "\\P"}
    escape = names.get(code, _escape(code)) if named else _escape(code)
    plan = PLAN_YAML.replace("title: Veiligheidsplan Voorbeeldstad 2023-2026",
                             f'title: "Veiligheidsplan{escape}Voorbeeldstad"')
    found = messages(site_dir({PLAN: plan}))
    assert f"{PLAN}:1:8: onzichtbaar stuurteken U+{code:04X} in de tekst; verwijder het (tab en nieuwe regel " \
           "mogen wel)" in found, found


def test_tab_and_newline_escapes_are_fine(site_dir):
    valid(site_dir({PLAN: PLAN_YAML.replace("title: Veiligheidsplan Voorbeeldstad 2023-2026",
                                            'title: "Veiligheidsplan\\tVoorbeeldstad\\n2023-2026"')}))


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x7f", "\u2028"], ids=["nul", "vtab", "esc", "del", "ls"])
def test_control_character_in_markdown_is_refused_on_its_line_and_column(site_dir, char):
    section = SECTION_MD + f"\nEen regel met een{char}teken.\n"
    found = messages(site_dir({SECTION: section}))
    assert any(m.startswith(f"{SECTION}:9:18: onzichtbaar stuurteken U+{ord(char):04X}") for m in found), found
