"""A declined invite, resolved: ranked ways out, and the one the coordinator picks applied.

When an attendee or an assessor declines (the app's link or a calendar app's reply, both land
on the ledger), the ways out start from the published timetable, which is what everyone was told:

* another member of the session's pool who is free then takes the place (for an assessor, another
  assessor the session may have who is free then);
* the session goes ahead without them, when it still has enough attendees;
* the session moves to another time when they are free (the change-request placements, with the
  person unavailable at the declined time, so the solver keeps everything else where it can);
* a `should` or `reserve` session is dropped.

Every way out keeps every hard rule (the solver's checker, judged as a hand move is), and is
ranked by what it disturbs: sessions changed, then going without someone after replacing them,
then people written to; dropping a session comes last. Applying one saves it as a new version
and publishes it, so only the people whose events changed are written to (the ledger knows
what everyone else already has).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.publishing import InviteLedgerEntry
from scheduler.db.visits import VisitRecord
from scheduler.domain.clocktime import clock_of, minutes_of
from scheduler.domain.compare import compare_versions
from scheduler.domain.views import place_text
from scheduler.errors import NotFound, ServiceError
from scheduler.invites.feed_links import FeedUrl
from scheduler.invites.publishing import (
    Publication,
    RsvpUrl,
    SentPublication,
    plan_publications,
    send_publication,
)
from scheduler.planning.move_preview import (
    Target,
    find_placed,
    find_session,
    preview_move,
    solver_assignments,
)
from scheduler.planning.running_late import moment_from_now
from scheduler.planning.to_solver import build_problem, placed_session
from scheduler.services.timetables import published_version, save_version, timetable_of
from scheduler.services.unanswered import load_visit_for_planning
from scheduler.services.visits import load_visit
from solver.checker import find_violations
from solver.placements import rank_placements
from solver.problem import Assignment

SWAP, WITHOUT, TIME, DROP = "swap", "without", "time", "drop"
_KIND_ORDER = {SWAP: 0, WITHOUT: 1, TIME: 2, DROP: 3}
SWAPS_OFFERED = 3
TIMES_OFFERED = 3
TIME_SEARCH_SECONDS = 3.0


PERSON, ASSESSOR = "person", "assessor"


@dataclass(frozen=True)
class Decline:
    session: str
    title: str
    person: str  # the person's (or assessor's) id in the visit
    name: str
    where: str  # where and when the declined session is, as published
    kind: str = PERSON  # person | assessor


@dataclass(frozen=True)
class WayOut:
    key: str  # what the apply form posts back: "swap:p14", "without", "time:2026-03-10 15:00 r2", "drop"
    kind: str  # swap | without | time | drop
    text: str  # "Ask Isla Begum instead"
    changes: tuple[str, ...]  # each changed session: "Focus group ...: Tue 10 Mar 13:00-14:30 -> ..."
    told: tuple[str, ...]  # the names of everyone who would be written to
    timetable: domain.Timetable

    @property
    def rank(self) -> tuple[bool, int, bool, int]:
        # Losing the session is the last resort, and losing an attendee comes after replacing them.
        return (self.kind == DROP, len(self.changes), self.kind == WITHOUT, len(self.told))


def open_declines(db: Session, visit_id: int) -> list[Decline]:
    """Every attendee and assessor whose current invite to a session of the published plan they declined."""
    published = published_version(db, visit_id)
    if published is None:
        return []
    timetable = timetable_of(published)
    visit = load_visit(db, visit_id)
    current: dict[tuple[str, str], InviteLedgerEntry] = {}
    query = select(InviteLedgerEntry).where(
        InviteLedgerEntry.visit_id == visit_id,
        InviteLedgerEntry.event == "session",
        InviteLedgerEntry.recipient_kind.in_((PERSON, ASSESSOR)),
    )
    for row in db.scalars(query.order_by(InviteLedgerEntry.id)):
        current[(row.recipient_key, row.session)] = row
    titles = {s.id: s.title for s in visit.sessions}
    found = []
    for (person, session), row in current.items():
        placed = find_placed(timetable, session)
        if row.kind == "cancel" or row.rsvp != "declined" or placed is None:
            continue
        kind = row.recipient_kind
        if person not in (placed.assessors if kind == ASSESSOR else placed.attendees):
            continue
        found.append(
            Decline(
                session,
                titles.get(session, session),
                person,
                row.recipient_name,
                place_text(visit, placed),
                kind,
            )
        )
    return sorted(found, key=lambda d: (d.where, d.title, d.name))


def find_decline(db: Session, visit_id: int, session_id: str, person_id: str) -> Decline:
    for decline in open_declines(db, visit_id):
        if (decline.session, decline.person) == (session_id, person_id):
            return decline
    raise NotFound(f"there is no open decline of {session_id} by {person_id}")


def ways_out(db: Session, visit_id: int, session_id: str, person_id: str, now: datetime) -> list[WayOut]:
    """The ways out of this decline that keep every rule, best first."""
    decline = find_decline(db, visit_id, session_id, person_id)
    version = published_version(db, visit_id)
    assert version is not None  # an open decline is of the published plan
    visit = load_visit_for_planning(db, visit_id)
    published = timetable_of(version)
    judge = _Judge(visit, published)
    session = find_session(visit, session_id)
    placed = find_placed(published, session_id)
    assert placed is not None
    names = {p.id: p.name for p in visit.people}
    name = names.get(person_id, person_id)
    candidates: list[tuple[str, str, str, domain.Timetable]] = []
    if decline.kind == ASSESSOR:
        candidates += _other_assessors(visit, judge, published, placed, session, decline)
    elif person_id not in session.required_people:
        for other in _free_pool_members(visit, judge, published, placed, session, person_id)[:SWAPS_OFFERED]:
            swapped = _with(published, _attendees(placed, person_id, other))
            candidates.append(
                (f"{SWAP}:{other}", SWAP, f"Ask {names.get(other, other)} instead of {name}", swapped)
            )
        if len(placed.attendees) - 1 >= session.min_attendees:
            without = _with(published, _attendees(placed, person_id, None))
            if not judge.breaks(without):
                candidates.append((WITHOUT, WITHOUT, f"Go ahead without {name}", without))
    record = db.get(VisitRecord, visit_id)
    notice = record.notice_minutes if record is not None else 120
    for key, text, moved in _other_times(visit, published, placed, decline, now, notice, record):
        candidates.append((key, TIME, text, moved))
    if session.priority in ("should", "reserve"):
        dropped = dataclasses.replace(
            published,
            assignments=tuple(a for a in published.assignments if a.session != session_id),
            unscheduled=(
                *published.unscheduled,
                domain.UnscheduledSession(session_id, f"dropped: {name} declined"),
            ),
        )
        candidates.append((DROP, DROP, f"Drop the session ({session.priority})", dropped))
    told = plan_publications(db, visit_id, now, [timetable for *_, timetable in candidates])
    ways = [
        _way_out(visit, published, publication, *candidate)
        for candidate, publication in zip(candidates, told, strict=True)
    ]
    return sorted(ways, key=lambda way: (way.rank, _KIND_ORDER[way.kind], way.key))


def resolve_decline(
    db: Session,
    actor: User | None,
    visit_id: int,
    session_id: str,
    person_id: str,
    key: str,
    now: datetime,
    rsvp_url: RsvpUrl,
    feed_url: FeedUrl | None = None,
) -> tuple[int, SentPublication]:
    """Apply the way out `key`: save it as a new version and publish it to the people it changes."""
    decline = find_decline(db, visit_id, session_id, person_id)
    chosen = next((way for way in ways_out(db, visit_id, session_id, person_id, now) if way.key == key), None)
    if chosen is None and key.startswith(f"{TIME}:"):
        # The search for other times need not find the same few twice: the offered one still holds
        # if moving the session there by hand breaks nothing.
        chosen = _hand_moved(db, visit_id, decline, key)
    if chosen is None:
        raise ServiceError("That way out is no longer possible: the page now shows the ones that are.")
    version = published_version(db, visit_id)
    note = (
        f"decline resolved from version {version.number if version else '?'}: {decline.name} declined "
        f"'{decline.title}'; {chosen.text[0].lower()}{chosen.text[1:]}"
    )
    number = save_version(db, actor, visit_id, chosen.timetable, now, note=note)
    sent = send_publication(db, actor, visit_id, number, now, rsvp_url, feed_url=feed_url)
    return number, sent


def _hand_moved(db: Session, visit_id: int, decline: Decline, key: str) -> WayOut | None:
    version = published_version(db, visit_id)
    if version is None:
        return None
    published = timetable_of(version)
    session_id = decline.session
    placed = find_placed(published, session_id)
    parts = key.removeprefix(f"{TIME}:").split(" ")
    if placed is None or len(parts) != 3:
        return None
    day, start, room = parts
    away = _away_then(load_visit_for_planning(db, visit_id), decline, placed)
    try:
        moved = preview_move(
            away, published, session_id, Target(day, start, None if room == "virtual" else room)
        )
    except ServiceError:
        return None
    if moved.breaks or not _comes(decline, moved.after):
        return None
    timetable = _with(published, moved.after)
    return WayOut(key, TIME, f"Move it to {place_text(away, moved.after)}", (), (), timetable)


# ---- building the ways out -----------------------------------------------------------------------


class _Judge:
    """The hard rules a changed timetable breaks that the published one did not."""

    def __init__(self, visit: domain.Visit, timetable: domain.Timetable) -> None:
        self.visit = visit
        self.problem = build_problem(visit)
        self.before = set(self._violations(timetable))

    def _violations(self, timetable: domain.Timetable) -> list[tuple[str, str]]:
        found = find_violations(self.problem, solver_assignments(self.visit, timetable.assignments))
        return [(v.rule, v.message) for v in found]

    def breaks(self, timetable: domain.Timetable) -> list[tuple[str, str]]:
        return [v for v in self._violations(timetable) if v not in self.before]


def _with(timetable: domain.Timetable, placed: domain.PlacedSession) -> domain.Timetable:
    assignments = tuple(placed if a.session == placed.session else a for a in timetable.assignments)
    return dataclasses.replace(timetable, assignments=assignments, status="FEASIBLE")


def _attendees(placed: domain.PlacedSession, leaving: str, joining: str | None) -> domain.PlacedSession:
    attendees = [p for p in placed.attendees if p != leaving]
    if joining is not None:
        attendees.append(joining)
    return dataclasses.replace(placed, attendees=tuple(attendees))


def _free_pool_members(
    visit: domain.Visit,
    judge: _Judge,
    timetable: domain.Timetable,
    placed: domain.PlacedSession,
    session: domain.Session,
    leaving: str,
) -> list[str]:
    """Pool members not in the session who could take the place without breaking a rule; those
    free then ("yes") before those only free if needed."""
    people = {p.id: p for p in visit.people}
    fitting = []
    for other in session.invited_people:
        if other in placed.attendees or other == leaving or other not in people:
            continue
        if judge.breaks(_with(timetable, _attendees(placed, leaving, other))):
            continue
        fitting.append((_if_needed(people[other], placed), people[other].name, other))
    return [other for _, _, other in sorted(fitting)]


def _other_assessors(
    visit: domain.Visit,
    judge: _Judge,
    timetable: domain.Timetable,
    placed: domain.PlacedSession,
    session: domain.Session,
    decline: Decline,
) -> list[tuple[str, str, str, domain.Timetable]]:
    """Another assessor the session may have (its `from` list, else any) who is free then and can
    take the declined assessor's place without breaking a rule, by name."""
    pool = session.assessors.from_ids or tuple(a.id for a in visit.assessors)
    assessors = {a.id: a for a in visit.assessors}
    fitting = []
    for other in pool:
        if other in placed.assessors or other not in assessors:
            continue
        team = tuple(other if a == decline.person else a for a in placed.assessors)
        swapped = _with(timetable, dataclasses.replace(placed, assessors=team))
        if not judge.breaks(swapped):
            fitting.append((assessors[other].name, other, swapped))
    return [
        (f"{SWAP}:{other}", SWAP, f"Ask {other_name} to assess instead of {decline.name}", swapped)
        for other_name, other, swapped in sorted(fitting)[:SWAPS_OFFERED]
    ]


