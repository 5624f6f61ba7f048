"""The editors' handbook: builds strictly with Material for MkDocs and its generated reference
is fresh. The messages page (docs/meldingen.md) is generated too: see test_messages.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from ivpsite.editor import schema


def test_reference_is_fresh() -> None:
    committed = (ROOT / "docs" / "referentie.md").read_text(encoding="utf-8")
    assert committed == schema.reference_markdown(), "docs/referentie.md is verouderd; draai: ivpsite schema"


def test_reference_covers_every_model_field() -> None:
    from ivpsite.content import CONTENT_MODELS

    text = schema.reference_markdown()
    for model in CONTENT_MODELS.values():
        for name, info in model.model_fields.items():
            assert f"| `{name}` |" in text
            if info.description:
                assert info.description.replace("|", "\\|") in text


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    out = tmp_path / "handboek"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "aan-de-slag/index.html", "toevoegen/index.html",
                 "meldingen/index.html", "publiceren/index.html", "referentie/index.html",
                 "jaarlijkse-monitoring/index.html", "voorbeelden/metingen.csv"):
        assert (out / page).is_file(), page
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'lang="nl"' in html
    assert "fonts.googleapis.com" not in html  # nothing loaded from other hosts
