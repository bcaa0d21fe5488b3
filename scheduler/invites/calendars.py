"""Whole calendars from the published timetable: one person's or assessor's feed and download,
and the coordinator's whole visit.

Each event carries its stored UID and SEQUENCE (made on first use), and as DTSTAMP the time
its SEQUENCE last rose, so the same published state always gives the same bytes: the feed's
ETag is the hash of the body and clients asking again get 304 until something changes.
A feed holds only what is published; a draft is nobody's business until it is sent.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import Membership, User
from scheduler.db.visits import VisitRecord
from scheduler.domain.home_visits import hears_home_address, held_at_home
from scheduler.domain.ids import slugify
from scheduler.errors import NotFound
from scheduler.invites.descriptions import audience_of_person
from scheduler.invites.escorts import escort_duty
from scheduler.invites.ical import InviteEvent, Recipient, default_status, feed_calendar
from scheduler.invites.identity import (
    FEEDS_KEPT_AFTER_VISIT,
    UidSource,
    event_identity,
    new_uid,
    resolve_feed_token,
)
from scheduler.invites.video_links import default_video_link, session_video_link
from scheduler.services.case_tracking import home_addresses
from scheduler.services.timetables import published_version, timetable_of
from scheduler.services.visits import load_visit

FALLBACK_ORGANIZER = "fieldwork@localhost"


@dataclass(frozen=True)
class CalendarFile:
    body: bytes
    filename: str
    last_modified: datetime  # UTC
    etag: str  # a strong validator: the body's hash (unquoted)


def coordinator_mailbox(db: Session, visit_id: int, fallback: str = FALLBACK_ORGANIZER) -> str:
    """The ORGANIZER of the visit's invites: its first coordinator's address."""
    query = (
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.visit_id == visit_id)
        .order_by(Membership.user_id)
    )
    return db.scalar(query.limit(1)) or fallback


def owner_by_email(visit: domain.Visit, email: str) -> tuple[str, str]:
    """("person" | "assessor", id) of whoever in the visit has this address."""
    wanted = email.strip().lower()
    for person in visit.people:
        if person.email.strip().lower() == wanted:
            return "person", person.id
    for assessor in visit.assessors:
        if assessor.email.strip().lower() == wanted:
            return "assessor", assessor.id
    raise NotFound(f"nobody in visit '{visit.name}' has the email address {email!r}")


def _people_lines(visit: domain.Visit, placed: domain.PlacedSession) -> tuple[Recipient, ...]:
    """Everyone at the session who has an address: attendees, their supporters, then the assessors
    (who chair it)."""
    people = {p.id: p for p in visit.people}
    assessors = {a.id: a for a in visit.assessors}
    lines = [
        Recipient(people[pid].name, people[pid].email.strip())
        for pid in (*placed.attendees, *placed.support)
        if pid in people and people[pid].email.strip()
    ]
    lines += [
        Recipient(assessors[aid].name, assessors[aid].email.strip(), role="CHAIR")
        for aid in placed.assessors
        if aid in assessors and assessors[aid].email.strip()
    ]
    return tuple(lines)


def _session_of(visit: domain.Visit, placed: domain.PlacedSession) -> domain.Session:
    found = next((s for s in visit.sessions if s.id == placed.session), None)
    if found is None:
        raise NotFound(
            f"the published timetable places session '{placed.session}', which the visit does not have"
        )
    return found


class _Builder:
    """Collects events for one calendar, reading each event's stored identity once."""

    def __init__(
        self, db: Session, visit_id: int, visit: domain.Visit, now: datetime, uid_source: UidSource
    ) -> None:
        self.db, self.visit_id, self.visit, self.now, self.uid_source = db, visit_id, visit, now, uid_source
        self.organizer = coordinator_mailbox(db, visit_id)
        self.default_link = default_video_link(db, visit_id)
        self.events: list[InviteEvent] = []

    def add_session(
        self,
        placed: domain.PlacedSession,
        recipient: Recipient,
        audience: str,
        *,
        home_address: str | None = None,
        reader: str | None = None,
    ) -> None:
        identity = event_identity(
            self.db, self.visit_id, placed.session, self.now, uid_source=self.uid_source
        )
        session = _session_of(self.visit, placed)
        self.events.append(
            InviteEvent(
                placed=placed,
                uid=identity.uid,
                sequence=identity.sequence,
                dtstamp=identity.changed_at.astimezone(UTC),
                organizer_email=self.organizer,
                recipient=recipient,
                attendees=_people_lines(self.visit, placed),
                status=default_status(session),
                audience=audience,
                video_link=session_video_link(session, placed, self.default_link),
                home_address=home_address,
                reader=reader,
            )
        )

    def add_escort_duty(
        self, timetable: domain.Timetable, placed: domain.PlacedSession, recipient: Recipient
    ) -> None:
        identity = event_identity(
            self.db, self.visit_id, placed.session, self.now, event_kind="escort", uid_source=self.uid_source
        )
        self.events.append(
            InviteEvent(
                placed=placed,
                uid=identity.uid,
                sequence=identity.sequence,
                dtstamp=identity.changed_at.astimezone(UTC),
                organizer_email=self.organizer,
                recipient=recipient,
                attendees=(recipient,) if recipient.email.strip() else (),
                status=default_status(_session_of(self.visit, placed)),
                audience="staff",
                kind="escort",
                duty=escort_duty(self.visit, timetable, placed),
            )
        )