def _if_needed(person: domain.Person, placed: domain.PlacedSession) -> bool:
    start, end = minutes_of(placed.start), minutes_of(placed.end)
    return any(
        i.level == "if_needed"
        and i.day == placed.day
        and minutes_of(i.start) < end
        and start < minutes_of(i.end)
        for i in person.available or ()
    )


def _other_times(
    visit: domain.Visit,
    published: domain.Timetable,
    placed: domain.PlacedSession,
    decline: Decline,
    now: datetime,
    notice: int,
    record: VisitRecord | None,
) -> list[tuple[str, str, domain.Timetable]]:
    """The session at other times, with the person (or assessor) there: the best few placements the
    solver finds with them away at the declined time, keeping what starts within the notice period."""
    away = _away_then(visit, decline, placed)
    timezone = record.timezone if record is not None else visit.timezone
    frozen = moment_from_now(timezone, now, notice)
    # Nothing of the published plan that starts before now plus the notice period may move (H17).
    problem = build_problem(away, published, frozen)
    current = problem.previous
    try:
        placements = rank_placements(
            problem, current, placed.session, count=TIMES_OFFERED, time_limit=TIME_SEARCH_SECONDS
        )
    except KeyError:
        return []
    found = []
    for placement in placements:
        a = placement.assignment
        if decline.person not in (a.assessors if decline.kind == ASSESSOR else a.attendees):
            continue
        if (visit.days[a.day], clock_of(a.start)) == (placed.day, placed.start):
            continue
        timetable = _timetable_of(visit, published, placement.assignments)
        moved = find_placed(timetable, placed.session)
        assert moved is not None
        key = f"{TIME}:{moved.day} {moved.start} {moved.room or 'virtual'}"
        found.append((key, f"Move it to {place_text(visit, moved)}, when {decline.name} is free", timetable))
    return found


