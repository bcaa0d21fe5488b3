"""Queueing an email: one outbox row, written in the caller's transaction and sent after it commits."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler.db.outbox import OutboxEmail
from scheduler.errors import ServiceError

_HEADER_BREAKS = ("\r", "\n")
_CALENDAR_METHODS = ("REQUEST", "CANCEL")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "text/calendar"
    data: bytes


def queue_email(
    db: Session,
    to: str,
    subject: str,
    text: str,
    html: str | None,
    attachments: Iterable[Attachment] = (),
    now: datetime | None = None,
    calendar_method: str | None = None,
    visit_id: int | None = None,
    body_private: bool = False,
) -> OutboxEmail:
    """Add a message to the outbox (flushed, not committed) and return its row.

    The address and subject go into headers, so a line break in either is refused rather
    than letting a visitor's text add headers of its own. With `calendar_method` (REQUEST or
    CANCEL) the message is an iMIP invite: its one text/calendar attachment is also sent as the
    body's calendar alternative with that method. `visit_id` puts it on that visit's outbox page;
    `body_private` keeps its body (a secret link for the recipient alone) off that page.
    """
    if now is None:
        raise ServiceError("queue_email needs the clock: pass now")
    address = to.strip()
    if not address or "@" not in address or any(c in address for c in (*_HEADER_BREAKS, ",", ";")):
        raise ServiceError(f"cannot send email to {to!r}: not a single email address")
    if any(c in subject for c in _HEADER_BREAKS):
        raise ServiceError(f"an email subject must be one line, not {subject!r}")
    attachments = tuple(attachments)
    if calendar_method is not None:
        calendars = [item for item in attachments if item.content_type == "text/calendar"]
        if calendar_method not in _CALENDAR_METHODS or len(calendars) != 1:
            raise ServiceError(
                f"an invite needs the method REQUEST or CANCEL and one text/calendar attachment,"
                f" not {calendar_method!r} with {len(calendars)}"
            )
    row = OutboxEmail(
        to_address=address,
        subject=subject,
        text_body=text,
        html_body=html,
        attachments=[
            {
                "filename": item.filename,
                "content_type": item.content_type,
                "data_base64": base64.b64encode(item.data).decode("ascii"),
            }
            for item in attachments
        ],
        state="queued",
        attempts=0,
        last_error="",
        queued_at=now,
        next_attempt_at=now,
        calendar_method=calendar_method,
        visit_id=visit_id,
        body_private=body_private,
    )
    db.add(row)
    db.flush()
    return row
