"""`fieldwork summary VISIT_ID [--csv OUT] [--xlsx OUT]`: the visit in numbers, and
`fieldwork milestones VISIT_ID`: the visit's timeline before its days on site.

The summary prints the headline numbers (planned, or held once attendance is marked) and each
grouping; `--csv` and `--xlsx` write the same as the web page's downloads. Exit codes: 0 done,
2 bad input (no such visit, a file that cannot be written).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.db.visits import VisitRecord
from scheduler.domain.clocktime import day_label
from scheduler.errors import ServiceError
from scheduler.files.visit_numbers_file import numbers_csv, numbers_xlsx
from scheduler.services.milestones import visit_milestones
from scheduler.services.visit_numbers import VisitInNumbers, numbers_of_visit

EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    summary = subparsers.add_parser(
        "summary", help="the visit in numbers: meetings, people met, person-hours, changes and invites"
    )
    summary.add_argument("visit_id", type=int, metavar="VISIT_ID")
    summary.add_argument("--csv", type=Path, metavar="OUT", help="also write the numbers as CSV")
    summary.add_argument("--xlsx", type=Path, metavar="OUT", help="also write the numbers as a workbook")
    summary.set_defaults(handler=run_summary)

    milestones = subparsers.add_parser("milestones", help="the visit's milestones and their dates")
    milestones.add_argument("visit_id", type=int, metavar="VISIT_ID")
    milestones.set_defaults(handler=run_milestones)


def _factory(args: argparse.Namespace) -> Any:
    url = args.settings.connect_url()
    upgrade_database(url)
    return make_engine(url)


def run_summary(args: argparse.Namespace) -> int:
    engine = _factory(args)
    try:
        with make_session_factory(engine)() as db:
            if db.get(VisitRecord, args.visit_id) is None:
                print(f"fieldwork summary: there is no visit {args.visit_id}", file=sys.stderr)
                return EXIT_BAD_INPUT
            counted = numbers_of_visit(db, args.visit_id)
    except ServiceError as error:
        print(f"fieldwork summary: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    print(summary_text(counted), end="")
    try:
        if args.csv is not None:
            args.csv.write_text(numbers_csv(counted.numbers), encoding="utf-8", newline="")
            print(f"wrote {args.csv}")
        if args.xlsx is not None:
            args.xlsx.write_bytes(numbers_xlsx(counted.visit.name, counted.numbers))
            print(f"wrote {args.xlsx}")
    except OSError as error:
        print(f"fieldwork summary: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def summary_text(counted: VisitInNumbers) -> str:
    n = counted.numbers
    if counted.version is None:
        basis = "nothing planned yet"
    elif n.basis == "held":
        basis = f"held: {n.marked} of {n.placed} sessions marked"
    else:
        basis = f"planned: timetable version {counted.version}"
    lines = [
        f"{counted.visit.name} ({basis})",
        f"meetings {n.basis_label}: {n.meetings}",
        f"people met: {n.distinct_people} (people using services and carers: {n.protected_people})",
        f"person-hours: {n.person_hours:g}",
        f"timetable versions: {n.activity.versions}, change requests: {n.activity.change_requests}",
        f"invites sent: {n.activity.invites_sent} ({n.activity.invitations} invitations,"
        f" {n.activity.updates} updates, {n.activity.cancellations} cancellations)",
    ]
    for table in n.tables:
        lines.append(f"by {table.title.lower()}:")
        lines += [
            f"  {line.name}: {_plural(line.meetings, 'meeting')}, {_plural(line.people, 'person', 'people')},"
            f" {line.person_hours:g} person-hours"
            for line in table.lines
        ]
    return "\n".join(lines) + "\n"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def run_milestones(args: argparse.Namespace) -> int:
    engine = _factory(args)
    try:
        with make_session_factory(engine)() as db:
            if db.get(VisitRecord, args.visit_id) is None:
                print(f"fieldwork milestones: there is no visit {args.visit_id}", file=sys.stderr)
                return EXIT_BAD_INPUT
            milestones = visit_milestones(db, args.visit_id, datetime.now(UTC))
    finally:
        engine.dispose()
    for m in milestones:
        origin = "" if m.set_by_coordinator else " (default)"
        done = f", done {m.happened}" if m.happened else ""
        print(f"{m.due}  {day_label(m.due):<10}  {m.label}{origin}{done}")
    return 0
