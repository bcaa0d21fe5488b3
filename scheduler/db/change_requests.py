"""Change requests: a session the assessors ask to add, or to put in place of another.

The requested session is kept as the visit file would write it (``payload``); the placements
of the last preview are kept whole (``placements``) so that accepting one saves exactly the
timetable the coordinator was shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

REQUEST_KINDS = ("add", "replace")
REQUEST_STATES = ("open", "accepted", "rejected")


class ChangeRequest(Base):
    __tablename__ = "change_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # add | replace
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the session, as in the visit file
    replaces: Mapped[str | None] = mapped_column(String(100))  # the session key it replaces
    state: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The last preview: its placements, and the timetable version they were worked out from.
    placements: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    previewed_version: Mapped[int | None] = mapped_column()
    previewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version_number: Mapped[int | None] = mapped_column()  # the draft made by accepting it