def _published(
    db: Session, visit_id: int, visit: domain.Visit
) -> tuple[domain.Timetable | None, datetime | None]:
    """The published timetable without sessions removed from the visit since: a calendar drops
    them (subscribers' clients delete the event) rather than failing on them."""
    version = published_version(db, visit_id)
    if version is None:
        return None, None
    timetable = timetable_of(version)
    present = {s.id for s in visit.sessions}
    current = tuple(a for a in timetable.assignments if a.session in present)
    return dataclasses.replace(timetable, assignments=current), version.published_at


def _file(
    visit: domain.Visit,
    record: VisitRecord,
    builder: _Builder,
    published_at: datetime | None,
    filename: str,
    name: str,
) -> CalendarFile:
    body = feed_calendar(visit, builder.events, name=name)
    stamps = [e.dtstamp for e in builder.events]
    if published_at is not None:
        stamps.append(published_at.astimezone(UTC))
    last_modified = max(stamps) if stamps else record.created_at.astimezone(UTC)
    etag = hashlib.sha256(body).hexdigest()[:32]
    return CalendarFile(body=body, filename=filename, last_modified=last_modified, etag=etag)


def _record(db: Session, visit_id: int) -> VisitRecord:
    record = db.get(VisitRecord, visit_id)
    if record is None:
        raise NotFound(f"there is no visit {visit_id}")
    return record


def personal_calendar(
    db: Session, visit_id: int, who_kind: str, key: str, now: datetime, *, uid_source: UidSource = new_uid
) -> CalendarFile:
    """One person's published events (sessions they attend or support, escort duties) or an
    assessor's agenda."""
    record = _record(db, visit_id)
    visit = load_visit(db, visit_id)
    timetable, published_at = _published(db, visit_id, visit)
    builder = _Builder(db, visit_id, visit, now, uid_source)
    addresses = home_addresses(db, visit_id)

    def home(placed: domain.PlacedSession) -> str | None:
        # The feed is its owner's own, like their invites: a home visit they meet at shows where.
        if not hears_home_address(placed, who_kind, key):
            return None
        return addresses.get(placed.session) if held_at_home(visit, placed) else None

    if who_kind == "assessor":
        assessor = next((a for a in visit.assessors if a.id == key), None)
        if assessor is None:
            raise NotFound(f"visit {visit_id} has no assessor {key!r}")
        me = Recipient(assessor.name, assessor.email.strip(), role="CHAIR")
        for placed in timetable.assignments if timetable else ():
            if key in placed.assessors:
                builder.add_session(placed, me, "assessor", home_address=home(placed))
        owner_name = assessor.name
    else:
        person = next((p for p in visit.people if p.id == key), None)
        if person is None:
            raise NotFound(f"visit {visit_id} has no person {key!r}")
        me = Recipient(person.name, person.email.strip())
        for placed in timetable.assignments if timetable else ():
            if key in placed.attendees or key in placed.support:
                builder.add_session(
                    placed, me, audience_of_person(person), home_address=home(placed), reader=key
                )
            if placed.escort == key and timetable is not None:
                builder.add_escort_duty(timetable, placed, me)
        owner_name = person.name
    builder.events.sort(key=lambda e: (e.placed.day, e.duty.start if e.duty else e.placed.start, e.uid))
    # Named after its owner, slugified: never a header or path made of what someone typed.
    filename = f"{slugify(owner_name, fallback='calendar')}.ics"
    return _file(visit, record, builder, published_at, filename, f"{visit.name}: {owner_name}")


def visit_calendar(
    db: Session, visit_id: int, now: datetime, *, uid_source: UidSource = new_uid
) -> CalendarFile:
    """The whole published visit for its coordinators: every session, everyone named."""
    record = _record(db, visit_id)
    visit = load_visit(db, visit_id)
    timetable, published_at = _published(db, visit_id, visit)
    builder = _Builder(db, visit_id, visit, now, uid_source)
    me = Recipient("Visit coordinator", builder.organizer)
    for placed in timetable.assignments if timetable else ():
        builder.add_session(placed, me, "coordinator")
    return _file(visit, record, builder, published_at, f"visit-{visit_id}.ics", visit.name)


def feed_for_token(
    db: Session,
    token: str,
    now: datetime,
    *,
    uid_source: UidSource = new_uid,
    kept_after_visit: timedelta = FEEDS_KEPT_AFTER_VISIT,
) -> CalendarFile | None:
    """The calendar a personal feed token opens, or None for a wrong, revoked or expired token."""
    owner = resolve_feed_token(db, token, now, kept_after_visit)
    if owner is None:
        return None
    try:
        return personal_calendar(db, owner.visit_id, owner.who_kind, owner.key, now, uid_source=uid_source)
    except NotFound:  # the person was removed from the visit since the link was made
        return None
