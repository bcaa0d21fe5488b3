"""A coordinator's visits: listing, access, import, export and every edit.

Every change goes through one path: build the whole candidate visit, re-validate it with the
visit-file reader (so the database never holds a visit the file format would reject), then
write it and note in the audit trail what changed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import Membership, User
from scheduler.db.timetables import TimetableVersion
from scheduler.db.visit_records import visit_from_record, write_visit
from scheduler.db.visits import PersonRecord, RoomRecord, SessionRecord, VisitRecord
from scheduler.domain.app_data import kept_through_file, with_app_data
from scheduler.domain.removal import remove_entry
from scheduler.domain.team_limits import without_empty_teams
from scheduler.domain.visit_changes import describe_changes
from scheduler.errors import NotFound, ServiceError
from scheduler.files.visit_file import VisitFileError, read_visit, visit_to_dict
from scheduler.services.accounts import add_member
from scheduler.services.audit import record_audit
from scheduler.services.availability_origin import AnswerPolicy, mark_availability_sources, respect_answers
from scheduler.services.edit_guard import ensure_unchanged
from scheduler.services.personal_links import revoke_links_of_the_removed
from scheduler.services.removed_sessions import remember_removed_sessions
from scheduler.services.roles import OWNER


@dataclass(frozen=True)
class VisitSummary:
    id: int
    name: str
    organisation: str
    days: tuple[str, ...]
    session_count: int
    person_count: int
    room_count: int
    latest_version: int | None  # None: never planned
    latest_state: str | None  # "draft" | "published"
    published_version: int | None


@dataclass(frozen=True)
class VisitSettings:
    """The visit's own fields, without its lists: what the settings page edits."""

    name: str
    organisation: str
    timezone: str
    days: tuple[str, ...]
    day_start: str = "09:00"
    day_end: str = "17:00"
    slot_minutes: int = 15
    lunch: domain.Lunch = dataclasses.field(default_factory=domain.Lunch)
    escort_minutes: int = 15
    staff_max_sessions_per_day: int | None = None  # for staff without a cap of their own


def visit_settings(visit: domain.Visit) -> VisitSettings:
    return VisitSettings(**{f.name: getattr(visit, f.name) for f in dataclasses.fields(VisitSettings)})


def _count(model: Any) -> Any:
    return (
        select(func.count(model.id))
        .where(model.visit_id == VisitRecord.id)
        .correlate(VisitRecord)
        .scalar_subquery()
    )


def list_visits(db: Session, user: User) -> list[VisitSummary]:
    """The visits this user is a member of, most recently changed first."""
    query = (
        select(VisitRecord, _count(SessionRecord), _count(PersonRecord), _count(RoomRecord))
        .join(Membership, Membership.visit_id == VisitRecord.id)
        .where(Membership.user_id == user.id)
        .order_by(VisitRecord.updated_at.desc(), VisitRecord.id.desc())
    )
    rows = db.execute(query).all()
    visit_ids = [row[0].id for row in rows]
    versions: dict[int, list[TimetableVersion]] = {visit_id: [] for visit_id in visit_ids}
    if visit_ids:
        version_query = select(TimetableVersion).where(TimetableVersion.visit_id.in_(visit_ids))
        for version in db.scalars(version_query.order_by(TimetableVersion.number)):
            versions[version.visit_id].append(version)
    summaries = []
    for record, sessions, people, rooms in rows:
        own = versions[record.id]
        latest = own[-1] if own else None
        published = next((v.number for v in reversed(own) if v.state == "published"), None)
        summaries.append(
            VisitSummary(
                id=record.id,
                name=record.name,
                organisation=record.organisation,
                days=tuple(record.days),
                session_count=sessions,
                person_count=people,
                room_count=rooms,
                latest_version=latest.number if latest else None,
                latest_state=latest.state if latest else None,
                published_version=published,
            )
        )
    return summaries


def require_visit(db: Session, user: User, visit_id: int) -> VisitRecord:
    """The visit, if this user is one of its coordinators; otherwise NotFound, as if it did not exist."""
    record = db.get(VisitRecord, visit_id)
    if record is None or db.get(Membership, (user.id, visit_id)) is None:
        raise NotFound(f"there is no visit {visit_id}")
    return record


def _visit_record(db: Session, visit_id: int) -> VisitRecord:
    record = db.get(VisitRecord, visit_id)
    if record is None:
        raise NotFound(f"there is no visit {visit_id}")
    return record


