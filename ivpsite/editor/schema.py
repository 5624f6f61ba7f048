"""JSON Schema for every kind of content file, generated from the content model, and the
handbook's content-model reference generated from the same schemas.

`ivpsite schema` writes `schemas/<kind>.schema.json` (editors get completion and checks in
VS Code through the `# yaml-language-server: $schema=...` line), `docs/referentie.md` and
`docs/meldingen.md` (the messages page, from ivpsite/messages.py).
Both are committed; tests fail when they no longer match the models.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path

from pydantic import BaseModel

from .. import messages
from ..content import CONTENT_MODELS, LIMITS, SLUG_PATTERN, Record

# Where `ivpsite schema` writes, relative to the site's folder (the folder that holds the
# content folder): never into the installed package.
SCHEMAS = Path("schemas")
REFERENCE = Path("docs") / "referentie.md"
MESSAGES = Path("docs") / "meldingen.md"


def site_folder(content: Path) -> Path:
    """The site's folder: the one that holds its content folder (for `--content content`,
    the current folder)."""
    return content.parent

_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Which file each kind of schema describes (Dutch, for titles and the reference).
KIND_FILES = {
    "site": "content/site.yaml",
    "topics": "content/topics.yaml",
    "organisation": "content/<organisatie>/organisation.yaml",
    "plan": "content/<organisatie>/<plan>/plan.yaml",
    "section": "front matter van content/<organisatie>/<plan>/NN-<naam>.md",
    "page": "front matter van content/pages/<naam>.md",
    "context": "content/<organisatie>/<plan>/context/<indicator>.yaml (geschreven door 'ivpsite fetch context')",
}


def schema_for(kind: str) -> dict[str, typing.Any]:
    """The JSON Schema (draft 2020-12) of one kind of content file."""
    model = CONTENT_MODELS[kind]
    schema = model.model_json_schema()
    _add_fact_rules(model, schema)
    _strip(schema)
    return {"$schema": _DIALECT, "$id": f"{kind}.schema.json",
            "description": f"Schema voor {KIND_FILES[kind]} (gegenereerd door 'ivpsite schema').",
            **schema}


def schemas() -> dict[str, str]:
    """File name -> JSON text, for every kind of content file."""
    return {f"{kind}.schema.json": json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
            for kind in CONTENT_MODELS}


def write(out: Path, reference: Path | None = None, messages_page: Path | None = None) -> list[Path]:
    """Write the schemas (and the handbook's reference and messages pages); the paths that changed."""
    wanted = {out / name: text for name, text in schemas().items()}
    if reference is not None:
        wanted[reference] = reference_markdown()
    if messages_page is not None:
        wanted[messages_page] = messages.handbook_markdown()
    changed = []
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))  # the same bytes on every system (no CRLF)
            changed.append(path)
    return changed


# --- the "null only with a reason" rule of Record, in JSON Schema terms ---------------


