"""What people told the coordinator: their access needs, an interpreter, their note.

Read from two places: the stored visit (a person's room needs, from the visit file or their
answer) and their availability answer (the interpreter need and the note, which the visit file
has no field for). Personal data: only pages a coordinator or owner reads (`see_needs`) ask
this service; nothing that leaves those pages (exports, agendas, feeds, invites) does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from scheduler import domain
from scheduler.db.availability import AvailabilityAnswer
from scheduler.domain.needs import UnmetNeed, need_label, unmet_needs
from scheduler.errors import NotFound
from scheduler.services.visits import load_visit


@dataclass(frozen=True)
class PersonNeeds:
    """One person's (or assessor's) needs and note, as the coordinator reads them."""

    key: str
    name: str
    kind: str  # the person's kind (staff, carer, ...) or "assessor"
    needs: tuple[str, ...]  # labels: "step-free access", "an interpreter"
    note: str
    answered_at: datetime | None  # when their own answer was saved; None: from the visit file
    unmet: str = ""  # "no room has a hearing loop" when no room meets their needs; "" otherwise

    @property
    def told_us(self) -> bool:
        return bool(self.needs or self.note)


@dataclass(frozen=True)
class NeedsOverview:
    people: tuple[PersonNeeds, ...]  # everyone who gave a need or a note, people then assessors
    unmet: tuple[UnmetNeed, ...]  # needs no room meets


def _answers(db: DbSession, visit_id: int) -> dict[tuple[str, str], AvailabilityAnswer]:
    query = select(AvailabilityAnswer).where(AvailabilityAnswer.visit_id == visit_id)
    return {(a.who_kind, a.key): a for a in db.scalars(query)}


def _unmet_text(unmet: UnmetNeed | None) -> str:
    if unmet is None:
        return ""
    if unmet.missing:
        return f"no room has {' or '.join(unmet.missing)}"
    return f"no one room has {' and '.join(unmet.needs)}"


def _of_person(
    person: domain.Person, answer: AvailabilityAnswer | None, unmet: UnmetNeed | None = None
) -> PersonNeeds:
    needs = list(person.needs)
    if answer is not None:
        needs += [n for n in answer.needs if n not in needs]
    return PersonNeeds(
        key=person.id,
        name=person.name,
        kind=person.kind,
        needs=tuple(need_label(n) for n in sorted(needs)),
        note=answer.note.strip() if answer is not None else "",
        answered_at=answer.submitted_at if answer is not None else None,
        unmet=_unmet_text(unmet),
    )


def _of_assessor(assessor: domain.Assessor, answer: AvailabilityAnswer | None) -> PersonNeeds:
    return PersonNeeds(
        key=assessor.id,
        name=assessor.name,
        kind="assessor",
        needs=(),
        note=answer.note.strip() if answer is not None else "",
        answered_at=answer.submitted_at if answer is not None else None,
    )


def needs_overview_of(db: DbSession, visit_id: int, visit: domain.Visit) -> NeedsOverview:
    """Everyone who told the coordinator something, and the needs no room meets."""
    answers = _answers(db, visit_id)
    unmet = {u.person: u for u in unmet_needs(visit)}
    people = [_of_person(p, answers.get(("person", p.id)), unmet.get(p.id)) for p in visit.people]
    assessors = [_of_assessor(a, answers.get(("assessor", a.id))) for a in visit.assessors]
    return NeedsOverview(
        people=tuple(n for n in people + assessors if n.told_us),
        unmet=tuple(unmet.values()),
    )


def person_needs(db: DbSession, visit_id: int, key: str) -> PersonNeeds:
    """One person's needs and note, for their page."""
    visit = load_visit(db, visit_id)
    person = next((p for p in visit.people if p.id == key), None)
    if person is None:
        raise NotFound(f"there is no person {key}")
    unmet = {u.person: u for u in unmet_needs(visit)}
    return _of_person(person, _answers(db, visit_id).get(("person", key)), unmet.get(key))


def session_needs(db: DbSession, visit_id: int, session_id: str) -> tuple[PersonNeeds, ...]:
    """The needs and notes of everyone who may attend the session (required, then invited)."""
    visit = load_visit(db, visit_id)
    session = next((s for s in visit.sessions if s.id == session_id), None)
    if session is None:
        raise NotFound(f"there is no session {session_id}")
    people = {p.id: p for p in visit.people}
    answers = _answers(db, visit_id)
    unmet = {u.person: u for u in unmet_needs(visit)}
    keys = dict.fromkeys(session.required_people + session.invited_people)
    found = (_of_person(people[k], answers.get(("person", k)), unmet.get(k)) for k in keys if k in people)
    return tuple(n for n in found if n.told_us)
