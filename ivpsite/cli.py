"""The `ivpsite` command: check and build. Problems become `path:line:col: message` lines
on stderr (or GitHub annotations, or a GitLab Code Quality report) and exit code 1; a failure
of the computer itself (a full or read-only disk, missing rights, a symlink loop) one Dutch
line and exit code 1; an unexpected internal error one line and exit code 2 (with --debug,
its traceback too). argparse speaks Dutch here as well."""

from __future__ import annotations

import argparse
import errno
import os
import re
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from . import dutch, messages, report
from .build import build, check
from .problems import Problems, where
from .publish import Busy, InterruptedAfterSwap
from .unchanged import Unchanged


# --- argparse in Dutch ------------------------------------------------------------------


class _DutchHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001 - argparse's signature
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


# argparse's English complaints (Python 3.11 to 3.13) -> the catalogue key and its values.
_ARGPARSE = (
    (r"the following arguments are required: (?P<names>.+)", "usage_required"),
    (r"argument (?P<argument>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<options>.+)\)",
     "usage_choice"),
    (r"argument (?P<argument>.+?): invalid int value: (?P<value>.+)", "usage_number"),
    (r"argument (?P<argument>.+?): invalid .+? value: (?P<value>.+)", "usage_value"),
    (r"unrecognized arguments: (?P<names>.+)", "usage_unknown"),
    (r"argument (?P<argument>.+?): expected one argument", "usage_one_value"),
    (r"ambiguous option: (?P<argument>.+?) could match (?P<options>.+)", "usage_ambiguous"),
)


def dutch_usage_error(message: str) -> str:
    """argparse's error message in Dutch (unchanged when it is one not foreseen here)."""
    for pattern, key in _ARGPARSE:
        match = re.fullmatch(pattern, message)
        if match:
            return messages.text(key, **match.groupdict())
    return message


