"""Open data: the CSV and JSON files read back to exactly the content's values, are
deterministic, and are linked from the site."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ivpsite.model.opendata import IndicatorRecord
from ivpsite.render import opendata
from ivpsite.build import load_site
from ivpsite.content import Indicator
from ivpsite.problems import Problems
from ivpsite.content import Content

ROOT = Path(__file__).resolve().parent.parent

EXTRA_INDICATORS = """\
  - id: buurtcijfer
    name: rapportcijfer buurt
    unit: rapportcijfer
    source: null
    direction: hoger-is-beter
    baseline: {value: 7.9, year: 2022}
    target: {comparator: ">=", value: 8, year: 2026}
    measurements:
      - {year: 2023, value: 8.1}
      - year: 2024
        value: null
        missing: {value: "Synthetisch: niet gemeten, \\"zei\\" men; met komma, en\\nregel."}
    topics: [woninginbraak]
    missing: {source: Synthetisch testgegeven.}
  - id: aandeel
    name: aandeel ‘ja’ (%)
    unit: procent
    source: enquête
    direction: null
    baseline:
      value: 33.333
      year: null
      missing: {year: Synthetisch testgegeven.}
    measurements: [{year: 2025, value: 0.1}]
    topics: [woninginbraak]
    missing: {direction: Synthetisch testgegeven.}
