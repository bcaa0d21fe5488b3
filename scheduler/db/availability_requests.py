"""Asking for availability: the visit's settings for it, and every request and reminder sent.

Each row of ``availability_requests`` is one email queued to one person or assessor (the
outbox holds the email itself), so the page can say who was asked when, and a reminder is only
ever sent to someone who was asked. ``assessor_change_requests`` says which assessor asked for a
change request through their personal link (the request itself is the coordinator's queue's).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

WHO_KINDS = ("person", "assessor")
ASK_KINDS = ("request", "reminder")


class AvailabilitySettings(Base):
    __tablename__ = "availability_settings"

    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True)
    # How the planner treats people who have not answered: "available" | "not_available".
    unanswered_as: Mapped[str] = mapped_column(String(20), default="available")


class AvailabilityRequest(Base):
    __tablename__ = "availability_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    who_kind: Mapped[str] = mapped_column(String(20))  # person | assessor
    key: Mapped[str] = mapped_column(String(100))  # the person's or assessor's id in the visit
    email: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(20))  # request | reminder
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())  # queued in the outbox at


class AssessorChangeRequest(Base):
    __tablename__ = "assessor_change_requests"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("change_requests.id", ondelete="CASCADE"), primary_key=True
    )
    assessor_key: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
