"""Publishing a timetable version as calendar invites: plan the outbox, then send it.

`plan_publication` compares the version with what each person was last SENT (the invite
ledger, not the previously published version), so publishing the same version twice sends
nothing and a person hears only about their own events that changed. Per person and event:

* not told yet (or told it was cancelled): a REQUEST ("new");
* told something else: a REQUEST ("update") with the event's SEQUENCE raised when its time,
  room, mode, attendee list, status or video link changed, or a duty's meeting point (a changed escort
  alone only changes the description, so it keeps the SEQUENCE);
* the event is gone: a CANCEL with STATUS:CANCELLED, same UID, higher SEQUENCE;
* the event stays but the person is no longer in it: a CANCEL to them only, without STATUS,
  while everyone still in it gets a REQUEST with the new attendee list (RFC 5546 3.2.5).

Recipients: each session's attendees, the supporters present for them, and its assessors get the
session event (assessors thereby get their whole agenda); the escort gets a separate duty event
("meet the assessors at ..."). People without an email address are listed as unreachable instead.

`send_publication` queues one iMIP email per message (one VEVENT each) in the caller's
transaction, writes the ledger with one RSVP token per REQUEST, and marks the version published;
the outbox delivers after the commit.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import Membership, User
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.db.timetables import TimetableVersion
from scheduler.db.visits import VisitRecord
from scheduler.domain.credentials import hash_token, new_token
from scheduler.domain.home_visits import hears_home_address, held_at_home
from scheduler.domain.privacy import SHARED, protected_people, redaction_for, shared_title
from scheduler.errors import ServiceError
from scheduler.invites.descriptions import audience_of_person, place_text
from scheduler.invites.escorts import escort_duty
from scheduler.invites.feed_links import FeedLinks, FeedUrl, new_feed_links
from scheduler.invites.ical import Recipient, escort_duty_calendar, event_calendar
from scheduler.invites.identity import event_identity, raise_sequence, stored_identity
from scheduler.invites.invite_email import InviteWords, digest_words, invite_words
from scheduler.invites.video_links import default_video_link, session_video_link
from scheduler.mail import Attachment, queue_email
from scheduler.services.audit import record_audit
from scheduler.services.case_tracking import home_addresses
from scheduler.services.removed_sessions import with_removed_sessions
from scheduler.services.timetables import get_timetable, publish_version
from scheduler.services.visits import load_visit

RsvpUrl = Callable[[str, str], str]  # (token, "accept" | "decline") -> the absolute address
# What makes a calendar client treat a change as significant (RFC 5546 2.1.4): SEQUENCE rises.
# For an escort's duty the meeting point is its LOCATION, so a new one counts too.
_SIGNIFICANT = (
    "day",
    "start",
    "end",
    "mode",
    "room",
    "attendees",
    "assessors",
    "status",
    "meet_at",
    "take_to",
    "video_link",
    "support",
    "home_address",
)
KINDS = ("new", "update", "cancel")


@dataclass(frozen=True)
class Addressee:
    kind: str  # person | assessor
    key: str
    name: str
    email: str
    audience: str  # staff | partner | person_using_services | assessor


@dataclass(frozen=True)
class PlannedMessage:
    recipient: Addressee
    session: str
    title: str
    event: str  # session | escort
    kind: str  # new | update | cancel
    removed: bool  # a cancel for this person only: the event itself goes on
    uid: str
    sequence: int
    state: dict[str, Any]  # what the message tells (for a cancel: what is cancelled)

    @property
    def method(self) -> str:
        return "CANCEL" if self.kind == "cancel" else "REQUEST"

    @property
    def status(self) -> str | None:
        if self.kind == "cancel":
            return None if self.removed else "CANCELLED"
        return str(self.state["status"])


@dataclass(frozen=True)
class PersonCounts:
    name: str
    email: str
    new: int = 0
    update: int = 0
    cancel: int = 0


@dataclass(frozen=True)
class Publication:
    visit_id: int
    number: int
    messages: tuple[PlannedMessage, ...]
    unreachable: tuple[str, ...] = ()  # "Name (session title)" of people with no email address
    sequences: dict[tuple[str, str], int] = field(default_factory=dict)  # (session, event) -> SEQUENCE

    def counts(self) -> dict[str, int]:
        found = Counter(m.kind for m in self.messages)
        return {kind: found.get(kind, 0) for kind in KINDS}

    def per_person(self) -> list[PersonCounts]:
        table: dict[str, Counter[str]] = {}
        names: dict[str, str] = {}
        for message in self.messages:
            table.setdefault(message.recipient.email, Counter())[message.kind] += 1
            names[message.recipient.email] = message.recipient.name
        return [
            PersonCounts(names[email], email, counts["new"], counts["update"], counts["cancel"])
            for email, counts in sorted(table.items(), key=lambda item: (names[item[0]].lower(), item[0]))
        ]


# ---- what each person should have now -----------------------------------------------------------


@dataclass(frozen=True)
class _Wanted:
    recipient: Addressee
    session: str
    title: str
    event: str
    state: dict[str, Any]


def _status(session: domain.Session | None) -> str:
    return "TENTATIVE" if session is not None and session.priority == "reserve" else "CONFIRMED"


def _session_state(
    placed: domain.PlacedSession, session: domain.Session | None, default_link: str | None = None
) -> dict[str, Any]:
    state: dict[str, Any] = {
        "day": placed.day,
        "start": placed.start,
        "end": placed.end,
        "mode": placed.mode,
        "room": placed.room,
        "attendees": list(placed.attendees),
        "assessors": list(placed.assessors),
        "escort": placed.escort,
        "status": _status(session),
    }
    if placed.support:  # only when someone is there, so what was sent before supporters still compares equal
        state["support"] = list(placed.support)
    link = session_video_link(session, placed, default_link)
    if link:  # only when there is one, so what was sent before links existed still compares equal
        state["video_link"] = link
    return state


def _duty_state(
    visit: domain.Visit,
    timetable: domain.Timetable,
    placed: domain.PlacedSession,
    session: domain.Session | None,
) -> dict[str, Any]:
    duty = escort_duty(visit, timetable, placed)
    state = _session_state(placed, session)
    state.pop("support", None)  # the duty is the escort's alone
    return {
        **state,
        "expected": [duty.attendees, duty.supporters],  # how many people to expect, as the run-sheet
        "attendees": [],
        "duty_start": duty.start,
        "meet_at": duty.meet_at,
        "take_to": duty.take_to,
    }


def _addressees(visit: domain.Visit) -> tuple[dict[str, Addressee], dict[str, Addressee], dict[str, str]]:
    people = {
        p.id: Addressee("person", p.id, p.name, p.email.strip(), audience_of_person(p)) for p in visit.people
    }
    assessors = {
        a.id: Addressee("assessor", a.id, a.name, a.email.strip(), "assessor") for a in visit.assessors
    }
    names = {**{p.id: p.name for p in visit.people}, **{a.id: a.name for a in visit.assessors}}
    return people, assessors, names


def _home_address(visit: domain.Visit, placed: domain.PlacedSession, addresses: dict[str, str]) -> str | None:
    """The address of the session's home when it is held there and the coordinator gave one."""
    return addresses.get(placed.session) if held_at_home(visit, placed) else None


