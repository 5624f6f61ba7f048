"""The vendored plotly.js bundle in themes/default/static/assets/plotly/: the file is the one
its checksum names, the basic build of the version its name gives behind V8's compile hint,
under its licence, the only one the chart template names, and a chart page's JavaScript stays
within 400 KB gzip."""

from __future__ import annotations

import gzip
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from conftest import ROOT

FOLDER = ROOT / "themes" / "default" / "static" / "assets" / "plotly"
TEMPLATE = ROOT / "themes" / "default" / "templates" / "charts.html"
CHART_PAGE = "voorbeeldstad/ivp-2023-2026/indicatoren/inbraken/"  # the golden site: it has charts
COMPILE_HINT = b"//# allFunctionsCalledOnLoad\n"  # the one line put in front of the npm file
JS_LIMIT = 400 * 1024  # bytes of JavaScript (gzip) a chart page may fetch (issue 16)
GZIP_LEVEL = 6  # what common servers use (nginx's gzip_comp_level 6, Apache's default)


def _checksums() -> dict[str, str]:
    """SHA256SUMS (the format of `sha256sum`): file name -> hex digest."""
    sums = {}
    for line in (FOLDER / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    return sums


def bundle_name() -> str:
    """The file name of the vendored bundle: the one file SHA256SUMS lists."""
    (name,) = _checksums()
    return name


def test_the_bundle_matches_its_recorded_checksum() -> None:
    sums = _checksums()
    assert len(sums) == 1, sums
    for name, digest in sums.items():
        assert re.fullmatch(r"[0-9a-f]{64}", digest)
        assert hashlib.sha256((FOLDER / name).read_bytes()).hexdigest() == digest, name


def test_the_bundle_is_the_basic_build_of_the_version_in_its_name() -> None:
    name = bundle_name()
    match = re.fullmatch(r"plotly-basic-(\d+\.\d+\.\d+)\.min\.js", name)
    assert match, name
    version = match.group(1)
    data = (FOLDER / name).read_bytes()
    assert data.startswith(COMPILE_HINT)
    header = data[len(COMPILE_HINT):200].decode("utf-8")
    assert header.startswith("/**\n* plotly.js (basic - minified) v" + version + "\n"), header
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert f"`plotly.js-basic-dist-min` version {version}" in readme
    assert f"`{name}`" in readme
    licence = (FOLDER / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Plotly" in licence


def test_the_folder_holds_one_script_and_the_template_names_it() -> None:
    scripts = sorted(p.name for p in FOLDER.iterdir() if p.suffix == ".js")
    assert scripts == [bundle_name()]
    template = TEMPLATE.read_text(encoding="utf-8")
    assert re.findall(r"assets/plotly/[^'\"]+", template) == [f"assets/plotly/{bundle_name()}"]


class _Scripts(HTMLParser):
    """The script files a page loads itself and those charts.js loads (data-plotly)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.urls += [v for k, v in values.items() if k in ("src", "data-plotly") and v]


def test_a_chart_page_fetches_at_most_400_kb_gzip_of_javascript(golden_build: Path) -> None:
    """Every script the page names (tests/test_browser_charts.py checks in chromium that these
    are all it fetches), gzip-compressed as a server sends them."""
    parser = _Scripts()
    parser.feed((golden_build / CHART_PAGE / "index.html").read_text(encoding="utf-8"))
    files = [golden_build / urljoin(CHART_PAGE, url) for url in parser.urls]
    assert {f.name for f in files} == {"charts.js", bundle_name(), "menu.js"}
    total = sum(len(gzip.compress(f.read_bytes(), GZIP_LEVEL)) for f in files)
    assert total <= JS_LIMIT, f"{total / 1024:.1f} KB gzip of JavaScript"
