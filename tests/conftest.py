"""Shared test helpers: tiny sites written inline, the real content built once, the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
GOLDEN_CONTENT = ROOT / "tests" / "golden" / "content"  # synthetic: every page kind, charts

SITE_YAML = """\
title: Testsite
description: Een kleine site voor tests.
base_url: https://example.org/
publisher: Testers
"""

# A site ready to publish: a real address, publisher and contact (no warnings).
READY_SITE_YAML = """\
title: Testsite
description: Een kleine site voor tests.
base_url: https://veiligheid.gemeente-voorbeeld.nl/
publisher: Gemeente Voorbeeld
contact: https://www.gemeente-voorbeeld.nl/contact
"""

TOPICS_YAML = """\
fields:
  - id: veilige-woon-en-leefomgeving
    label: Veilige woon- en leefomgeving
topics:
  - id: woninginbraak
    label: Woninginbraak
    field: veilige-woon-en-leefomgeving
    synonyms: [inbraak]
"""

ORG_YAML = """\
name: Voorbeeldstad
kind: gemeente
cbs_code: null
province: null
missing:
  cbs_code: Synthetisch testgegeven.
  province: Synthetisch testgegeven.
"""

PLAN_YAML = """\
title: Veiligheidsplan Voorbeeldstad 2023-2026
kind: integraal-veiligheidsplan
status: geldend
period:
  start: 2023
  end: 2026
adoption:
  by: gemeenteraad
  date: 2022-12-20
validity: null
source:
  title: Synthetisch testplan
  kind: regeling
  publisher: Testers
  date: 2022-12-20
  document: test.txt
missing:
  validity: Synthetisch testgegeven.
priorities:
  - id: inbraak
    title: Minder woninginbraken
    topics: [woninginbraak]
    goals: [Minder inbraken.]
    actions: [Voorlichting.]
    section: aanpak
indicators:
  - id: inbraken
    name: incidenten woninginbraak
    unit: aantal
    source: politie
    direction: lager-is-beter
    baseline: {value: 29, year: 2021}
    target: {comparator: "<=", value: 25, year: 2026}
    topics: [woninginbraak]
"""

# An indicator's `context` (official figures for comparison) for the minimal plan: insert
# after its target line. The recorded CBS answers (tests/cbs_recorded.py) hold this series.
CONTEXT_SERIES = """\
    context:
      source: cbs
      table: 83648NED
      measure: GeregistreerdeMisdrijvenPer1000Inw_3
      region: GM9999
      filters: {SoortMisdrijf: T001161}
"""
TARGET_LINE = '    target: {comparator: "<=", value: 25, year: 2026}\n'


def plan_with_context(series: str = CONTEXT_SERIES) -> str:
    return PLAN_YAML.replace(TARGET_LINE, TARGET_LINE + series)


SECTION_MD = """\
---
title: Aanpak
topics: [woninginbraak]
---
## Wat we doen

Zie ook [de inleiding](01-inleiding.md).
"""

INTRO_MD = """\
---
title: Inleiding
---
Dit is een synthetisch plan.
"""


# Tests that need Debian's chromium (through Playwright) or Java's Nu HTML checker carry the
# `browser` marker: `pytest -m "not browser"` runs the fast rest, `pytest -m browser` these.
_BROWSER_FIXTURES = {"browser", "visitor"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def minimal_files() -> dict[str, str]:
    """A small valid content tree (synthetic; never real content)."""
    return {
        "site.yaml": SITE_YAML,
        "topics.yaml": TOPICS_YAML,
        "voorbeeldstad/organisation.yaml": ORG_YAML,
        "voorbeeldstad/plan-2023/plan.yaml": PLAN_YAML,
        "voorbeeldstad/plan-2023/01-inleiding.md": INTRO_MD,
        "voorbeeldstad/plan-2023/02-aanpak.md": SECTION_MD,
    }


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def site_dir(tmp_path: Path):
    """Write a content tree: the minimal valid site, with `changes` applied (None deletes)."""

    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        files: dict[str, str | bytes | None] = dict(minimal_files())
        files.update(changes or {})
        root = tmp_path / "content"
        if root.exists():
            shutil.rmtree(root)
        return write_tree(root, {k: v for k, v in files.items() if v is not None})

    return make


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ivpsite", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=300)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content/ built once per test session."""
    out = tmp_path_factory.mktemp("real") / "build"
    result = run_cli("build", "--content", str(CONTENT), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def golden_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden synthetic site built once per test session: it has charts, the real one does not."""
    out = tmp_path_factory.mktemp("golden") / "build"
    result = run_cli("build", "--content", str(GOLDEN_CONTENT), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def golden_served(golden_build: Path):  # noqa: ANN201
    """The golden site served on 127.0.0.1 (at the root); yields its address."""
    from sitecheck import serve

    with serve(golden_build) as address:
        yield address


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201 - playwright's own types
    """Debian's chromium, headless, through Playwright (sitecheck.launch holds the flags)."""
    from playwright.sync_api import sync_playwright
    from sitecheck import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def served(real_build: Path):  # noqa: ANN201
    """The real build served on 127.0.0.1 at a free port; yields its address."""
    from sitecheck import serve

    with serve(real_build) as address:
        yield address
