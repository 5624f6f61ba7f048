"""Topic pages, safety-field pages, the comparison page and what the search index is told,
checked in the built HTML (no browser): these pages must work without JavaScript."""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from sitecheck import parse

from conftest import CONTENT, PLAN_YAML, run_cli
from ivpsite import index as search
from ivpsite.build import build, load_site
from ivpsite.problems import Problems
from ivpsite.model.site import compare


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def links(page_html: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a [^>]*href="([^"]+)"', page_html)]


def target_exists(site: Path, from_url: str, href: str) -> bool:
    """Does a relative link from the page at `from_url` reach an existing page (and anchor or
    text fragment)?"""
    path, _, fragment = href.partition("#")
    resolved = posixpath.normpath(posixpath.join(from_url, path)) if path else from_url.rstrip("/")
    file = site / resolved / "index.html"
    if not file.is_file():
        return False
    return not fragment or parse(file.read_text(encoding="utf-8")).finds(fragment)


def cell(compare_html: str, org_name: str, topic_label: str) -> str:
    """The cell of one organisation (column) and one topic (row) in the comparison tables."""
    for table in re.findall(r"<table.*?</table>", compare_html, re.S):
        heads = [text_of(h) for h in re.findall(r'<th scope="col">(.*?)</th>', table, re.S)]
        for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", table, re.S):
            if text_of(row.split("</th>")[0]) == topic_label:
                cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
                return cells[heads.index(org_name) - 1]
    raise AssertionError(f"no cell for {org_name} × {topic_label}")


# --- the comparison page -----------------------------------------------------------------

def test_comparison_table_shows_priority_attention_and_absence(real_build: Path) -> None:
    page = read(real_build, "vergelijking")
    # Maasgouw: 'Zorg en Veiligheid' is a priority; woninginbraak an other theme (chapter 4).
    zorg = cell(page, "Maasgouw", "Zorg en veiligheid")
    assert text_of(zorg).startswith("Prioriteit")
    assert "#prioriteit-" in links(zorg)[0]
    woning = cell(page, "Maasgouw", "Woninginbraak")
    assert text_of(woning).startswith("Aandacht")
    # Sittard-Geleen's press release names 'High Impact Crimes (HIC)' as a priority.
    assert text_of(cell(page, "Sittard-Geleen", "High impact crime")).startswith("Prioriteit")
    assert "Niet gevonden" in text_of(page) and "Niet genoemd" not in text_of(page)
    assert re.search(r"<caption[^>]*>", page) and 'scope="row"' in page and 'scope="col"' in page


def test_a_topic_the_text_names_without_a_tag_is_genoemd_with_a_link_to_the_sentence(real_build: Path) -> None:
    # Maasgouw's text names "Het huisverbod bij huiselijk geweld" (chapter 2) without a tag.
    page = read(real_build, "vergelijking")
    huiselijk = cell(page, "Maasgouw", "Huiselijk geweld")
    assert text_of(huiselijk).startswith("Genoemd")
    (href,) = links(huiselijk)
    assert ":~:text=Het%20huisverbod%20bij%20huiselijk" in href
    assert target_exists(real_build, "vergelijking/", href)
    topic = text_of(read(real_build, "onderwerpen/huiselijk-geweld"))
    assert "Genoemd in de tekst van" in topic and "Het huisverbod bij huiselijk geweld" in topic


def test_every_comparison_cell_links_to_where_the_plan_says_it(real_build: Path) -> None:
    page = read(real_build, "vergelijking")
    cells = re.findall(r'<td class="cmp-cell">(.*?)</td>', page, re.S)
    site = load_site(CONTENT, Problems())
    assert site is not None
    assert len(cells) == len(site.content.organisations) * len(site.content.taxonomy.topics)
    for c in cells:
        if "Niet gevonden" in c:
            assert links(c) == []
        else:
            (href,) = links(c)
            assert target_exists(real_build, "vergelijking/", href), href


