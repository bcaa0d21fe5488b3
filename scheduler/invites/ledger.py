"""Reading the invite ledger: the evidence trail as rows and CSV, RSVP answers, and declines.

An RSVP link answers the invite it came with. A person who declined keeps that answer until they
are sent a new invite or update for the event (the time or place changed, so the old answer no
longer says anything); the coordinator sees each session's current declines as a re-plan flag.
The ledger page names everyone; its CSV leaves the coordinators' pages, so it reads names and
titles through the privacy rule, and its cells through the spreadsheet guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.outbox import OutboxEmail
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.db.visit_records import person_from_record
from scheduler.db.visits import VisitRecord
from scheduler.domain.credentials import LONGEST_TOKEN, hash_token
from scheduler.domain.privacy import COORDINATOR, redaction_of
from scheduler.errors import NotFound
from scheduler.files.spreadsheet_cells import csv_text

RSVP_CHOICES = {"accept": "accepted", "decline": "declined"}
_KIND_WORDS = {"new": "invitation", "update": "update", "cancel": "cancellation"}


@dataclass(frozen=True)
class LedgerLine:
    queued_at: str  # local time of the visit, "YYYY-MM-DD HH:MM"
    version: int
    name: str
    email: str
    session: str
    title: str
    event: str  # session | escort
    uid: str
    sequence: int
    kind: str  # invitation | update | cancellation
    method: str
    delivery: str  # queued | sending | sent | failed
    rsvp: str  # "" | accepted | declined | tentative (a calendar app's reply)


@dataclass(frozen=True)
class RsvpAnswer:
    visit_id: int
    name: str
    session: str
    answer: str  # accepted | declined


def _local(timezone: str, when: datetime | None) -> str:
    return "" if when is None else when.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def ledger_lines(
    db: Session, visit_id: int, titles: dict[str, str] | None = None, audience: str = COORDINATOR
) -> list[LedgerLine]:
    """Every invite message of the visit, oldest first, with its delivery state and RSVP answer;
    for a shared audience a person using services or carer is not named (nor their address)."""
    visit = db.get(VisitRecord, visit_id)
    if visit is None:
        raise NotFound(f"there is no visit {visit_id}")
    names = redaction_of((person_from_record(p) for p in visit.people), audience)
    titles = {
        key: names.text(title) for key, title in (titles or {s.key: s.title for s in visit.sessions}).items()
    }

    def hidden(kind: str, key: str) -> bool:
        return audience != COORDINATOR and kind == "person" and key in names.protected

    query = (
        select(InviteLedgerEntry, OutboxEmail.state)
        .outerjoin(OutboxEmail, OutboxEmail.id == InviteLedgerEntry.outbox_id)
        .where(InviteLedgerEntry.visit_id == visit_id)
        .order_by(InviteLedgerEntry.id)
    )
    return [
        LedgerLine(
            queued_at=_local(visit.timezone, row.queued_at),
            version=row.version_number,
            name=names.person(row.recipient_key)
            if hidden(row.recipient_kind, row.recipient_key)
            else row.recipient_name,
            email="" if hidden(row.recipient_kind, row.recipient_key) else row.email,
            session=row.session,
            title=titles.get(row.session, row.session),
            event=row.event,
            uid=row.uid,
            sequence=row.sequence,
            kind=_KIND_WORDS[row.kind],
            method=row.method,
            delivery=state or "unknown",
            rsvp=row.rsvp,
        )
        for row, state in db.execute(query)
    ]


LEDGER_COLUMNS = (
    "queued_at",
    "version",
    "name",
    "email",
    "session",
    "title",
    "event",
    "uid",
    "sequence",
    "kind",
    "method",
    "delivery",
    "rsvp",
)


def ledger_csv(lines: list[LedgerLine]) -> str:
    """The ledger as CSV (read it with `ledger_lines(..., audience=SHARED)`)."""
    return csv_text(LEDGER_COLUMNS, [[getattr(line, column) for column in LEDGER_COLUMNS] for line in lines])


def rsvp_link_works(db: Session, token: str) -> bool:
    """Whether the accept/decline link with this token still takes an answer."""
    if not token or len(token) > LONGEST_TOKEN:
        return False
    row = db.scalar(select(InviteLedgerEntry).where(InviteLedgerEntry.rsvp_token_hash == hash_token(token)))
    return row is not None and row.rsvp_revoked_at is None


def answer_rsvp(db: Session, token: str, choice: str, now: datetime) -> RsvpAnswer | None:
    """Record accept/decline for the invite the token came with; None for an unknown or revoked token."""
    if choice not in RSVP_CHOICES or not token or len(token) > LONGEST_TOKEN:
        return None
    row = db.scalar(select(InviteLedgerEntry).where(InviteLedgerEntry.rsvp_token_hash == hash_token(token)))
    if row is None or row.rsvp_revoked_at is not None:
        return None
    row.rsvp = RSVP_CHOICES[choice]
    row.rsvp_at = now
    db.flush()
    return RsvpAnswer(row.visit_id, row.recipient_name, row.session, row.rsvp)


def declines_by_session(db: Session, visit_id: int) -> dict[str, list[str]]:
    """Session id -> names of the people whose current invite to it they declined."""
    current: dict[tuple[str, str, str], InviteLedgerEntry] = {}
    query = select(InviteLedgerEntry).where(
        InviteLedgerEntry.visit_id == visit_id, InviteLedgerEntry.event == "session"
    )
    for row in db.scalars(query.order_by(InviteLedgerEntry.id)):
        current[(row.recipient_kind, row.recipient_key, row.session)] = row
    declined: dict[str, list[str]] = {}
    for row in current.values():
        if row.kind != "cancel" and row.rsvp == "declined":
            declined.setdefault(row.session, []).append(row.recipient_name)
    return {session: sorted(names) for session, names in sorted(declined.items())}