def _wanted(
    visit: domain.Visit,
    timetable: domain.Timetable,
    default_link: str | None = None,
    addresses: dict[str, str] | None = None,
) -> tuple[list[_Wanted], list[str]]:
    people, assessors, names = _addressees(visit)
    sessions = {s.id: s for s in visit.sessions}
    shared = redaction_for(visit, SHARED)  # once: it compiles a pattern of every protected name
    wanted: list[_Wanted] = []
    unreachable: list[str] = []
    for placed in timetable.assignments:
        session = sessions.get(placed.session)
        title = shared.title(session, placed.session)  # for the subject, which leaves the app
        state = _session_state(placed, session, default_link)
        invited = [people[p] for p in placed.attendees if p in people]
        invited += [people[p] for p in placed.support if p in people and p not in placed.attendees]
        invited += [assessors[a] for a in placed.assessors if a in assessors]
        if placed.escort and placed.escort in people and placed.mode == "in_person":
            escort = people[placed.escort]
            duty = _duty_state(visit, timetable, placed, session)
            if escort.email:
                wanted.append(_Wanted(escort, placed.session, title, "escort", duty))
            else:
                unreachable.append(f"{escort.name} ({title}, escort)")
        home = _home_address(visit, placed, addresses or {})
        for recipient in invited:
            told = state
            if home and hears_home_address(placed, recipient.kind, recipient.key):
                # A new address is a significant change (SEQUENCE) to exactly these recipients.
                told = {**state, "home_address": home}
            if recipient.email:
                wanted.append(_Wanted(recipient, placed.session, title, "session", told))
            else:
                unreachable.append(f"{names.get(recipient.key, recipient.key)} ({title})")
    return wanted, unreachable


