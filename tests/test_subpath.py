"""The site deployed under a sub-path: the golden synthetic site (every page kind, charts
included) with base_url https://example.org/plannen/, served from /plannen/ (nothing is
served outside it). Every
link and asset of every page is followed over HTTP; canonical URLs, Open Graph URLs, the
sitemap, the feed and robots.txt point at /plannen/; search and charts work from there."""

from __future__ import annotations

import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import GOLDEN_CONTENT, run_cli
from playwright.sync_api import sync_playwright
from sitecheck import Visitor, crawl, launch, serve

BASE_URL = "https://example.org/plannen/"
PREFIX = "/plannen/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def subpath_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("subpath")
    content = GOLDEN_CONTENT
    assert f"base_url: {BASE_URL}" in (content / "site.yaml").read_text(encoding="utf-8")
    out = root / "build"
    result = run_cli("build", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def served(subpath_build):
    with serve(subpath_build, prefix=PREFIX) as address:
        yield address


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def _local(served: str, url: str) -> str:
    assert url.startswith(BASE_URL), f"'{url}' is not under {BASE_URL}"
    return served + url[len(BASE_URL):]


def test_the_server_serves_nothing_outside_the_sub_path(served):
    outside = served.replace(PREFIX, "/") + "index.html"
    with pytest.raises(urllib.error.HTTPError):
        _get(outside)


def test_every_link_and_asset_resolves_under_the_sub_path(served, subpath_build):
    findings, seen = crawl(served, BASE_URL, extra=[served + "404.html", served + "robots.txt"])
    assert not findings, f"{len(findings)} broken under {PREFIX}:\n" + "\n".join(findings[:50])
    # The crawl reached every page the build wrote.
    pages = {served + p.relative_to(subpath_build).as_posix().removesuffix("index.html")
             for p in subpath_build.rglob("*.html")}
    missed = sorted(pages - seen)
    assert not missed, f"pages no link leads to: {missed[:20]}"
    assert served + "favicon.svg" in seen and served + "feed.xml" in seen


def test_canonical_and_open_graph_urls_are_absolute_under_base_url(subpath_build):
    for path in sorted(subpath_build.rglob("index.html")):
        url = BASE_URL + path.parent.relative_to(subpath_build).as_posix().removeprefix(".")
        url = url if url.endswith("/") else url + "/"
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(subpath_build)
        assert f'<link rel="canonical" href="{url}">' in html, f"{where}: canonical is not {url}"
        assert f'<meta property="og:url" content="{url}">' in html, f"{where}: og:url is not {url}"
    not_found = (subpath_build / "404.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in not_found and '<meta name="robots" content="noindex">' in not_found
    # The 404 page is served at any missing address, so its links carry the sub-path.
    assert f'href="{PREFIX}assets/style.css"' in not_found


def test_sitemap_lists_every_page_under_base_url_and_each_is_served(served, subpath_build):
    locs = [e.text for e in ET.fromstring(_get(served + "sitemap.xml")).iter(f"{SITEMAP}loc")]
    pages = sorted(p for p in subpath_build.rglob("index.html"))
    assert len(locs) == len(pages) == len(set(locs)), (len(locs), len(pages))
    assert BASE_URL in locs
    for loc in locs:
        assert b"<html" in _get(_local(served, loc))
    assert f"Sitemap: {BASE_URL}sitemap.xml" in _get(served + "robots.txt").decode()


def test_feed_links_point_under_base_url_and_each_is_served(served):
    feed = ET.fromstring(_get(served + "feed.xml"))
    self_link = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == [BASE_URL + "feed.xml"]
    entries = feed.findall(f"{ATOM}entry")
    assert entries, "the feed has no entries"
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        assert entry.find(f"{ATOM}id").text == href
        assert b"<html" in _get(_local(served, href))


@pytest.mark.browser
def test_search_and_charts_work_under_the_sub_path(served, subpath_build):
    chart_page = next(p for p in sorted(subpath_build.rglob("index.html"))
                      if 'class="chart"' in p.read_text(encoding="utf-8"))
    chart_url = chart_page.parent.relative_to(subpath_build).as_posix() + "/"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = Visitor(browser)
        try:
            findings = tab.visit(served + "zoeken/?q=woninginbraak", "zoeken/?q=woninginbraak", axe=False,
                                 wait_for="#zoekresultaten li")
            hrefs = tab.page.eval_on_selector_all("#zoekresultaten a", "els => els.map(e => e.href)")
            findings += tab.visit(served + chart_url, chart_url, axe=False)
        finally:
            tab.close()
            browser.close()
    assert not findings, "\n".join(findings)
    assert hrefs, "no search results under the sub-path"
    for href in hrefs:
        assert href.startswith(served), f"search result '{href}' leaves {PREFIX}"
        assert b"<html" in _get(href.split("#")[0])


def test_crawl_catches_a_link_that_ignores_the_sub_path(tmp_path):
    """A root-relative link written as if the site sat at '/' is broken under /plannen/."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><title>t</title>\n<a href="a/">a</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text(
        '<!doctype html><title>t</title>\n<p>x</p>\n<a href="/a/">fout</a> <img src="../logo.svg" alt="">',
        encoding="utf-8")
    with serve(tmp_path, prefix=PREFIX) as address:
        findings, _ = crawl(address, BASE_URL)
    assert len(findings) == 2, findings
    assert any(f.startswith("/plannen/a/:3 '/a/'") and "HTTP 404" in f for f in findings), findings
    assert any(f.startswith("/plannen/a/:3 '../logo.svg'") for f in findings), findings
