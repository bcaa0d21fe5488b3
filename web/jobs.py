"""The app's job runner: solves run off the request, and pages poll their progress."""

from __future__ import annotations

from typing import cast

from flask import Flask, current_app

from scheduler.jobs.runner import InProcessRunner, JobRunner
from web.database import session_factory

_RUNNER_KEY = "fieldwork.jobs"


def init_app(app: Flask) -> None:
    runner = app.config.get("JOB_RUNNER") or InProcessRunner(session_factory(app), app.config["CLOCK"])
    app.extensions[_RUNNER_KEY] = runner


def runner() -> JobRunner:
    return cast(JobRunner, current_app.extensions[_RUNNER_KEY])
