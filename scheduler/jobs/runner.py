"""Where solves run: ``JobRunner`` is what the web app asks; two runners answer it.

``InProcessRunner`` (the default) runs each solve on a thread of this process.
``CeleryRunner`` (scheduler/jobs/celery_runner.py, chosen by ``FIELDWORK_BROKER_URL``) queues it
for a worker on any machine. Both record everything on the job's row (see execution.py), so the
progress page reads the same thing whichever ran it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from scheduler.db.jobs import SolveJob
from scheduler.jobs.execution import HEARTBEAT_SECONDS, create_job, request_stop, run_solve_job
from scheduler.jobs.status import LOST_AFTER, is_lost
from solver.parameters import ParameterValue

Clock = Callable[[], datetime]
RESTARTED_MESSAGE = "the server restarted during this solve; please start it again"
# Solves running at once in one process unless the app says otherwise (MAX_CONCURRENT_SOLVES).
DEFAULT_MAX_RUNNING = 2
SLOT_POLL_SECONDS = 0.25


class JobRunner(Protocol):
    def submit_solve(
        self,
        visit_id: int,
        user_id: int | None,
        time_limit: float,
        *,
        request_key: str | None = None,
        retry_of: str | None = None,
        frozen_before: str | None = None,
        late_minutes: int = 0,
    ) -> str:
        """Queue a solve of the visit and return the job's id at once.

        The same `request_key` for the same visit returns the first job instead of a new one;
        while the visit has another solve queued or running, SolveAlreadyRunning names it.
        `frozen_before` ("YYYY-MM-DD HH:MM") and `late_minutes` make it a re-plan during the
        visit (see plan_visit).
        """
        ...

    def stop(self, job_id: str) -> None:
        """Ask the job to finish now, keeping the best timetable found so far."""
        ...


class InProcessRunner:
    """Solves on threads of this process, at most `max_running` at once; the rest wait queued.

    Each solve keeps CP-SAT's workers busy for its whole time limit, so the cap is what keeps
    pages answering while several coordinators plan at once.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Clock,
        *,
        progress_every: float = 1.0,
        heartbeat_every: float = HEARTBEAT_SECONDS,
        lost_after: timedelta = LOST_AFTER,
        max_running: int = DEFAULT_MAX_RUNNING,
        parameters: Mapping[str, ParameterValue] | None = None,
    ) -> None:
        if max_running < 1:
            raise ValueError(f"at least one solve must be able to run, not {max_running}")
        self._session_factory = session_factory
        self._clock = clock
        self._progress_every = progress_every  # seconds between progress writes
        self._heartbeat_every = heartbeat_every
        self._lost_after = lost_after
        self._parameters = parameters  # CP-SAT overrides (FIELDWORK_CPSAT) for every solve
        self._stops: dict[str, threading.Event] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_running)
        self.max_running = max_running
        self._abandon_lost_jobs(lost_after)

    def submit_solve(
        self,
        visit_id: int,
        user_id: int | None,
        time_limit: float,
        *,
        request_key: str | None = None,
        retry_of: str | None = None,
        frozen_before: str | None = None,
        late_minutes: int = 0,
    ) -> str:
        job_id, created = create_job(
            self._session_factory,
            visit_id,
            user_id,
            time_limit,
            self._clock(),
            request_key=request_key,
            retry_of=retry_of,
            lost_after=self._lost_after,
            frozen_before=frozen_before,
            late_minutes=late_minutes,
        )
        if not created:
            return job_id
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
        # Also on the row: a job still waiting for a slot ends at once, and a job another web
        # process runs reads the flag at its next heartbeat.
        request_stop(self._session_factory, job_id, self._clock())

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

    def _run(self, job_id: str, stop: threading.Event) -> None:
        try:
            if not self._wait_for_a_slot(stop):
                return  # stopped while waiting: request_stop has ended the job
            try:
                run_solve_job(
                    self._session_factory,
                    job_id,
                    self._clock,
                    local_stop=stop,
                    heartbeat_every=self._heartbeat_every,
                    progress_every=self._progress_every,
                    parameters=self._parameters,
                )
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._stops.pop(job_id, None)
                self._threads.pop(job_id, None)

    def _wait_for_a_slot(self, stop: threading.Event) -> bool:
        """Block until fewer than `max_running` solves run; False if the job is stopped first."""
        while not self._slots.acquire(timeout=SLOT_POLL_SECONDS):
            if stop.is_set():
                return False
        if stop.is_set():
            self._slots.release()
            return False
        return True

    def _abandon_lost_jobs(self, lost_after: timedelta) -> None:
        """Jobs of a process that has gone can never finish: say so.

        Only jobs gone quiet for `lost_after`: another web process may be running the rest.
        """
        now = self._clock()
        with self._session_factory() as db:
            unfinished = db.scalars(select(SolveJob).where(SolveJob.state.in_(("queued", "running"))))
            for job in unfinished:
                waiting_too_long = job.state == "queued" and now - job.submitted_at > lost_after
                if waiting_too_long or is_lost(job, now, lost_after):
                    job.state = "failed"
                    job.error = RESTARTED_MESSAGE
                    job.finished_at = now
            db.commit()
