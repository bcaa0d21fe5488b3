"""Running solves in the background and recording their progress on SolveJob rows.

``InProcessRunner`` runs each solve on its own thread with its own database sessions, so a
web request only submits and then polls ``job_status``. A Celery runner can stand behind the
same ``JobRunner`` protocol later.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from scheduler.db.accounts import User
from scheduler.db.jobs import SolveJob
from scheduler.services.errors import ServiceError
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.timetables import get_version
from scheduler.services.visits import load_visit
from solver.problem import Progress

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class JobRunner(Protocol):
    def submit_solve(self, visit_id: int, user_id: int | None, time_limit: float) -> str:
        """Queue a solve of the visit and return the job's id at once."""
        ...

    def stop(self, job_id: str) -> None:
        """Ask the job to finish now, keeping the best timetable found so far."""
        ...


class InProcessRunner:
    def __init__(
        self, session_factory: sessionmaker[Session], clock: Clock, *, progress_every: float = 1.0
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._progress_every = progress_every  # seconds between progress writes
        self._stops: dict[str, threading.Event] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        self._abandon_unfinished_jobs()

    def submit_solve(self, visit_id: int, user_id: int | None, time_limit: float) -> str:
        job_id = str(uuid.uuid4())
        with self._session_factory() as db:
            load_visit(db, visit_id)  # NotFound now rather than a failed job later
            db.add(
                SolveJob(
                    id=job_id,
                    visit_id=visit_id,
                    user_id=user_id,
                    state="queued",
                    time_limit=time_limit,
                    submitted_at=self._clock(),
                )
            )
            db.commit()
        stop = threading.Event()
        thread = threading.Thread(
            target=self._run, args=(job_id, stop), name=f"solve-{job_id[:8]}", daemon=True
        )
        with self._lock:
            self._stops[job_id] = stop
            self._threads[job_id] = thread
        thread.start()
        return job_id

    def stop(self, job_id: str) -> None:
        with self._lock:
            stop = self._stops.get(job_id)
        if stop is not None:
            stop.set()

    def wait(self, job_id: str, timeout: float | None = None) -> bool:
        """Block until the job's thread ends; False if it is still running after `timeout` seconds."""
        with self._lock:
            thread = self._threads.get(job_id)
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def shutdown(self, timeout: float = 30.0) -> None:
        """Stop every running job and wait for each to save what it has."""
        with self._lock:
            job_ids = list(self._threads)
        for job_id in job_ids:
            self.stop(job_id)
        for job_id in job_ids:
            self.wait(job_id, timeout)

    # ---- on the job's thread ---------------------------------------------------------------

    def _run(self, job_id: str, stop: threading.Event) -> None:
        try:
            self._solve(job_id, stop)
        except Exception as error:  # the job, not the thread, must report what went wrong
            if not isinstance(error, ServiceError):
                log.exception("solve job %s failed", job_id)
            message = error.message if isinstance(error, ServiceError) else f"the solve failed: {error}"
            self._finish_failed(job_id, message)
        finally:
            with self._lock:
                self._stops.pop(job_id, None)
                self._threads.pop(job_id, None)

    def _solve(self, job_id: str, stop: threading.Event) -> None:
        with self._session_factory() as db:
            job = db.get(SolveJob, job_id)
            assert job is not None
            visit = load_visit(db, job.visit_id)
            job.state = "running"
            job.started_at = self._clock()
            job.total_sessions = len(visit.sessions)
            job.total_musts = sum(1 for s in visit.sessions if s.priority == "must")
            db.commit()
            actor = db.get(User, job.user_id) if job.user_id is not None else None
            number = plan_visit(
                db,
                actor,
                job.visit_id,
                self._clock(),
                time_limit=job.time_limit,
                on_progress=self._progress_writer(job_id),
                stop=stop,
            )
            version = get_version(db, job.visit_id, number)
            job.state = "stopped" if stop.is_set() else "succeeded"
            job.version_number = number
            job.placed = len(version.assignments)
            job.score = version.objective
            job.bound = version.bound
            job.elapsed = version.solve_seconds
            job.finished_at = self._clock()
            db.commit()

    def _progress_writer(self, job_id: str) -> Callable[[Progress], None]:
        """A callback that records the solver's progress, at most once per `progress_every` seconds."""
        last_write = [float("-inf")]
        lock = threading.Lock()

        def write(progress: Progress) -> None:
            with lock:
                now = time.monotonic()
                if now - last_write[0] < self._progress_every:
                    return
                last_write[0] = now
                with self._session_factory() as db:
                    job = db.get(SolveJob, job_id)
                    if job is None:
                        return
                    job.elapsed = progress.elapsed
                    job.score = progress.score
                    job.bound = progress.bound
                    job.placed = progress.placed
                    db.commit()

        return write

    def _finish_failed(self, job_id: str, message: str) -> None:
        with self._session_factory() as db:
            job = db.get(SolveJob, job_id)
            if job is None:
                return
            job.state = "failed"
            job.error = message
            job.finished_at = self._clock()
            db.commit()

    def _abandon_unfinished_jobs(self) -> None:
        """Jobs left queued or running by a process that has gone can never finish: say so."""
        with self._session_factory() as db:
            unfinished = db.scalars(select(SolveJob).where(SolveJob.state.in_(("queued", "running"))))
            for job in unfinished:
                job.state = "failed"
                job.error = "the server restarted during this solve; please start it again"
                job.finished_at = self._clock()
            db.commit()
