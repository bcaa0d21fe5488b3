"""The invite ledger: every calendar message queued for a person, as the council's evidence trail.

One row per message: who got it, which event (the session's UID, or its escort duty's) at which
SEQUENCE, from which timetable version, whether it was new, an update or a cancellation, the
outbox row that carries it, and the RSVP answer given through its link. The newest row per
(recipient, event) is what that person was last told, which is what re-publishing compares
against; ``state`` holds exactly the fields that were told.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

MESSAGE_KINDS = ("new", "update", "cancel")
RSVP_ANSWERS = ("", "accepted", "declined", "tentative")  # tentative: from calendar apps only
EVENT_KINDS = ("session", "duty")


class InviteLedgerEntry(Base):
    __tablename__ = "invite_ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int] = mapped_column()
    recipient_kind: Mapped[str] = mapped_column(String(20))  # person | assessor
    recipient_key: Mapped[str] = mapped_column(String(100))  # their id in the visit file
    recipient_name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str] = mapped_column(String(320))
    session: Mapped[str] = mapped_column(String(100))
    event: Mapped[str] = mapped_column(String(20))  # session | duty
    uid: Mapped[str] = mapped_column(String(200), index=True)
    sequence: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(20))  # new | update | cancel
    method: Mapped[str] = mapped_column(String(20))  # REQUEST | CANCEL
    # What this message told the person: day, start, end, room, mode, attendees, ... ({} for a cancel).
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    outbox_id: Mapped[int | None] = mapped_column()
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    rsvp_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    rsvp: Mapped[str] = mapped_column(String(20), default="")
    rsvp_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when the person's links are revoked (by a coordinator, or on leaving the visit).
    rsvp_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
