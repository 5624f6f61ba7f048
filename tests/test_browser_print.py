"""The progress report prints on A4 in Chromium (Afdrukken -> Opslaan als PDF): no menu or
footer, every table within the page width, link addresses printed, and a PDF comes out."""

from __future__ import annotations

from playwright.sync_api import Browser

REPORT = "voorbeeldstad/ivp-2023-2026/voortgang-2024/"
A4_CONTENT_PX = 680  # 210 mm - 2 x 15 mm margin at 96 dpi


def test_the_report_fits_a4_and_prints_to_pdf(golden_served: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": A4_CONTENT_PX, "height": 1000})
    page.goto(golden_served + REPORT)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.site-header', '.site-footer', '.crumbs']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none"]
    overflow = page.evaluate("""() => [...document.querySelectorAll('table')]
        .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(t => t.querySelector('caption').textContent)""")
    assert overflow == []  # no table is cut off at the page's edge
    after = page.evaluate("""() => getComputedStyle(document.querySelector('a[data-print]'), '::after').content""")
    assert "https://example.org/plannen/" in after  # the link's address is printed
    breaks = page.evaluate("""() => [...document.querySelectorAll('.report-group')]
        .map(g => getComputedStyle(g).breakBefore)""")
    assert breaks and set(breaks) == {"page"}  # each priority on a page of its own
    rows = page.evaluate("() => getComputedStyle(document.querySelector('table.data tbody tr')).breakInside")
    assert rows == "avoid"  # a row never splits over two pages
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    page.close()
