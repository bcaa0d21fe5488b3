"""A visit's outbox as its coordinators read it: what waits, what went, what failed, and each message.

The pages that send mail report from here rather than from what they queued, so "sent to 12
people" is said only once the deliverer has really handed 12 people's mail to the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.outbox import OutboxEmail
from scheduler.errors import NotFound

STATE_WORDS = {
    "queued": "waiting to be sent",
    "sending": "being sent",
    "sent": "sent",
    "failed": "not sent: gave up",
}


@dataclass(frozen=True)
class OutboxLine:
    id: int
    to: str
    subject: str
    queued_at: datetime
    state: str
    sent_at: datetime | None
    attempts: int
    last_error: str

    @property
    def state_words(self) -> str:
        return STATE_WORDS.get(self.state, self.state)


@dataclass(frozen=True)
class OutboxMessage:
    line: OutboxLine
    text: str | None  # None: the body holds a secret for the recipient alone
    attachments: tuple[str, ...]  # file names
    calendar_method: str | None


@dataclass(frozen=True)
class Delivery:
    """How far a batch of emails has got, counted in people (addresses) as the pages say it."""

    sent: int = 0  # people every one of whose emails the server accepted
    waiting: int = 0  # people with an email still queued or being sent
    failed: int = 0  # people with an email given up on
    emails: int = 0

    @property
    def people(self) -> int:
        return self.sent + self.waiting + self.failed


def _line(row: OutboxEmail) -> OutboxLine:
    return OutboxLine(
        id=row.id,
        to=row.to_address,
        subject=row.subject,
        queued_at=row.queued_at,
        state=row.state,
        sent_at=row.sent_at,
        attempts=row.attempts,
        last_error=row.last_error,
    )


def list_visit_outbox(db: Session, visit_id: int, state: str | None = None) -> list[OutboxLine]:
    """The visit's emails, newest first; only those in `state` when given."""
    query = select(OutboxEmail).where(OutboxEmail.visit_id == visit_id)
    if state is not None:
        query = query.where(OutboxEmail.state == state)
    return [_line(row) for row in db.scalars(query.order_by(OutboxEmail.id.desc()))]


def outbox_message(db: Session, visit_id: int, email_id: int) -> OutboxMessage:
    """One email of the visit as it will be (or was) sent; NotFound for another visit's."""
    row = db.get(OutboxEmail, email_id)
    if row is None or row.visit_id != visit_id:
        raise NotFound(f"no email {email_id} in this visit's outbox")
    return OutboxMessage(
        line=_line(row),
        text=None if row.body_private else row.text_body,
        attachments=tuple(str(item["filename"]) for item in row.attachments),
        calendar_method=row.calendar_method,
    )


def visit_delivery(db: Session, visit_id: int, ids: Iterable[int] | None = None) -> Delivery:
    """How far the visit's emails (or just those with `ids`) have got."""
    query = select(OutboxEmail.to_address, OutboxEmail.state).where(OutboxEmail.visit_id == visit_id)
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return Delivery()
        query = query.where(OutboxEmail.id.in_(wanted))
    states: dict[str, set[str]] = {}
    emails = 0
    for address, state in db.execute(query):
        states.setdefault(address.lower(), set()).add(state)
        emails += 1
    failed = sum(1 for seen in states.values() if "failed" in seen)
    waiting = sum(1 for seen in states.values() if "failed" not in seen and seen & {"queued", "sending"})
    return Delivery(sent=len(states) - failed - waiting, waiting=waiting, failed=failed, emails=emails)
