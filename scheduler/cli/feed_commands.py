"""`fieldwork feeds send VISIT_ID`: email every person and assessor their personal calendar link.

The emails go through the outbox like invites: queued in one commit, then delivered through
``FIELDWORK_SMTP_URL`` (or ``--smtp-url``) until the server accepted each or it was recorded as
failed (those stay queued for `fieldwork send-mail`). Without a server they stay queued. Links
point at ``FIELDWORK_BASE_URL`` (default http://localhost:5000). Exit codes: 0 done, 2 bad input,
4 some emails wait for a retry.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from scheduler.cli.store_commands import EXIT_OK, _coordinator, _guarded, store
from scheduler.db.engine import make_engine, make_session_factory
from scheduler.invites.feed_links import feed_base_url, send_feed_links
from scheduler.mail import deliver_outbox

EXIT_WAITING = 4


def register(subparsers: Any) -> None:
    feeds = subparsers.add_parser("feeds", help="personal calendar feeds")
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    send = actions.add_parser("send", help="email everyone in a visit their own calendar link")
    send.add_argument("visit_id", type=int, metavar="VISIT_ID")
    send.add_argument("--smtp-url", help="the SMTP server (default: the FIELDWORK_SMTP_URL variable)")
    send.add_argument("--user", metavar="EMAIL", help="the coordinator to record (default: the only account)")
    send.set_defaults(handler=run_send)


def run_send(args: argparse.Namespace) -> int:
    def work() -> int:
        base_url = args.settings.base_url
        with store(args.settings) as db:
            actor = _coordinator(db, args.user)
            mailing = send_feed_links(db, actor, args.visit_id, datetime.now(UTC), feed_base_url(base_url))
        print(mailing.summary())
        smtp_url = args.smtp_url or args.settings.smtp_url
        if not smtp_url:
            print("all queued: no SMTP server (set FIELDWORK_SMTP_URL, then `fieldwork send-mail`)")
            return EXIT_OK
        engine = make_engine(args.settings.connect_url())
        try:
            factory = make_session_factory(engine)
            sent = 0
            while True:  # a server that is down ends the run with the rest queued
                report = deliver_outbox(factory, smtp_url, datetime.now(UTC))
                sent += report.sent
                if report.sent == 0 or report.retrying:
                    break
        finally:
            engine.dispose()
        print(f"{sent} accepted by the server, {report.retrying} kept for retry")
        return EXIT_WAITING if report.retrying else EXIT_OK

    return _guarded("feeds send", work)