def validated(visit: domain.Visit) -> domain.Visit:
    """The visit as the file reader sees it (defaults filled), or ServiceError with every problem."""
    try:
        return with_app_data(read_visit(visit_to_dict(visit)), visit)
    except VisitFileError as error:
        raise ServiceError("the visit would not be valid, so nothing was saved", error.problems) from error


def import_visit(db: Session, actor: User, visit: domain.Visit, now: datetime) -> int:
    """Store a new visit, make the actor its owner, and return its id."""
    checked = validated(visit)
    record = VisitRecord(created_at=now, updated_at=now)
    write_visit(record, checked, now)
    db.add(record)
    db.flush()
    add_member(db, record.id, actor, role=OWNER)
    detail = f"{len(checked.sessions)} sessions, {len(checked.people)} people, {len(checked.rooms)} rooms"
    record_audit(db, record.id, actor, "import_visit", detail, now)
    db.flush()
    return record.id


def load_visit(db: Session, visit_id: int) -> domain.Visit:
    return visit_from_record(_visit_record(db, visit_id))


def update_visit(
    db: Session,
    actor: User | None,
    visit_id: int,
    visit: domain.Visit,
    now: datetime,
    action: str = "update_visit",
    *,
    answers: AnswerPolicy = "refuse",
    source: str = "coordinator",
) -> list[str]:
    """Replace the visit's contents, matching entries by id; returns what changed, in words.

    Availability that someone gave through their own link is replaced only when `answers` says
    so ("replace"); "keep" keeps it and says so among the changes; by default the whole edit is
    refused (AnswersWouldBeReplaced). Availability the edit changes is marked as from `source`
    ("coordinator", or "file" for an imported file).
    """
    record = _visit_record(db, visit_id)
    before = visit_from_record(record)
    # A visit file has no app data: keep what the visit had. In the app, a team whose last
    # person left goes from the list (the changes say so) rather than blocking the edit.
    visit = kept_through_file(visit, before) if source == "file" else without_empty_teams(visit)
    checked, kept = respect_answers(record, before, validated(visit), answers)
    changes = describe_changes(before, checked)
    if not changes:
        return kept
    # Before the rows go: a person re-added later under the same id must not inherit a link.
    revoke_links_of_the_removed(db, actor, visit_id, before, checked, now)
    write_visit(record, checked, now)
    mark_availability_sources(record, before, checked, source, now)
    remember_removed_sessions(db, visit_id, before, checked, now)
    record_audit(db, visit_id, actor, action, "\n".join(changes + kept), now)
    db.flush()
    return changes + kept


# ---- the small edits behind the pages ---------------------------------------------------------


def _saved(entries: tuple[Any, ...], entry: Any) -> tuple[Any, ...]:
    """The entries with this one replacing the entry of the same id, or appended when new."""
    if any(existing.id == entry.id for existing in entries):
        return tuple(entry if existing.id == entry.id else existing for existing in entries)
    return (*entries, entry)


def _without(entries: tuple[Any, ...], entry_id: str, kind: str) -> tuple[Any, ...]:
    if not any(existing.id == entry_id for existing in entries):
        raise NotFound(f"there is no {kind} {entry_id}")
    return tuple(existing for existing in entries if existing.id != entry_id)


def _save_entry(
    db: Session,
    actor: User,
    visit_id: int,
    attribute: str,
    entry: Any,
    now: datetime,
    action: str,
    *,
    loaded: str | None = None,
    answers: AnswerPolicy = "refuse",
) -> list[str]:
    """Save one entry; with `loaded` (the form's token), refuse if it changed since the form was drawn."""
    current = load_visit(db, visit_id)
    if loaded is not None:
        existing = next((e for e in getattr(current, attribute) if e.id == entry.id), None)
        kind = action.removeprefix("save_")
        ensure_unchanged(f"{kind} {entry.id}", loaded, existing, type(entry))
    changed: dict[str, Any] = {attribute: _saved(getattr(current, attribute), entry)}
    candidate = dataclasses.replace(current, **changed)
    return update_visit(db, actor, visit_id, candidate, now, action=action, answers=answers)


def _delete_entry(
    db: Session, actor: User, visit_id: int, attribute: str, kind: str, entry_id: str, now: datetime
) -> list[str]:
    """Remove the entry and every reference to it (scheduler.domain.removal says what else changes)."""
    current = load_visit(db, visit_id)
    _without(getattr(current, attribute), entry_id, kind)  # NotFound when there is no such entry
    removal = remove_entry(current, kind, entry_id)
    if removal.blockers:
        raise ServiceError(removal.blockers[0], list(removal.blockers))
    return update_visit(db, actor, visit_id, removal.visit, now, action=f"delete_{kind}")


