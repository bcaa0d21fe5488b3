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

from flask import Flask
from waitress import serve

import scheduler
from scheduler.errors import ServiceError
from scheduler.files.visit_dates import move_visit, upcoming_start
from scheduler.files.visit_file import VisitFileError, load_visit
from scheduler.services.accounts import create_user
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.timetables import publish_version
from scheduler.services.visits import import_visit
from web import create_app
from web.database import session_factory

DEMO_VISIT = Path(scheduler.__file__).resolve().parent / "demo" / "demo-visit.json"
DEMO_EMAIL = "demo@fieldwork.example"


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser("serve", help="serve the coordinators' web app")
    _add_address(serve)
    serve.set_defaults(handler=run_serve)

    demo = subparsers.add_parser(
        "demo", help="start a fresh demo: a planned, published example visit and a login to look at it"
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
    try:
        visit_id, number = prepare_demo(app, password, args.time_limit)
    except (VisitFileError, ServiceError) as error:
        print(f"fieldwork demo: could not prepare the demo visit: {error}", file=sys.stderr)
        return 2
    url = f"http://{args.host}:{args.port}/"
    print(f"Demo visit {visit_id} planned and timetable version {number} published.")
    print(f"Open {url} and log in as {DEMO_EMAIL} with password {password}")
    print(f"(demo database in {instance})")
    serve_app(app, args.host, args.port)
    return 0


def prepare_demo(app: Flask, password: str, time_limit: float) -> tuple[int, int]:
    """Create the demo coordinator, import the demo visit, plan it and publish the plan."""
    clock = app.config["CLOCK"]
    shipped = load_visit(DEMO_VISIT)
    # On upcoming dates, so that its personal availability links (valid until the visit is over) work.
    visit = move_visit(shipped, upcoming_start(datetime.date.fromisoformat(shipped.days[0]), clock().date()))
    with session_factory(app)() as db:
        user = create_user(db, DEMO_EMAIL, password, "Demo coordinator", clock())
        visit_id = import_visit(db, user, visit, clock())
        db.commit()
        print(f"Planning '{visit.name}' for up to {time_limit:g} s ...", flush=True)
        number = plan_visit(
            db, user, visit_id, clock(), time_limit=time_limit, parameters=app.config["CPSAT"]
        )
        publish_version(db, user, visit_id, number, clock())
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
