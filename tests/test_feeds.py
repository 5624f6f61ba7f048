"""sitemap.xml, robots.txt and the Atom feed: absolute URLs from base_url, dates only from the
content (never the clock), and a documented fallback for plans whose source gives no date."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import PLAN_YAML

from ivpsite.render import feeds
from ivpsite.build import load_site
from ivpsite.problems import Problems

ATOM = "{http://www.w3.org/2005/Atom}"

UNDATED = PLAN_YAML.replace(
    "adoption:\n  by: gemeenteraad\n  date: 2022-12-20\n",
    "adoption:\n  by: gemeenteraad\n  date: null\n  missing:\n    date: Synthetisch, geen datum.\n",
).replace(
    "  date: 2022-12-20\n  document: test.txt\n",
    "  date: null\n  document: test.txt\n  missing:\n    date: Synthetisch, geen datum.\n",
)

def _site(site_dir, plan_yaml=PLAN_YAML):
    problems = Problems()
    site = load_site(site_dir({"voorbeeldstad/plan-2023/plan.yaml": plan_yaml}), problems)
    assert site is not None, [str(p) for p in problems.sorted()]
    return site


def _entries(site):
    return ET.fromstring(feeds.feed(site)).findall(f"{ATOM}entry")


def test_feed_entry_takes_the_plans_own_date(site_dir):
    (entry,) = _entries(_site(site_dir))
    assert entry.find(f"{ATOM}updated").text == "2022-12-20T00:00:00Z"
    assert entry.find(f"{ATOM}link").get("href") == "https://example.org/voorbeeldstad/plan-2023/"
    assert "20 december 2022 (vaststelling)" in entry.find(f"{ATOM}summary").text


def test_plan_whose_sources_give_no_date_is_left_out_of_the_feed_but_not_the_sitemap(site_dir):
    assert "date: null" in UNDATED and UNDATED.count("missing:") == 3 and "start: 2023" in UNDATED
    site = _site(site_dir, UNDATED)  # a first plan year is no date: no 1 January is invented
    assert _entries(site) == []
    feed = ET.fromstring(feeds.feed(site))
    assert feed.find(f"{ATOM}updated").text == "1970-01-01T00:00:00Z"
    assert "<loc>https://example.org/voorbeeldstad/plan-2023/</loc>" in feeds.sitemap(site)


def test_feed_and_sitemap_are_the_same_for_the_same_content(site_dir):
    first, second = _site(site_dir), _site(site_dir)
    assert feeds.files(first) == feeds.files(second)


def test_sitemap_has_every_page_but_the_404_and_robots_points_to_it(site_dir):
    site = _site(site_dir)
    root = ET.fromstring(feeds.sitemap(site))
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == sorted(locs) and "https://example.org/" in locs
    assert len(locs) == len(site.pages) - 1 and not any("404" in loc for loc in locs)
    assert feeds.robots(site).endswith("Sitemap: https://example.org/sitemap.xml\n")


def test_feed_escapes_text_from_content(site_dir):
    site = _site(site_dir, PLAN_YAML.replace("title: Veiligheidsplan Voorbeeldstad 2023-2026",
                                             "title: Plan <b>&</b> \"Voorbeeldstad\""))
    (entry,) = _entries(site)  # parsing would fail on unescaped markup
    assert entry.find(f"{ATOM}title").text.startswith('Plan <b>&</b> "Voorbeeldstad"')


def test_feed_drops_characters_xml_cannot_hold():
    # Validation refuses control characters in content (tests/test_yaml_limits.py); the feed
    # drops any that would still reach it, so one character never makes the whole feed unreadable.
    text = feeds.escape("Plan\x0bVoorbeeld<stad>\x1e")
    assert text == "PlanVoorbeeld&lt;stad&gt;"
    attribute = feeds.quoteattr("a\x00b")
    assert ET.fromstring(f"<t a={attribute}>{text}</t>").get("a") == "ab"
