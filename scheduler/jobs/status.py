"""What the progress page shows about a solve job."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from scheduler.db.jobs import SolveJob
from scheduler.services.errors import NotFound

FINISHED_STATES = ("succeeded", "failed", "stopped")


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

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES


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
    )


def job_status(db: Session, job_id: str) -> JobView:
    job = db.get(SolveJob, job_id)
    if job is None:
        raise NotFound(f"there is no solve job {job_id}")
    return view_of(job)