# ---- comparing with the ledger -------------------------------------------------------------------


def _recipient_key(kind: str, key: str) -> tuple[str, str]:
    return (kind, key)


def _ledger(db: Session, visit_id: int) -> list[InviteLedgerEntry]:
    query = select(InviteLedgerEntry).where(InviteLedgerEntry.visit_id == visit_id)
    return list(db.scalars(query.order_by(InviteLedgerEntry.id)))


def _significant(state: dict[str, Any]) -> dict[str, Any]:
    return {name: state.get(name) for name in _SIGNIFICANT}


def _as_sent(
    db: Session, visit_id: int, number: int | None, rows: list[InviteLedgerEntry]
) -> tuple[TimetableVersion, domain.Visit, domain.Timetable]:
    """The version, the visit to word messages from, and the version's timetable as it can go out.

    A session removed from the visit since the version was made is not sent again: it drops out
    of the timetable, so whoever was told about it gets a cancellation. The visit keeps removed
    sessions as they were, so that cancellation can still give the title and time.
    """
    visit = load_visit(db, visit_id)
    version, timetable = get_timetable(db, visit_id, number)
    present = {s.id for s in visit.sessions}
    current = tuple(a for a in timetable.assignments if a.session in present)
    mentioned = {a.session for a in timetable.assignments} | {row.session for row in rows}
    told_about = with_removed_sessions(db, visit_id, visit, mentioned)
    return version, told_about, dataclasses.replace(timetable, assignments=current)


def plan_publication(
    db: Session,
    visit_id: int,
    number: int | None,
    now: datetime,
    *,
    candidate: domain.Timetable | None = None,
) -> Publication:
    """Every message publishing this version (default: the latest) would send, nothing sent yet.

    With `candidate`, the messages a timetable not saved yet would send (a way out of a decline
    offered to the coordinator), as if it were version `number`."""
    return _planned(db, visit_id, now, _basis(db, visit_id, number, candidate is not None), candidate)


def plan_publications(
    db: Session, visit_id: int, now: datetime, candidates: list[domain.Timetable]
) -> list[Publication]:
    """What each of these timetables, none saved yet, would send if published now (the ways out
    of a decline), with the ledger and the visit read once for all of them."""
    basis = _basis(db, visit_id, None, for_candidates=True)
    return [_planned(db, visit_id, now, basis, candidate) for candidate in candidates]


@dataclass(frozen=True)
class _Basis:
    """What a publication is worked out from: the ledger, and the version and visit as they can go out."""

    rows: list[InviteLedgerEntry]
    version: TimetableVersion
    visit: domain.Visit
    timetable: domain.Timetable
    default_link: str | None
    homes: dict[str, str]  # session id -> the home's address, for conversations at home
    present: frozenset[str]  # the visit's sessions now (for candidates only; else empty)


def _basis(db: Session, visit_id: int, number: int | None, for_candidates: bool) -> _Basis:
    rows = _ledger(db, visit_id)
    version, visit, timetable = _as_sent(db, visit_id, number, rows)
    present = frozenset(s.id for s in load_visit(db, visit_id).sessions) if for_candidates else frozenset()
    return _Basis(
        rows,
        version,
        visit,
        timetable,
        default_video_link(db, visit_id),
        home_addresses(db, visit_id),
        present,
    )


