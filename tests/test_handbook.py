"""The editors' handbook: builds strictly with Material for MkDocs, its generated reference
is fresh, and it documents the messages the code produces."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from ivpsite import schema


def test_reference_is_fresh() -> None:
    committed = (ROOT / "docs" / "referentie.md").read_text(encoding="utf-8")
    assert committed == schema.reference_markdown(), "docs/referentie.md is verouderd; draai: ivpsite schema"


def test_reference_covers_every_model_field() -> None:
    from ivpsite.model import CONTENT_MODELS

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
                 "meldingen/index.html", "publiceren/index.html", "referentie/index.html"):
        assert (out / page).is_file(), page
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'lang="nl"' in html
    assert "fonts.googleapis.com" not in html  # nothing loaded from other hosts


def test_messages_page_lists_the_codes_messages() -> None:
    page = (ROOT / "docs" / "meldingen.md").read_text(encoding="utf-8")
    load = (ROOT / "ivpsite" / "load.py").read_text(encoding="utf-8")
    validate = (ROOT / "ivpsite" / "validate.py").read_text(encoding="utf-8")
    # The Dutch side of every translated YAML error, up to its first ';'.
    table = load[load.index("_YAML_MESSAGES = ("):]
    yaml_messages = re.findall(r'\("[^"]+",\s*"([^";]+)', table[:table.index("\n)\n")])
    # The field messages of validate._dutch, from after the field name to the first placeholder.
    field_messages = re.findall(r"return f\"'\{name\}' ([^{\"]+)", validate)
    assert len(yaml_messages) > 10 and len(field_messages) > 10
    # Compared on their first words: the page shortens long messages with '...'.
    openings = [" ".join(m.split()[:4]) for m in yaml_messages + field_messages]
    missing = [o for o in openings if o not in page]
    assert missing == []
