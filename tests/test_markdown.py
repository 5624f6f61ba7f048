"""The Markdown dialect: raw HTML and unsafe links never become markup; headings are checked."""

from __future__ import annotations

from ivpsite import markdown
from ivpsite.build import check
from ivpsite.problems import Problems

SECTION = "voorbeeldstad/plan-2023/01-inleiding.md"


def html_of(text: str) -> str:
    return markdown.render(markdown.parse(text), lambda _token, _attr: None)


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