def _comes(decline: Decline, placed: domain.PlacedSession) -> bool:
    return decline.person in (placed.assessors if decline.kind == ASSESSOR else placed.attendees)


def _away_then(visit: domain.Visit, decline: Decline, placed: domain.PlacedSession) -> domain.Visit:
    """The visit with the person (or assessor) unavailable during the declined session, and
    required in it (a pool member too; an assessor with the session's other assessors), so that
    another time is one they come to."""
    person_id = decline.person
    start, end = minutes_of(placed.start), minutes_of(placed.end)

    def cut(interval: domain.Interval) -> list[domain.Interval]:
        if interval.day != placed.day:
            return [interval]
        lo, hi = minutes_of(interval.start), minutes_of(interval.end)
        pieces = []
        if lo < start:
            pieces.append(dataclasses.replace(interval, end=clock_of(min(hi, start))))
        if hi > end:
            pieces.append(dataclasses.replace(interval, start=clock_of(max(lo, end))))
        return pieces

    def free_except_then(spans: tuple[domain.Interval, ...] | None) -> tuple[domain.Interval, ...]:
        if spans is None:  # available all the time: every whole visit day
            spans = tuple(domain.Interval(day, "00:00", "24:00") for day in visit.days)
        return tuple(piece for i in spans for piece in cut(i))

    def away(person: domain.Person) -> domain.Person:
        if person.id != person_id:
            return person
        return dataclasses.replace(person, available=free_except_then(person.available))

    if decline.kind == ASSESSOR:
        team = domain.AssessorNeed(len(placed.assessors), tuple(placed.assessors))

        def assessor_away(assessor: domain.Assessor) -> domain.Assessor:
            if assessor.id != person_id:
                return assessor
            return dataclasses.replace(assessor, available=free_except_then(assessor.available))

        return dataclasses.replace(
            visit,
            assessors=tuple(assessor_away(a) for a in visit.assessors),
            sessions=tuple(
                dataclasses.replace(s, assessors=team) if s.id == placed.session else s
                for s in visit.sessions
            ),
        )

    def with_them(session: domain.Session) -> domain.Session:
        if session.id != placed.session or person_id in session.required_people:
            return session
        return dataclasses.replace(
            session,
            required_people=(*session.required_people, person_id),
            invited_people=tuple(p for p in session.invited_people if p != person_id),
        )

    return dataclasses.replace(
        visit,
        people=tuple(away(p) for p in visit.people),
        sessions=tuple(with_them(s) for s in visit.sessions),
    )


def _timetable_of(
    visit: domain.Visit, published: domain.Timetable, assignments: tuple[Assignment, ...]
) -> domain.Timetable:
    placed = tuple(placed_session(visit, a) for a in assignments)
    kept = {a.session for a in placed}
    unscheduled = tuple(u for u in published.unscheduled if u.session not in kept)
    return dataclasses.replace(published, assignments=placed, unscheduled=unscheduled, status="FEASIBLE")


def _way_out(
    visit: domain.Visit,
    published: domain.Timetable,
    publication: Publication,
    key: str,
    kind: str,
    text: str,
    timetable: domain.Timetable,
) -> WayOut:
    comparison = compare_versions(visit, published, timetable)
    changes = tuple(
        f"{c.title}: {c.before or 'not placed'} -> {c.after or 'dropped'}"
        if c.change != "people"
        else f"{c.title}: "
        + "; ".join([*(f"{w.name} joins" for w in c.joined), *(f"{w.name} leaves" for w in c.left)])
        for c in comparison.changes
    )
    told = tuple(sorted({m.recipient.name for m in publication.messages}))
    return WayOut(key, kind, text, changes, told, timetable)
