"""Change requests: the assessors ask for a new session or a swap; the coordinator previews the
best few placements with their impact, and accepting one makes a new draft timetable.

Also the one-click relaxations for a must session that cannot be placed at all.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.change_requests import REQUEST_KINDS, ChangeRequest
from scheduler.domain.clocktime import clock_of, day_label
from scheduler.errors import NotFound, ServiceError
from scheduler.files.visit_file import read_session_entry, visit_to_dict
from scheduler.planning.to_solver import build_problem
from scheduler.services.audit import record_audit
from scheduler.services.timetables import get_timetable, save_version
from scheduler.services.visits import load_visit, update_visit, validated
from solver.checker import find_violations
from solver.placements import Placement, rank_placements
from solver.problem import MINUTES_PER_DAY, Assignment
from solver.relaxations import Relaxation, suggest_relaxations

PREVIEW_PLACEMENTS = 3


# ---- what the pages show ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementView:
    """One ranked placement in the coordinator's words."""

    number: int  # 1 = best
    day: str
    day_label: str
    start: str
    end: str
    where: str  # the room's name, or "virtual"
    assessors: tuple[str, ...]
    attendees: tuple[str, ...]
    moved: tuple[str, ...]  # "'Title' from Tue 10 Mar 10:00 in Room A to ... in Room B"
    dropped: tuple[str, ...]  # titles of sessions no longer held
    renotify: tuple[str, ...]  # names of people and assessors to tell
    rooms_rebooked: tuple[str, ...]  # room names
    score: int


@dataclass(frozen=True)
class RelaxationView:
    key: str
    text: str


@dataclass(frozen=True)
class UnplaceableSession:
    """A must session that the latest timetable leaves out, or that has no possible start."""

    session: str
    title: str
    reason: str
    relaxations: tuple[RelaxationView, ...]


# ---- requests ---------------------------------------------------------------------------------


def session_payload(session: domain.Session) -> dict[str, Any]:
    """The session as the visit file writes it."""
    stub = domain.Visit(name="", organisation="", timezone="UTC", days=(), sessions=(session,))
    payload: dict[str, Any] = visit_to_dict(stub)["sessions"][0]
    return payload


def session_from_payload(data: dict[str, Any]) -> domain.Session:
    """The session stored by `session_payload`, read back as the visit file reader reads it."""
    return read_session_entry(data, f"change request session {data.get('id')!r}")


def with_request(
    visit: domain.Visit, kind: str, session: domain.Session, replaces: str | None
) -> domain.Visit:
    """The visit as it would be with the request made: the session added, or put in the place of
    the replaced one (which keeps its place in the list, and the sessions that followed it now
    follow the new one)."""
    if kind == "add":
        return dataclasses.replace(visit, sessions=(*visit.sessions, session))
    sessions = []
    for existing in visit.sessions:
        if existing.id == replaces:
            sessions.append(session)
        else:
            after = tuple(session.id if a == replaces else a for a in existing.after)
            sessions.append(dataclasses.replace(existing, after=after))
    return dataclasses.replace(visit, sessions=tuple(sessions))


def submit_change_request(
    db: Session,
    actor: User | None,
    visit_id: int,
    kind: str,
    session: domain.Session,
    replaces: str | None,
    now: datetime,
) -> int:
    """Record a request to add the session, or to hold it instead of `replaces`; returns its id.

    Refused, with every problem named, when the visit with the change would not be valid."""
    visit = load_visit(db, visit_id)
    if kind not in REQUEST_KINDS:
        raise ServiceError(f"a change request adds or replaces a session, not '{kind}'")
    known = {s.id for s in visit.sessions}
    if kind == "replace":
        if replaces not in known:
            raise ServiceError(f"there is no session {replaces} to replace")
        if session.id != replaces and session.id in known:
            raise ServiceError(f"there is already a session {session.id}")
    else:
        replaces = None
        if session.id in known:
            raise ServiceError(f"there is already a session {session.id}")
    checked = validated(with_request(visit, kind, session, replaces))
    stored = next(s for s in checked.sessions if s.id == session.id)
    request = ChangeRequest(
        visit_id=visit_id,
        kind=kind,
        payload=session_payload(stored),
        replaces=replaces,
        state="open",
        created_at=now,
        created_by=actor.id if actor else None,  # None: an assessor's request by their link
    )
    db.add(request)
    db.flush()
    what = (
        f"add {stored.id} '{stored.title}'" if kind == "add" else f"replace {replaces} with '{stored.title}'"
    )
    record_audit(db, visit_id, actor, "submit_change_request", f"request {request.id}: {what}", now)
    db.flush()
    return request.id


