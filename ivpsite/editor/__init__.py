"""The editors' commands behind the CLI: `serve`, `new`, `schema`, `import measurements` and
`fetch context`.

Kept apart from cli.py so that `check` and `build` never import the watcher or the server.
Same promise as the rest of the CLI: Dutch messages, exit 0/1/2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from .. import messages
from ..content import OrganisationKind, PlanKind


def run(args: argparse.Namespace) -> int:
    """One editors' command; cli.main guards it (Ctrl-C, internal errors)."""
    if args.command == "serve":
        from .serve import serve

        return serve(args.content, args.host, args.port)
    if args.command == "new":
        return _new(args)
    if args.command == "import":
        from .measurements import import_measurements

        return import_measurements(args.file, args.plan, args.content, dry_run=args.dry_run,
                                   replace=args.replace, sheet_name=args.sheet)
    if args.command == "fetch":
        from .context import fetch_context

        return fetch_context(args.content, args.plan)
    return _schema(args)


def _new(args: argparse.Namespace) -> int:
    from .scaffold import Refused, new_organisation, new_plan

    kinds = [k.value for k in (OrganisationKind if args.what == "organisation" else PlanKind)]
    kind = args.kind or kinds[0]
    if kind not in kinds:
        print(f"ivpsite: {messages.text('new_unknown_kind', kind=kind, kinds=', '.join(kinds))}", file=sys.stderr)
        return 1
    try:
        if args.what == "organisation":
            written = new_organisation(args.content, args.name, kind)
        else:
            written = new_plan(args.content, args.name, kind)
    except Refused as refused:
        print(f"ivpsite: {refused}", file=sys.stderr)
        return 1
    for path in written:
        print(f"Aangemaakt: {path}")
    print("Vul de velden in (de opmerkingen met # leggen elk veld uit) en controleer met: ivpsite check")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from . import schema

    site = schema.site_folder(args.content)
    out = args.out or site / schema.SCHEMAS
    reference = args.reference or (site / schema.REFERENCE if args.out is None else None)
    page = args.messages or (site / schema.MESSAGES if args.out is None else None)
    changed = schema.write(out, reference, page)
    for path in changed:
        print(f"Bijgewerkt: {path}")
    if not changed:
        print(f"Alles was al bij: {out}/" + "".join(f" en {p}" for p in (reference, page) if p))
    return 0
