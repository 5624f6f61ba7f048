"""The `ivpsite` command: check and build. Problems become `path:line:col: message` lines
on stderr and exit code 1; an unexpected internal error becomes one line and exit code 2."""

from __future__ import annotations

import argparse
from collections.abc import Callable
import sys
from pathlib import Path

from . import messages
from .build import build, check
from .problems import Problems, where
from .publish import Busy


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ivpsite", description="Publiceer integrale veiligheidsplannen als statische website.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="opdracht")
    check_cmd = commands.add_parser("check", help="controleer de content zonder te bouwen")
    check_cmd.add_argument("--content", type=Path, default=Path("content"), help="contentmap (standaard: content)")
    build_cmd = commands.add_parser("build", help="controleer de content en bouw de site")
    build_cmd.add_argument("--content", type=Path, default=Path("content"), help="contentmap (standaard: content)")
    build_cmd.add_argument("--out", type=Path, default=Path("build"), help="uitvoermap (standaard: build)")
    build_cmd.add_argument("--handbook", type=Path, default=None, metavar="MKDOCS_YML",
                           help="bouw ook het handboek voor redacteuren (mkdocs.yml) onder handleiding/")
    _editor_commands(commands)
    return parser


def _editor_commands(commands: argparse._SubParsersAction) -> None:
    serve_cmd = commands.add_parser("serve", help="bekijk de site terwijl u schrijft (live voorbeeld)")
    serve_cmd.add_argument("--content", type=Path, default=Path("content"), help="contentmap (standaard: content)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="adres (standaard: 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="poort (standaard: 8000)")
    new_cmd = commands.add_parser("new", help="begin een nieuwe organisatie of een nieuw plan")
    new_cmd.add_argument("what", choices=["organisation", "plan"], metavar="organisation|plan")
    new_cmd.add_argument("name", help="organisatie (zoals 'maasgouw') of organisatie/plan "
                                      "(zoals 'maasgouw/ivp-2027-2030')")
    new_cmd.add_argument("--kind", help="soort: gemeente|regio, of de soort plan")
    new_cmd.add_argument("--content", type=Path, default=Path("content"), help="contentmap (standaard: content)")
    schema_cmd = commands.add_parser("schema", help="schrijf de JSON Schema's en de referentie- en "
                                                    "meldingenpagina van het handboek")
    schema_cmd.add_argument("--out", type=Path, default=None, help="map voor de schema's (standaard: schemas)")
    schema_cmd.add_argument("--reference", type=Path, default=None,
                            help="referentiepagina (standaard: docs/referentie.md)")
    schema_cmd.add_argument("--messages", type=Path, default=None,
                            help="meldingenpagina (standaard: docs/meldingen.md)")
    import_cmd = commands.add_parser("import", help="zet metingen uit een spreadsheet (CSV of XLSX) in plan.yaml")
    import_cmd.add_argument("what", choices=["measurements"], metavar="measurements")
    import_cmd.add_argument("file", type=Path, help="het spreadsheet: .csv of .xlsx")
    import_cmd.add_argument("--plan", required=True, metavar="ORG/PLAN", help="het plan, zoals 'maasgouw/ivp-2023-2026'")
    import_cmd.add_argument("--content", type=Path, default=Path("content"), help="contentmap (standaard: content)")
    import_cmd.add_argument("--sheet", default=None, help="werkblad van een .xlsx (standaard: het eerste)")
    import_cmd.add_argument("--dry-run", action="store_true", help="toon alleen wat er zou veranderen")
    import_cmd.add_argument("--replace", action="store_true",
                            help="vervang een meting die voor dat jaar al een andere waarde heeft")
    fetch_cmd = commands.add_parser("fetch", help="haal officiële cijfers ter vergelijking op (CBS StatLine)")
    fetch_cmd.add_argument("what", choices=["context"], metavar="context")
    fetch_cmd.add_argument("--content", type=Path, default=Path("content"), help="contentmap (standaard: content)")
    fetch_cmd.add_argument("--plan", default=None, metavar="ORG/PLAN", help="alleen dit plan (standaard: alle)")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("serve", "new", "schema", "import", "fetch"):
        from .editor import run  # the editors' commands: serve, new, schema, import, fetch

        return _guarded(lambda: run(args), interrupted="interrupted")
    return _guarded(lambda: _check_or_build(args), interrupted="build_interrupted")


def _guarded(command: Callable[[], int], interrupted: str) -> int:
    """Run one command with the CLI's promise: Ctrl-C is exit 130, an unexpected internal
    error one line naming the file being processed and exit 2, never a traceback."""
    try:
        return command()
    except KeyboardInterrupt:
        print(f"ivpsite: {messages.text(interrupted)}", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the promise is: never a traceback
        detail = f"{type(error).__name__}: {error}"
        print(f"ivpsite: {messages.text('internal_error', file=where(error) or '(geen bestand)', error=detail)}", file=sys.stderr)
        return 2


def _check_or_build(args: argparse.Namespace) -> int:
    problems = Problems()
    try:
        if args.command == "check":
            done = check(args.content, problems)
        else:
            done = build(args.content, args.out, problems, args.handbook)
    except Busy as busy:
        print(f"ivpsite: {messages.text('build_busy', out=busy)}", file=sys.stderr)
        return 1
    if done is None or problems:
        for problem in problems.sorted():
            print(problem, file=sys.stderr)
        print(f"ivpsite: {messages.text('problems_found', count=len(problems.sorted()))}", file=sys.stderr)
        return 1
    if args.command == "check":
        print(f"Geen problemen: {len(done.plans)} plannen van "
              f"{len(done.organisations)} organisaties zijn in orde.")
    else:
        print(f"Site gebouwd in {args.out}/ ({len(done.pages)} pagina's). Bekijk hem met: "
              f"python -m http.server --directory {args.out} 8000  en open http://127.0.0.1:8000/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
