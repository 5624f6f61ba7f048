"""The yearly progress report ('Voortgang JJJJ') and the official figures beside an
indicator, on the golden synthetic site: three years of the burglary indicator (2021
baseline, 2023 and 2024 measurements) and a CBS series fetched for it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import GOLDEN_CONTENT
from ivpsite.build import load_site
from ivpsite.model import pages as kinds
from ivpsite.problems import Problems

PLAN = "voorbeeldstad/ivp-2023-2026"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site():  # noqa: ANN201
    found = load_site(GOLDEN_CONTENT, Problems())
    assert found is not None
    return found


def _report(site, year: int) -> kinds.ProgressPage:  # noqa: ANN001
    return next(p for p in site.pages if isinstance(p, kinds.ProgressPage) and p.year == year and p.key == PLAN)


def test_a_report_for_each_year_with_a_measurement_since_the_start(site) -> None:  # noqa: ANN001
    years = sorted(p.year for p in site.pages if isinstance(p, kinds.ProgressPage))
    assert years == [2023, 2024]  # the 2021 baseline is no measurement; other plans measured nothing


def test_a_report_shows_the_indicators_as_they_stood_at_the_end_of_its_year(site) -> None:  # noqa: ANN001
    earlier, later = _report(site, 2023), _report(site, 2024)
    burglary = {r.indicator.id: r for r in earlier.rows}["inbraken"]
    assert burglary.view.latest.value == 27 and burglary.new  # 2024's 26 is not known yet in 2023
    assert burglary.view.status.value == "op koers"  # 29 -> 27 in two years: 24 by 2026
    assert {r.indicator.id: r for r in later.rows}["inbraken"].view.latest.value == 26
    assert (later.with_target, later.measured, later.on_course, len(later.rows)) == (2, 1, 1, 3)
    # The indicator sits under the priority that shares its topic; the rest under 'Overige'.
    assert [title for title, _ in later.groups] == ["Minder woninginbraken", "Overige indicatoren"]


def test_the_report_page_has_its_summary_small_multiples_and_rules(golden_build: Path) -> None:
    html = (golden_build / PLAN / "voortgang-2024" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Voortgang 2024</h1>" in html
    assert "3 indicatoren, waarvan 2 met een doel." in html
    assert "1 indicator heeft een meting uit 2024." in html
    assert "1 van de 2 indicatoren met een doel is op koers of heeft het doel gehaald." in html
    assert html.count('<svg class="sparkline"') == 1  # one indicator has two values or more
    assert 'id="hoe-bepalen-we-de-stand"' in html
    assert re.search(r'data-print="https://example.org/plannen/voorbeeldstad/ivp-2023-2026/indicatoren/inbraken/"', html)


def test_the_plan_page_links_the_latest_report_and_the_feed_announces_it(golden_build: Path) -> None:
    plan = (golden_build / PLAN / "index.html").read_text(encoding="utf-8")
    assert 'Voortgangsrapport: <a href="voortgang-2024/">Voortgang 2024</a> (eerder: <a href="voortgang-2023/">' in plan
    feed = ET.fromstring((golden_build / "feed.xml").read_bytes())
    entries = {e.find(f"{ATOM}title").text: e for e in feed.findall(f"{ATOM}entry")}
    report = entries["Voortgang 2024: Integraal Veiligheidsplan Voorbeeldstad 2023-2026 (Voorbeeldstad)"]
    assert report.find(f"{ATOM}updated").text == "2025-03-14T00:00:00Z"  # the figures' publication date
    assert report.find(f"{ATOM}link").get("href") == f"https://example.org/plannen/{PLAN}/voortgang-2024/"


def test_official_figures_stand_beside_the_plans_own_and_change_nothing(site, golden_build: Path) -> None:  # noqa: ANN001
    html = (golden_build / PLAN / "indicatoren" / "inbraken" / "index.html").read_text(encoding="utf-8")
    context = html.split('<section class="context"', 1)[1].split("</section>", 1)[0]
    assert "Ter vergelijking: CBS" in context and "Voorbeeldstad" in context
    assert "40,3" in context and "36,6" in context and "(voorlopig)" in context
    assert "tabel 83648NED" in context and "opgehaald op 1 maart 2025" in context and "CC BY 4.0" in context
    # The plan's own chart and table hold only the plan's values; the series is not in them.
    chart = html.split('<section class="context"', 1)[0]
    assert "40.3" not in chart and "40,3" not in chart
    page = next(p for p in site.pages if isinstance(p, kinds.IndicatorPage) and p.indicator.id == "inbraken")
    assert page.context is not None and page.view.status.value == "op koers"
