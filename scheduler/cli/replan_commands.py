"""`fieldwork late VISIT_ID --day N --from HH:MM --minutes M`: a day of a stored visit runs late.

Everything the published plan starts before that moment stays exactly as it is (H17); the rest of
that day is pushed later (in whole slots) and re-planned with the fewest changes that keep every
rule. The result is saved as a draft version, and the command says what moved and who publishing
it would write to; `fieldwork publish VISIT_ID --version N` then tells only them.
Exit codes: 0 saved; 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from scheduler.cli.store_commands import store
from scheduler.errors import ServiceError
from scheduler.invites.replan_outcome import replan_outcome
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.replanning import late_day

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    late = subparsers.add_parser(
        "late", help="a day runs late: re-plan the rest of it with the fewest changes and save a draft"
    )
    late.add_argument("visit_id", type=int, metavar="VISIT_ID")
    late.add_argument(
        "--day", type=int, required=True, metavar="N", help="the day of the visit, 1 for the first"
    )
    late.add_argument(
        "--from", dest="clock", required=True, metavar="HH:MM", help="from when the day runs late"
    )
    late.add_argument("--minutes", type=int, required=True, metavar="M", help="how many minutes late")
    late.add_argument("--time-limit", type=float, default=30.0, metavar="S", help="default 30")
    late.set_defaults(handler=run_late)


def run_late(args: argparse.Namespace) -> int:
    if args.time_limit <= 0:
        print("fieldwork late: --time-limit must be more than 0 seconds", file=sys.stderr)
        return EXIT_BAD_INPUT
    now = datetime.now(UTC)
    try:
        with store(args.settings) as db:
            late = late_day(db, args.visit_id, args.day, args.clock, args.minutes)
            number = plan_visit(
                db,
                None,
                args.visit_id,
                now,
                time_limit=args.time_limit,
                parameters=args.settings.cpsat,
                frozen_before=late.moment,
                late_minutes=late.minutes,
            )
            outcome = replan_outcome(db, args.visit_id, number, now)
            lines = [f"{late.text()}: version {number} saved as a draft"]
            lines.append(f"kept as they were: {late.kept} sessions before {args.clock}")
            lines.append(
                f"changed: {outcome.sessions_moved} session{'s' if outcome.sessions_moved != 1 else ''}"
                f" against version {outcome.against}"
            )
            lines += [
                f"  {c.title}: {c.before or 'not placed'} -> {c.after or 'not placed'}"
                for c in outcome.comparison.changes
            ]
            counts = outcome.publication.counts()
            lines.append(
                f"publishing it writes to {outcome.people_notified} people ({counts['update']} updates,"
                f" {counts['new']} invitations, {counts['cancel']} cancellations); nobody else"
            )
            lines.append(f"publish with: fieldwork publish {args.visit_id} --version {number}")
    except ServiceError as error:
        print(f"fieldwork late: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print("\n".join(lines))
    return EXIT_OK
