"""`fieldwork ics VISIT_ID --person EMAIL -o FILE`: write one person's calendar from the shell.

The file is what that person's feed serves: their published sessions (and escort duties), or an
assessor's whole agenda, as one .ics without a METHOD, ready to import into any calendar.
With ``--person`` left out it writes the coordinator's whole visit.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scheduler.cli.store_commands import EXIT_BAD_INPUT, EXIT_OK, store
from scheduler.errors import ServiceError
from scheduler.invites.calendars import owner_by_email, personal_calendar, visit_calendar
from scheduler.services.visits import load_visit


def register(subparsers: Any) -> None:
    ics = subparsers.add_parser(
        "ics", help="write a person's (or the whole visit's) calendar as an .ics file"
    )
    ics.add_argument("visit_id", type=int, metavar="VISIT_ID")
    ics.add_argument(
        "--person", metavar="EMAIL", help="the person's or assessor's email (default: whole visit)"
    )
    ics.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="where to write the .ics"
    )
    ics.set_defaults(handler=run_ics)


def run_ics(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    try:
        with store(args.settings) as db:
            if args.person:
                who_kind, key = owner_by_email(load_visit(db, args.visit_id), args.person)
                calendar = personal_calendar(db, args.visit_id, who_kind, key, now)
            else:
                calendar = visit_calendar(db, args.visit_id, now)
    except (ServiceError, ValueError) as error:
        print(f"fieldwork ics: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    events = calendar.body.count(b"BEGIN:VEVENT")
    if events == 0:
        # A calendar without events is refused by strict importers; say so instead of writing one.
        who = args.person or f"visit {args.visit_id}"
        print(f"fieldwork ics: {who} has no published sessions yet; nothing written", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        args.output.write_bytes(calendar.body)
    except OSError as error:
        print(f"fieldwork ics: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"wrote {events} event{'s' if events != 1 else ''} to {args.output}")
    return EXIT_OK
