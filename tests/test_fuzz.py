"""Property-based robustness: mutated copies of the real content never crash the pipeline.

Each example takes the real content/, changes one or two files (keys deleted, duplicated,
renamed or retyped, files truncated, control characters and odd Unicode inserted, random YAML
or Markdown written) and runs the pipeline in-process. The promise checked every time:
either the site is valid (and renders), or every problem is a located Dutch message
`path:line:col: ...` that points into a real file. Never an exception, never exit code 2.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONTENT, PLAN_YAML
from ivpsite import cli
from ivpsite.build import check, load_site
from ivpsite.content import MARKDOWN_DEPTH
from ivpsite.problems import Problems
from ivpsite.render.pages import render

# IVPSITE_FUZZ_EXAMPLES=1000 explores deeper than the CI default.
EXAMPLES = int(os.environ.get("IVPSITE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

FILES = sorted(p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*")
               if p.is_file() and not p.name.startswith("."))
YAML_FILES = [f for f in FILES if f.endswith(".yaml")]
MD_FILES = [f for f in FILES if f.endswith(".md")]

# Words of the libraries' own (English) messages: none may reach an editor.
_ENGLISH = re.compile(
    r"Input should|Field required|Extra inputs|validation error|while scanning|while parsing|"
    r"could not find|found character|expected <|Traceback|Error:|object has no attribute|"
    r"NoneType|KeyError|TypeError|ValueError|unhashable"
)
_LOCATED = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<message>\S.*)$", re.S)


# --- the workspace: one copy of the real content, restored after every example -----------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(CONTENT, root)
    return root


@contextlib.contextmanager
def changed(root: Path, changes: dict[str, bytes | None]) -> Iterator[Path]:
    """Apply `changes` (content path -> new bytes, None deletes) and undo them afterwards."""
    saved: dict[str, bytes | None] = {}
    for rel, data in changes.items():
        path = root / rel
        saved[rel] = path.read_bytes() if path.is_file() else None
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    try:
        yield root
    finally:
        for rel, data in saved.items():
            path = root / rel
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)


def original(rel: str) -> str:
    return (CONTENT / rel).read_text(encoding="utf-8")


# --- what every run must satisfy -------------------------------------------------------


def assert_located(root: Path, lines: list[str]) -> None:
    """Every message is `path:line:col: Dutch text`, pointing at a real file and line."""
    assert lines, "exit 1 without any message"
    for text in lines:
        match = _LOCATED.match(text)
        assert match, f"not located: {text!r}"
        message = match["message"]
        assert not _ENGLISH.search(message), f"English or internal text reached the editor: {text!r}"
        path, line = match["path"], int(match["line"])
        if line > 0:
            target = root / path
            assert target.is_file(), f"message points at a file that does not exist: {text!r}"
            # Line ends as editors and YAML count them: CRLF, LF and a lone CR.
            text = target.read_bytes().decode("utf-8", "replace")
            count = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
            assert line <= count, f"line {line} beyond the end ({count} lines): {text!r}"


def run_pipeline(root: Path) -> None:
    """check() in-process; a valid result must also render."""
    problems = Problems()
    site = load_site(root, problems)
    if site is None:
        assert_located(root, [str(p) for p in problems.sorted()])
    else:
        assert not problems, [str(p) for p in problems.sorted()]
        files = render(site)
        assert "index.html" in files


def run_cli(root: Path) -> int:
    """`ivpsite check` in-process, as an editor would run it."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["check", "--content", str(root)])
    lines = err.getvalue().splitlines()
    assert code in (0, 1), f"exit code {code}: {err.getvalue()}"
    assert "Traceback" not in err.getvalue()
    if code == 1:
        assert lines[-1].startswith("ivpsite: ") and "niets gepubliceerd" in lines[-1], lines
        explained = [line for line in lines[:-1] if line.startswith("  uitleg: ")]
        assert all(re.fullmatch(r"  uitleg: handleiding/meldingen/#[a-z][a-z0-9_]*", line) for line in explained)
        assert_located(root, [line for line in lines[:-1] if line not in explained])
    else:
        assert not lines, lines
    return code


# --- strategies -------------------------------------------------------------------------