def request_placement(db: Session, actor: User, visit_id: int, session_id: str, now: datetime) -> int:
    """A request to place an existing, unplaced session as it is (it "replaces" itself), so its
    preview shows what would have to move to make room for it."""
    session = next((s for s in load_visit(db, visit_id).sessions if s.id == session_id), None)
    if session is None:
        raise NotFound(f"there is no session {session_id}")
    return submit_change_request(db, actor, visit_id, "replace", session, session_id, now)


def next_session_id(visit: domain.Visit) -> str:
    """The first free id of the form s<number>."""
    taken = {s.id for s in visit.sessions}
    number = len(visit.sessions) + 1
    while f"s{number}" in taken:
        number += 1
    return f"s{number}"


def list_change_requests(db: Session, visit_id: int) -> list[ChangeRequest]:
    """Newest first."""
    query = select(ChangeRequest).where(ChangeRequest.visit_id == visit_id)
    return list(db.scalars(query.order_by(ChangeRequest.id.desc())))


def get_change_request(db: Session, visit_id: int, request_id: int) -> ChangeRequest:
    request = db.get(ChangeRequest, request_id)
    if request is None or request.visit_id != visit_id:
        raise NotFound(f"there is no change request {request_id}")
    return request


def requested_session(request: ChangeRequest) -> domain.Session:
    return session_from_payload(request.payload)


def _open_request(db: Session, visit_id: int, request_id: int) -> ChangeRequest:
    request = get_change_request(db, visit_id, request_id)
    if request.state != "open":
        raise ServiceError(f"change request {request_id} is already {request.state}")
    return request


# ---- preview ----------------------------------------------------------------------------------


def preview_change_request(
    db: Session, visit_id: int, request_id: int, *, time_limit: float = 4.0, workers: int = 2
) -> list[PlacementView]:
    """Work out the best few placements against the latest timetable, keep them on the request,
    and return them in words. [] when the session cannot be placed at all."""
    request = _open_request(db, visit_id, request_id)
    visit = load_visit(db, visit_id)
    version, timetable = _latest_timetable(db, visit_id)
    session = requested_session(request)
    changed = validated(with_request(visit, request.kind, session, request.replaces))
    current = build_problem(visit, timetable).previous
    placements = rank_placements(
        build_problem(changed),
        current,
        session.id,
        count=PREVIEW_PLACEMENTS,
        time_limit=time_limit,
        workers=workers,
    )
    request.placements = [_placement_json(changed, p, session.id) for p in placements]
    request.previewed_version = version.number
    db.flush()
    return placement_views(db, visit_id, request_id)


def placement_views(db: Session, visit_id: int, request_id: int) -> list[PlacementView]:
    """The placements of the request's last preview, in words ([] before any preview)."""
    request = get_change_request(db, visit_id, request_id)
    if not request.placements or request.previewed_version is None:
        return []
    visit = load_visit(db, visit_id)
    session = requested_session(request)
    changed = (
        with_request(visit, request.kind, session, request.replaces) if request.state == "open" else visit
    )
    try:
        before: domain.Timetable | None = get_timetable(db, visit_id, request.previewed_version)[1]
    except NotFound:
        before = None
    names = _Names(visit, changed, before)
    return [_placement_view(names, number, data) for number, data in enumerate(request.placements, start=1)]


def _latest_timetable(db: Session, visit_id: int) -> tuple[Any, domain.Timetable]:
    try:
        return get_timetable(db, visit_id)
    except NotFound as error:
        raise ServiceError(
            "plan the timetable first: a change request is placed into the latest version"
        ) from error


def _placed(visit: domain.Visit, a: Assignment) -> dict[str, Any]:
    return {
        "session": a.session,
        "day": visit.days[a.day],
        "start": clock_of(a.start),
        "end": clock_of(a.end),
        "mode": a.mode,
        "room": a.room,
        "assessors": list(a.assessors),
        "escort": a.escort,
        "attendees": list(a.attendees),
        **({"support": list(a.support)} if a.support else {}),
    }


def _placement_json(visit: domain.Visit, placement: Placement, session_id: str) -> dict[str, Any]:
    return {
        "assignment": _placed(visit, placement.assignment),
        "assignments": [_placed(visit, a) for a in placement.assignments],
        "moved": [sid for sid in placement.moved if sid != session_id],
        "dropped": list(placement.dropped),
        "renotify": list(placement.renotify),
        "rooms_rebooked": list(placement.rooms_rebooked),
        "score": placement.score,
        "objective": placement.objective,
    }


