"""Above a few thousand pages a forked child renders every other page: the pages must be
exactly those of one process, and a failure in the child must stop the build."""

from __future__ import annotations

import os

import pytest

from ivpsite.render import pages as render
from ivpsite.build import check
from ivpsite.problems import Problems

from conftest import CONTENT


@pytest.fixture(scope="module")
def site():
    return check(CONTENT, Problems())


def test_two_cores_render_the_same_pages_as_one(site, monkeypatch) -> None:
    monkeypatch.setattr(render, "_SHARE_FROM", 1)
    monkeypatch.setattr(render, "_can_fork", lambda: True)
    shared = render.render(site)
    assert shared == render._render(site, site.pages)
    assert len(shared) == len(site.pages) > 100


def test_a_failure_in_the_child_stops_the_render(site, monkeypatch) -> None:
    parent = os.getpid()
    real = render._render

    def failing_in_child(site_, pages, *theme):  # noqa: ANN001, ANN002, ANN202
        if os.getpid() != parent:
            raise KeyError("sjabloonfout")
        return real(site_, pages, *theme)

    monkeypatch.setattr(render, "_SHARE_FROM", 1)
    monkeypatch.setattr(render, "_can_fork", lambda: True)
    monkeypatch.setattr(render, "_render", failing_in_child)
    with pytest.raises(RuntimeError, match="KeyError: 'sjabloonfout'"):
        render.render(site)


def test_small_sites_and_serve_stay_in_one_process(site, monkeypatch) -> None:
    monkeypatch.setattr(render, "_render_on_two_cores", lambda *_: pytest.fail("forked"))
    assert len(render.render(site)) == len(site.pages)  # the real content: 108 pages
