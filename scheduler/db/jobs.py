"""Solve jobs: what a background solve is doing, for the progress page to poll."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

JOB_STATES = ("queued", "running", "succeeded", "failed", "stopped")


class SolveJob(Base):
    """One solve of one visit, wherever it runs (a thread of the web app, or a Celery worker).

    The row is the only channel between whoever asked and whoever solves: progress, the
    heartbeat and the stop request all pass through it, so any number of web processes and
    workers can share it.
    """

    __tablename__ = "solve_jobs"
    # A form posted twice (a double click, a retried request) asks for one solve, not two.
    __table_args__ = (UniqueConstraint("visit_id", "request_key", name="uq_solve_jobs_visit_request"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid4 text
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default="queued")
    time_limit: Mapped[float] = mapped_column(default=30.0)
    elapsed: Mapped[float] = mapped_column(default=0.0)
    score: Mapped[int | None] = mapped_column()  # best canonical score so far
    bound: Mapped[int | None] = mapped_column()
    placed: Mapped[int] = mapped_column(default=0)  # sessions placed in the best plan so far
    total_sessions: Mapped[int] = mapped_column(default=0)
    total_musts: Mapped[int] = mapped_column(default=0)
    musts_placed: Mapped[int] = mapped_column(default=0)  # must sessions in the best plan so far
    version_number: Mapped[int | None] = mapped_column()  # the draft timetable it produced
    error: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    request_key: Mapped[str | None] = mapped_column(String(64))
    retry_of: Mapped[str | None] = mapped_column(String(36))  # the failed job this one repeats
    stop_requested: Mapped[bool] = mapped_column(default=False)
    # Written every few seconds by whoever runs the solve; a running job whose heartbeat has
    # gone quiet lost its worker.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    worker: Mapped[str] = mapped_column(String(200), default="")  # host and process that ran it
    # A re-plan during the visit (migration 0020): what the kept plan starts before this moment,
    # "YYYY-MM-DD HH:MM" in the visit's time, stays as it is (H17); with `late_minutes`, what it
    # starts from that moment on that day is first shifted that much later ("the day runs late").
    frozen_before: Mapped[str | None] = mapped_column(String(16))
    late_minutes: Mapped[int] = mapped_column(default=0)
