"""What the progress page shows about a solve job."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.jobs import SolveJob
from scheduler.db.timetables import TimetableVersion
from scheduler.errors import NotFound
from scheduler.planning.solve_time import time_advice

FINISHED_STATES = ("succeeded", "failed", "stopped")
# Ten missed heartbeats: long enough for a busy database, short enough for a waiting coordinator.
LOST_AFTER = timedelta(seconds=30)
LOST_MESSAGE = (
    "the process running this solve stopped before it finished; the published timetable is "
    "unchanged. Try again."
)


@dataclass(frozen=True)
class JobView:
    id: str
    visit_id: int
    state: str  # queued | running | succeeded | failed | stopped
    elapsed: float
    score: int | None
    bound: int | None
    placed: int
    total: int  # sessions in the visit
    musts: int  # must sessions in the visit
    version: int | None  # the draft version it produced, once finished
    error: str
    time_limit: float
    retry_of: str | None
    # The version it made was planned from the visit as it stood before edits made meanwhile.
    planned_from_earlier: bool = False
    version_note: str = ""
    musts_placed: int = 0  # must sessions in the best plan so far
    version_status: str | None = None  # the solver's OPTIMAL | FEASIBLE | INFEASIBLE | UNKNOWN, once saved
    frozen_before: str | None = None  # a re-plan during the visit keeps what starts before this
    late_minutes: int = 0  # "the day runs late": by how much the rest of that day was pushed

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def retryable(self) -> bool:
        return self.state == "failed"

    @property
    def outcome(self) -> str:
        """How a finished solve ended, in the coordinator's words; empty while it runs."""
        return outcome_text(self)


def outcome_text(job: JobView) -> str:
    """Proved impossible, out of time, stopped or complete: each says so, and what to do next."""
    if not job.finished or job.state == "failed" or job.version is None:
        return ""
    saved = f"version {job.version}"
    if job.version_status == "INFEASIBLE":
        return (
            "Some must sessions cannot be placed: the planner proved it. "
            f"{saved.capitalize()} lists each one with the reasons under Unscheduled."
        )
    if job.musts_placed < job.musts:
        placed = f"{job.musts_placed} of {job.musts} must sessions placed"
        if job.state == "stopped":
            return f"Stopped before every must session was placed ({placed}); the plan so far is {saved}."
        return (
            f"Time ran out before every must session was placed ({placed}); the plan so far is "
            f"{saved}. {time_advice(job.total, job.time_limit)}"
        )
    if job.state == "stopped":
        return f"Stopped early with every must session placed; the best plan so far is {saved}."
    return f"Every must session is placed; the plan is {saved}."


def view_of(job: SolveJob) -> JobView:
    return JobView(
        id=job.id,
        visit_id=job.visit_id,
        state=job.state,
        elapsed=job.elapsed,
        score=job.score,
        bound=job.bound,
        placed=job.placed,
        total=job.total_sessions,
        musts=job.total_musts,
        version=job.version_number,
        error=job.error,
        time_limit=job.time_limit,
        retry_of=job.retry_of,
        musts_placed=job.musts_placed,
        frozen_before=job.frozen_before,
        late_minutes=job.late_minutes,
    )


def job_status(
    db: Session, job_id: str, *, now: datetime | None = None, lost_after: timedelta = LOST_AFTER
) -> JobView:
    """The job as it stands; given `now`, a running job whose heartbeat went quiet is ended as failed.

    The caller commits: a worker killed mid-solve can say nothing, so the first look after its
    silence records what happened.
    """
    job = db.get(SolveJob, job_id)
    if job is None:
        raise NotFound(f"there is no solve job {job_id}")
    if now is not None and is_lost(job, now, lost_after):
        job.state = "failed"
        job.error = LOST_MESSAGE
        job.finished_at = now
        db.flush()
    view = view_of(job)
    if job.version_number is not None:
        version = db.scalar(
            select(TimetableVersion).where(
                TimetableVersion.visit_id == job.visit_id, TimetableVersion.number == job.version_number
            )
        )
        if version is not None:
            view = replace(
                view,
                planned_from_earlier=version.planned_from_earlier,
                version_note=version.note,
                version_status=version.status,
            )
    return view


def is_lost(job: SolveJob, now: datetime, lost_after: timedelta = LOST_AFTER) -> bool:
    """A running job whose runner has not beaten its heartbeat for `lost_after`."""
    if job.state != "running":
        return False
    last_sign = job.heartbeat_at or job.started_at or job.submitted_at
    return now - last_sign > lost_after
