"""The Markdown dialect: raw HTML and unsafe links never become markup; headings are checked."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import PLAN_YAML, run_cli
from ivpsite import markdown
from ivpsite.build import check
from ivpsite.content import MARKDOWN_DEPTH, REFERENCES, TABLE_CELLS, TABLE_COLUMNS
from ivpsite.problems import Problems

SECTION = "voorbeeldstad/plan-2023/01-inleiding.md"


def html_of(text: str) -> str:
    return markdown.render(markdown.parse(text), lambda target: target)


def test_raw_html_is_escaped():
    out = html_of('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in out and "<img" not in out and "&lt;script&gt;" in out


def test_unsafe_link_schemes_do_not_become_links():
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:x", "data:text/html,x", "file:///etc/passwd"):
        assert "<a" not in html_of(f"[klik]({url})"), url


def test_tables_footnotes_and_anchors():
    out = html_of("## Zorg & Veiligheid\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTekst[^1]\n\n[^1]: Noot.\n")
    assert '<h2 id="zorg-veiligheid">' in out and "<table>" in out and "footnote" in out


def test_heading_level_one_in_body_is_refused(site_dir):
    problems = Problems()
    check(site_dir({SECTION: "---\ntitle: Inleiding\n---\n# Dubbele titel\n"}), problems)
    assert any(str(p).startswith(f"{SECTION}:4:1: gebruik '##' voor koppen") for p in problems.sorted())


def test_skipped_heading_level_is_refused(site_dir):
    problems = Problems()
    check(site_dir({SECTION: "---\ntitle: Inleiding\n---\n## Een\n\n#### Drie\n"}), problems)
    assert any(f"{SECTION}:6:1: kop van niveau 4 volgt op niveau 2" in str(p) for p in problems.sorted())


def test_link_out_of_content_is_refused(site_dir):
    problems = Problems()
    check(site_dir({SECTION: "---\ntitle: Inleiding\n---\n[x](../../../etc/passwd)\n"}), problems)
    assert any("wijst buiten de contentmap" in str(p) for p in problems.sorted())


def test_internal_link_becomes_relative_url(site_dir, tmp_path):
    from ivpsite.build import build

    out = tmp_path / "out"
    assert build(site_dir(), out, Problems()) is not None
    page = (out / "voorbeeldstad/plan-2023/aanpak/index.html").read_text()
    assert 'href="../inleiding/"' in page


def test_repeated_headings_get_unique_anchors():
    out = html_of("## Doel\n\ntekst\n\n## Doel\n\n### Zorg &amp; *Veiligheid*\n")
    assert '<h2 id="doel">' in out and '<h2 id="doel-1">' in out
    assert '<h3 id="zorg-veiligheid">' in out


def test_link_hidden_behind_an_entity_is_refused_on_its_line(site_dir):
    problems = Problems()
    check(site_dir({SECTION: "---\ntitle: Inleiding\n---\nEerste regel.\n\n[klik](&#x6A;avascript:alert(1))\n"}),
          problems)
    found = [str(p) for p in problems.sorted()]
    assert any(p.startswith(f"{SECTION}:6:") and "javascript:alert(1" in p for p in found), found


def test_scheme_without_slashes_is_refused_though_the_parser_makes_it_a_link(site_dir):
    problems = Problems()
    check(site_dir({SECTION: "---\ntitle: Inleiding\n---\n## Kop\n\nZie [dit](https:voorbeeld.nl).\n"}), problems)
    assert any(str(p).startswith(f"{SECTION}:6:") for p in problems.sorted()), problems.sorted()


def test_link_in_code_is_text_not_a_problem():
    body = markdown.parse("Schrijf nooit `[x](javascript:alert(1))` in een plan.\n")
    assert body.refused == [] and body.links == []
    assert "<a" not in body.html


def test_located_links_carry_their_own_line():
    body = markdown.parse("Regel een.\nRegel twee met [a](a.md).\n\n- punt\n- [b](b.md)\n")
    assert body.links == [("a.md", "href", 1), ("b.md", "href", 4)]


def test_paragraphs_as_a_reader_sees_them():
    body = markdown.parse("Eerste *alinea* met `code`[^1] en ![beeld](x.png).\n\n"
                          "- kort punt\n- lijst:\n  - genest\n\n| cel |\n|---|\n| tabel |\n\n[^1]: Noot.\n")
    assert body.paragraphs == ["Eerste alinea met code en .", "kort punt", "lijst:", "genest", "Noot."]


# --- one parser for bodies and inline fields ---------------------------------------------

INLINE_PIECES = st.sampled_from([
    "Minder", "inbraken", " ", "*nadruk*", "**vet**", "_schuin_", "~~weg~~", "`code`", "``co`de``",
    "[de aanpak](02-aanpak.md)", "[kop](#kop)", "<https://example.org/x>", "[site](https://example.org/)",
    "&amp;", "&eacute;", "&#35;", "\\*", "\\[", "'", '"', "<", ">", "&", "a_b_c", "5 * 3", "~", "[^1]",
    "[x][y]", "\n", "  \n", "é", "🚨"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(INLINE_PIECES, min_size=1, max_size=20))
def test_inline_field_gives_the_same_html_as_a_body_paragraph(pieces):
    text = "".join(pieces).strip() or "x"
    inline = markdown.parse_inline(text)
    assume(inline.block is None)
    assert markdown.parse(text).html == f"<p>{inline.html}</p>\n"
    assert markdown.render_inline(text) == inline.html
    assert [link[:2] for link in inline.links] == [link[:2] for link in markdown.parse(text).links]


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(max_size=30), st.text(alphabet=st.sampled_from(list("aé -+=:.1)\"'\t \u00a0\u2003*#")),
                                                     max_size=12)))
def test_plain_inline_text_skips_the_parser_with_the_same_result(text):
    assert markdown.parse_inline(text) == markdown._parse_inline(text)


def test_render_inline_rewrites_links_as_render_does():
    html = markdown.render_inline("Zie [de aanpak](02-aanpak.md#doel) en [x](https://example.org/?a=1&b=2).",
                                  lambda target: "../aanpak/#doel" if target.startswith("02") else target)
    assert html == ('Zie <a href="../aanpak/#doel">de aanpak</a> en '
                    '<a href="https://example.org/?a=1&amp;b=2">x</a>.')


@pytest.mark.parametrize(("text", "what"), [
    ("- Minder inbraken.", "een lijst"), ("1. Minder inbraken.", "een genummerde lijst"),
    ("## Doel", "een kop"), ("> citaat", "een citaat (>)"), ("| a |\n|---|\n| b |", "een tabel"),
    ("```\ncode\n```", "een codeblok"), ("***", "een horizontale lijn"), ("Een.\n\nTwee.", "een tweede alinea"),
    ("Doel\n===", "een kop"), ("[a]: https://example.org/", "een verwijzingsdefinitie ('[naam]: adres')"),
    ("Tekst^[noot]", "een voetnoot"), ("[^1]: noot", "een voetnoot"),
])
def test_block_syntax_in_an_inline_field_is_named(text, what):
    assert markdown.parse_inline(text).block == what


def test_escaped_block_marker_is_inline_text():
    # As the message and the handbook advise: the backslash before '-', '#', '>' or the number's dot.
    for written, shown in [("1\\. Minder inbraken.", "1. Minder inbraken."), ("\\- Minder.", "- Minder."),
                           ("\\# Doel", "# Doel"), ("\\> Citaat", "&gt; Citaat")]:
        assert markdown.parse_inline(written) == markdown.Body(shown, paragraphs=[shown.replace("&gt;", ">")])


PLAN = "voorbeeldstad/plan-2023/plan.yaml"


@pytest.mark.parametrize(("goal", "expected"), [
    ("'Zie [de aanpak](01-inleidng.md).'", "link '01-inleidng.md' wijst naar 'voorbeeldstad/plan-2023/01-inleidng.md'"),
    ("'Zie [elders](//evil.example/x).'", "link '//evil.example/x' is niet toegestaan"),
    ("'Zie [root](/voorbeeldstad/).'", "link '/voorbeeldstad/' is niet toegestaan"),
    ("'Zie [uit](../../../README.md).'", "wijst buiten de contentmap"),
    ("'Zie ![kaart](kaart.png).'", "afbeeldingen in de tekst worden niet ondersteund"),
    ("'Zie ![kaart](https://evil.example/p.png).'", "afbeeldingen in de tekst worden niet ondersteund"),
    ("'Klik [hier](javascript:alert(1)).'", "link 'javascript:alert(1' is niet toegestaan"),
    ("'Klik [hier](https:voorbeeld.nl).'", "deze link is niet toegestaan"),
    ("'- Minder inbraken.'", "dit veld is tekst binnen één alinea, maar bevat een lijst"),
    ("'# Doel'", "bevat een kop"),
], ids=["dead", "protocol-relative", "absolute", "outside", "image", "remote-image", "javascript", "no-slashes",
        "list", "heading"])
def test_inline_field_has_the_body_rules_located_at_its_value(site_dir, goal, expected):
    plan = PLAN_YAML.replace("goals: [Minder inbraken.]", f"goals: [Eerst., {goal}]")
    problems = Problems()
    check(site_dir({PLAN: plan}), problems)
    found = [str(p) for p in problems.sorted()]
    assert any(m.startswith(f"{PLAN}:23:21: ") and expected in m for m in found), found


def test_inline_fields_take_relative_links_to_content_files(site_dir):
    plan = PLAN_YAML.replace("goals: [Minder inbraken.]",
                             "goals: ['Zie [de aanpak](02-aanpak.md#wat-we-doen) en [het plan](plan.yaml).']")
    plan = plan.replace("actions: [Voorlichting.]", "actions: ['**Voorlichting** over [de gemeente](../organisation.yaml).']")
    problems = Problems()
    assert check(site_dir({PLAN: plan}), problems) is not None, [str(p) for p in problems.sorted()]


# --- limits: nesting, tables, references, headings, problems -----------------------------

LIMIT = MARKDOWN_DEPTH.value


def parsed_within_memory(text: str, megabytes: int = 64) -> markdown.Body:
    tracemalloc.start()
    try:
        body = markdown.parse(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < megabytes * 1024 * 1024, peak
    return body


def too_deep(body: markdown.Body) -> bool:
    return [key for key, *_ in body.refusals] == ["markdown_too_deep"]


CONTAINERS = st.sampled_from(["> ", ">", "- ", "* ", "+ ", "1. ", "2) "])


@settings(max_examples=60, deadline=None)
@given(markers=st.lists(CONTAINERS, min_size=LIMIT + 1, max_size=3000), repeat=st.integers(1, 20))
def test_deep_containers_on_a_line_are_refused(markers, repeat):
    body = parsed_within_memory(("".join(markers) + "x\n") * repeat)
    assert too_deep(body) and body.refusals[0][1] == 0 and body.html == ""


@settings(max_examples=30, deadline=None)
@given(markers=st.lists(CONTAINERS, min_size=1, max_size=LIMIT))
def test_containers_up_to_the_limit_are_fine(markers):
    assert not markdown.parse("".join(markers) + "x\n").refusals


@settings(max_examples=40, deadline=None)
@given(depth=st.integers(LIMIT + 1, 200), kind=st.sampled_from(["- ", "1. ", "> "]))
def test_deep_nesting_over_many_lines_is_refused_on_its_line(depth, kind):
    # Each line one level deeper by indentation: no line holds many markers.
    lines = [" " * (len(kind) * i if kind != "> " else 0) + (kind if kind != "> " else "> " * (i + 1)) + f"punt {i}"
             for i in range(depth)]
    body = parsed_within_memory("\n".join(lines) + "\n")
    assert too_deep(body)
    assert body.refusals[0][1] <= LIMIT  # the line where the limit was passed, not the end


EMPHASIS = st.sampled_from(["*", "**", "_", "~~", "***"])  # '***' opens two levels


def levels(marks: list[str]) -> int:
    return sum(2 if mark == "***" else 1 for mark in marks)


def nested(marks: list[str]) -> str:
    return "".join(f"{mark}a " for mark in marks) + "b" + "".join(f" c{mark}" for mark in reversed(marks)) + "\n"


@settings(max_examples=60, deadline=None)
@given(marks=st.lists(EMPHASIS, min_size=LIMIT + 1, max_size=20000))
def test_deep_emphasis_is_refused(marks):
    assert too_deep(parsed_within_memory(nested(marks)))


@settings(max_examples=30, deadline=None)
@given(marks=st.lists(EMPHASIS, min_size=1, max_size=LIMIT).filter(lambda marks: levels(marks) <= LIMIT))
def test_emphasis_up_to_the_limit_is_fine(marks):
    body = markdown.parse(nested(marks))
    assert not body.refusals and body.html.count("<em>") + body.html.count("<strong>") + body.html.count("<s>") \
        == levels(marks)


@settings(max_examples=40, deadline=None)
@given(count=st.integers(2 * LIMIT + 1, 150_000), mark=st.sampled_from(["*", "_", "[", "![", "~~"]),
       closed=st.booleans())
def test_long_runs_of_opening_marks_are_refused_before_parsing(count, mark, closed):
    close = {"*": "*", "_": "_", "[": "](x.md)", "![": "](x.png)", "~~": "~~"}[mark]
    text = mark * count + "a" + (close * count if closed else "")
    body = parsed_within_memory(text + "\n")
    assert too_deep(body) and body.html == ""


@pytest.mark.parametrize("text", [">" * 300_000, "> " * 150_000, "- " * 150_000 + "x", "1. " * 100_000,
                                  "*" * 150_000 + "a" + "*" * 150_000, "[" * 300_000, "![" * 150_000,
                                  "*a " * 100_000 + "b" + " c*" * 100_000, "~~a " * 70_000],
                         ids=["quotes", "quotes-spaced", "bullets", "numbers", "stars", "brackets", "images",
                              "emphasis", "strike"])
def test_hostile_nesting_gets_a_located_message_from_the_command(site_dir, text):
    # A few hundred kilobytes that crashed the Rust parser: one located Dutch message, exit 1.
    # The process's own timeout only guards against a hang; it is not what is tested.
    root = site_dir({SECTION: f"---\ntitle: Inleiding\n---\n{text}\n"})
    result = run_cli("check", "--content", str(root))
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert f"{SECTION}:4:1: te diep genest: meer dan {LIMIT} niveaus" in result.stderr, result.stderr[-2000:]


def test_a_long_horizontal_rule_is_not_nesting():
    body = markdown.parse("- " * 5000 + "\n\n" + "* " * 5000 + "\n")
    assert not body.refusals and body.html.count("<hr>") == 2


@settings(max_examples=40, deadline=None)
@given(columns=st.integers(TABLE_COLUMNS.value + 1, 20_000), rows=st.integers(0, 2000))
def test_wide_tables_are_refused_before_parsing(columns, rows):
    text = "|" + "a|" * columns + "\n|" + "-|" * columns + "\n" + "|\n" * rows
    body = parsed_within_memory(text)
    assert body.refusals == [("table_too_wide", 1, 1, {"count": columns, "limit": TABLE_COLUMNS.value})]


@settings(max_examples=40, deadline=None)
@given(columns=st.integers(1, TABLE_COLUMNS.value), rows=st.integers(0, 100_000))
def test_large_tables_are_refused_before_parsing(columns, rows):
    text = "|" + "a|" * columns + "\n|" + "-|" * columns + "\n" + "|\n" * rows
    body = parsed_within_memory(text, megabytes=128)
    if columns * (rows + 2) > TABLE_CELLS.value:
        assert [key for key, *_ in body.refusals] == ["table_too_large"]
    else:
        assert not body.refusals and body.html.count("<tr>") == rows + 1


@settings(max_examples=10, deadline=None)
@given(count=st.integers(REFERENCES.value + 1, 20_000), footnotes=st.booleans())
def test_many_reference_definitions_are_refused(count, footnotes):
    label = "^" if footnotes else ""
    text = "".join(f"[{label}r{i}]: https://example.org/{i}\n" for i in range(count))
    body = parsed_within_memory(text)
    assert body.refusals == [("too_many_references", REFERENCES.value, 1, {"limit": REFERENCES.value})]


def test_identical_headings_are_numbered_in_linear_time():
    # Quadratic de-duplication took minutes here; the process's timeout only guards against that.
    code = ("from ivpsite import markdown; b = markdown.parse('## Doel\\n\\n' * 60000 + '## Doel 1\\n');"
            "print(b.html.count(' id='), 'doel-59999' in b.html, 'doel-1-1' in b.html)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["60001", "True", "True"], result.stderr


def test_many_problems_in_one_file_are_each_located(site_dir):
    count = 20_000
    body = "".join(f"Regel {i} met [x](javascript:alert({i})).\n" for i in range(count))
    root = site_dir({SECTION: f"---\ntitle: Inleiding\n---\n{body}"})
    result = run_cli("check", "--content", str(root))  # its timeout guards against a hang
    lines = [line for line in result.stderr.splitlines() if line.startswith(SECTION)]
    assert len(lines) == count
    assert lines[0].startswith(f"{SECTION}:4:") and lines[-1].startswith(f"{SECTION}:{count + 3}:")
