"""The visit's milestones: their dates (defaults, or a coordinator's), and the reminders the
periodic mail round sends the visit's owners and coordinators as each one comes due.

The round (the web app's mail thread, the workers' schedule, `fieldwork send-mail`) calls
`remind_due_milestones`; each reminder is queued in the outbox in the same transaction that
records it was sent, so a milestone is reminded once per date however many rounds run.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.db.accounts import Membership, User
from scheduler.db.on_the_day import MilestoneRecord
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.db.timetables import TimetableVersion
from scheduler.db.visits import VisitRecord
from scheduler.domain.clocktime import date_of, day_label
from scheduler.domain.milestones import KIND_KEYS, LABELS, Milestone, due_for_reminder, timeline
from scheduler.errors import NotFound, ServiceError
from scheduler.mail.outbox import queue_email
from scheduler.services.audit import record_audit
from scheduler.services.roles import COORDINATOR, OWNER

# Dates a coordinator may give: far enough either way for any real visit, near enough to catch
# a mistyped year.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _today(visit: VisitRecord, now: datetime.datetime) -> datetime.date:
    return now.astimezone(ZoneInfo(visit.timezone)).date()


def _deadline(visit: VisitRecord) -> datetime.date | None:
    if visit.availability_deadline is None:
        return None
    return visit.availability_deadline.astimezone(ZoneInfo(visit.timezone)).date()


def _rows(db: Session, visit_id: int) -> dict[str, MilestoneRecord]:
    rows = db.scalars(select(MilestoneRecord).where(MilestoneRecord.visit_id == visit_id))
    return {row.kind: row for row in rows}


def _happened(db: Session, visit: VisitRecord) -> dict[str, str]:
    """The milestones Fieldwork itself saw done, and on which day of the visit's zone."""
    seen = {
        "first_plan": db.scalar(
            select(func.min(TimetableVersion.created_at)).where(TimetableVersion.visit_id == visit.id)
        ),
        "invites_sent": db.scalar(
            select(func.min(InviteLedgerEntry.queued_at)).where(InviteLedgerEntry.visit_id == visit.id)
        ),
    }
    zone = ZoneInfo(visit.timezone)
    # An aggregate comes back without the column's type: a naive UTC timestamp (or text on SQLite).
    return {key: _as_utc(when).astimezone(zone).date().isoformat() for key, when in seen.items() if when}


def _as_utc(when: datetime.datetime | str) -> datetime.datetime:
    if isinstance(when, str):
        when = datetime.datetime.fromisoformat(when)
    return when if when.tzinfo is not None else when.replace(tzinfo=datetime.UTC)


def _timeline(
    db: Session, visit: VisitRecord, rows: Mapping[str, MilestoneRecord], now: datetime.datetime
) -> list[Milestone]:
    return timeline(
        tuple(visit.days),
        {key: row.due for key, row in rows.items()},
        _today(visit, now),
        _deadline(visit),
        {key: row.reminded_for for key, row in rows.items()},
        _happened(db, visit),
    )


def visit_milestones(db: Session, visit_id: int, now: datetime.datetime) -> list[Milestone]:
    visit = db.get(VisitRecord, visit_id)
    if visit is None:
        raise NotFound("no such visit")
    return _timeline(db, visit, _rows(db, visit_id), now)


