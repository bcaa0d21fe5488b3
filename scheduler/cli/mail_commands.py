"""`fieldwork send-mail`: deliver the outbox once (e.g. from cron, or when the web app is not running)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.errors import ServiceError
from scheduler.mail import deliver_outbox
from scheduler.services.milestones import remind_due_milestones

EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    send = subparsers.add_parser(
        "send-mail", help="send the queued emails once through FIELDWORK_SMTP_URL, then stop"
    )
    send.add_argument("--smtp-url", help="the SMTP server (default: the FIELDWORK_SMTP_URL variable)")
    send.add_argument(
        "--max-attempts",
        type=int,
        help="give an email up after this many failures (default 8, or FIELDWORK_MAIL_MAX_ATTEMPTS)",
    )
    send.set_defaults(handler=run_send_mail)


def run_send_mail(args: argparse.Namespace) -> int:
    smtp_url = args.smtp_url or args.settings.smtp_url
    if not smtp_url:
        print(
            "fieldwork send-mail: no SMTP server: set FIELDWORK_SMTP_URL or pass --smtp-url", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    url = args.settings.connect_url()
    upgrade_database(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    now = datetime.now(UTC)
    try:
        with factory() as db, db.begin():
            reminders = remind_due_milestones(db, now, args.settings.base_url)
        report = deliver_outbox(
            factory,
            smtp_url,
            now,
            max_attempts=args.max_attempts or args.settings.mail_max_attempts,
        )
    except ServiceError as error:
        print(f"fieldwork send-mail: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    if report.unreachable:
        print(
            f"fieldwork send-mail: the SMTP server could not be reached ({report.unreachable}); nothing was"
            " sent and every email stays queued",
            file=sys.stderr,
        )
        return 1
    if reminders.emails:
        print(f"queued {reminders.emails} milestone reminder(s)")
    print(f"sent {report.sent}, to retry later {report.retrying}, given up {report.failed}")
    return 0
