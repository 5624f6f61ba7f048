"""What a resident reads: plain Dutch without the content model's field or file names, no
address that leads to a folder listing, the plan before the paperwork, and open data that
offers no empty files."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from conftest import CONTENT
from ivpsite.build import load_site
from ivpsite.content import CONTENT_MODELS
from ivpsite.editor.schema import _models
from ivpsite.problems import Problems

# Field names that are also ordinary Dutch words ('de start van het plan', 'met name').
_DUTCH_WORDS = {"start", "status", "contact", "document", "name", "id", "text", "basis", "context", "filters"}
_FILE_NAMES = re.compile(r"content/|\b[\w-]+\.(?:yaml|yml|md)\b")


def _field_names() -> set[str]:
    names: set[str] = set()
    for model in CONTENT_MODELS.values():
        for sub in _models(model).values():
            names |= set(sub.model_fields)
    return names - _DUTCH_WORDS


def _visible_main_text(page: str) -> str:
    main = page.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<code>.*?</code>|<script.*?</script>", " ", main, flags=re.S)  # open data documents its keys
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_no_page_text_names_a_content_field_or_file(real_build: Path) -> None:
    names = _field_names()
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, names))) + r")(?![\w-])")
    found = []
    for path in sorted(real_build.rglob("*.html")):
        if path.relative_to(real_build).parts[0] in ("handleiding", "pagefind"):
            continue  # the editors' handbook names fields on purpose
        text = _visible_main_text(path.read_text(encoding="utf-8"))
        for match in [*pattern.finditer(text), *_FILE_NAMES.finditer(text)]:
            found.append(f"{path.relative_to(real_build)}: …{text[max(0, match.start() - 40):match.end() + 20]}…")
    assert found == [], "\n".join(found[:20])


def test_every_folder_of_a_page_address_is_a_page() -> None:
    site = load_site(CONTENT, Problems())
    assert site is not None
    addresses = {page.url for page in site.pages}
    missing = set()
    for url in addresses:
        parts = url.rstrip("/").split("/")[:-1] if url.endswith("/") else []
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth]) + "/"
            if folder not in addresses:
                missing.add(folder)
    assert missing == set(), sorted(missing)


def test_plan_page_opens_with_the_plan_and_puts_the_paperwork_last(real_build: Path) -> None:
    page = (real_build / "maasgouw/ivp-2023-2026/index.html").read_text(encoding="utf-8")
    order = [page.index(marker) for marker in (
        "<h1>", "Dit is een overname van het plan, niet de officiële tekst.", 'id="prioriteiten"',
        'id="indicatoren"', 'id="over-dit-plan"')]
    assert order == sorted(order)
    assert "Noot van de redactie" not in page  # the transcription notes are on the verantwoording page


def test_a_plan_without_indicators_has_no_empty_csv_and_the_open_data_page_says_so(real_build: Path) -> None:
    site = load_site(CONTENT, Problems())
    assert site is not None
    text = _visible_main_text((real_build / "open-data/index.html").read_text(encoding="utf-8"))
    plans = json.loads((real_build / "data/plannen.json").read_text(encoding="utf-8"))["plans"]
    for key, plan in site.content.plans.items():
        csv = real_build / "data" / f"{key}.csv"
        assert csv.is_file() == bool(plan.indicators), key
        entry = next(p for p in plans if p["key"] == key)
        assert (entry["csv"] is None) == (not plan.indicators), key
        if not plan.indicators:
            assert f"{plan.title} ({site.content.organisations[key.split('/')[0]].name}): dit plan noemt geen " \
                   "indicatoren, dus er is geen bestand." in text
    assert set(plans[0]) == {"key", "url", "csv", "organisation", "plan"}  # one language: the model's


def test_the_footer_and_the_accessibility_statement_name_the_publisher(real_build: Path) -> None:
    site = load_site(CONTENT, Problems())
    assert site is not None
    publisher = site.content.site.publisher
    statement = (real_build / "toegankelijkheidsverklaring/index.html").read_text(encoding="utf-8")
    assert f"Deze site wordt uitgegeven door {publisher}." in statement
    assert f"uitgegeven door {publisher}" in (real_build / "index.html").read_text(encoding="utf-8")
