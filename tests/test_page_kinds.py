"""Page kinds (ivpsite/model/pages.py): every kind is registered, built on the golden site,
indexed exactly when it declares search facets, and its template sees only its typed
context, so a page that changed is a page object that changed (what `ivpsite serve`'s
incremental rebuilds rely on)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from jinja2 import meta, nodes

from ivpsite.build import load_site
from ivpsite.model import pages as kinds
from ivpsite.problems import Problems
from ivpsite.render.pages import environment
from ivpsite.render.theme import PACKAGED as THEMES
from test_golden import GOLDEN

# What render/pages.py hands every template; anything else would be a way around the page object.
CONTEXT = {"page", "site", "url", "absolute", "body", "facets", "NOT_AVAILABLE", "COMPARATOR_WORDS"}


@pytest.fixture(scope="module")
def golden_site():  # noqa: ANN201
    site = load_site(GOLDEN / "content", Problems())
    assert site is not None
    return site


def test_every_page_kind_is_registered() -> None:
    concrete = {cls for _, cls in inspect.getmembers(kinds, inspect.isclass)
                if issubclass(cls, kinds.Page) and not inspect.isabstract(cls) and not cls.__name__.startswith("_")}
    assert concrete == set(kinds.KINDS)


def test_every_kind_is_built_on_the_golden_site(golden_site) -> None:  # noqa: ANN001
    built = {type(page) for page in golden_site.pages}
    assert built == set(kinds.KINDS), f"not on the golden site: {set(kinds.KINDS) - built}"


def test_a_kind_without_search_facets_cannot_be_made() -> None:
    class Forgotten(kinds.Page):  # no search(): the abstract method stays open
        template = "page.html"

    with pytest.raises(TypeError):
        Forgotten(url="x/", title="x")


def test_pages_are_indexed_exactly_when_their_kind_has_facets(golden_site, tmp_path: Path) -> None:  # noqa: ANN001
    from conftest import run_cli

    out = tmp_path / "build"
    assert run_cli("build", "--content", str(GOLDEN / "content"), "--out", str(out)).returncode == 0
    for page in golden_site.pages:
        html = (out / page.file).read_text(encoding="utf-8")
        facets = page.search()
        assert ("data-pagefind-body" in html) == (facets is not None), page.url
        for name, value in facets.filters if facets else ():
            assert f'data-pagefind-filter="{name}[data-waarde]" data-waarde="{value}"' in html, (page.url, name)


def test_templates_see_only_their_typed_context() -> None:
    env = environment("default")
    folder = THEMES / "default" / "templates"
    for path in sorted(folder.glob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        # Macros imported from the theme's own macro files count as declared.
        imported = {name if isinstance(name, str) else name[1]
                    for node in tree.find_all(nodes.FromImport) for name in node.names}
        unknown = meta.find_undeclared_variables(tree) - CONTEXT - imported
        assert unknown == set(), f"{path.name} reads {sorted(unknown)} besides its page object"


def test_every_kind_has_its_template() -> None:
    for kind in kinds.KINDS:
        assert (THEMES / "default" / "templates" / kind.template).is_file(), kind.__name__


def test_edit_link_points_at_the_content_file_of_the_page(golden_site, golden_build: Path, real_build: Path) -> None:  # noqa: ANN001
    edit_url = golden_site.content.site.edit_url
    assert edit_url
    with_source = [page for page in golden_site.pages if page.source]
    assert {type(p) for p in with_source} >= {kinds.PlanPage, kinds.SectionPage, kinds.IndicatorPage,
                                               kinds.OrganisationPage, kinds.FreePage, kinds.TopicPage}
    for page in golden_site.pages:
        html = (golden_build / page.file).read_text(encoding="utf-8")
        link = f'<a href="{edit_url}{page.source}">Wijzig deze pagina</a>'
        assert (link in html) == bool(page.source), page.url
        if page.source:
            assert (GOLDEN / "content" / page.source).is_file(), page.source
    # Without edit_url in site.yaml (the real content), no page has the link.
    assert not any("Wijzig deze pagina" in p.read_text(encoding="utf-8") for p in real_build.rglob("*.html"))