"""


def _content(root: Path) -> Content:
    problems = Problems()
    site = load_site(root, problems)
    assert site is not None, [str(p) for p in problems.sorted()]
    return site.content


def _synthetic(site_dir) -> Content:
    from conftest import PLAN_YAML
    return _content(site_dir({"voorbeeldstad/plan-2023/plan.yaml": PLAN_YAML + EXTRA_INDICATORS}))


def _expected(content: Content) -> list[dict[str, object]]:
    """Every value of every indicator, straight from the content model."""
    out: list[dict[str, object]] = []

    def add(key: str, ind: Indicator, kind: str, year: int | None, value: object,
            comparator: str | None = None, reason: str | None = None) -> None:
        org, plan = key.split("/")
        out.append({"organisatie": org, "organisatie_naam": content.organisations[org].name, "plan": plan,
                    "plan_titel": content.plans[key].title, "indicator": ind.id, "indicator_naam": ind.name,
                    "eenheid": ind.unit.value, "bron": ind.source,
                    "richting": ind.direction.value if ind.direction else None, "soort": kind,
                    "jaar": year, "vergelijking": comparator, "waarde": value, "toelichting": reason})

    for key, plan in sorted(content.plans.items()):
        for ind in plan.indicators:
            b = ind.baseline
            add(key, ind, "uitgangswaarde", b.year, b.value, None,
                b.missing.get("value") or b.missing.get("year"))
            for m in sorted(ind.measurements, key=lambda m: m.year):
                add(key, ind, "meting", m.year, m.value, None, m.missing.get("value"))
            if ind.target:
                add(key, ind, "doel", ind.target.year, ind.target.value, ind.target.comparator)
    return out


def _exact(rows: list[dict[str, object]]) -> list[tuple[tuple[str, object, str], ...]]:
    # 7.9 == 7.9 but also 8 == 8.0: compare the types too, so an int stays an int.
    return [tuple((k, v, type(v).__name__) for k, v in r.items()) for r in rows]


def test_csv_round_trip_synthetic(site_dir) -> None:
    content = _synthetic(site_dir)
    files = opendata.export(content)
    back = opendata.read_csv(files[opendata.INDICATORS_CSV])
    assert _exact(back) == _exact(_expected(content))
    kinds = [(r["indicator"], r["soort"], r["jaar"], r["waarde"]) for r in back]
    assert ("buurtcijfer", "meting", 2024, None) in kinds
    assert ("aandeel", "uitgangswaarde", None, 33.333) in kinds
    assert ("inbraken", "doel", 2026, 25) in kinds
    assert opendata.read_csv(files["data/voorbeeldstad/plan-2023.csv"]) == back


def test_csv_round_trip_real_content() -> None:
    content = _content(ROOT / "content")
    files = opendata.export(content)
    back = opendata.read_csv(files[opendata.INDICATORS_CSV])
    assert _exact(back) == _exact(_expected(content))
    maasgouw = opendata.read_csv(files["data/maasgouw/ivp-2023-2026.csv"])
    indicators = {r["indicator"] for r in maasgouw}
    assert len(indicators) == len(content.plans["maasgouw/ivp-2023-2026"].indicators)
    assert {(r["indicator"], r["waarde"]) for r in maasgouw if r["soort"] == "doel"} == {
        ("totaal-veelvoorkomende-vermogenscriminaliteit", 125), ("totaal-incidenten-sociale-overlast", 240),
        ("rapportcijfer-veiligheid-van-de-buurt", 7.9)}
    unknown = [r for r in maasgouw if r["indicator"] == "casus-verwarde-personen-maasgouw"][0]
    assert unknown["waarde"] is None and "‘..’" in str(unknown["toelichting"])


def test_csv_is_plain_rfc4180() -> None:
    files = opendata.export(_content(ROOT / "content"))
    raw = files[opendata.INDICATORS_CSV]
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte order mark
    table = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert table[0] == [name for name, _ in opendata.COLUMNS]
    assert all(len(row) == len(table[0]) for row in table)


def test_json_round_trip(site_dir) -> None:
    for content in (_synthetic(site_dir), _content(ROOT / "content")):
        back = opendata.read_plans(opendata.export(content)[opendata.PLANS_JSON])
        assert sorted(back) == sorted(content.plans)
        for key, (org, plan) in back.items():
            assert plan == content.plans[key]
            assert org == content.organisations[key.split("/")[0]]


def test_output_is_deterministic(site_dir) -> None:
    first = opendata.export(_content(ROOT / "content"))
    second = opendata.export(_content(ROOT / "content"))
    assert first == second


def test_built_site_has_data_and_documents_it(real_build: Path) -> None:
    csv_path = real_build / "data" / "indicatoren.csv"
    assert csv_path.is_file() and (real_build / "data" / "plannen.json").is_file()
    page = (real_build / "open-data" / "index.html").read_text(encoding="utf-8")
    for name, _ in opendata.COLUMNS:
        assert f"<code>{name}</code>" in page
    assert 'href="../data/indicatoren.csv"' in page and 'href="../data/plannen.json"' in page
    assert 'href="../data/maasgouw/ivp-2023-2026.csv"' in page
    indicator_page = (real_build / "maasgouw/ivp-2023-2026/indicatoren/incidenten-woninginbraak/index.html")
    assert 'href="../../../../data/maasgouw/ivp-2023-2026.csv" download' in indicator_page.read_text("utf-8")


# --- formula injection (OWASP: CSV injection) ---------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = [i for i, (name, _) in enumerate(opendata.COLUMNS) if name not in ("jaar", "waarde")]
cell_text = st.text(alphabet=st.one_of(st.sampled_from(["=", "+", "-", "@", "'", "\t", "\r", '"', ",", "\n"]),
                                       st.characters(codec="utf-8")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(cell_text, min_size=12, max_size=12),
       year=st.one_of(st.just(""), st.integers(1900, 2100).map(str)),
       value=st.one_of(st.just(""), st.integers(-10**6, 10**6).map(repr), st.floats(allow_nan=False, allow_infinity=False).map(repr)))
def test_no_text_cell_starts_a_formula_and_read_csv_gives_the_text_back(texts, year, value):
    line = texts[:10] + [year] + texts[10:11] + [value] + texts[11:]
    raw = opendata._csv(opendata._rows([IndicatorRecord(*line)]))  # the record as the model makes it, any text
    (written,) = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))[1:]
    for i in TEXT_COLUMNS:
        assert not written[i].startswith(FORMULA_STARTS), written[i]
    assert written[10] == year and written[12] == value  # numbers untouched, '-3' included
    (back,) = opendata.read_csv(raw)
    names = [name for name, _ in opendata.COLUMNS]
    for i in TEXT_COLUMNS:
        expected = line[i] or None if names[i] in ("bron", "richting", "vergelijking", "toelichting") else line[i]
        assert back[names[i]] == expected


def test_formulas_from_content_are_inert_in_csv_and_exact_in_json(site_dir) -> None:
    from conftest import PLAN_YAML

    plan = (PLAN_YAML.replace("name: incidenten woninginbraak", "name: '=HYPERLINK(\"https://example.org\";\"klik\")'")
            .replace("source: politie", "source: '@SUM(1+1)'")
            .replace('comparator: "<="', 'comparator: "="').replace("direction: lager-is-beter", "direction: null")
            + "    missing: {direction: '-2+3 volgens de bron'}\n")
    content = _content(site_dir({"voorbeeldstad/plan-2023/plan.yaml": plan}))
    files = opendata.export(content)
    table = list(csv.reader(io.StringIO(files[opendata.INDICATORS_CSV].decode("utf-8"), newline="")))
    cells = {cell for row in table[1:] for i, cell in enumerate(row) if i in TEXT_COLUMNS}
    assert "'=HYPERLINK(\"https://example.org\";\"klik\")" in cells and "'@SUM(1+1)" in cells and "'=" in cells
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells)
    assert _exact(opendata.read_csv(files[opendata.INDICATORS_CSV])) == _exact(_expected(content))
    assert b'"name": "=HYPERLINK(' in files[opendata.PLANS_JSON]
