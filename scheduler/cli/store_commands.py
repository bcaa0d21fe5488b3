"""`fieldwork create-user`, `set-password`, `import`, `export`, `plan`, `forget-uploads`: the visit store.

The database is the instance's (``FIELDWORK_INSTANCE``, default ./instance, or ``DATABASE_URL``),
brought up to date before each command. Exit codes: 0 done; 2 bad input (a file, an id, an
account); 3 a plan was saved but some must session is proved impossible to place; 4 a plan was
saved but the time limit ran out before every must session was placed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.errors import ServiceError
from scheduler.files.timetable_file import dump_timetable
from scheduler.files.visit_file import VisitFileError, dump_visit
from scheduler.files.visit_file import load_visit as load_visit_file
from scheduler.planning.solve_time import time_advice
from scheduler.services.accounts import create_user, find_user_by_email, set_password
from scheduler.services.availability_origin import AnswerPolicy
from scheduler.services.import_uploads import delete_abandoned_uploads
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.timetables import get_timetable
from scheduler.services.visits import import_visit, load_visit, update_visit
from scheduler.settings import Settings

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_MUST_UNPLACED = 3
EXIT_OUT_OF_TIME = 4


def register(subparsers: Any) -> None:
    user = subparsers.add_parser("create-user", help="create a coordinator account")
    user.add_argument("email", metavar="EMAIL")
    user.add_argument("--name", required=True, metavar="N", help="the coordinator's name")
    user.add_argument("--password", metavar="P", help="asked for when not given")
    user.set_defaults(handler=run_create_user)

    reset = subparsers.add_parser(
        "set-password", help="set a coordinator's password and log the account out everywhere"
    )
    reset.add_argument("email", metavar="EMAIL")
    reset.add_argument("--password", metavar="P", help="asked for when not given")
    reset.set_defaults(handler=run_set_password)

    imported = subparsers.add_parser("import", help="store a visit file (or update a stored visit from one)")
    imported.add_argument("visit", type=Path, metavar="VISIT.json")
    imported.add_argument("--user", metavar="EMAIL", help="its coordinator (default: the only account)")
    imported.add_argument("--update", type=int, metavar="ID", help="replace the contents of visit ID instead")
    imported.add_argument(
        "--replace-answers",
        action="store_true",
        help="with --update: the file's availability replaces what people answered through their "
        "own link (by default their answers are kept, and listed)",
    )
    imported.set_defaults(handler=run_import)

    export = subparsers.add_parser("export", help="write a stored visit back to a visit file")
    export.add_argument("visit_id", type=int, metavar="ID")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.add_argument("--timetable", type=Path, metavar="TT.json", help="also write its timetable")
    export.add_argument("--version", type=int, metavar="N", help="that timetable version (default: latest)")
    export.set_defaults(handler=run_export)

    planned = subparsers.add_parser("plan", help="plan a stored visit and save a draft timetable version")
    planned.add_argument("visit_id", type=int, metavar="ID")
    planned.add_argument("--time-limit", type=float, default=60.0, metavar="S", help="default 60")
    planned.add_argument("--user", metavar="EMAIL", help="who to record as planning it")
    planned.set_defaults(handler=run_plan)

    forget = subparsers.add_parser(
        "forget-uploads",
        help="delete the spreadsheets uploaded for import more than a day ago and never imported",
    )
    forget.set_defaults(handler=run_forget_uploads)

    # `publish` (with its invites) is in scheduler.cli.publish_commands.


# ---- plumbing ------------------------------------------------------------------------------------


@contextmanager
def store(settings: Settings) -> Iterator[Session]:
    """A session on the migrated instance database that commits once if the command succeeds."""
    url = settings.connect_url()
    upgrade_database(url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as db:
            yield db
            db.commit()
    finally:
        engine.dispose()


def _now() -> datetime:
    return datetime.now(UTC)


def _fail(command: str, message: str) -> int:
    print(f"fieldwork {command}: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _guarded(command: str, work: Callable[[], int]) -> int:
    """Run the command; a refusal or a bad file becomes a message and exit code 2, never a traceback."""
    try:
        return work()
    except VisitFileError as error:
        return _fail(command, "the visit file has problems:\n" + "\n".join(f"  {p}" for p in error.problems))
    except ServiceError as error:
        return _fail(command, str(error))


def _coordinator(db: Session, email: str | None) -> User:
    if email:
        user = find_user_by_email(db, email)
        if user is None:
            raise ServiceError(f"there is no account for {email}")
        return user
    users = list(db.scalars(select(User).limit(2)))
    if not users:
        raise ServiceError("there is no coordinator account yet: create one with `fieldwork create-user`")
    if len(users) > 1:
        raise ServiceError("there are several accounts: say which coordinator with --user EMAIL")
    return users[0]


# ---- the commands -------------------------------------------------------------------------------


def _new_password(given: str | None) -> str:
    if given is not None:
        return given
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise ServiceError("the two passwords differ")
    return password


def run_create_user(args: argparse.Namespace) -> int:
    def work() -> int:
        password = _new_password(args.password)
        with store(args.settings) as db:
            user = create_user(db, args.email, password, args.name, _now())
            print(f"created account {user.email} ({user.name})")
        return EXIT_OK

    return _guarded("create-user", work)


def run_set_password(args: argparse.Namespace) -> int:
    def work() -> int:
        password = _new_password(args.password)
        with store(args.settings) as db:
            user = find_user_by_email(db, args.email)
            if user is None:
                raise ServiceError(f"there is no account for {args.email}")
            set_password(db, user, password)
            print(f"password set for {user.email}; every browser logged in to it is logged out")
        return EXIT_OK

    return _guarded("set-password", work)


def run_import(args: argparse.Namespace) -> int:
    def work() -> int:
        visit = load_visit_file(args.visit)
        with store(args.settings) as db:
            if args.update is not None:
                actor = _coordinator(db, args.user) if args.user else None
                answers: AnswerPolicy = "replace" if args.replace_answers else "keep"
                changes = update_visit(db, actor, args.update, visit, _now(), answers=answers, source="file")
                print("\n".join(changes) if changes else "no changes")
                if any(change.startswith("kept the availability") for change in changes):
                    print("(their own answers were kept: --replace-answers replaces them with the file's)")
            else:
                print(import_visit(db, _coordinator(db, args.user), visit, _now()))
        return EXIT_OK

    return _guarded("import", work)


def run_export(args: argparse.Namespace) -> int:
    def work() -> int:
        with store(args.settings) as db:
            visit = load_visit(db, args.visit_id)
            timetable = get_timetable(db, args.visit_id, args.version)[1] if args.timetable else None
        dump_visit(visit, args.output)
        if timetable is not None:
            dump_timetable(timetable, args.timetable)
        return EXIT_OK

    return _guarded("export", work)


def run_plan(args: argparse.Namespace) -> int:
    if args.time_limit <= 0:
        return _fail("plan", "--time-limit must be more than 0 seconds")

    def work() -> int:
        with store(args.settings) as db:
            actor = _coordinator(db, args.user) if args.user else None
            number = plan_visit(
                db, actor, args.visit_id, _now(), time_limit=args.time_limit, parameters=args.settings.cpsat
            )
            timetable = get_timetable(db, args.visit_id, number)[1]
            sessions = load_visit(db, args.visit_id).sessions
            musts = {s.id for s in sessions if s.priority == "must"}
        print(number)
        unplaced = [u for u in timetable.unscheduled if u.session in musts]
        if unplaced and timetable.status == "UNKNOWN":
            print(
                f"time ran out: {len(musts) - len(unplaced)} of {len(musts)} must sessions placed; "
                f"the plan so far is version {number}. {time_advice(len(sessions), args.time_limit)}",
                file=sys.stderr,
            )
            for item in unplaced:
                print(f"not placed yet: must session {item.session}: {item.reason}", file=sys.stderr)
            return EXIT_OUT_OF_TIME
        for item in unplaced:
            print(f"cannot place must session {item.session}: {item.reason}", file=sys.stderr)
        return EXIT_MUST_UNPLACED if unplaced else EXIT_OK

    return _guarded("plan", work)


def run_forget_uploads(args: argparse.Namespace) -> int:
    def work() -> int:
        with store(args.settings) as db:
            deleted = delete_abandoned_uploads(db, _now())
        print(f"deleted {deleted} upload{'' if deleted == 1 else 's'} older than a day")
        return EXIT_OK

    return _guarded("forget-uploads", work)
