"""The Markdown dialect: raw HTML and unsafe links never become markup; headings are checked."""

from __future__ import annotations

from ivpsite import markdown
from ivpsite.build import check
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
