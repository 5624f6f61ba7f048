"""Search in a real browser: Debian's chromium runs the Pagefind index of the built real site,
served from 127.0.0.1, through the Dutch search page (zoeken/) and the header search field.

Only locators and `expect` are used to read the page: the site's Content-Security-Policy
forbids string evaluation, so `page.wait_for_function` would be refused, as it should."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from ivpsite.build import load_site
from ivpsite.problems import Problems

CONTENT = Path(__file__).resolve().parent.parent / "content"
WAIT = 20_000  # ms; generous for a loaded CI machine, never a timing assertion


@pytest.fixture
def page(browser: Browser, served: str) -> Iterator[Page]:
    """A fresh page that records console errors, script errors and requests to other hosts."""
    page = browser.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(served) or r.url.startswith("data:")
            else page.problems.append(f"request to another host: {r.url}"))
    yield page
    assert page.problems == []  # type: ignore[attr-defined]
    page.close()


def organisations() -> dict[str, str]:
    site = load_site(CONTENT, Problems())
    assert site is not None
    return {slug: org.name for slug, org in site.content.organisations.items()}


def search(page: Page, served: str, query: str) -> None:
    page.goto(served + "zoeken/?q=" + query)
    expect(page.locator("#zoekstatus")).to_contain_text("voor ‘" + query + "’", timeout=WAIT)


def result_paths(page: Page) -> list[str]:
    return [urlsplit(a.get_attribute("href") or "").path
            for a in page.locator("#zoekresultaten .search-result h2 a").all()]


def all_result_paths(page: Page) -> list[str]:
    """Every result, pressing 'Toon meer resultaten' until all are shown."""
    more = page.locator("#zoekmeerknop")
    while more.is_visible():
        before = page.locator("#zoekresultaten li").count()
        more.click()
        expect(page.locator("#zoekresultaten li")).not_to_have_count(before, timeout=WAIT)
    return result_paths(page)


def orgs_in(paths: list[str]) -> set[str]:
    return {p.strip("/").split("/")[0] for p in paths} & set(organisations())


def test_woninginbraak_finds_maasgouw_and_enkhuizen(page: Page, served: str) -> None:
    search(page, served, "woninginbraak")
    paths = all_result_paths(page)
    assert {"maasgouw", "enkhuizen"} <= orgs_in(paths), paths
    assert "/onderwerpen/woninginbraak/" in paths
    # Excerpts show the matched word highlighted.
    expect(page.locator("#zoekresultaten mark").first).to_be_visible()
    assert "woninginbraak" in page.locator("#zoekresultaten mark").first.inner_text().lower()


def test_dutch_stemming_woninginbraken_finds_the_same(page: Page, served: str) -> None:
    search(page, served, "woninginbraak")
    singular = orgs_in(all_result_paths(page))
    search(page, served, "woninginbraken")
    plural = all_result_paths(page)
    assert {"maasgouw", "enkhuizen"} <= orgs_in(plural), plural
    assert orgs_in(plural) >= singular
    # Maasgouw writes 'woninginbraak' (singular) in its analysis chapter; the plural finds it.
    assert "/maasgouw/ivp-2023-2026/hoe-veilig-is-maasgouw/" in plural


def test_hic_reaches_high_impact_crime(page: Page, served: str) -> None:
    search(page, served, "HIC")
    paths = result_paths(page)
    assert "/onderwerpen/high-impact-crime/" in paths[:5], paths
    page.locator("#zoekresultaten a[href$='/onderwerpen/high-impact-crime/']").click()
    expect(page.locator("h1")).to_have_text("High impact crime", timeout=WAIT)


def test_filter_on_one_organisation_leaves_only_its_pages(page: Page, served: str) -> None:
    search(page, served, "veiligheid")
    before = orgs_in(all_result_paths(page))
    assert len(before) > 1
    page.locator("summary", has_text="Organisatie").click()
    page.get_by_label("Maasgouw", exact=True).check()
    expect(page.locator("#zoekstatus")).to_contain_text("met 1 filter", timeout=WAIT)
    paths = all_result_paths(page)
    assert paths and all(p.startswith("/maasgouw/") for p in paths), paths
    # The choice is kept in the address, so the filtered search can be shared or reloaded.
    assert parse_qs(urlsplit(page.url).query) == {"q": ["veiligheid"], "organisatie": ["Maasgouw"]}
    page.reload()
    expect(page.locator("#zoekstatus")).to_contain_text("met 1 filter", timeout=WAIT)
    assert page.get_by_label("Maasgouw", exact=True).is_checked()
    assert all(p.startswith("/maasgouw/") for p in all_result_paths(page))


def test_filter_on_status_and_topic(page: Page, served: str) -> None:
    search(page, served, "veiligheid")
    page.locator("summary", has_text="Status").click()
    page.get_by_label("Geldend", exact=True).check()
    expect(page.locator("#zoekstatus")).to_contain_text("met 1 filter", timeout=WAIT)
    current = orgs_in(all_result_paths(page))
    # Only Maasgouw's IVP and Westelijke Mijnstreek's priorities are marked current.
    assert current == {"maasgouw", "westelijke-mijnstreek"}, current
    page.get_by_label("Geldend", exact=True).uncheck()
    page.locator("summary", has_text="Onderwerp").click()
    page.get_by_label("Cybercrime", exact=True).check()
    expect(page.locator("#zoekstatus")).to_contain_text("met 1 filter", timeout=WAIT)
    paths = all_result_paths(page)
    tagged = pages_with_filter("onderwerp", "Cybercrime")
    assert paths and {p.strip("/") + "/" for p in paths} <= tagged, paths


def test_no_filter_list_is_fetched_before_a_filter_panel_is_opened(page: Page, served: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path))
    search(page, served, "woninginbraak")
    expect(page.locator("#zoekresultaten li").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert any("/pagefind/index/" in path for path in fetched), fetched  # the query ran ...
    assert not [path for path in fetched if "/pagefind/filter/" in path]  # ... without the lists
    panels = page.locator("#zoekfilters details")
    assert panels.count() == 4 and all(p.get_attribute("open") is None for p in panels.all())
    page.locator("summary", has_text="Onderwerp").click()
    expect(page.get_by_label("Cybercrime", exact=True)).to_be_visible(timeout=WAIT)
    assert [path for path in fetched if "/pagefind/filter/" in path]


def pages_with_filter(name: str, value: str) -> set[str]:
    site = load_site(CONTENT, Problems())
    assert site is not None
    return {p.url for p in site.pages if (facets := p.search()) and (name, value) in facets.filters}


def tab_to(page: Page, selector: str, at_most: int) -> None:
    """Press Tab until `selector` has the focus (at most `at_most` times); fail if it never does."""
    for _ in range(at_most):
        page.keyboard.press("Tab")
        if page.locator(f"{selector}:focus").count():
            break
    expect(page.locator(f"{selector}:focus")).to_have_count(1)


def test_search_works_by_keyboard_alone(page: Page, served: str) -> None:
    page.goto(served)
    tab_to(page, "#kopzoekveld", at_most=10)  # from the top of the page to the header search field
    page.keyboard.type("woninginbraak")
    page.keyboard.press("Enter")
    expect(page.locator("#zoekstatus")).to_contain_text("voor ‘woninginbraak’", timeout=WAIT)
    assert page.locator("#zoekveld").input_value() == "woninginbraak"
    # On the search page: focus the field, change the query, press Enter.
    tab_to(page, "#zoekveld", at_most=30)  # past the header, the menu and the breadcrumbs
    page.keyboard.press("Control+A")
    page.keyboard.type("cybercrime")
    page.keyboard.press("Enter")
    expect(page.locator("#zoekstatus")).to_contain_text("voor ‘cybercrime’", timeout=WAIT)
    # Tab on to the first result and follow it with Enter.
    first = page.locator("#zoekresultaten .search-result h2 a").first
    target = urlsplit(first.get_attribute("href") or "").path
    tab_to(page, "#zoekresultaten .search-result h2 a", at_most=60)
    focused = page.locator("#zoekresultaten .search-result h2 a:focus")
    expect(focused).to_have_count(1)
    assert urlsplit(focused.get_attribute("href") or "").path == target
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == target, timeout=WAIT)


def test_results_are_announced_to_screen_readers(page: Page, served: str) -> None:
    search(page, served, "ondermijning")
    status = page.locator("#zoekstatus")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().split()[1] in ("resultaat", "resultaten")
    search(page, served, "qqqzzzonbestaandwoord")
    expect(status).to_contain_text("Geen resultaten", timeout=WAIT)


def test_a_word_in_every_plan_returns_every_organisation(page: Page, served: str) -> None:
    search(page, served, "veiligheid")
    found = orgs_in(all_result_paths(page))
    assert found == set(organisations()), found


def test_without_javascript_the_search_page_points_to_the_topics(browser: Browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "zoeken/?q=woninginbraak")
    notice = page.locator("main .notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Zoeken werkt alleen met JavaScript")
    notice.get_by_role("link", name="onderwerpen").click()
    expect(page.locator("h1")).to_have_text("Onderwerpen")
    context.close()


def test_a_typo_offers_the_closest_real_word(page: Page, served: str) -> None:
    search(page, served, "woninginbrak")
    suggestion = page.locator("#zoeksuggestie")
    expect(suggestion).to_have_text("Bedoelde u: woninginbraak?", timeout=WAIT)
    suggestion.locator("a").click()
    expect(page.locator("#zoekstatus")).to_contain_text("voor ‘woninginbraak’", timeout=WAIT)
    expect(suggestion).to_be_hidden()


def test_a_word_the_site_does_not_have_is_matched_to_its_vocabulary(page: Page, served: str) -> None:
    search(page, served, "cybrcrime")
    expect(page.locator("#zoeksuggestie")).to_have_text("Bedoelde u: cybercrime?", timeout=WAIT)


def test_a_correct_word_gets_no_suggestion(page: Page, served: str) -> None:
    search(page, served, "woninginbraken")
    expect(page.locator("#zoekresultaten li").first).to_be_visible(timeout=WAIT)
    assert page.locator("#zoeksuggestie").is_hidden()


def test_excerpts_are_clean_sentences(page: Page, served: str) -> None:
    for query in ("inbraak", "stand", "HIC"):
        search(page, served, query)
        texts = [t for t in page.locator("#zoekresultaten .excerpt").all_inner_texts()]
        assert texts, query
        for text in texts:
            assert "Zoektermen" not in text, text  # no hidden word lists
            assert not re.search(r"Stand(geen|nog|op|doel|niet)", text), text  # no label glued to its value
