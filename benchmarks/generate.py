"""Write a synthetic national corpus: N organisations, each with one plan of ten sections of
about 900 words of Dutch-like text, twenty indicators, topics and cross-links.

Everything is clearly synthetic ("Gemeente Voorbeeld 017") and deterministic for a given
seed. The tree passes `python -m ivpsite check --content DIR`; it never goes into content/.

    python benchmarks/generate.py --organisations 342 --out WORK/corpus
    python benchmarks/generate.py --organisations 342 --out WORK/corpus-text --no-indicators

The sections do not depend on --no-indicators, so both trees hold the same section Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TOPICS_SOURCE = ROOT / "content" / "topics.yaml"

PLAN_SLUG = "ivp-2021-2026"
PERIOD = (2021, 2026)
BASELINE_YEAR = 2020
WORDS_PER_SECTION = 820  # body words counted so far; sections end at about 900
INDICATORS_PER_PLAN = 20

# (slug, title, topics): the ten sections every synthetic plan has.
SECTIONS = (
    ("inleiding", "Inleiding", ["veiligheidsbeleving"]),
    ("hoe-veilig-is-de-gemeente", "Hoe veilig is de gemeente", ["veiligheidsbeleving", "overlast"]),
    ("woninginbraak-en-high-impact-crime", "Woninginbraak en high impact crime",
     ["woninginbraak", "high-impact-crime"]),
    ("jeugd-en-veiligheid", "Jeugd en veiligheid", ["jeugd", "alcohol-en-drugs"]),
    ("zorg-en-veiligheid", "Zorg en veiligheid", ["zorg-en-veiligheid", "huiselijk-geweld"]),
    ("ondermijning", "Ondermijning", ["ondermijning", "drugscriminaliteit"]),
    ("digitale-veiligheid", "Digitale veiligheid", ["cybercrime", "fraude"]),
    ("fysieke-veiligheid", "Fysieke veiligheid en crisisbeheersing",
     ["crisisbeheersing", "brandveiligheid"]),
    ("werkwijze-en-samenwerking", "Werkwijze en samenwerking", ["buurtparticipatie"]),
    ("monitoring-en-verantwoording", "Monitoring en verantwoording", ["veiligheidsbeleving"]),
)

_NOUNS = (
    "gemeente inwoners wijk buurt politie partners aanpak veiligheid woninginbraak overlast jeugd "
    "ondernemers raad burgemeester college wijkagent handhaving toezicht preventie zorg signalen "
    "netwerk samenwerking ketenpartners veiligheidshuis jongerenwerk verslaving schulden woningcorporatie "
    "cybercrime ondermijning drugshandel bedrijventerrein vakantiepark evenement horeca centrum "
    "kern dorp omgeving leefbaarheid meldingen aangiften cijfers monitor doelstelling prioriteit "
    "werkwijze uitvoering programma maatregel instrument casus huishouden school ouders vrijwilligers "
    "buurtpreventie whatsappgroep camera verlichting brandweer crisisbeheersing risico ontwikkeling "
    "trend regio eenheid driehoek officier bestuur beleid verantwoording resultaten"
).split()
_ADJECTIVES = (
    "integrale lokale regionale structurele gezamenlijke preventieve zichtbare kwetsbare "
    "ondermijnende digitale veilige leefbare duurzame bestuurlijke fysieke sociale nieuwe "
    "bestaande belangrijke concrete heldere stevige actieve betrokken"
).split()
_VERBS = (
    "versterkt verbetert ondersteunt signaleert bespreekt pakt aanpakt verkent monitort "
    "organiseert stimuleert begeleidt voorkomt vermindert vergroot betrekt onderzoekt "
    "evalueert coördineert deelt bundelt bevordert verbindt"
).split()
_ADVERBS = "samen gericht jaarlijks actief structureel vroegtijdig zichtbaar nadrukkelijk verder".split()
_PREPOSITIONS = "in met voor door binnen rond tussen naast onder".split()
_OPENERS = (
    "Daarnaast", "Bovendien", "Ook", "Tegelijkertijd", "In de komende jaren", "Samen met de partners",
    "Op basis van de cijfers", "Waar nodig", "Vanuit de wijk", "In overleg met de raad",
)
_HEADINGS = (
    "Wat is er aan de hand", "Wat willen we bereiken", "Wat gaan we doen", "Wie doen er mee",
    "Hoe meten we de voortgang", "Wat vragen we van inwoners", "Samenhang met ander beleid",
    "Aandachtspunten", "Resultaten tot nu toe", "Vooruitblik",
)


def _sentence(rnd: random.Random) -> str:
    words = [rnd.choice(("de", "het", "een")), rnd.choice(_ADJECTIVES), rnd.choice(_NOUNS), rnd.choice(_VERBS)]
    for _ in range(rnd.randint(1, 3)):
        words += [rnd.choice(_PREPOSITIONS), rnd.choice(("de", "het", "onze")), rnd.choice(_NOUNS)]
    if rnd.random() < 0.5:
        words += [rnd.choice(_ADVERBS)]
    if rnd.random() < 0.3:
        words[-1] = f"**{words[-1]}**"
    if rnd.random() < 0.35:
        return f"{rnd.choice(_OPENERS)} {' '.join(words)}."
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rnd: random.Random) -> str:
    return " ".join(_sentence(rnd) for _ in range(rnd.randint(4, 7)))


def org_slug(i: int) -> str:
    return f"gemeente-voorbeeld-{i:03d}"


def org_name(i: int) -> str:
    return f"Gemeente Voorbeeld {i:03d}"


def section_file(n: int) -> str:
    return f"{n + 1:02d}-{SECTIONS[n][0]}.md"


def section_markdown(seed: int, org: int, n: int, organisations: int) -> str:
    """One section with front matter; depends only on (seed, org, n, organisations)."""
    rnd = random.Random(f"{seed}:{org}:{n}")
    slug, title, topics = SECTIONS[n]
    out = ["---", f"title: {title}", f"topics: [{', '.join(topics)}]",
           f"source_ref: hoofdstuk {n + 1}", "---", _paragraph(rnd), ""]
    words = len(out[-2].split())
    headings = rnd.sample(_HEADINGS, len(_HEADINGS))
    links = [f"[{SECTIONS[m][1].lower()}]({section_file(m)})" for m in (n - 1, n + 1) if 0 <= m < len(SECTIONS)]
    other = org % organisations + 1 if organisations > 1 else None
    if other is not None and other != org:
        links.append(f"[de aanpak van {org_name(other)}](../../{org_slug(other)}/{PLAN_SLUG}/{section_file(n)})")
    h = 0
    while words < WORDS_PER_SECTION:
        out += [f"## {headings[h % len(headings)]}", ""]
        h += 1
        for _ in range(rnd.randint(1, 2)):
            paragraph = _paragraph(rnd)
            if links and rnd.random() < 0.6:
                paragraph += f" Zie ook {links.pop(0)}."
            out += [paragraph, ""]
            words += len(paragraph.split())
        if rnd.random() < 0.4:
            out += [f"### {headings[h % len(headings)]} in de praktijk", ""]
            h += 1
            items = [f"- {_sentence(rnd)}" for _ in range(rnd.randint(3, 5))]
            out += items + [""]
            words += sum(len(i.split()) for i in items)
        elif rnd.random() < 0.15:
            out += ["| Jaar | Aantal |", "| --- | ---: |"]
            out += [f"| {year} | {rnd.randint(10, 400)} |" for year in range(2018, 2022)] + [""]
    for link in links:  # links not yet placed go into a closing paragraph
        out += [f"Zie ook {link}.", ""]
    return "\n".join(out)


def _indicator(rnd: random.Random, k: int, topic_ids: list[str]) -> dict:
    unit = ("aantal", "procent", "rapportcijfer")[k % 3]
    if unit == "aantal":
        base = rnd.randint(20, 500)
        values = [max(0, round(base * (1 + rnd.uniform(-0.15, 0.1)))) for _ in range(6)]
        direction, comparator, target = "lager-is-beter", "<=", round(base * 0.9)
    elif unit == "procent":
        base = round(rnd.uniform(10, 80), 1)
        values = [round(min(100.0, max(0.0, base + rnd.uniform(-5, 5))), 1) for _ in range(6)]
        direction, comparator, target = "hoger-is-beter", ">=", round(min(100.0, base + 5), 1)
    else:
        base = round(rnd.uniform(5.5, 7.8), 1)
        values = [round(min(10.0, max(1.0, base + rnd.uniform(-0.4, 0.4))), 1) for _ in range(6)]
        direction, comparator, target = "hoger-is-beter", ">=", round(min(10.0, base + 0.3), 1)
    name = {"aantal": "geregistreerde incidenten", "procent": "inwoners dat zich veilig voelt",
            "rapportcijfer": "rapportcijfer veiligheid buurt"}[unit]
    return {
        "id": f"indicator-{k + 1:02d}",
        "name": f"{name} ({k + 1})",
        "unit": unit,
        "source": rnd.choice(("politie", "veiligheidsmonitor", "gemeente")),
        "direction": direction,
        "baseline": {"value": base, "year": BASELINE_YEAR},
        "target": {"comparator": comparator, "value": target, "year": PERIOD[1]},
        "measurements": [{"year": PERIOD[0] + y, "value": v} for y, v in enumerate(values)],
        "topics": [rnd.choice(topic_ids)],
    }


def plan_yaml(seed: int, org: int, topic_ids: list[str], indicators: bool) -> dict:
    rnd = random.Random(f"{seed}:{org}:plan")
    plan: dict = {
        "title": f"Integraal Veiligheidsplan {org_name(org)} {PERIOD[0]}-{PERIOD[1]}",
        "kind": "integraal-veiligheidsplan",
        "status": "geldend",
        "period": {"start": PERIOD[0], "end": PERIOD[1]},
        "adoption": {"by": "gemeenteraad", "date": dt.date(PERIOD[0] - 1, 12, rnd.randint(1, 20))},
        "validity": None,
        "source": {"title": f"Synthetisch benchmarkplan {org_name(org)}", "kind": "regeling",
                   "publisher": org_name(org), "date": None, "document": f"synthetisch-{org:03d}.txt",
                   "missing": {"date": "Synthetisch benchmarkgegeven."}},
        "missing": {"validity": "Synthetisch benchmarkgegeven."},
        "summary": _sentence(rnd) + " " + _sentence(rnd),
        "topics": sorted({t for _, _, ts in SECTIONS for t in ts}),
        "priorities": [
            {"id": SECTIONS[n][0], "title": SECTIONS[n][1], "topics": SECTIONS[n][2],
             "summary": _sentence(rnd), "goals": [_sentence(rnd) for _ in range(2)],
             "actions": [_sentence(rnd) for _ in range(3)], "section": SECTIONS[n][0]}
            for n in (2, 3, 4, 5)
        ],
        "themes": [
            {"id": SECTIONS[n][0], "title": SECTIONS[n][1], "topics": SECTIONS[n][2],
             "summary": _sentence(rnd), "approach": [_sentence(rnd) for _ in range(2)],
             "section": SECTIONS[n][0]}
            for n in (6, 7)
        ],
    }
    if indicators:
        plan["indicators"] = [_indicator(rnd, k, topic_ids) for k in range(INDICATORS_PER_PLAN)]
    return plan


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def generate(organisations: int, out: Path, seed: int = 1, indicators: bool = True) -> int:
    """Write the corpus into `out` (replaced if it exists); returns the number of files."""
    if out.resolve() == (ROOT / "content").resolve() or (ROOT / "content").resolve() in out.resolve().parents:
        raise SystemExit("generate.py: weigert te schrijven in content/; kies een andere --out")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files = 0

    def write(rel: str, text: str) -> None:
        nonlocal files
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files += 1

    write("site.yaml", _dump({
        "title": "Synthetisch landelijk corpus",
        "description": "Synthetische veiligheidsplannen voor de snelheidsmeting van ivpsite; geen echte gegevens.",
        "base_url": "https://example.org/",
        "language": "nl",
        "publisher": "ivpsite benchmark",
    }))
    shutil.copyfile(TOPICS_SOURCE, out / "topics.yaml")
    files += 1
    taxonomy = yaml.safe_load(TOPICS_SOURCE.read_text(encoding="utf-8"))
    topic_ids = [t["id"] for t in taxonomy["topics"]]
    missing_topics = {t for _, _, ts in SECTIONS for t in ts} - set(topic_ids)
    if missing_topics:
        raise SystemExit(f"generate.py: topics.yaml mist {sorted(missing_topics)}")
    write("pages/over-dit-corpus.md", "---\ntitle: Over dit corpus\n---\n"
          "Alle organisaties, plannen en cijfers op deze site zijn synthetisch en dienen alleen "
          "om de snelheid van ivpsite te meten.\n")
    for org in range(1, organisations + 1):
        slug = org_slug(org)
        write(f"{slug}/organisation.yaml", _dump({
            "name": org_name(org), "kind": "gemeente", "cbs_code": None, "province": None,
            "missing": {"cbs_code": "Synthetisch benchmarkgegeven.", "province": "Synthetisch benchmarkgegeven."},
        }))
        write(f"{slug}/{PLAN_SLUG}/plan.yaml", _dump(plan_yaml(seed, org, topic_ids, indicators)))
        for n in range(len(SECTIONS)):
            write(f"{slug}/{PLAN_SLUG}/{section_file(n)}", section_markdown(seed, org, n, organisations))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=342, help="number of organisations (342)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (replaced)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the pseudo-random text (1)")
    parser.add_argument("--no-indicators", action="store_true", help="plans without indicators")
    args = parser.parse_args(argv)
    if args.organisations < 1:
        parser.error("--organisations must be at least 1")
    files = generate(args.organisations, args.out, args.seed, not args.no_indicators)
    print(f"{files} files for {args.organisations} organisations written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