def _planned(
    db: Session, visit_id: int, now: datetime, basis: _Basis, candidate: domain.Timetable | None
) -> Publication:
    rows, version, visit, timetable = basis.rows, basis.version, basis.visit, basis.timetable
    if candidate is not None:  # as _as_sent: a session removed from the visit since is not sent again
        timetable = dataclasses.replace(
            candidate, assignments=tuple(a for a in candidate.assignments if a.session in basis.present)
        )
    wanted, unreachable = _wanted(visit, timetable, basis.default_link, basis.homes)

    last_told: dict[tuple[tuple[str, str], str, str], InviteLedgerEntry] = {}  # (who, session, event)
    last_of_event: dict[tuple[str, str], InviteLedgerEntry] = {}  # (session, event)
    for row in rows:  # in id order: later rows win
        last_told[(_recipient_key(row.recipient_kind, row.recipient_key), row.session, row.event)] = row
        last_of_event[(row.session, row.event)] = row

    now_state: dict[tuple[str, str], dict[str, Any]] = {}
    for item in wanted:
        now_state.setdefault((item.session, item.event), item.state)

    # One SEQUENCE per event: raised once when what clients treat as significant changed.
    sequences: dict[tuple[str, str], int] = {}
    for event_key in {*now_state, *last_of_event}:
        last = last_of_event.get(event_key)
        state = now_state.get(event_key)
        if last is None:
            stored = stored_identity(db, visit_id, event_key[0], event_kind=event_key[1])
            sequences[event_key] = 0 if stored is None else stored.sequence
        elif state is None:
            still_cancelled = last.kind == "cancel" and not last.state.get("removed_only", False)
            sequences[event_key] = last.sequence if still_cancelled else last.sequence + 1
        else:
            told = dict(last.state)
            if last.kind == "cancel" and not told.get("removed_only", False):
                told["status"] = "CANCELLED"
            changed = _significant(told) != _significant(state)
            sequences[event_key] = last.sequence + 1 if changed else last.sequence

    messages: list[PlannedMessage] = []
    still_wanted: set[tuple[tuple[str, str], str, str]] = set()
    for item in wanted:
        who = _recipient_key(item.recipient.kind, item.recipient.key)
        still_wanted.add((who, item.session, item.event))
        told_row = last_told.get((who, item.session, item.event))
        active = told_row is not None and told_row.kind != "cancel"
        if active and told_row is not None and _told_already(told_row.state, item.state):
            continue
        messages.append(
            PlannedMessage(
                recipient=item.recipient,
                session=item.session,
                title=item.title,
                event=item.event,
                kind="update" if active else "new",
                removed=False,
                uid=event_identity(db, visit_id, item.session, now, event_kind=item.event).uid,
                sequence=sequences[(item.session, item.event)],
                state=item.state,
            )
        )
    for (who, session_id, event), row in last_told.items():
        if row.kind == "cancel" or (who, session_id, event) in still_wanted:
            continue
        event_goes_on = (session_id, event) in now_state
        recipient = Addressee(row.recipient_kind, row.recipient_key, row.recipient_name, row.email, "")
        state = dict(now_state[(session_id, event)]) if event_goes_on else dict(row.state)
        if event_goes_on:
            state["removed_only"] = True
        messages.append(
            PlannedMessage(
                recipient=recipient,
                session=session_id,
                title=_title(visit, session_id),
                event=event,
                kind="cancel",
                removed=event_goes_on,
                uid=row.uid,
                sequence=sequences[(session_id, event)],
                state=state,
            )
        )
    messages.sort(key=lambda m: (m.recipient.name.lower(), m.recipient.email, m.session, m.event))
    return Publication(
        visit_id=visit_id,
        number=version.number,
        messages=tuple(messages),
        unreachable=tuple(sorted(set(unreachable))),
        sequences=sequences,
    )


def _told_already(told: dict[str, Any], now: dict[str, Any]) -> bool:
    """Whether the person was told exactly this. A duty told before duties counted the people to
    expect is not re-sent for the count alone: it follows with the duty's next real change."""
    if "expected" in now and "expected" not in told:
        now = {key: value for key, value in now.items() if key != "expected"}
    return told == now


def _title(visit: domain.Visit, session_id: str) -> str:
    session = next((s for s in visit.sessions if s.id == session_id), None)
    return shared_title(visit, session, session_id)


# ---- sending -------------------------------------------------------------------------------------


def organizer_email(db: Session, visit_id: int, fallback: str = "fieldwork@localhost") -> str:
    """The visit's coordinator mailbox: its first coordinator's address."""
    query = (
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.visit_id == visit_id)
        .order_by(Membership.user_id)
    )
    return db.scalar(query.limit(1)) or fallback


def _attendee_recipients(
    visit: domain.Visit, placed: domain.PlacedSession, recipient: Addressee, protected: frozenset[str]
) -> list[Recipient]:
    """ATTENDEE lines (attendees, their supporters, the assessors): never a person using services
    or carer, but to themselves."""
    people = {p.id: p for p in visit.people}
    assessors = {a.id: a for a in visit.assessors}
    lines: list[Recipient] = []
    for pid in (*placed.attendees, *placed.support):
        person = people.get(pid)
        is_me = recipient.kind == "person" and recipient.key == pid
        hidden = pid in protected and not is_me
        if person is not None and person.email.strip() and not hidden:
            lines.append(
                Recipient(person.name, person.email.strip(), "REQ-PARTICIPANT", "NEEDS-ACTION", True)
            )
    for aid in placed.assessors:
        assessor = assessors.get(aid)
        if assessor is not None and assessor.email.strip():
            lines.append(Recipient(assessor.name, assessor.email.strip(), "CHAIR", "NEEDS-ACTION", True))
    return lines


