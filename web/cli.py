"""`fieldwork serve` and `fieldwork demo`: the web app's commands, found by the scheduler's CLI
through the `fieldwork.commands` entry point (so the scheduler never imports web)."""

from __future__ import annotations

import argparse
import datetime
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from waitress import serve

import scheduler
from scheduler.demo.dates import demo_dates
from scheduler.errors import ServiceError
from scheduler.files.visit_dates import move_visit, upcoming_start
from scheduler.files.visit_file import VisitFileError, load_visit
from scheduler.invites.publishing import send_publication
from scheduler.services.accounts import create_user
from scheduler.services.availability_requests import set_deadline
from scheduler.services.members import add_member_by_email
from scheduler.services.milestones import set_milestone_dates
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.roles import COORDINATOR, OWNER, VIEWER, role_name
from scheduler.services.visits import import_visit
from web import create_app
from web.database import session_factory
from web.feed_links import feed_link
from web.rsvp_links import rsvp_link

DEMO_VISIT = Path(scheduler.__file__).resolve().parent / "demo" / "demo-visit.json"
DEMO_EMAIL = "demo@fieldwork.example"
# The demo visit's core team as a council has it (email, name, role): the owner, a quality and
# assurance lead; two principal social workers who plan with her; the Director, who looks.
DEMO_TEAM = (
    (DEMO_EMAIL, "Sarah Whitfield", OWNER),
    ("zara.watson@oakhaven.gov.example", "Zara Watson", COORDINATOR),
    ("kieran.gill@oakhaven.gov.example", "Kieran Gill", COORDINATOR),
    ("eleanor.murphy@oakhaven.gov.example", "Eleanor Murphy", VIEWER),
)


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser("serve", help="serve the coordinators' web app")
    _add_address(serve)
    serve.set_defaults(handler=run_serve)

    demo = subparsers.add_parser(
        "demo", help="start a fresh demo: a planned, published example visit and its team's logins"
    )
    _add_address(demo)
    demo.add_argument(
        "--time-limit", type=float, default=30.0, help="seconds to plan the demo visit (default 30)"
    )
    demo.set_defaults(handler=run_demo)


def _add_address(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port to listen on (default 5000)")


def run_serve(args: argparse.Namespace) -> int:
    app = create_app(environment=args.settings)
    serve_app(app, args.host, args.port)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    instance = Path(tempfile.mkdtemp(prefix="fieldwork-demo-"))
    app = create_app(
        {"INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'fieldwork.sqlite3'}"},
        args.settings,
    )
    password = secrets.token_urlsafe(9)
    url = f"http://{args.host}:{args.port}/"
    try:
        visit_id, number = prepare_demo(app, password, args.time_limit, base_url=url)
    except (VisitFileError, ServiceError) as error:
        print(f"fieldwork demo: could not prepare the demo visit: {error}", file=sys.stderr)
        return 2
    print(f"Demo visit {visit_id} planned; timetable version {number} published and its invites queued.")
    if not app.config["SMTP_URL"]:
        print("No mail server is set up (FIELDWORK_SMTP_URL), so nothing is sent: the invites wait in")
        print(f"the visit's outbox, {url}visits/{visit_id}/outbox, where each message can be opened.")
    print(f"Open {url} and log in as any of the visit's team, each with the password {password}")
    for email, name, role in DEMO_TEAM:
        print(f"  {email:<38} {name}, {role_name(role).lower()}")
    print(f"(demo database in {instance})")
    serve_app(app, args.host, args.port)
    return 0


def prepare_demo(
    app: Flask, password: str, time_limit: float, base_url: str = "http://127.0.0.1:5000/"
) -> tuple[int, int]:
    """Create the demo visit's team, import the visit, plan it, then publish the plan as a
    coordinator does: its invites queued in the outbox (sent only with a mail server)."""
    clock = app.config["CLOCK"]
    shipped = load_visit(DEMO_VISIT)
    # On upcoming dates, so that its personal availability links (valid until the visit is over) work.
    visit = move_visit(shipped, upcoming_start(datetime.date.fromisoformat(shipped.days[0]), clock().date()))
    with session_factory(app)() as db:
        (owner_email, owner_name, _), *colleagues = DEMO_TEAM
        owner = create_user(db, owner_email, password, owner_name, clock())
        visit_id = import_visit(db, owner, visit, clock())
        for email, name, role in colleagues:
            create_user(db, email, password, name, clock())
            add_member_by_email(db, owner, visit_id, email, role, clock(), name=name)
        # An availability deadline the form shows, with the milestones around it in order.
        today = clock().astimezone(ZoneInfo(visit.timezone)).date()
        dates = demo_dates(datetime.date.fromisoformat(visit.days[0]), today, visit.timezone)
        set_deadline(db, owner, visit_id, dates.deadline, clock())
        set_milestone_dates(db, owner, visit_id, dates.milestones, clock())
        db.commit()
        print(f"Planning '{visit.name}' for up to {time_limit:g} s ...", flush=True)
        number = plan_visit(
            db, owner, visit_id, clock(), time_limit=time_limit, parameters=app.config["CPSAT"]
        )
        # The invites' RSVP and calendar links are the addresses the demo serves.
        with app.test_request_context(base_url=base_url):
            send_publication(db, owner, visit_id, number, clock(), rsvp_link, feed_url=feed_link)
        db.commit()
    return visit_id, number


def serve_app(app: Flask, host: str, port: int) -> None:
    """Serve with waitress, a production WSGI server (a dependency, never werkzeug's development one)."""
    print(f"Serving Fieldwork on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    serve(app, host=host, port=port, **waitress_options(app))


def waitress_options(app: Flask) -> dict[str, Any]:
    """Eight threads; behind a trusted proxy (FIELDWORK_PROXIES), keep its X-Forwarded-* headers
    for the app's ProxyFix, which waitress would otherwise strip as untrusted."""
    return {"threads": 8, "clear_untrusted_proxy_headers": not app.config["PROXIES"]}