def set_milestone_dates(
    db: Session, actor: User, visit_id: int, dates: Mapping[str, str | None], now: datetime.datetime
) -> list[str]:
    """Save the coordinator's dates (blank: back to the default); returns what changed, in words.

    Every date is checked before any is saved, and each bad one is named."""
    visit = db.get(VisitRecord, visit_id)
    if visit is None:
        raise NotFound("no such visit")
    problems = []
    chosen: dict[str, str | None] = {}
    for key, text in dates.items():
        if key not in KIND_KEYS:
            problems.append(f"'{key}' is not a milestone")
            continue
        text = (text or "").strip()
        day = date_of(text) if text else None
        if text and (day is None or not EARLIEST_YEAR <= day.year <= LATEST_YEAR):
            problems.append(f"{LABELS[key]}: '{text}' is not a date (YYYY-MM-DD)")
            continue
        chosen[key] = day.isoformat() if day is not None else None
    if problems:
        raise ServiceError("The milestones were not saved.", problems)
    rows = _rows(db, visit_id)
    changed = []
    for key, due in chosen.items():
        row = rows.get(key)
        if (row.due if row is not None else None) == due:
            continue
        if row is None:
            row = MilestoneRecord(visit_id=visit_id, kind=key, updated_at=now)
            db.add(row)
        row.due = due
        row.updated_at = now
        changed.append(f"{LABELS[key]}: {due or 'the default date'}")
    if changed:
        record_audit(db, visit_id, actor, "set_milestones", "; ".join(changed), now)
        db.flush()
    return changed


@dataclass(frozen=True)
class MilestoneReminders:
    emails: int
    milestones: int


def reminder_text(
    visit: VisitRecord, due: list[Milestone], today: datetime.date, link: str
) -> tuple[str, str]:
    """The subject and text of one coordinator's reminder."""
    lines = []
    for milestone in due:
        when = datetime.date.fromisoformat(milestone.due)
        ahead = (when - today).days
        words = "today" if ahead == 0 else ("tomorrow" if ahead == 1 else f"in {ahead} days")
        lines.append(f"- {milestone.label}: {day_label(milestone.due)} {when.year} ({words})")
    first = due[0]
    first_when = "today" if first.due == today.isoformat() else "on " + day_label(first.due)
    subject = f"{visit.name}: {first.label} {first_when}"
    if len(due) > 1:
        subject += f" and {len(due) - 1} more"
    text = (
        f"Coming up for {visit.name} ({visit.organisation}):\n\n"
        + "\n".join(lines)
        + f"\n\nThe visit's timeline, where you can change these dates:\n{link}\n\n"
        "You get this as an owner or coordinator of the visit in Fieldwork.\n"
    )
    return subject, text


def remind_due_milestones(db: Session, now: datetime.datetime, base_url: str) -> MilestoneReminders:
    """Email each owner and coordinator of every visit the milestones coming due (flushed, not
    committed: the caller commits the outbox rows and the reminder marks together)."""
    emails = reminded = 0
    for visit in db.scalars(select(VisitRecord).order_by(VisitRecord.id)):
        if not visit.days:
            continue
        today = _today(visit, now)
        if today.isoformat() > max(visit.days):
            days_after = (today - datetime.date.fromisoformat(max(visit.days))).days
            if days_after > 31:  # long over: no milestone left to remind
                continue
        rows = _rows(db, visit.id)
        due = [m for m in _timeline(db, visit, rows, now) if due_for_reminder(m, today)]
        if not due:
            continue
        recipients = db.scalars(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.visit_id == visit.id, Membership.role.in_((OWNER, COORDINATOR)))
            .order_by(User.email)
        ).all()
        subject, text = reminder_text(visit, due, today, f"{base_url.rstrip('/')}/visits/{visit.id}")
        for address in recipients:
            queue_email(db, address, subject, text, None, now=now, visit_id=visit.id)
            emails += 1
        for milestone in due:
            row = rows.get(milestone.key)
            if row is None:
                row = MilestoneRecord(visit_id=visit.id, kind=milestone.key, due=None, updated_at=now)
                db.add(row)
            row.reminded_for = milestone.due
            row.reminded_at = now
            reminded += 1
        record_audit(
            db,
            visit.id,
            None,
            "milestone_reminder",
            f"{', '.join(m.label for m in due)}: {len(recipients)} email(s)",
            now,
        )
    db.flush()
    return MilestoneReminders(emails=emails, milestones=reminded)
