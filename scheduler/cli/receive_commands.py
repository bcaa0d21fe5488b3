"""`fieldwork mail receive [--host 127.0.0.1] [--port 2525]`: take calendar replies by SMTP.

Runs until interrupted (Ctrl-C or SIGTERM). Point the council's mail server at it for the
coordinator mailbox that invites name as ORGANIZER (a forwarding rule or a transport map).
Exit codes: 0 stopped, 2 the address cannot be listened on.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import UTC, datetime
from typing import Any

from scheduler.db.engine import make_engine, make_session_factory, upgrade_database
from scheduler.invites.inbound import reply_endpoint


def register(subparsers: Any) -> None:
    mail = subparsers.add_parser("mail", help="inbound mail: replies from calendar apps")
    actions = mail.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    receive = actions.add_parser("receive", help="an SMTP endpoint that records calendar replies")
    receive.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    receive.add_argument("--port", type=int, default=2525, help="port to listen on (default 2525)")
    receive.set_defaults(handler=run_receive)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def run_receive(args: argparse.Namespace) -> int:
    url = args.settings.connect_url()
    upgrade_database(url)
    engine = make_engine(url)
    endpoint = reply_endpoint(make_session_factory(engine), _utc_now, args.host, args.port)
    try:
        endpoint.start()
    except (OSError, RuntimeError) as error:
        print(f"fieldwork mail receive: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        engine.dispose()
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"taking calendar replies on {args.host}:{args.port} (Ctrl-C to stop)", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()
        engine.dispose()
    return 0
