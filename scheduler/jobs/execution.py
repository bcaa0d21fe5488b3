"""Running one solve job, wherever it runs: a thread of the web app or a Celery worker.

The job's row carries everything between the page that asked and the process that solves:
the claim (queued -> running) makes a redelivered or duplicated task a no-op; a watcher thread
writes a heartbeat and picks up the stop request; progress and the result land on the row.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from scheduler.db.accounts import User
from scheduler.db.jobs import SolveJob
from scheduler.errors import ServiceError
from scheduler.jobs.status import LOST_AFTER, LOST_MESSAGE, is_lost
from scheduler.planning.running_late import parse_moment
from scheduler.services.locks import lock_visit
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.timetables import get_version
from scheduler.services.visits import load_visit
from solver.parameters import ParameterValue
from solver.problem import Progress

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
HEARTBEAT_SECONDS = 2.0
PROGRESS_SECONDS = 1.0


class SolveAlreadyRunning(ServiceError):
    """A visit plans one solve at a time: the one already queued or running is `job_id`."""

    def __init__(self, job_id: str, submitted_at: datetime) -> None:
        super().__init__(
            f"This visit is already being planned (started {submitted_at:%H:%M} UTC): here is that "
            "solve. Stop it first to start again with other settings."
        )
        self.job_id = job_id


def create_job(
    session_factory: sessionmaker[Session],
    visit_id: int,
    user_id: int | None,
    time_limit: float,
    now: datetime,
    *,
    request_key: str | None = None,
    retry_of: str | None = None,
    lost_after: timedelta = LOST_AFTER,
    frozen_before: str | None = None,
    late_minutes: int = 0,
) -> tuple[str, bool]:
    """Record a queued job; returns its id and whether it is new.

    A request key already used for this visit returns the job it made, so that a form posted
    twice starts one solve. Any other request while the visit has a solve queued or running is
    refused with SolveAlreadyRunning naming it: two solves of one visit would each save a plan
    from the same data. A running job whose runner went quiet no longer counts (it is failed).
    A retry keeps what the failed job kept frozen and how late its day ran.
    """
    with session_factory() as db:
        lock_visit(db, visit_id)  # NotFound now rather than a failed job later; one starter at a time
        if request_key is not None:
            existing = db.scalar(
                select(SolveJob.id).where(SolveJob.visit_id == visit_id, SolveJob.request_key == request_key)
            )
            if existing is not None:
                db.rollback()
                return existing, False
        active = db.scalars(
            select(SolveJob)
            .where(SolveJob.visit_id == visit_id, SolveJob.state.in_(("queued", "running")))
            .order_by(SolveJob.submitted_at)
        ).all()
        for job in active:
            if is_lost(job, now, lost_after):
                job.state, job.error, job.finished_at = "failed", LOST_MESSAGE, now
            else:
                db.commit()
                raise SolveAlreadyRunning(job.id, job.submitted_at)
        if retry_of is not None and frozen_before is None:
            failed = db.get(SolveJob, retry_of)
            if failed is not None:
                frozen_before, late_minutes = failed.frozen_before, failed.late_minutes
        job_id = str(uuid.uuid4())
        db.add(
            SolveJob(
                id=job_id,
                visit_id=visit_id,
                user_id=user_id,
                state="queued",
                time_limit=time_limit,
                submitted_at=now,
                request_key=request_key,
                retry_of=retry_of,
                frozen_before=frozen_before,
                late_minutes=late_minutes,
            )
        )
        db.commit()
    return job_id, True


def request_stop(session_factory: sessionmaker[Session], job_id: str, now: datetime) -> None:
    """Ask the job to finish now; whoever runs it sees the flag within a heartbeat.

    A job still waiting its turn ends at once, as stopped with no plan: nobody will claim it.
    """
    with session_factory() as db:
        db.execute(update(SolveJob).where(SolveJob.id == job_id).values(stop_requested=True))
        db.execute(
            update(SolveJob)
            .where(SolveJob.id == job_id, SolveJob.state == "queued")
            .values(state="stopped", finished_at=now, error="stopped before it started: no plan was made")
        )
        db.commit()


def fail_job(session_factory: sessionmaker[Session], job_id: str, message: str, now: datetime) -> None:
    """Mark an unfinished job failed with a message for the coordinator."""
    with session_factory() as db:
        db.execute(
            update(SolveJob)
            .where(SolveJob.id == job_id, SolveJob.state.in_(("queued", "running")))
            .values(state="failed", error=message, finished_at=now)
        )
        db.commit()


def run_solve_job(
    session_factory: sessionmaker[Session],
    job_id: str,
    clock: Clock,
    *,
    local_stop: threading.Event | None = None,
    heartbeat_every: float = HEARTBEAT_SECONDS,
    progress_every: float = PROGRESS_SECONDS,
    parameters: Mapping[str, ParameterValue] | None = None,
) -> bool:
    """Solve the job's visit and record the result on the job; False when it was not ours to run.

    Errors end the job as failed with a message, never as an exception: the caller is a thread
    or a task whose exception nobody would read.
    """
    if not _claim(session_factory, job_id, clock()):
        return False
    stop = local_stop or threading.Event()
    finished = threading.Event()
    watcher = threading.Thread(
        target=_watch,
        args=(session_factory, job_id, clock, stop, finished, heartbeat_every),
        name=f"watch-{job_id[:8]}",
        daemon=True,
    )
    watcher.start()
    try:
        _solve(session_factory, job_id, clock, stop, progress_every, parameters)
    except Exception as error:
        if not isinstance(error, ServiceError):
            log.exception("solve job %s failed", job_id)
        message = error.message if isinstance(error, ServiceError) else f"the solve failed: {error}"
        fail_job(session_factory, job_id, message, clock())
    finally:
        finished.set()
        watcher.join()
    return True


def _claim(session_factory: sessionmaker[Session], job_id: str, now: datetime) -> bool:
    with session_factory() as db:
        claimed = db.execute(
            update(SolveJob)
            .where(SolveJob.id == job_id, SolveJob.state == "queued")
            .values(state="running", started_at=now, heartbeat_at=now, worker=worker_name())
        )
        db.commit()
        return bool(claimed.rowcount)  # type: ignore[attr-defined]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def _solve(
    session_factory: sessionmaker[Session],
    job_id: str,
    clock: Clock,
    stop: threading.Event,
    progress_every: float,
    parameters: Mapping[str, ParameterValue] | None,
) -> None:
    with session_factory() as db:
        job = db.get(SolveJob, job_id)
        assert job is not None
        visit = load_visit(db, job.visit_id)
        job.total_sessions = len(visit.sessions)
        job.total_musts = sum(1 for s in visit.sessions if s.priority == "must")
        db.commit()
        actor = db.get(User, job.user_id) if job.user_id is not None else None
        number = plan_visit(
            db,
            actor,
            job.visit_id,
            clock(),
            time_limit=job.time_limit,
            on_progress=_progress_writer(session_factory, job_id, progress_every),
            stop=stop,
            parameters=parameters,
            frozen_before=parse_moment(job.frozen_before) if job.frozen_before else None,
            late_minutes=job.late_minutes,
        )
        version = get_version(db, job.visit_id, number)
        db.refresh(job)
        job.state = "stopped" if stop.is_set() else "succeeded"
        job.version_number = number
        job.placed = len(version.assignments)
        musts = {s.id for s in visit.sessions if s.priority == "must"}
        job.musts_placed = sum(1 for a in version.assignments if a.session in musts)
        job.score = version.objective
        job.bound = version.bound
        job.elapsed = version.solve_seconds
        job.finished_at = clock()
        db.commit()


def _progress_writer(
    session_factory: sessionmaker[Session], job_id: str, every: float
) -> Callable[[Progress], None]:
    """A callback that records the solver's progress, at most once per `every` seconds."""
    last_write = [float("-inf")]
    lock = threading.Lock()

    def write(progress: Progress) -> None:
        with lock:
            now = time.monotonic()
            if now - last_write[0] < every:
                return
            last_write[0] = now
            with session_factory() as db:
                db.execute(
                    update(SolveJob)
                    .where(SolveJob.id == job_id)
                    .values(
                        elapsed=progress.elapsed,
                        score=progress.score,
                        bound=progress.bound,
                        placed=progress.placed,
                        musts_placed=progress.musts,
                    )
                )
                db.commit()

    return write


def _watch(
    session_factory: sessionmaker[Session],
    job_id: str,
    clock: Clock,
    stop: threading.Event,
    finished: threading.Event,
    every: float,
) -> None:
    """Beat the job's heartbeat and pass a stop request from the row to the solver."""
    while not finished.wait(every):
        try:
            with session_factory() as db:
                db.execute(update(SolveJob).where(SolveJob.id == job_id).values(heartbeat_at=clock()))
                stop_requested = db.scalar(select(SolveJob.stop_requested).where(SolveJob.id == job_id))
                db.commit()
        except Exception:  # the database is away for a moment: the solve goes on, try next beat
            log.warning("could not record the heartbeat of solve job %s", job_id, exc_info=True)
            continue
        if stop_requested:
            stop.set()