def _models(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from `model`, by class name (pydantic's $defs names)."""
    found: dict[str, type[BaseModel]] = {}

    def walk(annotation: object) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ not in found:
                found[annotation.__name__] = annotation
                for info in annotation.model_fields.values():
                    walk(info.annotation)
            return
        for arg in typing.get_args(annotation):
            walk(arg)

    walk(model)
    return found


def _fact_fields(model: type[BaseModel]) -> list[str]:
    return [name for name, info in model.model_fields.items()
            if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("fact")]


def _add_fact_rules(root: type[BaseModel], schema: dict[str, typing.Any]) -> None:
    # A fact that is null or left out needs a reason under `missing`, and the reason names
    # only fact fields (the model checks the same, with Dutch messages).
    for name, model in _models(root).items():
        if not issubclass(model, Record):
            continue
        target = schema if model is root else schema.get("$defs", {}).get(name)
        if target is None:
            continue
        facts = _fact_fields(model)
        rules = []
        for fact in facts:
            rules.append({
                "if": {"anyOf": [{"not": {"required": [fact]}},
                                 {"properties": {fact: {"type": "null"}}, "required": [fact]}]},
                "then": {"required": ["missing"], "properties": {"missing": {"required": [fact]}}},
                "else": {"properties": {"missing": {"not": {"required": [fact]}}}},
            })
        missing = target["properties"]["missing"]
        missing["propertyNames"] = {"enum": facts}
        if rules:
            target["allOf"] = rules


def _strip(node: object) -> None:
    """Drop pydantic-only keywords that JSON Schema tools do not know."""
    if isinstance(node, dict):
        node.pop("fact", None)
        node.pop("inline_markdown", None)
        for value in node.values():
            _strip(value)
    elif isinstance(node, list):
        for value in node:
            _strip(value)


# --- the handbook reference -----------------------------------------------------------

_INTRO = """\
<!-- Gegenereerd door 'ivpsite schema' uit ivpsite/content.py. Niet met de hand bewerken:
     pas de beschrijvingen in het model aan en draai 'ivpsite schema' opnieuw. -->
# Referentie: het contentmodel

Deze pagina beschrijft elk veld dat u in `content/` mag schrijven. Ze wordt gemaakt uit
dezelfde modellen waarmee `ivpsite check` controleert, dus ze loopt nooit achter.

- **Verplicht**: het veld moet er staan.
- **Feit**: een gegeven uit de bron. Geeft de bron het niet, schrijf dan `null` en zet
  onder `missing` waarom (`missing: {veld: "reden"}`). Zie
  [Ontbrekende gegevens](toevoegen.md#ontbrekende-gegevens).
- **Markdown**: de site toont de tekst als Markdown binnen één alinea: `*nadruk*`, `**vet**`,
  `[links](03-de-aanpak.md)` en `` `code` `` mogen, met dezelfde regels voor links als in een
  sectie; een lijst, kop, tabel of tweede alinea niet.
- Onbekende velden worden geweigerd; een tikfout in een veldnaam ziet u dus meteen.
- Alles heeft een bovengrens; zie [Grenzen](#grenzen) onderaan.
"""

_LIMITS_INTRO = """
## Grenzen {#grenzen}

Elke invoer heeft een bovengrens, ver boven wat een echt plan nodig heeft. Zo kan geen
bestand, per ongeluk of met opzet, de controle of de bouw urenlang bezighouden of het geheugen
vullen. `ivpsite check` controleert de grenzen voordat het een tekst echt leest, en noemt het
bestand, de regel en de grens.

| grens | wat telt | waarom |
|---|---|---|
"""


def reference_markdown() -> str:
    parts = [_INTRO]
    for kind, model in CONTENT_MODELS.items():
        schema = schema_for(kind)
        parts.append(f"\n## {KIND_FILES[kind]} {{#{kind}}}\n\n"
                     f"JSON Schema: `schemas/{kind}.schema.json`.\n\n")
        parts.append(_table(schema, model, schema.get("$defs", {}), kind))
        for name, sub in _models(model).items():
            if sub is model:
                continue
            anchor = f"{kind}-{name.lower()}"
            parts.append(f"\n### {name} {{#{anchor}}}\n\n"
                         f"Gebruikt in {KIND_FILES[kind].split(' van ')[-1]}.\n\n")
            parts.append(_table(schema["$defs"][name], sub, schema.get("$defs", {}), kind))
    parts.append(_LIMITS_INTRO)
    for limit in LIMITS:
        number = f"{limit.value:,}".replace(",", ".")  # Dutch: 1.000.000
        parts.append(f"| {number} | {_cell(limit.what)} | {_cell(limit.why)} |\n")
    return "".join(parts)


def _table(schema: dict[str, typing.Any], model: type[BaseModel], defs: dict[str, typing.Any],
           kind: str) -> str:
    required = set(schema.get("required", []))
    facts = set(_fact_fields(model))
    inline = {name for name, info in model.model_fields.items()
              if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("inline_markdown")}
    rows = ["| veld | soort waarde | | uitleg |", "|---|---|---|---|"]
    for name, prop in schema["properties"].items():
        flags = ["verplicht"] if name in required else []
        if name in facts:
            flags.append("feit")
        if name in inline:
            flags.append("Markdown")
        description = prop.get("description") or _item_description(prop) or ""
        rows.append(f"| `{name}` | {_type(prop, defs, kind)} | {', '.join(flags)} | "
                    f"{_cell(description)} |")
    return "\n".join(rows) + "\n"


def _item_description(prop: dict[str, typing.Any]) -> str:
    return str(prop.get("items", {}).get("description", ""))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type(prop: dict[str, typing.Any], defs: dict[str, typing.Any], kind: str) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        target = defs[name]
        if "enum" in target:
            return "een van " + ", ".join(f"`{v}`" for v in target["enum"])
        return f"[{name}](#{kind}-{name.lower()})"
    if "anyOf" in prop:
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        kinds = [_type(o, defs, kind) for o in options]
        if {o.get("type") for o in options} == {"integer", "number"}:
            kinds = ["getal"]
        text = " of ".join(kinds)
        return text + (" of `null`" if len(options) < len(prop["anyOf"]) else "")
    if "enum" in prop:
        return "een van " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind_of = prop.get("type")
    if kind_of == "array":
        return f"lijst van {_type(prop.get('items', {}), defs, kind)}"
    if kind_of == "object":
        return "mapping van veldnaam naar tekst"
    if kind_of == "integer":
        low, high = prop.get("minimum"), prop.get("maximum")
        return f"geheel getal ({low}–{high})" if low is not None else "geheel getal"
    if kind_of == "number":
        return "getal"
    if kind_of == "boolean":
        return "`true` of `false`"
    if kind_of == "string":
        if prop.get("format") == "date":
            return "datum (JJJJ-MM-DD)"
        if prop.get("pattern") == SLUG_PATTERN:
            return "id (kleine letters, cijfers, koppeltekens)"
        if "pattern" in prop:
            return f"tekst volgens `{prop['pattern']}`".replace("|", "\\|")
        return "tekst"
    return "waarde"
