"""The outbox: every email the app sends is a row here first, delivered after its commit.

A row moves queued -> sending -> sent, or back to queued with the failure recorded and a later
``next_attempt_at``, or to failed once it has used up its attempts (or the server refused it
for good). A row is claimed ("sending") in its own committed step before it is handed to the
SMTP server, so two senders never deliver the same row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from scheduler.db.base import Base, UTCDateTime

OUTBOX_STATES = ("queued", "sending", "sent", "failed")


class OutboxEmail(Base):
    __tablename__ = "outbox_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    # [{"filename", "content_type", "data_base64"}]
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # An iMIP invite (RFC 6047, migration 0006): REQUEST or CANCEL. The sender then also puts the
    # text/calendar attachment in the message body as an alternative carrying this method.
    calendar_method: Mapped[str | None] = mapped_column(String(20))
    # The visit the email belongs to (migration 0017), for that visit's outbox page; null for mail
    # of no one visit.
    visit_id: Mapped[int | None] = mapped_column(index=True)
    # The body holds a secret for the recipient alone (a set-password link): the outbox page
    # shows only its subject and state.
    body_private: Mapped[bool] = mapped_column(default=False, server_default=false())