def build_calendar(
    visit: domain.Visit,
    timetable: domain.Timetable,
    message: PlannedMessage,
    *,
    organizer: str,
    now: datetime,
    protected: frozenset[str],
    extra_description: tuple[str, ...] = (),
) -> bytes:
    """The one-VEVENT iTIP calendar of a planned message."""
    placed = domain.PlacedSession.from_stored(message.session, message.state)
    me = Recipient(message.recipient.name, message.recipient.email, "REQ-PARTICIPANT", "NEEDS-ACTION", True)
    if message.event == "escort":
        return escort_duty_calendar(
            visit,
            _with(timetable, placed),
            placed,
            method=message.method,
            uid=message.uid,
            sequence=message.sequence,
            dtstamp=now,
            organizer_email=organizer,
            recipient=me,
            status=message.status,
            expected=_expected(message.state),
        )
    audience = message.recipient.audience or _audience_of(visit, message.recipient)
    recipient = Addressee(
        message.recipient.kind,
        message.recipient.key,
        message.recipient.name,
        message.recipient.email,
        audience,
    )
    attendees = _attendee_recipients(visit, placed, recipient, protected)
    if message.removed:
        attendees = [me]  # 3.2.5: the CANCEL names only the person taken off
    elif all(a.email != me.email for a in attendees):
        attendees.append(me)
    return event_calendar(
        visit,
        placed,
        method=message.method,
        uid=message.uid,
        sequence=message.sequence,
        dtstamp=now,
        organizer_email=organizer,
        recipient=me,
        attendees=attendees,
        status=message.status,
        audience=audience,
        video_link=message.state.get("video_link"),
        extra_description=extra_description,
        home_address=shown_home_address(message),
        reader=message.recipient.key if message.recipient.kind == "person" else None,
    )


def shown_home_address(message: PlannedMessage) -> str | None:
    """The home visit's address this message shows: never in a cancel to someone taken off it."""
    if message.removed or message.event != "session":
        return None
    address = message.state.get("home_address")
    return str(address) if address else None


def _expected(state: dict[str, Any]) -> tuple[int, int] | None:
    expected = state.get("expected")
    return (int(expected[0]), int(expected[1])) if expected else None


def _with(timetable: domain.Timetable, placed: domain.PlacedSession) -> domain.Timetable:
    """The timetable with this placement in it (a cancelled duty is worked out where it was)."""
    others = tuple(a for a in timetable.assignments if a.session != placed.session)
    return domain.Timetable(assignments=(*others, placed), unscheduled=timetable.unscheduled)


def _audience_of(visit: domain.Visit, recipient: Addressee) -> str:
    if recipient.kind == "assessor":
        return "assessor"
    person = next((p for p in visit.people if p.id == recipient.key), None)
    return audience_of_person(person) if person is not None else "staff"


def _words(
    visit: domain.Visit,
    message: PlannedMessage,
    accept: str | None,
    decline: str | None,
    feed: FeedLinks | None = None,
) -> InviteWords:
    placed = domain.PlacedSession.from_stored(message.session, message.state)
    place = place_text(visit, placed, message.state.get("video_link"), shown_home_address(message))
    if message.event == "escort":
        title = f"Escort: {message.title}"
        start = message.state.get("duty_start", placed.start)
        end = placed.start
        place = f"meet the assessors at {message.state['meet_at']}, take them to {message.state['take_to']}"
    else:
        title, start, end = message.title, placed.start, placed.end
    return invite_words(
        kind=message.kind,
        removed=message.removed,
        title=title,
        day=placed.day,
        start=start,
        end=end,
        place=place,
        timezone=visit.timezone,
        accept_url=accept,
        decline_url=decline,
        footer_text=feed.text_lines() if feed else (),
        footer_html=feed.html() if feed else "",
    )


@dataclass(frozen=True)
class SentPublication:
    publication: Publication
    outbox_ids: tuple[int, ...]


