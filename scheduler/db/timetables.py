"""Numbered timetable versions of a visit, each with its placed and unscheduled sessions.

Assignments name sessions, rooms and people by the visit file's keys rather than by foreign
keys, so an old version still reads back after the visit has been edited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.db.base import Base, UTCDateTime

VERSION_STATES = ("draft", "published")


class TimetableVersion(Base):
    __tablename__ = "timetable_versions"
    __table_args__ = (UniqueConstraint("visit_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()  # 1, 2, 3 ... within the visit
    state: Mapped[str] = mapped_column(String(20), default="draft")
    status: Mapped[str] = mapped_column(String(20))  # the solver's OPTIMAL | FEASIBLE | ...
    objective: Mapped[int] = mapped_column(default=0)
    bound: Mapped[int] = mapped_column(default=0)
    solve_seconds: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    # The visit was edited while this plan was being made: it reflects the visit as it was when
    # planning started, and the note says what changed since (migration 0009).
    planned_from_earlier: Mapped[bool] = mapped_column(default=False)

    assignments: Mapped[list[AssignmentRecord]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="AssignmentRecord.position"
    )
    unscheduled: Mapped[list[UnscheduledRecord]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="UnscheduledRecord.position"
    )


class AssignmentRecord(Base):
    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("timetable_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    session: Mapped[str] = mapped_column(String(100))
    day: Mapped[str] = mapped_column(String(10))
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    mode: Mapped[str] = mapped_column(String(20))
    room: Mapped[str | None] = mapped_column(String(100))
    assessors: Mapped[list[str]] = mapped_column(JSON)
    escort: Mapped[str | None] = mapped_column(String(100))
    attendees: Mapped[list[str]] = mapped_column(JSON)
    support: Mapped[list[str] | None] = mapped_column(JSON)  # supporters present (H13); NULL: none

    version: Mapped[TimetableVersion] = relationship(back_populates="assignments")


class UnscheduledRecord(Base):
    __tablename__ = "unscheduled"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("timetable_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    session: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)

    version: Mapped[TimetableVersion] = relationship(back_populates="unscheduled")
