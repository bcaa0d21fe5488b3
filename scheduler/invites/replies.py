"""Replies from calendar apps (iMIP, RFC 6047): Accept, Decline or Tentative pressed in Outlook,
Google Calendar or Thunderbird reach the invite ledger as the app's own RSVP links do.

A reply is trusted only as far as it can be checked: its event (UID) must be one we sent, its
sender (From) must be the ATTENDEE it answers for, and that address must be the one we sent the
event to. A reply to an older SEQUENCE than the person was last sent answers an invite that no
longer stands, so it changes nothing. A counter-proposal (METHOD:COUNTER, "propose new time")
is kept for the coordinator to look at, never applied: the timetable moves only by re-planning.
Every message is kept in `calendar_replies` with what became of it, and logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import Message
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.calendar_replies import CalendarReply
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.db.visits import VisitRecord

log = logging.getLogger(__name__)

PARTSTAT_ANSWERS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}
_CALENDAR_TYPES = ("text/calendar", "application/ics")
_LONGEST = {"sender": 320, "subject": 500, "uid": 200, "text": 2000}


@dataclass(frozen=True)
class ReplyOutcome:
    outcome: str  # recorded | counter | ignored
    detail: str
    visit_id: int | None = None
    session: str = ""
    name: str = ""
    answer: str = ""  # accepted | declined | tentative, for a recorded reply


@dataclass(frozen=True)
class _Reply:
    method: str
    uid: str
    sequence: int | None
    attendees: dict[str, str]  # address (lower case) -> PARTSTAT
    start: datetime | date | None
    end: datetime | date | None
    comment: str


class _Unreadable(ValueError):
    pass


def _address(value: object) -> str:
    return str(value).strip().removeprefix("mailto:").removeprefix("MAILTO:").strip().lower()


def _calendar_bytes(message: Message) -> list[bytes]:
    found = []
    for part in message.walk():
        if part.get_content_type() in _CALENDAR_TYPES:
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and data.strip():
                found.append(data)
    return found


def _read_reply(message: Message) -> _Reply:
    parts = _calendar_bytes(message)
    if not parts:
        raise _Unreadable("it has no calendar part")
    problems = []
    for data in parts:  # the inline part and the attached copy are usually the same
        try:
            calendar = icalendar.Calendar.from_ical(data)
        except (ValueError, KeyError, IndexError) as error:
            problems.append(f"its calendar cannot be read ({error})")
            continue
        method = str(calendar.get("METHOD", "")).upper()
        events = list(calendar.walk("VEVENT"))
        if method not in ("REPLY", "COUNTER"):
            problems.append(f"its calendar is a {method or 'message without METHOD'}, not a REPLY or COUNTER")
            continue
        if not events or not str(events[0].get("UID", "")).strip():
            problems.append("its calendar names no event (no VEVENT with a UID)")
            continue
        event = events[0]
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        states = {_address(a): str(a.params.get("PARTSTAT", "NEEDS-ACTION")).upper() for a in attendees}
        try:
            sequence = int(str(event["SEQUENCE"])) if "SEQUENCE" in event else None
        except (TypeError, ValueError):
            sequence = None
        start = event.decoded("DTSTART") if "DTSTART" in event else None
        end = event.decoded("DTEND") if "DTEND" in event else None
        return _Reply(
            method=method,
            uid=str(event["UID"]).strip()[: _LONGEST["uid"]],
            sequence=sequence,
            attendees=states,
            start=start,
            end=end,
            comment=" ".join(str(event.get("COMMENT", "")).split())[: _LONGEST["text"]],
        )
    raise _Unreadable("; ".join(problems))


def _clock(moment: datetime | date | None, timezone: str) -> str:
    if isinstance(moment, datetime):
        local = moment.astimezone(ZoneInfo(timezone)) if moment.tzinfo else moment
        return local.strftime("%Y-%m-%d %H:%M")
    return moment.isoformat() if isinstance(moment, date) else ""


def receive_calendar_reply(db: Session, raw: bytes, now: datetime, envelope_sender: str = "") -> ReplyOutcome:
    """Read one inbound email; record its answer in the ledger, or keep it as a counter-proposal,
    or change nothing and say why (flushed, not committed)."""
    message = message_from_bytes(raw, policy=policy.compat32)
    sender = (parseaddr(str(message.get("From", "")))[1] or envelope_sender).strip().lower()
    subject = " ".join(str(message.get("Subject", "")).split())[: _LONGEST["subject"]]
    row = CalendarReply(
        visit_id=None,
        received_at=now,
        sender=sender[: _LONGEST["sender"]],
        subject=subject,
        method="",
        uid="",
        sequence=None,
        partstat="",
        session="",
        recipient_name="",
        proposed="",
        comment="",
        outcome="ignored",
        detail="",
    )
    outcome = _apply(db, row, message, sender, now)
    row.outcome, row.detail = outcome.outcome, outcome.detail
    row.visit_id = outcome.visit_id
    db.add(row)
    db.flush()
    level = logging.INFO if outcome.outcome != "ignored" else logging.WARNING
    log.log(
        level, "calendar reply from %s (%s): %s: %s", sender or "?", subject, outcome.outcome, outcome.detail
    )
    return outcome


def _apply(db: Session, row: CalendarReply, message: Message, sender: str, now: datetime) -> ReplyOutcome:
    try:
        reply = _read_reply(message)
    except _Unreadable as error:
        return ReplyOutcome("ignored", f"not a calendar reply: {error}")
    row.method, row.uid, row.sequence, row.comment = reply.method, reply.uid, reply.sequence, reply.comment
    sent = list(
        db.scalars(
            select(InviteLedgerEntry).where(InviteLedgerEntry.uid == reply.uid).order_by(InviteLedgerEntry.id)
        )
    )
    if not sent:
        return ReplyOutcome("ignored", f"no invite was sent with the event UID {reply.uid!r}")
    visit_id, session = sent[0].visit_id, sent[0].session
    row.session = session
    if not sender or sender not in reply.attendees:
        return ReplyOutcome(
            "ignored",
            f"the sender {sender or '(none)'} is not the attendee the reply answers for"
            f" ({', '.join(sorted(reply.attendees)) or 'none'})",
            visit_id,
            session,
        )
    mine = [r for r in sent if r.email.strip().lower() == sender]
    if not mine:
        return ReplyOutcome(
            "ignored",
            f"{sender} was never sent this event: a reply must come from the invited address",
            visit_id,
            session,
        )
    last = mine[-1]
    row.recipient_name = last.recipient_name
    partstat = reply.attendees[sender]
    row.partstat = partstat
    if last.kind == "cancel":
        return ReplyOutcome(
            "ignored",
            f"{last.recipient_name} was told this event is cancelled for them",
            visit_id,
            session,
            last.recipient_name,
        )
    if reply.method == "COUNTER":
        record = db.get(VisitRecord, visit_id)
        zone = record.timezone if record is not None else "UTC"
        row.proposed = " to ".join(t for t in (_clock(reply.start, zone), _clock(reply.end, zone)) if t)
        return ReplyOutcome(
            "counter",
            f"{last.recipient_name} proposes {row.proposed or 'another time'}: shown to the coordinator,"
            " not applied",
            visit_id,
            session,
            last.recipient_name,
        )
    answer = PARTSTAT_ANSWERS.get(partstat)
    if answer is None:
        return ReplyOutcome(
            "ignored",
            f"PARTSTAT {partstat} is not an answer (accepted, declined or tentative)",
            visit_id,
            session,
            last.recipient_name,
        )
    if reply.sequence is not None and reply.sequence < last.sequence:
        return ReplyOutcome(
            "ignored",
            f"{last.recipient_name} answered SEQUENCE {reply.sequence}, but was since sent"
            f" SEQUENCE {last.sequence}: the answer is to an invite that no longer stands",
            visit_id,
            session,
            last.recipient_name,
        )
    last.rsvp = answer
    last.rsvp_at = now
    return ReplyOutcome(
        "recorded", f"{last.recipient_name} {answer}", visit_id, session, last.recipient_name, answer
    )


@dataclass(frozen=True)
class CounterProposal:
    received_at: datetime
    name: str
    session: str
    proposed: str
    comment: str


def counter_proposals(db: Session, visit_id: int) -> list[CounterProposal]:
    """The visit's counter-proposals, newest first, for the coordinator to consider."""
    query = (
        select(CalendarReply)
        .where(CalendarReply.visit_id == visit_id, CalendarReply.outcome == "counter")
        .order_by(CalendarReply.id.desc())
    )
    return [
        CounterProposal(r.received_at, r.recipient_name, r.session, r.proposed, r.comment)
        for r in db.scalars(query)
    ]