def save_session(
    db: Session,
    actor: User,
    visit_id: int,
    session: domain.Session,
    now: datetime,
    *,
    loaded: str | None = None,
    answers: AnswerPolicy = "refuse",
) -> list[str]:
    return _save_entry(
        db, actor, visit_id, "sessions", session, now, "save_session", loaded=loaded, answers=answers
    )


def delete_session(db: Session, actor: User, visit_id: int, session_id: str, now: datetime) -> list[str]:
    return _delete_entry(db, actor, visit_id, "sessions", "session", session_id, now)


def save_room(
    db: Session,
    actor: User,
    visit_id: int,
    room: domain.Room,
    now: datetime,
    *,
    loaded: str | None = None,
    answers: AnswerPolicy = "refuse",
) -> list[str]:
    return _save_entry(db, actor, visit_id, "rooms", room, now, "save_room", loaded=loaded, answers=answers)


def delete_room(db: Session, actor: User, visit_id: int, room_id: str, now: datetime) -> list[str]:
    return _delete_entry(db, actor, visit_id, "rooms", "room", room_id, now)


def save_person(
    db: Session,
    actor: User,
    visit_id: int,
    person: domain.Person,
    now: datetime,
    *,
    loaded: str | None = None,
    answers: AnswerPolicy = "refuse",
) -> list[str]:
    return _save_entry(
        db, actor, visit_id, "people", person, now, "save_person", loaded=loaded, answers=answers
    )


def delete_person(db: Session, actor: User, visit_id: int, person_id: str, now: datetime) -> list[str]:
    return _delete_entry(db, actor, visit_id, "people", "person", person_id, now)


def save_assessor(
    db: Session,
    actor: User,
    visit_id: int,
    assessor: domain.Assessor,
    now: datetime,
    *,
    loaded: str | None = None,
    answers: AnswerPolicy = "refuse",
) -> list[str]:
    return _save_entry(
        db, actor, visit_id, "assessors", assessor, now, "save_assessor", loaded=loaded, answers=answers
    )


def delete_assessor(db: Session, actor: User, visit_id: int, assessor_id: str, now: datetime) -> list[str]:
    return _delete_entry(db, actor, visit_id, "assessors", "assessor", assessor_id, now)


def save_site(
    db: Session,
    actor: User,
    visit_id: int,
    site: domain.Site,
    now: datetime,
    *,
    loaded: str | None = None,
    answers: AnswerPolicy = "refuse",
) -> list[str]:
    return _save_entry(db, actor, visit_id, "sites", site, now, "save_site", loaded=loaded, answers=answers)


def delete_site(db: Session, actor: User, visit_id: int, site_id: str, now: datetime) -> list[str]:
    return _delete_entry(db, actor, visit_id, "sites", "site", site_id, now)


def save_travel(db: Session, actor: User, visit_id: int, travel: domain.Travel, now: datetime) -> list[str]:
    """Set the travel time between two sites; an existing entry for the pair (either way) keeps its place."""
    current = load_visit(db, visit_id)
    pair = {travel.from_site, travel.to_site}
    if any({t.from_site, t.to_site} == pair for t in current.travel):
        entries = tuple(
            dataclasses.replace(t, minutes=travel.minutes) if {t.from_site, t.to_site} == pair else t
            for t in current.travel
        )
    else:
        entries = (*current.travel, travel)
    return update_visit(
        db, actor, visit_id, dataclasses.replace(current, travel=entries), now, action="save_travel"
    )


def delete_travel(
    db: Session, actor: User, visit_id: int, from_site: str, to_site: str, now: datetime
) -> list[str]:
    current = load_visit(db, visit_id)
    pair = {from_site, to_site}
    if not any({t.from_site, t.to_site} == pair for t in current.travel):
        raise NotFound(f"there is no travel time between {from_site} and {to_site}")
    candidate = dataclasses.replace(
        current, travel=tuple(t for t in current.travel if {t.from_site, t.to_site} != pair)
    )
    return update_visit(db, actor, visit_id, candidate, now, action="delete_travel")


def save_visit_settings(
    db: Session,
    actor: User,
    visit_id: int,
    settings: VisitSettings,
    now: datetime,
    *,
    loaded: str | None = None,
) -> list[str]:
    current = load_visit(db, visit_id)
    if loaded is not None:
        ensure_unchanged("the visit settings", loaded, visit_settings(current), VisitSettings)
    values = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
    candidate = dataclasses.replace(current, **values)
    return update_visit(db, actor, visit_id, candidate, now, action="save_visit_settings")