def test_compare_levels_follow_the_strongest_role(site_dir) -> None:  # noqa: ANN001
    content = site_dir({
        "topics.yaml": """\
            fields:
              - id: veilige-woon-en-leefomgeving
                label: Veilige woon- en leefomgeving
            topics:
              - id: woninginbraak
                label: Woninginbraak
                field: veilige-woon-en-leefomgeving
              - id: geweld
                label: Geweld
                field: veilige-woon-en-leefomgeving
              - id: overlast
                label: Overlast
                field: veilige-woon-en-leefomgeving
            """,
        "voorbeeldstad/plan-2023/plan.yaml": PLAN_YAML + textwrap.dedent("""\
            themes:
              - id: geweld
                title: Geweld in het uitgaansgebied
                topics: [geweld]
            """),
    })
    site = load_site(content, Problems())
    assert site is not None
    cells = compare(site)
    assert cells[("voorbeeldstad", "woninginbraak")].level == "prioriteit"
    assert [r.role for r in cells[("voorbeeldstad", "woninginbraak")].refs][0] == "prioriteit"
    assert cells[("voorbeeldstad", "geweld")].level == "aandacht"
    assert cells[("voorbeeldstad", "overlast")].level == "niet-gevonden"
    assert cells[("voorbeeldstad", "overlast")].refs == ()


# --- topic and safety-field pages --------------------------------------------------------

def test_topic_page_separates_priority_from_other_attention(real_build: Path) -> None:
    page = read(real_build, "onderwerpen/woninginbraak")
    priority, _, attention = page.partition('id="als-aandacht"')
    assert 'id="als-prioriteit"' in priority
    # Maasgouw treats woninginbraak as one of its 'andere belangrijke thema's', not a priority;
    # Sittard-Geleen's HIC priority pays 'bijzondere aandacht voor woninginbraken'.
    assert "Maasgouw · Geldend" in text_of(attention)
    assert "Maasgouw" not in text_of(priority)
    assert "Ander thema: woninginbraak en andere vermogenscriminaliteit" in text_of(attention)
    assert "Sittard-Geleen · Verlopen" in text_of(priority)
    main = page.split('<main', 1)[1].split('</main>', 1)[0]
    for href in links(main):
        if not href.startswith(("http", "mailto:")):
            assert target_exists(real_build, "onderwerpen/woninginbraak/", href), href


def test_topic_page_shows_section_excerpts_kept_out_of_the_search_index(real_build: Path) -> None:
    page = read(real_build, "onderwerpen/high-impact-crime")
    excerpts = [text_of(e) for e in re.findall(r'<span class="excerpt" data-pagefind-ignore>(.*?)</span>', page, re.S)]
    assert any("High Impact Crimes (HIC) zijn misdrijven" in e for e in excerpts), excerpts
    assert "Ook bekend als: HIC" in text_of(page)


def test_every_field_has_a_page_with_its_topics_and_plans(real_build: Path) -> None:
    site = load_site(CONTENT, Problems())
    assert site is not None
    for f in site.content.taxonomy.fields:
        page = read(real_build, f"veiligheidsvelden/{f.id}")
        assert f"<h1>{html.escape(f.label)}</h1>" in page
        for t in site.content.taxonomy.topics:
            if t.field == f.id:
                assert f'href="../../onderwerpen/{t.id}/"' in page, (f.id, t.id)
    fysiek = read(real_build, "veiligheidsvelden/fysieke-veiligheid")
    # Westelijke Mijnstreek makes externe veiligheid a priority (Chemelot).
    plans = fysiek.split('id="veld-plannen"')[1]
    assert "Westelijke Mijnstreek" in text_of(plans) and "Prioriteit" in text_of(plans)


def test_topics_index_links_fields_and_comparison(real_build: Path) -> None:
    page = read(real_build, "onderwerpen")
    assert 'href="../veiligheidsvelden/fysieke-veiligheid/"' in page
    assert 'href="../vergelijking/"' in page


# --- what Pagefind is told ----------------------------------------------------------------

INDEXED = ["maasgouw/ivp-2023-2026", "maasgouw/ivp-2023-2026/de-prioriteiten", "maasgouw",
           "onderwerpen/woninginbraak", "veiligheidsvelden/fysieke-veiligheid"]
NOT_INDEXED = ["", "zoeken", "vergelijking", "onderwerpen"]


def test_only_main_content_of_content_pages_is_indexed(real_build: Path) -> None:
    for url in INDEXED:
        page = read(real_build, url)
        assert page.count("data-pagefind-body") == 1, url
        body = page.split("data-pagefind-body", 1)[1]
        assert "<footer" not in body.split("</main>")[0] and 'aria-label="Hoofdmenu"' not in body.split("</main>")[0]
    for url in NOT_INDEXED:
        assert "data-pagefind-body" not in read(real_build, url), url
    assert "data-pagefind-body" not in (real_build / "404.html").read_text(encoding="utf-8")
    pager = read(real_build, "maasgouw/ivp-2023-2026/de-prioriteiten")
    assert re.search(r'<nav class="pager"[^>]*data-pagefind-ignore', pager)