def send_publication(
    db: Session,
    actor: User | None,
    visit_id: int,
    number: int | None,
    now: datetime,
    rsvp_url: RsvpUrl,
    *,
    digest: bool = False,
    feed_url: FeedUrl | None = None,
) -> SentPublication:
    """Queue every planned message, record the ledger and mark the version published (flushed).

    With `feed_url` every email also gives the person their personal calendar link (one new
    link per person per publication)."""
    # Two coordinators pressing Send at once must not both compare against the same ledger:
    # the visit row is locked until commit (PostgreSQL; SQLite has one writer at a time anyway).
    db.execute(select(VisitRecord.id).where(VisitRecord.id == visit_id).with_for_update())
    publication = plan_publication(db, visit_id, number, now)
    version, visit, timetable = _as_sent(db, visit_id, publication.number, _ledger(db, visit_id))
    organizer = organizer_email(db, visit_id)
    protected = protected_people(visit)
    outbox_ids: list[int] = []
    digests: dict[str, list[str]] = {}
    feeds: dict[tuple[str, str], FeedLinks] = {}
    for message in publication.messages:
        token = new_token() if message.kind != "cancel" else None
        accept = rsvp_url(token, "accept") if token else None
        decline = rsvp_url(token, "decline") if token else None
        links = (f"Accept: {accept}", f"Decline: {decline}") if accept and decline else ()
        calendar = build_calendar(
            visit,
            timetable,
            message,
            organizer=organizer,
            now=now,
            protected=protected,
            extra_description=links,
        )
        feed = None
        if feed_url is not None:
            who = (message.recipient.kind, message.recipient.key)
            if who not in feeds and _still_in_visit(visit, who):
                feeds[who] = new_feed_links(db, visit_id, who[0], who[1], now, feed_url)
            feed = feeds.get(who)
        words = _words(visit, message, accept, decline, feed)
        row = queue_email(
            db,
            message.recipient.email,
            words.subject,
            words.text,
            words.html,
            attachments=[Attachment("invite.ics", "text/calendar", calendar)],
            now=now,
            calendar_method=message.method,
            visit_id=visit_id,
            # The outbox page is for all the coordinators: a home's address is for its visitors.
            body_private=shown_home_address(message) is not None,
        )
        outbox_ids.append(row.id)
        db.add(
            InviteLedgerEntry(
                visit_id=visit_id,
                version_number=publication.number,
                recipient_kind=message.recipient.kind,
                recipient_key=message.recipient.key,
                recipient_name=message.recipient.name,
                email=message.recipient.email,
                session=message.session,
                event=message.event,
                uid=message.uid,
                sequence=message.sequence,
                kind=message.kind,
                method=message.method,
                state=message.state,
                outbox_id=row.id,
                queued_at=now,
                rsvp_token_hash=hash_token(token) if token else None,
                rsvp="",
            )
        )
        digests.setdefault(message.recipient.email, []).append(words.subject)
    for (session_id, event), sequence in sorted(publication.sequences.items()):
        _store_sequence(db, visit_id, session_id, event, sequence, now)
    if digest:
        names = {m.recipient.email: m.recipient.name for m in publication.messages}
        for email, lines in digests.items():
            summary = digest_words(names[email], visit.name, lines)
            row = queue_email(
                db, email, summary.subject, summary.text, summary.html, now=now, visit_id=visit_id
            )
            outbox_ids.append(row.id)
    if version.state != "published":
        publish_version(db, actor, visit_id, publication.number, now)
    counts = publication.counts()
    record_audit(
        db,
        visit_id,
        actor,
        "send_invites",
        f"version {publication.number}: {counts['new']} new, {counts['update']} updates,"
        f" {counts['cancel']} cancellations",
        now,
    )
    db.flush()
    return SentPublication(publication, tuple(outbox_ids))


def _still_in_visit(visit: domain.Visit, who: tuple[str, str]) -> bool:
    """Whether this recipient still has a feed to link to (a cancel may go to someone removed)."""
    kind, key = who
    if kind == "assessor":
        return any(a.id == key for a in visit.assessors)
    return any(p.id == key for p in visit.people)


def _store_sequence(
    db: Session, visit_id: int, session_id: str, event: str, sequence: int, now: datetime
) -> None:
    """Raise the stored SEQUENCE to what was sent (it only ever rises)."""
    stored = event_identity(db, visit_id, session_id, now, event_kind=event).sequence
    while stored < sequence:
        stored = raise_sequence(db, visit_id, session_id, now, event_kind=event).sequence


def require_publishable(db: Session, visit_id: int, number: int | None) -> int:
    """The version number to publish, or ServiceError naming what is missing."""
    version, _ = get_timetable(db, visit_id, number)
    if not version.assignments:
        raise ServiceError(f"timetable version {version.number} places no session: nothing to publish")
    return version.number