class _Names:
    """Display names for ids, and where each session was in the timetable before the change."""

    def __init__(self, visit: domain.Visit, changed: domain.Visit, before: domain.Timetable | None) -> None:
        self.people = {p.id: p.name for p in changed.people} | {a.id: a.name for a in changed.assessors}
        self.rooms = {r.id: r.name for r in changed.rooms}
        # A replaced session keeps its old title where it is dropped; the new one its own.
        self.titles = {s.id: s.title for s in visit.sessions} | {s.id: s.title for s in changed.sessions}
        self.before = {p.session: p for p in before.assignments} if before is not None else {}

    def where(self, room: str | None) -> str:
        return "virtual" if room is None else self.rooms.get(room, room)

    def when(self, day: str, start: str, room: str | None) -> str:
        return (
            f"{day_label(day)} {start} in {self.where(room)}"
            if room
            else f"{day_label(day)} {start} (virtual)"
        )


def _placement_view(names: _Names, number: int, data: dict[str, Any]) -> PlacementView:
    placed = data["assignment"]
    after = {a["session"]: a for a in data["assignments"]}
    moved = []
    for sid in data["moved"]:
        old, new = names.before.get(sid), after.get(sid)
        title = names.titles.get(sid, sid)
        if old is None or new is None:
            moved.append(f"'{title}'")
            continue
        moved.append(
            f"'{title}' from {names.when(old.day, old.start, old.room)}"
            f" to {names.when(new['day'], new['start'], new['room'])}"
        )
    return PlacementView(
        number=number,
        day=placed["day"],
        day_label=day_label(placed["day"]),
        start=placed["start"],
        end=placed["end"],
        where=names.where(placed["room"]),
        assessors=tuple(names.people.get(a, a) for a in placed["assessors"]),
        attendees=tuple(names.people.get(p, p) for p in placed["attendees"]),
        moved=tuple(moved),
        dropped=tuple(f"'{names.titles.get(sid, sid)}'" for sid in data["dropped"]),
        renotify=tuple(names.people.get(p, p) for p in data["renotify"]),
        rooms_rebooked=tuple(names.where(r) for r in data["rooms_rebooked"]),
        score=int(data["score"]),
    )


# ---- deciding ---------------------------------------------------------------------------------


def accept_change_request(
    db: Session, actor: User, visit_id: int, request_id: int, choice: int, now: datetime
) -> int:
    """Make the change in the visit and save the chosen placement's timetable as a new draft
    version; returns the version number. `choice` counts from 1 (the best placement)."""
    request = _open_request(db, visit_id, request_id)
    placements = request.placements or []
    if not 1 <= choice <= len(placements):
        raise ServiceError(f"change request {request_id} has no placement {choice}: preview it first")
    version, _ = _latest_timetable(db, visit_id)
    if version.number != request.previewed_version:
        raise ServiceError(
            f"the timetable has changed since this preview (now version {version.number}): preview it again"
        )
    visit = load_visit(db, visit_id)
    session = requested_session(request)
    changed = validated(with_request(visit, request.kind, session, request.replaces))
    chosen = placements[choice - 1]
    timetable = _timetable(changed, chosen, _latest_timetable(db, visit_id)[1])
    broken = [
        v.message
        for v in find_violations(build_problem(changed), build_problem(changed, timetable).previous)
        if v.rule != "H1"
    ]
    if broken:
        raise ServiceError("the visit has changed since this preview: preview it again", broken)
    update_visit(db, actor, visit_id, changed, now, action="accept_change_request")
    summary = f"change request {request_id}: {session.title} at {day_label(chosen['assignment']['day'])}"
    summary += f" {chosen['assignment']['start']}; {len(chosen['moved'])} other sessions moved"
    number = save_version(db, actor, visit_id, timetable, now, note=summary)
    request.state = "accepted"
    request.decided_at = now
    request.version_number = number
    db.flush()
    return number


def reject_change_request(db: Session, actor: User, visit_id: int, request_id: int, now: datetime) -> None:
    request = _open_request(db, visit_id, request_id)
    request.state = "rejected"
    request.decided_at = now
    record_audit(db, visit_id, actor, "reject_change_request", f"request {request_id}", now)
    db.flush()


def _timetable(visit: domain.Visit, chosen: dict[str, Any], before: domain.Timetable) -> domain.Timetable:
    placed = tuple(domain.PlacedSession.from_stored(a["session"], a) for a in chosen["assignments"])
    held = {p.session for p in placed}
    reasons = {u.session: u.reason for u in before.unscheduled}
    unscheduled = tuple(
        domain.UnscheduledSession(
            s.id, reasons.get(s.id, "not scheduled in the timetable this change was made to")
        )
        for s in visit.sessions
        if s.id not in held
    )
    return domain.Timetable(
        assignments=placed,
        unscheduled=unscheduled,
        status="FEASIBLE",
        objective=int(chosen["score"]),
        solve_seconds=0.0,
    )


