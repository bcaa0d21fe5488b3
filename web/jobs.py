"""The app's job runner: solves run off the request, and pages poll their progress.

With ``BROKER_URL`` in the app's config (``FIELDWORK_BROKER_URL``, see web/settings.py) solves
go to Celery workers; without it they run on threads of this process.
"""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from flask import Flask, current_app

from scheduler.jobs.runner import InProcessRunner, JobRunner
from web.database import session_factory

_RUNNER_KEY = "fieldwork.jobs"


def init_app(app: Flask) -> None:
    runner = app.config.get("JOB_RUNNER")
    if runner is None and app.config["BROKER_URL"]:
        from scheduler.jobs.celery_runner import CeleryRunner  # only deployments with workers need Celery

        runner = CeleryRunner(
            session_factory(app), app.config["CLOCK"], app.config["BROKER_URL"], lost_after=lost_after(app)
        )
    if runner is None:
        runner = InProcessRunner(
            session_factory(app),
            app.config["CLOCK"],
            lost_after=lost_after(app),
            max_running=int(app.config["MAX_CONCURRENT_SOLVES"]),
            heartbeat_every=float(app.config["JOB_HEARTBEAT_SECONDS"]),
            parameters=app.config["CPSAT"],
        )
    app.extensions[_RUNNER_KEY] = runner


def runner() -> JobRunner:
    return cast(JobRunner, current_app.extensions[_RUNNER_KEY])


def max_solve_seconds() -> int:
    """The longest time limit a solve may be given (MAX_SOLVE_SECONDS)."""
    return int(current_app.config["MAX_SOLVE_SECONDS"])


def solves_at_once() -> int | None:
    """How many solves this process runs at once; None when workers run them (their --concurrency)."""
    cap = getattr(runner(), "max_running", None)
    return cap if isinstance(cap, int) else None


def lost_after(app: Flask | None = None) -> timedelta:
    """How long a running solve may stay silent before the page reports its worker lost."""
    return timedelta(seconds=float((app or current_app).config["JOB_LOST_SECONDS"]))
