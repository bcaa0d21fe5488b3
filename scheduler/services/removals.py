"""What removing an entry of a visit would change, for the page that asks before it is removed:
the entries that lose a reference to it, the timetable versions that use it, and whom the next
sending of invites will tell."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.domain.removal import find_entry, remove_entry
from scheduler.errors import NotFound
from scheduler.services.removed_sessions import PublishedSession, published_session
from scheduler.services.timetables import list_versions, timetable_of
from scheduler.services.visits import load_visit


@dataclass(frozen=True)
class RemovalImpact:
    kind: str  # session | person | assessor | room | site
    key: str
    name: str
    changes: tuple[str, ...]  # other entries that change with it
    blockers: tuple[str, ...]  # why it cannot be removed yet
    versions: tuple[int, ...]  # timetable versions that place it (a session) or use it
    published_version: int | None  # the published version, when it is among `versions`
    published_sessions: tuple[str, ...]  # titles of its published sessions (a person, assessor, room)
    published: PublishedSession | None  # a published session's place and people


def _uses(placed: domain.PlacedSession, kind: str, key: str) -> bool:
    if kind == "session":
        return placed.session == key
    if kind == "person":
        return key in placed.attendees or key in placed.support or placed.escort == key
    if kind == "assessor":
        return key in placed.assessors
    if kind == "room":
        return placed.room == key
    return False


def removal_impact(db: Session, visit_id: int, kind: str, key: str) -> RemovalImpact:
    """What removing entry `key` of `kind` would change; NotFound when there is no such entry."""
    visit = load_visit(db, visit_id)
    if find_entry(visit, kind, key) is None:
        raise NotFound(f"there is no {kind} {key}")
    removal = remove_entry(visit, kind, key)
    titles = {s.id: s.title for s in visit.sessions}
    versions: list[int] = []
    published_number: int | None = None
    published_titles: tuple[str, ...] = ()
    for version in list_versions(db, visit_id):
        used = [p for p in timetable_of(version).assignments if _uses(p, kind, key)]
        if not used:
            continue
        versions.append(version.number)
        if version.state == "published":
            published_number = version.number
            published_titles = tuple(titles.get(p.session, p.session) for p in used)
    return RemovalImpact(
        kind=kind,
        key=key,
        name=removal.name,
        changes=removal.changes,
        blockers=removal.blockers,
        versions=tuple(sorted(versions)),
        published_version=published_number,
        published_sessions=published_titles if kind != "session" else (),
        published=published_session(db, visit_id, key) if kind == "session" else None,
    )