# ---- relaxations ------------------------------------------------------------------------------


def relaxations_for(db: Session, visit_id: int, session_id: str) -> list[RelaxationView]:
    """The single changes, smallest first, that would give the session a possible start."""
    return [RelaxationView(r.key, r.text) for r in _relaxations(load_visit(db, visit_id), session_id)]


def _relaxations(visit: domain.Visit, session_id: str) -> list[Relaxation]:
    if session_id not in {s.id for s in visit.sessions}:
        raise NotFound(f"there is no session {session_id}")
    return suggest_relaxations(build_problem(visit), session_id)


def unplaceable_sessions(db: Session, visit_id: int) -> list[UnplaceableSession]:
    """Must sessions with no possible start, and those the latest timetable leaves unscheduled."""
    visit = load_visit(db, visit_id)
    problem = build_problem(visit)
    try:
        latest: domain.Timetable | None = get_timetable(db, visit_id)[1]
    except NotFound:
        latest = None
    reasons = {u.session: u.reason for u in latest.unscheduled} if latest is not None else {}
    out = []
    for session in visit.sessions:
        if session.priority != "must":
            continue
        offers = suggest_relaxations(problem, session.id)
        if not offers and session.id not in reasons:
            continue
        reason = reasons.get(session.id) or "it has no possible start"
        out.append(
            UnplaceableSession(
                session.id, session.title, reason, tuple(RelaxationView(r.key, r.text) for r in offers)
            )
        )
    return out


def apply_relaxation(
    db: Session, actor: User, visit_id: int, session_id: str, relaxation_key: str, now: datetime
) -> str:
    """Make one offered relaxation in the visit; returns what was done, in words."""
    visit = load_visit(db, visit_id)
    offered = {r.key: r for r in _relaxations(visit, session_id)}
    relaxation = offered.get(relaxation_key)
    if relaxation is None:
        raise ServiceError(
            f"'{relaxation_key}' is not one of the relaxations offered for session {session_id}"
        )
    changed = _relaxed_visit(visit, session_id, relaxation)
    # The coordinator chose this relaxation, which names the person whose time it widens.
    update_visit(db, actor, visit_id, changed, now, action="apply_relaxation", answers="replace")
    return relaxation.text


def _relaxed_visit(visit: domain.Visit, session_id: str, relaxation: Relaxation) -> domain.Visit:
    if relaxation.kind == "if_needed":
        return _with_if_needed_time(visit, relaxation)
    session = next(s for s in visit.sessions if s.id == session_id)
    relaxed = next(s for s in relaxation.problem.sessions if s.id == session_id)
    if relaxation.kind == "virtual":
        changed = dataclasses.replace(session, mode="either")
    elif relaxation.kind == "any_time":
        changed = dataclasses.replace(session, not_before=None, not_after=None)
    elif relaxation.kind == "any_day":
        changed = dataclasses.replace(session, days=())
    elif relaxation.kind == "any_assessor":
        changed = dataclasses.replace(session, assessors=domain.AssessorNeed(count=relaxed.assessor_count))
    elif relaxation.kind == "invite":
        changed = dataclasses.replace(
            session,
            required_people=relaxed.required_people,
            invited_people=relaxed.invited_people,
            min_attendees=relaxed.min_attendees,
        )
    elif relaxation.kind == "unpin":
        changed = dataclasses.replace(session, fixed=None)
    else:
        raise ServiceError(f"there is no way to apply a '{relaxation.kind}' relaxation")
    return dataclasses.replace(
        visit, sessions=tuple(changed if s.id == session_id else s for s in visit.sessions)
    )


def _with_if_needed_time(visit: domain.Visit, relaxation: Relaxation) -> domain.Visit:
    """The person's missing time on that day added to their availability as 'if needed'."""
    assert relaxation.person is not None and relaxation.day is not None
    day = visit.days[relaxation.day]
    offset = relaxation.day * MINUTES_PER_DAY
    added = tuple(
        domain.Interval(day, clock_of(start - offset), clock_of(end - offset), "if_needed")
        for start, end in relaxation.spans
    )
    people = []
    for person in visit.people:
        if person.id == relaxation.person:
            available = tuple(sorted((*(person.available or ()), *added), key=lambda i: (i.day, i.start)))
            person = dataclasses.replace(person, available=available)
        people.append(person)
    return dataclasses.replace(visit, people=tuple(people))
