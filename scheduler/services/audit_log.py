"""Reading a visit's audit trail: who did what, when, to what; filtered, and as CSV.

The trail is written by `scheduler.services.audit.record_audit`; this module only reads it.
Times are shown in the visit's own time zone (stored in UTC), as the team reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.db.accounts import User
from scheduler.db.audit import AuditEntry
from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound
from scheduler.files.spreadsheet_cells import csv_text

# Entries with no account behind them: answers given through someone's personal link, commands.
THROUGH_A_LINK = "link"
THROUGH_A_LINK_NAME = "Someone through their personal link, or a command"
AUDIT_COLUMNS = ("When (UTC)", "When (visit time)", "Who", "Email", "What", "Detail")


@dataclass(frozen=True)
class AuditLine:
    at: datetime  # UTC
    local: str  # "2026-02-01 09:00" in the visit's zone
    who: str
    email: str
    action: str
    what: str  # the action in words
    detail: str


@dataclass(frozen=True)
class AuditFilter:
    person: str = ""  # a user id, THROUGH_A_LINK, or "" for everyone
    kind: str = ""  # an action, or "" for every kind


@dataclass(frozen=True)
class AuditChoices:
    people: tuple[tuple[str, str], ...]  # (value, label)
    kinds: tuple[tuple[str, str], ...]


def action_words(action: str) -> str:
    """'publish_version' -> 'Publish version': the stored action, as a person reads it."""
    words = action.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def audit_lines(db: Session, visit_id: int, chosen: AuditFilter = AuditFilter()) -> list[AuditLine]:
    """The visit's entries, newest first, narrowed to one person and/or one kind."""
    record = _visit(db, visit_id)
    zone = ZoneInfo(record.timezone)
    query = (
        select(AuditEntry, User)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.visit_id == visit_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    if chosen.person == THROUGH_A_LINK:
        query = query.where(AuditEntry.user_id.is_(None))
    elif chosen.person.isdigit():
        query = query.where(AuditEntry.user_id == int(chosen.person))
    if chosen.kind:
        query = query.where(AuditEntry.action == chosen.kind)
    return [
        AuditLine(
            at=entry.at,
            local=entry.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            who=user.name if user else THROUGH_A_LINK_NAME,
            email=user.email if user else "",
            action=entry.action,
            what=action_words(entry.action),
            detail=entry.detail,
        )
        for entry, user in db.execute(query).all()
    ]


def audit_choices(db: Session, visit_id: int) -> AuditChoices:
    """The people and kinds the visit's trail holds, for the filter's lists."""
    _visit(db, visit_id)
    rows = db.execute(
        select(AuditEntry.user_id, AuditEntry.action, User.name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.visit_id == visit_id)
    ).all()
    people: dict[str, str] = {}
    kinds: set[str] = set()
    for user_id, action, name in rows:
        kinds.add(action)
        people[str(user_id) if user_id is not None else THROUGH_A_LINK] = name or THROUGH_A_LINK_NAME
    ordered_people = sorted(people.items(), key=lambda item: (item[0] == THROUGH_A_LINK, item[1].lower()))
    return AuditChoices(
        people=tuple(ordered_people),
        kinds=tuple((kind, action_words(kind)) for kind in sorted(kinds)),
    )


def audit_csv(lines: list[AuditLine]) -> str:
    """The lines as CSV; every cell guarded so a spreadsheet shows a detail, never runs it."""
    return csv_text(
        AUDIT_COLUMNS,
        [
            [line.at.strftime("%Y-%m-%dT%H:%M:%SZ"), line.local, line.who, line.email, line.what, line.detail]
            for line in lines
        ],
    )


def _visit(db: Session, visit_id: int) -> VisitRecord:
    record = db.get(VisitRecord, visit_id)
    if record is None:
        raise NotFound(f"there is no visit {visit_id}")
    return record