def test_plan_pages_carry_the_four_filters(real_build: Path) -> None:
    page = read(real_build, "maasgouw/ivp-2023-2026/de-prioriteiten")
    filters = set(re.findall(r'data-pagefind-filter="(\w+)\[data-waarde\]" data-waarde="([^"]*)"', page))
    assert ("organisatie", "Maasgouw") in filters
    assert ("soort", "Integraal veiligheidsplan") in filters
    assert ("status", "Geldend") in filters
    assert ("onderwerp", "Ondermijning") in filters
    expired = read(real_build, "enkhuizen/livp-2018-2021")
    assert 'data-pagefind-filter="status[data-waarde]" data-waarde="Verlopen"' in expired


def test_a_pages_topics_are_filters_and_the_search_page_knows_their_synonyms(site_dir) -> None:  # noqa: ANN001
    site = load_site(site_dir(), Problems())
    assert site is not None
    plan_page = next(p for p in site.pages if p.template == "plan.html")
    facets = plan_page.search()
    assert ("organisatie", "Voorbeeldstad") in facets.filters
    assert ("status", "Geldend") in facets.filters
    assert ("onderwerp", "Woninginbraak") in facets.filters
    search_page = next(p for p in site.pages if p.template == "search.html")
    assert search_page.synonyms["inbraak"] == "Woninginbraak"  # the synonym from topics.yaml
    home = next(p for p in site.pages if p.template == "home.html")
    assert home.search() is None  # not indexed


def test_every_page_has_the_header_search_form(real_build: Path) -> None:
    pages = sorted(real_build.rglob("*.html"))
    assert len(pages) > 50
    for file in pages:
        if "pagefind" in file.parts:
            continue
        text = file.read_text(encoding="utf-8")
        form = re.search(r'<form class="header-search" role="search"[^>]*action="([^"]+)" method="get">(.*?)</form>',
                         text, re.S)
        assert form, file
        rel = file.relative_to(real_build).as_posix()
        if rel == "404.html":  # served at any address, so its links are absolute
            assert form.group(1).endswith("/zoeken/"), form.group(1)
        else:
            assert posixpath.normpath(posixpath.join(posixpath.dirname(rel), form.group(1))) == "zoeken", rel
        assert 'name="q"' in form.group(2) and '<label for="kopzoekveld"' in form.group(2)


def test_search_page_without_javascript_links_to_topics(real_build: Path) -> None:
    page = read(real_build, "zoeken")
    noscript = re.search(r"<noscript>(.*?)</noscript>", page, re.S)
    assert noscript and "Zoeken werkt alleen met JavaScript" in text_of(noscript.group(1))
    assert 'href="../onderwerpen/"' in noscript.group(1)
    assert re.search(r'<script type="module" src="../assets/search.js"></script>', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)  # no inline script
    assert 'role="status"' in page and 'aria-live="polite"' in page


# --- the index on disk ---------------------------------------------------------------------

def test_index_is_written_and_deterministic(real_build: Path, tmp_path: Path) -> None:
    bundle = real_build / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert list((bundle / "filter").glob("*.pf_filter"))
    again = tmp_path / "again"
    result = run_cli("build", "--content", str(CONTENT), "--out", str(again))
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    second = {p.relative_to(again / "pagefind"): p.read_bytes()
              for p in (again / "pagefind").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_failed_indexing_leaves_the_previous_site(site_dir, tmp_path: Path,  # noqa: ANN001
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    content = site_dir()
    out = tmp_path / "build"
    assert build(content, out, Problems()) is not None
    assert (out / "pagefind" / "pagefind.js").is_file()
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def broken(staging: Path) -> int:
        assert (staging / "zoeken" / "index.html").is_file()  # runs on the full staging folder
        raise search.SearchIndexFailed("kapot")

    monkeypatch.setattr(search, "index", broken)
    with pytest.raises(search.SearchIndexFailed):
        build(content, out, Problems())
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    shutil.rmtree(out)
