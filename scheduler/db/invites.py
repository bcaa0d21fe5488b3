"""The stored identity of every calendar event and of every personal calendar feed.

``invite_identities`` holds, per visit session and kind of event ("session" for the session
itself, "escort" for the escort's duty before it), the UID generated once when the event is
first needed and never recomputed, and the SEQUENCE that rises with every change, so an update
replaces the event in everyone's calendar instead of adding a duplicate. Sessions are named by
the visit file's key, like timetable assignments, so an identity outlives edits of the visit.

``feed_tokens`` holds a personal feed link per person or assessor as the SHA-256 of its token,
like availability links: a leaked database opens no feed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

EVENT_KINDS = ("session", "escort")
FEED_WHO_KINDS = ("person", "assessor")


class InviteIdentity(Base):
    __tablename__ = "invite_identities"
    __table_args__ = (UniqueConstraint("visit_id", "session_key", "event_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    session_key: Mapped[str] = mapped_column(String(100))
    event_kind: Mapped[str] = mapped_column(String(20), default="session")  # session | escort
    uid: Mapped[str] = mapped_column(String(200), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when SEQUENCE last rose


class FeedToken(Base):
    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    who_kind: Mapped[str] = mapped_column(String(20))  # person | assessor
    key: Mapped[str] = mapped_column(String(100))  # their id in the visit file
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
