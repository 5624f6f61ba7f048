"""The built real site: every organisation, plan and section page exists and shows the facts
of the sources. The expected values below were read off the seed documents independently of
content/, so a transcription slip in content/ makes these tests fail."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

CONTENT = Path(__file__).resolve().parent.parent / "content"

# Maasgouw, chapter 5 table: (indicator, source, baseline as printed on the site, year, target)
MAASGOUW_INDICATORS = [
    ("totaal veelvoorkomende vermogenscriminaliteit", "politie", "129", "2021", "hoogstens 125 in 2026"),
    ("totaal incidenten sociale overlast", "politie", "244", "2021", "hoogstens 240 in 2026"),
    ("rapportcijfer veiligheid van de buurt", "Maasgouwpanel", "7,9", "2022", "minstens 7,9 in 2026"),
    ("incidenten woninginbraak", "politie", "29", "2021", None),
    ("incidenten diefstal uit/vanaf motorvoertuigen", "politie", "46", "2021", None),
    ("incidenten diefstal brom-/snorfiets, fiets", "politie", "44", "2021", None),
    ("incidenten overlast jeugd", "politie", "82", "2021", None),
    ("incidenten burenruzie", "politie", "40", "2021", None),
    ("incidenten overlast door verward persoon", "politie", "78", "2021", None),
    ("overlast medebewoners (% ‘ja’)", "Maasgouwpanel", "37%", "2022", None),
    ("overlast jeugd (% ‘ja’)", "Maasgouwpanel", "39%", "2022", None),
    ("incidenten mishandeling", "politie", "170", "2021", None),
    ("incidenten overlast alcohol en drugs", "politie", "44", "2021", None),
    ("incidenten drugshandel", "politie", "40", "2021", None),
    ("overlast dealen drugs (% ‘ja’)", "Maasgouwpanel", "29%", "2022", None),
    ("incidenten horizontale fraude (waaronder via internet)", "politie", "167", "2021", None),
    ("slachtofferschap oplichting via internet", "Maasgouwpanel", "24%", "2022", None),
    ("casus verwarde personen Maasgouw", "Zorg- en Veiligheidshuis Midden-Limburg",
     "niet beschikbaar in de bron", "2021", None),
    ("casus nazorg ex-gedetineerden Maasgouw", "niet beschikbaar in de bron", "20", "2021", None),
    ("casus persoonsgerichte Aanpak (PGA) Maasgouw", "niet beschikbaar in de bron", "9", "2021", None),
    ("casus top X Maasgouw", "niet beschikbaar in de bron", "8", "2021", None),
]

PRIORITIES = {
    "maasgouw/ivp-2023-2026": ["Zorg en Veiligheid", "Ondermijning", "Digitale veiligheid"],
    "enkhuizen/livp-2018-2021": ["Samen veilig leven", "Samen veilig ondernemen", "Bestuurlijke aanpak"],
    "westelijke-mijnstreek/prioriteiten-tot-2026": [
        "cybercrime", "ondermijning, in het bijzonder drugscriminaliteit", "sociale kwaliteit",
        "externe veiligheid"],
    "sittard-geleen/uitvoeringsplan-2019-2020": [
        "High Impact Crimes (HIC)", "Ondermijning", "Radicalisering en polarisatie",
        "Personen met verward gedrag", "Externe veiligheid (en crisisbeheersing)"],
    "maassluis/veiligheidsbeleid-2021": [
        "alle Maassluizers voelen zich veilig in de eigen leefomgeving",
        "goede samenwerking tussen schakels in de veiligheidsketen",
        "afname van georganiseerde- en ongeorganiseerde criminaliteit"],
}


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def page(build: Path, url: str) -> str:
    path = build / url / "index.html"
    assert path.is_file(), f"pagina ontbreekt: {url}"
    return path.read_text(encoding="utf-8")


def test_every_content_file_has_its_page(real_build):
    for org in sorted(p.parent.name for p in CONTENT.glob("*/organisation.yaml")):
        assert "<h1>" in page(real_build, org)
    for plan in CONTENT.glob("*/*/plan.yaml"):
        key = plan.parent.relative_to(CONTENT).as_posix()
        page(real_build, key)
        for section in plan.parent.glob("[0-9][0-9]-*.md"):
            page(real_build, f"{key}/{section.stem[3:]}")


@pytest.mark.parametrize(("name", "source", "baseline", "year", "target"), MAASGOUW_INDICATORS)
def test_maasgouw_indicator_row_shows_source_values(real_build, name, source, baseline, year, target):
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page(real_build, "maasgouw/ivp-2023-2026/indicatoren"), re.S)
    matching = [text_of(r) for r in rows if text_of(r).startswith(html.unescape(name) + " ")]
    assert len(matching) == 1, f"geen of meer dan één rij voor {name}"
    row = matching[0]
    assert source in row and baseline in row and year in row
    assert (target in row) if target else ("geen doel gesteld" in row)


def test_maasgouw_has_exactly_the_source_indicators(real_build):
    ids = re.findall(r'<tr id="indicator-([a-z0-9-]+)"', page(real_build, "maasgouw/ivp-2023-2026"))
    assert len(ids) == len(MAASGOUW_INDICATORS) == 21


@pytest.mark.parametrize("key", sorted(PRIORITIES))
def test_each_plan_shows_its_priorities(real_build, key):
    text = text_of(page(real_build, key))
    for title in PRIORITIES[key]:
        assert title in text, f"prioriteit '{title}' ontbreekt op {key}"


def test_quirks_are_on_the_verantwoording_page_linked_from_the_plan(real_build):
    for key in PRIORITIES:
        assert 'href="verantwoording/">Hoe is dit overgenomen?</a>' in page(real_build, key), key
    enkhuizen = text_of(page(real_build, "enkhuizen/livp-2018-2021/verantwoording"))
    assert "Wat de redactie opviel" in enkhuizen
    assert "Geldend van 01-01-2018 t/m 31-12-2017" in enkhuizen
    assert "Drechterland" in enkhuizen
    maasgouw = text_of(page(real_build, "maasgouw/ivp-2023-2026/verantwoording"))
    assert "20206" in maasgouw


def test_a_source_without_publisher_says_so_with_the_reason(real_build):
    maassluis = text_of(page(real_build, "maassluis/veiligheidsbeleid-2021"))
    assert ("(nieuwsbericht, niet beschikbaar in de bron (De brontekst noemt niet wie het "
            "nieuwsbericht publiceerde.) )") in maassluis  # text_of puts a space for each tag
    assert "Onbekend" not in maassluis


def test_pages_are_dutch_accessible_shells(real_build):
    for path in sorted(real_build.rglob("*.html")):
        doc = path.read_text(encoding="utf-8")
        assert '<html lang="nl">' in doc, path
        assert 'href="#inhoud"' in doc and 'id="inhoud"' in doc, path
        assert doc.count("<h1") == 1, path
        levels = [int(n) for n in re.findall(r"<h([1-6])", doc)]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"koppen slaan een niveau over: {path}"


def test_no_request_to_another_host(real_build):
    for path in sorted(real_build.rglob("*.html")):
        doc = path.read_text(encoding="utf-8")
        # External links are fine; external assets (scripts, styles, images, frames) are not.
        # The canonical URL is absolute by design and is never fetched (tests/test_gates.py
        # records every request in the browser).
        assert not re.search(r'<(?:script|link(?! rel="canonical")|img|iframe)[^>]+(?:src|href)="https?://', doc), path


def test_region_and_member_link_each_other(real_build):
    assert "Sittard-Geleen" in text_of(page(real_build, "westelijke-mijnstreek"))
    assert "Westelijke Mijnstreek" in text_of(page(real_build, "sittard-geleen"))
    plan = text_of(page(real_build, "sittard-geleen/uitvoeringsplan-2019-2020"))
    assert "Hoort bij" in plan and "Mijnstreek 2019-2022" in plan
