"""Assessors' requests through their personal link: a new session, or a change to one.

An assessor picks whom to see (people, and whole teams whose members form the invited pool),
how long, and in person or not. The request becomes an ordinary change request (the
coordinator's queue, with its impact preview; accepting it makes the next draft), with the
assessor who asked as its only assessor, and a note of who asked kept beside it.

The form is reached through a personal link, not a coordinator's page, so it names people using
services and carers the way every shared copy does (scheduler.domain.privacy): numbered, as
what they are, so the assessor can still ask to see one of them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.availability_requests import AssessorChangeRequest
from scheduler.db.change_requests import ChangeRequest
from scheduler.domain.privacy import KIND_LABELS, SHARED, is_protected, redaction_for
from scheduler.errors import NotFound, ServiceError
from scheduler.services.audit import record_audit
from scheduler.services.availability_links import LinkOwner, resolve_link
from scheduler.services.change_requests import next_session_id, submit_change_request
from scheduler.services.visits import load_visit

NOTE_LIMIT = 1000
TITLE_LIMIT = 200


@dataclass(frozen=True)
class AssessorRequestPage:
    """What the request form offers one assessor."""

    visit_name: str
    assessor: str  # their name
    slot_minutes: int
    people: tuple[tuple[str, str], ...]  # (id, "Name, role, team"; "person using services 2, team")
    teams: tuple[str, ...]
    sessions: tuple[tuple[str, str], ...]  # (id, title) they could ask to change
    asked: tuple[tuple[int, str, str], ...]  # their earlier requests: (id, title, state)
    # The same people grouped by team (teams A-Z, "Other people" last), for a list of 150 to scan.
    people_by_team: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()


@dataclass(frozen=True)
class AssessorAsk:
    kind: str  # add | replace
    replaces: str | None
    title: str
    people: tuple[str, ...]  # required
    teams: tuple[str, ...]  # their members are the invited pool
    minutes: int
    mode: str  # in_person | virtual | either
    note: str = ""


def assessor_owner(db: Session, token: str, now: datetime) -> LinkOwner:
    """The assessor this link belongs to; NotFound for any other token, as for a wrong one."""
    owner = resolve_link(db, token, now)
    if owner is None or owner.who_kind != "assessor":
        raise NotFound("there is no such link")
    return owner


def assessor_request_page(db: Session, token: str, now: datetime) -> AssessorRequestPage:
    owner = assessor_owner(db, token, now)
    visit = load_visit(db, owner.visit_id)
    assessor = next(a for a in visit.assessors if a.id == owner.key)
    names = redaction_for(visit, SHARED)
    mine = db.scalars(
        select(ChangeRequest)
        .join(AssessorChangeRequest, AssessorChangeRequest.request_id == ChangeRequest.id)
        .where(ChangeRequest.visit_id == owner.visit_id, AssessorChangeRequest.assessor_key == owner.key)
        .order_by(ChangeRequest.id)
    )
    return AssessorRequestPage(
        visit_name=visit.name,
        assessor=assessor.name,
        slot_minutes=visit.slot_minutes,
        people=people_to_choose(visit),
        teams=teams_of(visit),
        sessions=tuple((s.id, names.title(s)) for s in visit.sessions),
        asked=tuple((r.id, names.text(str(r.payload.get("title", ""))), r.state) for r in mine),
        people_by_team=group_by_team(visit, people_to_choose(visit)),
    )


def group_by_team(
    visit: domain.Visit, people: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    team_of = {p.id: p.team for p in visit.people}
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, label in people:
        groups.setdefault(team_of.get(key) or "", []).append((key, label))
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "", item[0].casefold()))
    return tuple(
        (team or "Other people", tuple(sorted(members, key=lambda m: m[1].casefold())))
        for team, members in ordered
    )


def people_to_choose(visit: domain.Visit) -> tuple[tuple[str, str], ...]:
    """(id, label) of everyone an assessor may ask to see: staff and partners by name, role and
    team; a person using services or carer as "carer 2" and their team (their role says what
    they are, so it is left out as well)."""
    numbers: dict[str, int] = {}
    out = []
    for person in visit.people:
        parts: tuple[str, ...]
        if is_protected(person):
            numbers[person.kind] = numbers.get(person.kind, 0) + 1
            parts = (f"{KIND_LABELS[person.kind]} {numbers[person.kind]}", person.team)
        else:
            parts = (person.name, person.role, person.team)
        out.append((person.id, ", ".join(x for x in parts if x)))
    return tuple(out)


def teams_of(visit: domain.Visit) -> tuple[str, ...]:
    return tuple(sorted({p.team for p in visit.people if p.team}))


def requested_session(visit: domain.Visit, assessor_key: str, ask: AssessorAsk) -> domain.Session:
    """The session the assessor asks for, as the visit file would hold it."""
    members = tuple(p.id for p in visit.people if p.team in ask.teams and p.team and p.id not in ask.people)
    need = domain.AssessorNeed(count=1, from_ids=(assessor_key,))
    if ask.kind == "replace":
        old = next((s for s in visit.sessions if s.id == ask.replaces), None)
        if old is None:
            raise ServiceError(f"there is no session {ask.replaces} to change")
        required = ask.people or old.required_people
        invited = members if ask.teams else tuple(p for p in old.invited_people if p not in required)
        return dataclasses.replace(
            old,
            title=ask.title or old.title,
            minutes=ask.minutes,
            mode=ask.mode,
            required_people=required,
            invited_people=invited,
            min_attendees=len(required) if required else 1,
            max_attendees=len(required) + len(invited),
        )
    return domain.Session(
        id=next_session_id(visit),
        title=ask.title,
        kind="interview" if len(ask.people) <= 2 and not ask.teams else "focus_group",
        minutes=ask.minutes,
        mode=ask.mode,
        priority="must",
        required_people=ask.people,
        invited_people=members,
        min_attendees=len(ask.people) if ask.people else 1,
        max_attendees=len(ask.people) + len(members),
        assessors=need,
    )


def submit_assessor_request(db: Session, token: str, ask: AssessorAsk, now: datetime) -> int:
    """Put the assessor's request in the coordinator's change-request queue; returns its id."""
    owner = assessor_owner(db, token, now)
    problems = _problems(ask)
    if problems:
        raise ServiceError("the request was not sent", problems)
    visit = load_visit(db, owner.visit_id)
    known = {p.id for p in visit.people}
    unknown = [key for key in ask.people if key not in known]
    teams = teams_of(visit)
    unknown += [f"team {team}" for team in ask.teams if team not in teams]
    if unknown:
        raise ServiceError(
            "the request was not sent", [f"there is no {key} in this visit" for key in unknown]
        )
    session = requested_session(visit, owner.key, ask)
    request_id = submit_change_request(
        db, None, owner.visit_id, ask.kind, session, ask.replaces if ask.kind == "replace" else None, now
    )
    db.add(AssessorChangeRequest(request_id=request_id, assessor_key=owner.key, note=ask.note.strip()))
    record_audit(
        db, owner.visit_id, None, "assessor_request", f"request {request_id} by assessor {owner.key}", now
    )
    db.flush()
    return request_id


def _problems(ask: AssessorAsk) -> list[str]:
    problems = []
    if ask.kind not in ("add", "replace"):
        problems.append("ask for a new session or a change to one")
    if ask.kind == "add" and not ask.title.strip():
        problems.append("give the new session a title")
    if ask.kind == "add" and not ask.people and not ask.teams:
        problems.append("pick whom you want to see: people or a team")
    if len(ask.title) > TITLE_LIMIT:
        problems.append(f"the title is longer than {TITLE_LIMIT} characters")
    if len(ask.note) > NOTE_LIMIT:
        problems.append(f"the note is longer than {NOTE_LIMIT} characters")
    if ask.mode not in domain.SESSION_MODES:
        problems.append("say whether the session is in person, virtual, or either")
    return problems


def assessor_of_request(db: Session, request_id: int) -> AssessorChangeRequest | None:
    """Which assessor asked for this change request through their link, if one did."""
    return db.get(AssessorChangeRequest, request_id)
