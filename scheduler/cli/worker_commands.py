"""`fieldwork worker`: run solves and email delivery for the web app on this machine (Celery)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from scheduler.db.engine import upgrade_database
from scheduler.jobs.celery_app import DEFAULT_MAIL_SECONDS, MAIL_QUEUE, SOLVE_QUEUE, make_celery

EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    worker = subparsers.add_parser(
        "worker", help="take solves and email from the FIELDWORK_BROKER_URL queue (a Celery worker)"
    )
    worker.add_argument("--broker-url", help="the Redis broker (default: the FIELDWORK_BROKER_URL variable)")
    worker.add_argument(
        "--concurrency",
        type=int,
        default=1,
        help="solves at once on this machine (default 1: each solve already uses every core)",
    )
    worker.add_argument(
        "--queues",
        default=f"{SOLVE_QUEUE},{MAIL_QUEUE}",
        help=f"which work to take (default {SOLVE_QUEUE},{MAIL_QUEUE})",
    )
    worker.add_argument(
        "--no-beat",
        action="store_true",
        help="do not schedule the outbox rounds here (run the schedule on one machine only)",
    )
    worker.add_argument(
        "--mail-every",
        type=float,
        help="seconds between outbox rounds (default 30, or FIELDWORK_MAIL_SEND_SECONDS)",
    )
    worker.add_argument("--loglevel", default="info", help="Celery's log level (default info)")
    worker.set_defaults(handler=run_worker)


def run_worker(args: argparse.Namespace) -> int:
    settings = args.settings
    broker_url = args.broker_url or settings.broker_url
    if not broker_url:
        print(
            "fieldwork worker: no broker: set FIELDWORK_BROKER_URL (e.g. redis://127.0.0.1:6379/0)"
            " or pass --broker-url",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if args.concurrency < 1:
        print("fieldwork worker: --concurrency must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    # The worker and the web app must agree on the schema before either writes.
    upgrade_database(settings.connect_url())
    mail_every = args.mail_every or settings.mail_send_seconds or DEFAULT_MAIL_SECONDS
    app = make_celery(broker_url, settings, mail_every=mail_every)
    argv = [
        "worker",
        f"--loglevel={args.loglevel}",
        f"--concurrency={args.concurrency}",
        f"--queues={args.queues}",
        "--without-gossip",
        "--without-mingle",
    ]
    if not args.no_beat:
        schedule = Path(settings.instance) / "celerybeat-schedule"
        schedule.parent.mkdir(parents=True, exist_ok=True)
        argv += ["--beat", f"--schedule={schedule}"]
    app.worker_main(argv)
    return 0
