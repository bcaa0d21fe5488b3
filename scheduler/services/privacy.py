"""Who may read the names of people using services and carers in case-tracking (pure).

A person using services or a carer who takes part in a case-tracking conversation is known by
name to the coordinators and assessors only. Anything meant to leave the app (exports, the
printable timetable, agendas printed for sharing) names them by what they are, never who. Such a
person is hidden everywhere in a shared copy, not only in the case-tracking session itself,
because their name beside any other session would still put them on a list that gets passed on.
Session titles are not names and stay as the coordinator wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scheduler import domain

COORDINATOR = "coordinator"  # coordinators and assessors: names as written
SHARED = "shared"  # anything exported, printed or passed on
AUDIENCES = (COORDINATOR, SHARED)

CASE_TRACKING_LABEL = "case-tracking conversation"
KIND_LABELS = {"person_using_services": "person using services", "carer": "carer"}


def protected_people(visit: domain.Visit, timetable: domain.Timetable | None = None) -> frozenset[str]:
    """Ids of the people using services and carers who are asked to, or do, attend case tracking."""
    case_tracking = {s.id for s in visit.sessions if s.kind == "case_tracking"}
    involved = {
        pid
        for s in visit.sessions
        if s.id in case_tracking
        for pid in (*s.required_people, *s.invited_people)
    }
    if timetable is not None:
        for placed in timetable.assignments:
            if placed.session in case_tracking:
                involved.update(placed.attendees)
                if placed.escort:
                    involved.add(placed.escort)
    return frozenset(p.id for p in visit.people if p.kind in KIND_LABELS and p.id in involved)


def check_audience(audience: str) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience '{audience}': choose one of {', '.join(AUDIENCES)}")


def display_name(
    person: domain.Person, session: domain.Session | None, audience: str, *, protected: frozenset[str]
) -> str:
    """The person's name, or for a shared copy of a protected person what they are instead.

    Inside a case-tracking session the label is the conversation itself, so a shared list says
    only that a case-tracking conversation takes place there.
    """
    check_audience(audience)
    if audience == COORDINATOR or person.id not in protected:
        return person.name
    if session is not None and session.kind == "case_tracking":
        return CASE_TRACKING_LABEL
    return KIND_LABELS.get(person.kind, CASE_TRACKING_LABEL)


def _collapsed(labels: Iterable[str]) -> tuple[str, ...]:
    """Names as given; repeated stand-ins become one: "carer (2)", but one conversation is one."""
    counts: dict[str, int] = {}
    order: list[str] = []
    for label in labels:
        if label == CASE_TRACKING_LABEL or label in KIND_LABELS.values():
            if label not in counts:
                order.append(label)
            counts[label] = counts.get(label, 0) + 1
        else:
            order.append(label)
    return tuple(
        f"{label} ({counts[label]})" if counts.get(label, 1) > 1 and label != CASE_TRACKING_LABEL else label
        for label in order
    )


@dataclass(frozen=True)
class Redaction:
    """Names for one audience of one visit: the single place every shared output asks."""

    audience: str
    people: dict[str, domain.Person]
    protected: frozenset[str]

    def person(self, person_id: str, session: domain.Session | None = None) -> str:
        person = self.people.get(person_id)
        if person is None:
            return person_id
        return display_name(person, session, self.audience, protected=self.protected)

    def attendees(self, person_ids: Iterable[str], session: domain.Session | None = None) -> tuple[str, ...]:
        return _collapsed(self.person(pid, session) for pid in person_ids)

    def text(self, text: str) -> str:
        """Free text (an unscheduled reason) with every protected person's name replaced."""
        if self.audience == COORDINATOR:
            return text
        # Longest names first, so "Sean Atkinson-Lee" is not half-replaced by "Sean Atkinson".
        for pid in sorted(self.protected, key=lambda p: -len(self.people[p].name)):
            person = self.people[pid]
            for written in (person.name, person.email):
                if written.strip():
                    whole = rf"(?<!\w){re.escape(written)}(?!\w)"  # "Al" must not eat into "Alan"
                    text = re.sub(whole, KIND_LABELS[person.kind], text, flags=re.IGNORECASE)
        return text


def redaction_for(visit: domain.Visit, audience: str, timetable: domain.Timetable | None = None) -> Redaction:
    check_audience(audience)
    return Redaction(
        audience=audience,
        people={p.id: p for p in visit.people},
        protected=protected_people(visit, timetable),
    )