ODD = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\t", "\r", "\u00a0",
    "\u200b", "\u200d", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\U0001f6a8",
    "e\u0301", "\u0000\u0000", "ﬁ", "İ", "ß", "\U000e0001", "\udc80", "'", '"', ":", ": ", "#",
    "- ", "&a", "*a", "!", "!!python/object:os.system", "|", ">", "%YAML 1.1", "---", "...",
    "{", "}", "[", "]", "@", "`", "\\", "<<: ", "~", "null", "0x1F", "1e999", ".nan", "2023-13-45",
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(["", " ", "2026", "1899", "99999",
                                                           "ivp-2023-2026", "GM0000", "<script>"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)


def paths_in(data: object, here: tuple = ()) -> list[tuple]:
    """Every location inside nested dicts and lists (the root excluded)."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append(here + (key,))
            found.extend(paths_in(value, here + (key,)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.append(here + (i,))
            found.extend(paths_in(value, here + (i,)))
    return found


def mutate_data(data: object, draw: st.DrawFn) -> object:
    """Delete, retype, rename or add one key or list item somewhere in `data`."""
    locations = paths_in(data)
    if not locations:
        return draw(values)
    loc = draw(st.sampled_from(locations))
    parent = data
    for part in loc[:-1]:
        parent = parent[part]
    last = loc[-1]
    op = draw(st.sampled_from(["delete", "retype", "rename", "add", "empty"]))
    if op == "delete":
        del parent[last]
    elif op == "retype":
        parent[last] = draw(values)
    elif op == "empty":
        parent[last] = type(parent[last])() if isinstance(parent[last], (list, dict, str)) else None
    elif op == "rename" and isinstance(parent, dict):
        parent[draw(st.text(max_size=12))] = parent.pop(last)
    elif op == "add" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=12))] = draw(values)
    elif op == "add":
        parent.append(draw(values))
    return data


def dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def split_front(text: str) -> tuple[str, str]:
    _, front, body = text.split("---\n", 2)
    return front, body


@st.composite
def data_mutation(draw: st.DrawFn) -> dict[str, bytes | None]:
    """One content file re-written with its data mutated one to three times."""
    rel = draw(st.sampled_from(YAML_FILES + MD_FILES))
    text = original(rel)
    if rel.endswith(".md"):
        front, body = split_front(text)
        data = yaml.safe_load(front)
    else:
        data = yaml.safe_load(text)
    for _ in range(draw(st.integers(1, 3))):
        data = mutate_data(data, draw)
    new = dump(data)
    if rel.endswith(".md"):
        new = f"---\n{new}---\n{body}"
    return {rel: new.encode("utf-8", "surrogatepass")}


@st.composite
def text_mutation(draw: st.DrawFn) -> dict[str, bytes | None]:
    """One content file changed as text: truncated, lines dropped, duplicated, re-indented,
    odd characters inserted, line ends and byte-order marks changed."""
    rel = draw(st.sampled_from(FILES))
    text = original(rel)
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        op = draw(st.sampled_from(["truncate", "insert", "drop-line", "dup-line", "indent",
                                   "dedent", "tab", "crlf", "bom", "replace-line", "swap-lines"]))
        if op == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
        elif op == "insert":
            at = draw(st.integers(0, len(text)))
            odd = draw(st.one_of(st.sampled_from(ODD), st.text(max_size=5)))
            text = text[:at] + odd + text[at:]
        elif op == "drop-line":
            del lines[i]
            text = "\n".join(lines)
        elif op == "dup-line":
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + lines[i]
            text = "\n".join(lines)
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
            text = "\n".join(lines)
        elif op == "tab":
            lines[i] = "\t" + lines[i].lstrip(" ")
            text = "\n".join(lines)
        elif op == "crlf":
            text = text.replace("\n", "\r\n")
        elif op == "bom":
            text = "\ufeff" + text
        elif op == "replace-line":
            lines[i] = draw(st.text(max_size=40))
            text = "\n".join(lines)
        elif op == "swap-lines":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return {rel: text.encode("utf-8", "surrogatepass")}


YAML_TOKENS = st.sampled_from(
    ["a", "title", "kind", "topics", ":", ": ", "- ", "  ", "    ", "\n", "\t", "'", '"', "[", "]",
     "{", "}", ",", "&x ", "*x", "!!str ", "!!python/object/apply:os.system ", "!t ", "? ", "|",
     ">-", "#", "%TAG ! tag:x,2000:\n", "---\n", "...\n", "<<: ", "2023", "2023-02-30", "null",
     "~", "true", "0o17", "1_000", ".inf", "\\x", "\u202e", "\x85", "é", "\U0001f600"])


@st.composite
def random_yaml(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(YAML_TOKENS, max_size=60)))


MD_TOKENS = st.sampled_from(
    ["# ", "## ", "### ", "#### ", "##### ", "###### ", "Tekst ", "\n", "\n\n", "- ", "1. ", "> ",
     "    ", "```\n", "~~~", "| a | b |\n|---|---|\n| 1 | 2 |\n", "*", "**", "_", "~~", "`", "[", "]",
     "(", ")", "[x](01-inleiding.md)", "[x](../../site.yaml)", "[x](../../../../etc/passwd)",
     "[x](/etc/passwd)", "[x](#kop)", "[x](https://example.org)", "[x](mailto:a@b.nl)",
     "[x](javascript:alert(1))", "![x](y.png)", "<https://example.org>", "<b>", "</p>", "<!-- ",
     "&amp;", "&#0;", "&#x110000;", "&nbsp;", "[^1]", "[^1]: noot\n", "[ref]", "[ref]: x.md\n",
     "\\", "---\n", "===\n", "{#id}", "\x00", "\u2028", "\U0001f6a8", "é", "\t", "<", ">", "\"",
     "[x](02-de-prioriteiten.md#kop)", "[x](plan.yaml)", "[x](../organisation.yaml)", "[x](%2e%2e/x)",
     "[x](<a b.md>)", "[x](x.md \"titel\")", "[]()", "[x]()"])


@st.composite
def random_markdown(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(MD_TOKENS, max_size=50)))


@st.composite
def deep_markdown(draw: st.DrawFn) -> str:
    """Nesting around and far past the limit: containers on one line or over indented
    lines, emphasis, brackets, or a mix with ordinary text."""
    depth = draw(st.integers(MARKDOWN_DEPTH.value - 3, 3000))
    form = draw(st.sampled_from(["line", "indented", "emphasis", "brackets", "mixed"]))
    if form == "line":
        return "".join(draw(st.lists(st.sampled_from(["> ", ">", "- ", "* ", "1. ", "+ "]), min_size=depth,
                                     max_size=depth))) + "x\n"
    if form == "indented":
        marker = draw(st.sampled_from(["- ", "1. ", "* "]))
        return "".join(" " * (len(marker) * i) + marker + f"punt {i}\n" for i in range(min(depth, 400)))
    if form == "emphasis":
        marks = draw(st.lists(st.sampled_from(["*", "**", "_", "~~", "***"]), min_size=depth, max_size=depth))
        return "".join(f"{m}a " for m in marks) + "b" + "".join(f" c{m}" for m in reversed(marks)) + "\n"
    if form == "brackets":
        return draw(st.sampled_from(["[", "![", "*", "_"])) * depth + "a" + "](x.md)" * draw(st.integers(0, depth))
    return "".join(draw(st.lists(st.sampled_from(["> ", "- ", "*", "**", "[", "](01-inleiding.md)", "Tekst ", "\n",
                                                  "\n\n", "`", "~~", "_"]), min_size=depth, max_size=depth)))


@st.composite
def wide_table(draw: st.DrawFn) -> str:
    """A table with up to thousands of columns and rows; rows may be short (markdown-it pads
    them to the header) or long."""
    columns = draw(st.integers(1, 3000))
    rows = draw(st.integers(0, 3000))
    header = "|" + "a|" * columns
    delimiter = "|" + draw(st.sampled_from(["-", ":-", "-:", ":-:"])) * 1 + "|-" * (columns - 1) + "|"
    body = "".join("|" + "x|" * draw(st.integers(0, 3)) + "\n" for _ in range(min(rows, 50))) + "|\n" * max(0, rows - 50)
    return f"Voor de tabel.\n\n{header}\n{delimiter}\n{body}\nNa de tabel.\n"


# --- the properties ---------------------------------------------------------------------


@FUZZ
@given(change=data_mutation())
def test_mutated_data_never_crashes(workspace, change):
    with changed(workspace, change) as root:
        run_pipeline(root)


@FUZZ
@given(change=text_mutation())
def test_mutated_text_never_crashes(workspace, change):
    with changed(workspace, change) as root:
        run_pipeline(root)


@FUZZ
@given(rel=st.sampled_from(YAML_FILES), text=random_yaml())
def test_random_yaml_never_crashes(workspace, rel, text):
    with changed(workspace, {rel: text.encode("utf-8", "surrogatepass")}) as root:
        run_pipeline(root)


@FUZZ
@given(rel=st.sampled_from(MD_FILES), body=random_markdown(), front=st.one_of(st.just(None), random_yaml()))
def test_random_markdown_never_crashes(workspace, rel, body, front):
    text = original(rel)
    head = text[: text.index("---\n", 4) + 4] if front is None else f"---\n{front}\n---\n"
    changes = {rel: (head + body).encode("utf-8", "surrogatepass"),
               "pages/fuzz.md": f"---\ntitle: Fuzz\n---\n{body}".encode("utf-8", "surrogatepass")}
    with changed(workspace, changes) as root:
        run_pipeline(root)


@FUZZ
@given(rel=st.sampled_from(MD_FILES), body=st.one_of(deep_markdown(), wide_table()))
def test_deep_nesting_and_wide_tables_never_crash(workspace, rel, body):
    text = original(rel)
    head = text[: text.index("---\n", 4) + 4]
    with changed(workspace, {rel: (head + body).encode("utf-8")}) as root:
        run_pipeline(root)


@settings(FUZZ, max_examples=max(10, EXAMPLES * 2 // 3))
@given(change=st.one_of(data_mutation(), text_mutation()),
       removed=st.lists(st.sampled_from(FILES), max_size=2),
       extra=st.dictionaries(st.sampled_from(["stray.yaml", "pages/x.yml", "maasgouw/x/y/z.md",
                                              "maasgouw/ivp-2023-2026/99-nieuw.md",
                                              "Nieuwe Gemeente/organisation.yaml", "pages/zoeken.md",
                                              "maasgouw/ivp-2023-2026/1-kort.md", "pages/Hoofd.md"]),
                             st.sampled_from([b"", b"---\ntitle: x\n---\n", b"title: x\n", b"\xff\xfe"]),
                             max_size=2))
def test_cli_exit_code_is_zero_or_one(workspace, change, removed, extra):
    changes: dict[str, bytes | None] = dict(change)
    changes.update({rel: None for rel in removed})
    changes.update(extra)
    with changed(workspace, changes) as root:
        run_cli(root)


def test_unchanged_workspace_is_valid(workspace):
    """The fuzz starts from valid content, so a failure above is caused by the mutation."""
    assert run_cli(workspace) == 0


# --- regressions: each crash the fuzz (or its author) found, pinned down -----------------

PLAN = "voorbeeldstad/plan-2023/plan.yaml"


def _messages(root: Path) -> list[str]:
    problems = Problems()
    assert check(root, problems) is None
    return [str(p) for p in problems.sorted()]


@pytest.mark.parametrize("plan", [PLAN_YAML + "editor_notes: " + "[" * 3000 + "]" * 3000,
                                  PLAN_YAML + "editor_notes: " + "{a: " * 2000 + "1" + "}" * 2000,
                                  "- " * 2000 + "x"], ids=["flow-lists", "flow-mappings", "block-lists"])
def test_deep_nesting_is_refused_not_a_recursion_error(site_dir, plan):
    messages = _messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:") and "te diep genest" in m for m in messages), messages


@pytest.mark.parametrize("number", [".nan", ".NaN", ".inf", "-.inf", "1.0e+999"])
def test_non_finite_numbers_are_refused(site_dir, number):
    plan = PLAN_YAML.replace("baseline: {value: 29,", f"baseline: {{value: {number},")
    messages = _messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:") and "geen eindig getal" in m for m in messages), messages


@pytest.mark.parametrize(("number", "shown"), [("0.00001", "0,00001"), ("1" + "0" * 30, "1" + ".000" * 10),
                                               ("1234.5", "1.234,5")], ids=["tiny", "huge-int", "plain"])
def test_extreme_numbers_render(site_dir, number, shown):
    plan = PLAN_YAML.replace("baseline: {value: 29,", f"baseline: {{value: {number},")
    problems = Problems()
    site = load_site(site_dir({PLAN: plan}), problems)
    assert site is not None, [str(p) for p in problems.sorted()]
    html = render(site)["voorbeeldstad/plan-2023/index.html"].decode()
    assert shown in html


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"], ids=["nel", "ls", "ps"])
def test_unicode_line_breaks_in_yaml_get_the_editors_line_number(site_dir, char):
    # Found by the fuzz: YAML counts U+0085/U+2028/U+2029 as line ends, editors do not.
    plan = PLAN_YAML.replace("status: geldend", f"status: gel{char}dend")
    messages = _messages(site_dir({PLAN: plan}))
    assert any(m.startswith(f"{PLAN}:3:12: teken U+") and "onzichtbaar regeleinde" in m for m in messages), messages


@pytest.mark.parametrize("key", ["a\\nb", "x\\vy", "kleur\\e[31m", "p\\x85q"], ids=["newline", "vtab", "escape", "nel"])
def test_control_characters_in_a_message_stay_on_one_line(site_dir, key):
    # Found by the fuzz: an unknown key is quoted in the message; a line break in it split
    # the message over two lines (the second without a location).
    root = site_dir({PLAN: PLAN_YAML + f'"{key}": 1\n'})
    assert run_cli(root) == 1
    messages = _messages(root)
    assert any(m.startswith(f"{PLAN}:") and "onbekend veld" in m for m in messages), messages
    assert all("\n" not in m and "\x1b" not in m and "\x0b" not in m for m in messages), messages
