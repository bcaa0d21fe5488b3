"""The Celery side: the app a worker runs, and its tasks (a solve, a round of email, a sweep of uploads).

A worker needs the same database as the web app (``DATABASE_URL``, else the SQLite file of
``FIELDWORK_INSTANCE``) and the broker (``FIELDWORK_BROKER_URL``): `fieldwork worker` reads the
settings once and `make_celery` hands them to every task. A task carries only a job id: no
personal data and no secrets pass through the broker.

Tasks are acknowledged when a worker takes them, not when they finish: a solve whose worker is
killed is not run again behind the coordinator's back; its job goes quiet, is reported failed
(see status.py) and the coordinator retries it.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from celery import Celery
from sqlalchemy.orm import Session, sessionmaker

from scheduler.db.engine import make_engine, make_session_factory
from scheduler.errors import ServiceError
from scheduler.jobs.execution import run_solve_job
from scheduler.mail import deliver_outbox
from scheduler.services.import_uploads import delete_abandoned_uploads
from scheduler.services.milestones import remind_due_milestones
from scheduler.settings import Settings

log = logging.getLogger(__name__)

SOLVE_TASK = "fieldwork.solve"
DELIVER_MAIL_TASK = "fieldwork.deliver_outbox"
FORGET_UPLOADS_TASK = "fieldwork.forget_abandoned_uploads"
REMIND_MILESTONES_TASK = "fieldwork.remind_milestones"
SOLVE_QUEUE = "solve"
MAIL_QUEUE = "mail"
DEFAULT_MAIL_SECONDS = 30.0
UPLOAD_SWEEP_EVERY = timedelta(hours=1)
MILESTONE_ROUND_EVERY = timedelta(minutes=15)

_factory_lock = threading.Lock()
_factory: sessionmaker[Session] | None = None


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_celery(broker_url: str, settings: Settings, *, mail_every: float = DEFAULT_MAIL_SECONDS) -> Celery:
    """A worker's Celery app (its tasks run with `settings`), or a web app's (which only sends them)."""
    app = Celery("fieldwork", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_ignore_result=True,  # results live on the job's row, not in a result backend
        task_acks_late=False,
        worker_prefetch_multiplier=1,  # a long solve must not hold queued work hostage
        task_default_queue=SOLVE_QUEUE,
        task_routes={
            SOLVE_TASK: {"queue": SOLVE_QUEUE},
            DELIVER_MAIL_TASK: {"queue": MAIL_QUEUE},
            FORGET_UPLOADS_TASK: {"queue": MAIL_QUEUE},  # the light queue: never behind a solve
            REMIND_MILESTONES_TASK: {"queue": MAIL_QUEUE},
        },
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        # A web request queuing a solve must fail quickly and clearly when the broker is down.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        worker_hijack_root_logger=False,
        beat_schedule={
            "deliver-the-outbox": {"task": DELIVER_MAIL_TASK, "schedule": timedelta(seconds=mail_every)},
            "forget-abandoned-uploads": {"task": FORGET_UPLOADS_TASK, "schedule": UPLOAD_SWEEP_EVERY},
            "remind-milestones": {"task": REMIND_MILESTONES_TASK, "schedule": MILESTONE_ROUND_EVERY},
        },
        timezone="UTC",
    )

    @app.task(name=SOLVE_TASK)
    def solve(job_id: str) -> None:
        solve_task(settings, job_id)

    @app.task(name=DELIVER_MAIL_TASK)
    def deliver_mail() -> None:
        deliver_mail_task(settings)

    @app.task(name=REMIND_MILESTONES_TASK)
    def remind_milestones() -> None:
        remind_milestones_task(settings)

    @app.task(name=FORGET_UPLOADS_TASK)
    def forget_uploads() -> None:
        forget_uploads_task(settings)

    return app


def solve_task(settings: Settings, job_id: str) -> None:
    """Run the job unless it is no longer queued (a duplicate delivery, or a job already ended)."""
    ran = run_solve_job(
        worker_session_factory(settings),
        job_id,
        utc_now,
        heartbeat_every=settings.job_heartbeat_seconds,
        parameters=settings.cpsat,
    )
    if not ran:
        log.info("solve job %s was not queued any more; nothing to do", job_id)


def deliver_mail_task(settings: Settings) -> None:
    if not settings.smtp_url:
        log.warning("no FIELDWORK_SMTP_URL on this worker: the outbox waits for a worker that has one")
        return
    try:
        report = deliver_outbox(
            worker_session_factory(settings),
            settings.smtp_url,
            utc_now(),
            max_attempts=settings.mail_max_attempts,
        )
    except ServiceError as error:
        log.error("mail not sent: %s", error)
        return
    if report.unreachable:
        log.warning("mail: the SMTP server could not be reached (%s); the outbox waits", report.unreachable)
    if report.sent or report.retrying or report.failed:
        log.info("mail: sent %s, retrying %s, given up %s", report.sent, report.retrying, report.failed)


def remind_milestones_task(settings: Settings) -> None:
    """Queue reminders of the visits' milestones coming due; the next mail round sends them."""
    with worker_session_factory(settings)() as db, db.begin():
        sent = remind_due_milestones(db, utc_now(), settings.base_url)
    if sent.emails:
        log.info("queued %s milestone reminder(s)", sent.emails)


def forget_uploads_task(settings: Settings) -> None:
    """Delete the spreadsheets uploaded for import more than a day ago and never committed."""
    with worker_session_factory(settings)() as db, db.begin():
        deleted = delete_abandoned_uploads(db, utc_now())
    if deleted:
        log.info("deleted %s abandoned import upload(s)", deleted)


def worker_session_factory(settings: Settings) -> sessionmaker[Session]:
    """One engine per worker process, made after the fork so no connection is shared."""
    global _factory
    with _factory_lock:
        if _factory is None:
            _factory = make_session_factory(make_engine(settings.connect_url()))
        return _factory
