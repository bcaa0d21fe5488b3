"""Replies that calendar apps sent to invites (iMIP REPLY and COUNTER), as received.

Every message that reached the inbound endpoint is kept with what became of it: an answer
recorded in the invite ledger, a counter-proposal for the coordinator to look at (never applied),
or the reason it changed nothing (unknown event, a sender who is not that attendee, unreadable).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

OUTCOMES = ("recorded", "counter", "ignored")


class CalendarReply(Base):
    __tablename__ = "calendar_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None when the reply names no event of any visit.
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sender: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    method: Mapped[str] = mapped_column(String(20))  # REPLY | COUNTER | "" when unreadable
    uid: Mapped[str] = mapped_column(String(200))
    sequence: Mapped[int | None] = mapped_column()
    partstat: Mapped[str] = mapped_column(String(20))
    session: Mapped[str] = mapped_column(String(100))  # the visit session key, "" if unknown
    recipient_name: Mapped[str] = mapped_column(String(300))
    proposed: Mapped[str] = mapped_column(Text)  # a counter-proposal's new time, as the visit's clock
    comment: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))  # recorded | counter | ignored
    detail: Mapped[str] = mapped_column(Text)  # what was done, or why nothing was