class DutchParser(argparse.ArgumentParser):
    """ArgumentParser whose own words (usage, headings, help option, errors) are Dutch."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("formatter_class", _DutchHelp)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="toon deze hulp en stop")

    def error(self, message: str):  # noqa: ANN201 - argparse's signature (NoReturn)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {messages.text('usage_error', message=dutch_usage_error(message))}\n")


def _parser() -> argparse.ArgumentParser:
    parser = DutchParser(prog="ivpsite", description="Publiceer integrale veiligheidsplannen als statische website.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="opdracht",
                                     parser_class=DutchParser)
    check_cmd = commands.add_parser("check", help="controleer de content zonder te bouwen")
    check_cmd.add_argument("--content", type=Path, default=Path("content"), help="contentmap (standaard: content)")
    check_cmd.add_argument("--format", choices=report.FORMATS, default="text",
                           help="text (standaard): regels op het scherm; github: aantekeningen bij de "
                                "gewijzigde regels van een pull request; gitlab: een Code Quality-rapport "
                                "(JSON) voor een merge request")
    build_cmd = commands.add_parser("build", help="controleer de content en bouw de site")
    build_cmd.add_argument("--content", type=Path, default=Path("content"), help="contentmap (standaard: content)")
    build_cmd.add_argument("--out", type=Path, default=Path("build"), help="uitvoermap (standaard: build)")
    build_cmd.add_argument("--force", action="store_true",
                           help="bouw opnieuw, ook als er sinds de vorige build niets veranderd is")
    build_cmd.add_argument("--handbook", type=Path, default=None, metavar="MKDOCS_YML",
                           help="bouw ook het handboek voor redacteuren (mkdocs.yml) onder handleiding/")
    for command in (check_cmd, build_cmd):
        command.add_argument("--strict", action="store_true",
                             help="een waarschuwing (zoals een uitgever of adres dat nog een voorbeeld is) "
                                  "telt als probleem: voor het publiceren")
    _editor_commands(commands)
    for command in commands.choices.values():
        command.add_argument("--debug", action="store_true",
                             help="toon bij een interne fout ook de traceback (voor wie ivpsite onderhoudt)")
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
    schema_cmd.add_argument("--content", type=Path, default=Path("content"),
                            help="contentmap; de bestanden komen in de map erboven (standaard: content, "
                                 "dus de huidige map)")
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


# --- running a command ------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    _tolerant_console()
    args = _parser().parse_args(argv)
    places = _places(args)
    if args.command in ("serve", "new", "schema", "import", "fetch"):
        from .editor import run  # the editors' commands: serve, new, schema, import, fetch

        return _guarded(lambda: run(args), "interrupted", args.debug, places)
    return _guarded(lambda: _check_or_build(args), "build_interrupted", args.debug, places)


def _tolerant_console() -> None:
    """A console that cannot show a character (a Windows code page, an ASCII-only terminal)
    shows '?' instead: a Dutch message never crashes the command that prints it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _guarded(command: Callable[[], int], interrupted: str, debug: bool = False,
             places: dict[Path, str] | None = None) -> int:
    """Run one command with the CLI's promise: Ctrl-C (or a stop signal) is exit 130, a
    failure of the computer a Dutch line and exit 1, an unexpected internal error one line
    naming the file being processed and exit 2, never a traceback (unless --debug)."""
    previous = _stop_on_sigterm()
    try:
        return command()
    except InterruptedAfterSwap:
        print(f"ivpsite: {messages.text('build_interrupted_live')}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"ivpsite: {messages.text(interrupted)}", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the promise is: never a traceback
        failure = environment_failure(error, places or {})
        if failure is not None:
            print(f"ivpsite: {failure}", file=sys.stderr)
            return 1
        detail = f"{type(error).__name__}: {error}"
        print(f"ivpsite: {messages.text('internal_error', file=where(error) or '(geen bestand)', error=detail)}",
              file=sys.stderr)
        if debug:
            traceback.print_exc()
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm() -> object | None:
    """A stop signal (a CI cancel, `kill`) ends the command like Ctrl-C: cleaned up, truthful."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


_ENVIRONMENT = {
    errno.ENOSPC: "env_disk_full",
    errno.EROFS: "env_read_only",
    errno.EACCES: "env_permission",
    errno.EPERM: "env_permission",
    errno.ELOOP: "env_link_loop",
}
if hasattr(errno, "EDQUOT"):
    _ENVIRONMENT[errno.EDQUOT] = "env_disk_full"


def environment_failure(error: BaseException, places: dict[Path, str]) -> str | None:
    """The Dutch message for a failure of the computer (not of ivpsite, not of the content),
    naming the place as the editor knows it, never a machine path; None for anything else."""
    loop = re.fullmatch(r"Symlink loop from '(.*)'", str(error)) if isinstance(error, RuntimeError) else None
    if loop:  # pathlib's resolve() before Python 3.13
        return messages.text("env_link_loop", place=_place(loop.group(1), places))
    if not isinstance(error, OSError) or error.errno not in _ENVIRONMENT:
        return None
    filename = error.filename if isinstance(error.filename, str) else None
    return messages.text(_ENVIRONMENT[error.errno], place=_place(filename, places))


def _places(args: argparse.Namespace) -> dict[Path, str]:
    """Folders the command works in -> how the editor named them."""
    places = {Path(tempfile.gettempdir()).resolve(): "de map voor tijdelijke bestanden"}
    for name in ("content", "out"):
        given = getattr(args, name, None)
        if given is not None:
            places[Path(os.path.abspath(given))] = str(given)
    return places


def _place(filename: str | None, places: dict[Path, str]) -> str:
    if not filename:
        return "een map of bestand"
    full = Path(os.path.abspath(filename))
    for folder, name in sorted(places.items(), key=lambda item: -len(str(item[0]))):
        # The folder itself, a file in it, or what a build keeps beside it (.build.staging-x).
        beside = [part for part in (full, *full.parents)
                  if part.parent == folder.parent and part.name.startswith(f".{folder.name}.")]
        if full == folder or folder in full.parents or beside:
            rest = "." if beside else full.relative_to(folder).as_posix()
            return name if rest == "." else f"{name}/{rest}"
    return full.name  # the name only: no path of this machine


def _check_or_build(args: argparse.Namespace) -> int:
    problems = Problems(strict=args.strict)
    form = getattr(args, "format", "text")
    try:
        if args.command == "check":
            done = check(args.content, problems)
        else:
            done = build(args.content, args.out, problems, args.handbook, reuse=not args.force)
    except Busy as busy:
        print(f"ivpsite: {messages.text('build_busy', out=busy)}", file=sys.stderr)
        return 1
    warnings = sorted(set(problems.warnings))
    if done is None or problems:
        found = problems.sorted()
        output = report.format_problems(form, found, args.content)  # warnings wait until these are solved
        (sys.stderr if form == "text" else sys.stdout).write(output)
        print(f"ivpsite: {messages.text('problems_found', problems=messages.problems(len(found)))}",
              file=sys.stderr)
        return 1
    if warnings:  # published all the same (without --strict): said, not hidden
        output = report.format_problems(form, warnings, args.content)
        (sys.stderr if form == "text" else sys.stdout).write(output)
        sys.stderr.flush()  # "hierboven" in the success line must be true in a terminal
    if args.command == "check":
        if form == "gitlab" and not warnings:
            sys.stdout.write(report.gitlab([], args.content))  # an empty report: nothing to show
        plans = dutch.count(len(done.plans), "plan", "plannen")
        organisations = dutch.count(len(done.organisations), "organisatie", "organisaties")
        # A success line, not a message; beside a GitLab report (on stdout) it goes to the log.
        success = sys.stderr if form == "gitlab" else sys.stdout
        also = f" (wel {dutch.count(len(warnings), 'waarschuwing', 'waarschuwingen')}, hierboven)" if warnings else ""
        success.write(f"Geen problemen{also}: {plans} van {organisations} zijn in orde.\n")
        return 0
    try:
        if isinstance(done, Unchanged):
            pages = dutch.count(done.pages, "pagina", "pagina's")
            print(f"Niets veranderd sinds de vorige build: {args.out}/ is al bij ({pages}; "
                  "--force bouwt toch opnieuw). Bekijk hem met: "
                  f"python -m http.server --directory {args.out} 8000  en open http://127.0.0.1:8000/")
            return 0
        pages = dutch.count(len(done.pages), "pagina", "pagina's")
        print(f"Site gebouwd in {args.out}/ ({pages}). Bekijk hem met: "
              f"python -m http.server --directory {args.out} 8000  en open http://127.0.0.1:8000/")
    except KeyboardInterrupt as stop:
        raise InterruptedAfterSwap from stop
    return 0


if __name__ == "__main__":
    sys.exit(main())
