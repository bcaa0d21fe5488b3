"""What happened on the days on site: each session's record (held or not, running late, room
freed, who did not come) and the visit's milestones before it (migration 0016).

Sessions and people are named by the visit file's keys, as timetable versions name them, so the
record still reads back after a re-plan or an edit of the visit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

# "" until the coordinator says; "held" or "not_held" after.
SESSION_STATES = ("", "held", "not_held")


class SessionProgress(Base):
    """One session of the published timetable as it went on the day."""

    __tablename__ = "session_progress"
    __table_args__ = (UniqueConstraint("visit_id", "session"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    session: Mapped[str] = mapped_column(String(100))  # the session's key
    day: Mapped[str] = mapped_column(String(10))  # the day it was placed on when marked
    state: Mapped[str] = mapped_column(String(20), default="")
    late_minutes: Mapped[int] = mapped_column(default=0)
    room_freed: Mapped[bool] = mapped_column(default=False)
    no_shows: Mapped[list[str]] = mapped_column(JSON)  # person keys of attendees who did not come
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class MilestoneRecord(Base):
    """A milestone's date set by a coordinator, and the reminder sent for it.

    No row (or no `due`) means the default worked out from the visit's first day. The reminder
    remembers the date it was sent for, so moving a milestone arms its reminder again.
    """

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("visit_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    due: Mapped[str | None] = mapped_column(String(10))  # "YYYY-MM-DD"; NULL: the default
    reminded_for: Mapped[str | None] = mapped_column(String(10))  # the date the reminder was about
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
