"""`fieldwork publish VISIT_ID [--version N]`: publish a timetable version and send its invites.

The invites are queued and the version marked published in one commit; then the outbox is
delivered through ``FIELDWORK_SMTP_URL`` until every invite was accepted by the server or
recorded as failed (kept queued for `fieldwork send-mail` to retry). Without a server the
invites stay queued. RSVP links point at ``FIELDWORK_BASE_URL`` (default http://localhost:5000).
Exit codes: 0 every invite accepted (or queued, without a server); 2 bad input; 4 published, some
invites wait for a retry.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.db.outbox import OutboxEmail
from scheduler.errors import ServiceError
from scheduler.invites.feed_links import feed_base_url
from scheduler.invites.publishing import SentPublication, require_publishable, send_publication
from scheduler.mail import deliver_outbox

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_WAITING = 4
_KIND_LABELS = (("new", "new"), ("update", "updates"), ("cancel", "cancellations"))


def register(subparsers: Any) -> None:
    publish = subparsers.add_parser(
        "publish", help="publish a timetable version and email its invites through FIELDWORK_SMTP_URL"
    )
    publish.add_argument("visit_id", type=int, metavar="VISIT_ID")
    publish.add_argument("number", type=int, nargs="?", metavar="N", help=argparse.SUPPRESS)
    publish.add_argument(
        "--version", type=int, metavar="N", help="the version to publish (default: the latest)"
    )
    publish.add_argument("--smtp-url", help="the SMTP server (default: the FIELDWORK_SMTP_URL variable)")
    publish.add_argument("--digest", action="store_true", help="also send each person one summary email")
    publish.set_defaults(handler=run_publish)


def rsvp_url_for(base_url: str) -> Any:
    base = base_url.rstrip("/")
    return lambda token, answer: f"{base}/rsvp/{token}/{answer}"


def run_publish(args: argparse.Namespace) -> int:
    number = args.version if args.version is not None else args.number
    smtp_url = args.smtp_url or args.settings.smtp_url
    url = args.settings.connect_url()
    upgrade_database(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    now = datetime.now(UTC)
    try:
        with factory() as db:
            number = require_publishable(db, args.visit_id, number)
            sent = send_publication(
                db,
                None,
                args.visit_id,
                number,
                now,
                rsvp_url_for(args.settings.base_url),
                digest=args.digest,
                feed_url=feed_base_url(args.settings.base_url),
            )
            db.commit()
        print(f"published version {number} of visit {args.visit_id}")
        if not smtp_url:
            print(
                f"{_counts(sent)}; all queued: no SMTP server"
                " (set FIELDWORK_SMTP_URL, then `fieldwork send-mail`)"
            )
            return EXIT_OK
        while True:  # each run sends a batch; a server that is down ends the run with the rest queued
            report = deliver_outbox(factory, smtp_url, datetime.now(UTC))
            if report.sent == 0 or report.retrying:
                break
        with factory() as db:
            states = dict(
                db.execute(
                    select(OutboxEmail.id, OutboxEmail.state).where(OutboxEmail.id.in_(sent.outbox_ids))
                ).all()
            )
    except ServiceError as error:
        print(f"fieldwork publish: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        engine.dispose()
    delivered = Counter(states.values())
    waiting = len(sent.outbox_ids) - delivered["sent"]
    print(
        f"{_counts(sent)}; {delivered['sent']} accepted by the server,"
        f" {delivered['queued'] + delivered['sending']} kept for retry, {delivered['failed']} failed"
    )
    return EXIT_WAITING if waiting else EXIT_OK


def _counts(sent: SentPublication) -> str:
    counts = sent.publication.counts()
    return "invites: " + ", ".join(f"{counts[kind]} {label}" for kind, label in _KIND_LABELS)
