"""People's needs against the visit's rooms (pure): which needs no room meets, and what follows.

A person's ``needs`` are room features (step-free access, a hearing loop). A need no room of the
visit has cannot be met on site: an in-person session the person must attend cannot be placed,
an "either" one can only be held virtually, and from an invited pool they can only be left out.
Said before solving, so the coordinator can find a room or change the session, not after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scheduler import domain

# The words a coordinator reads for the needs the availability form offers.
NEED_LABELS = {
    "step_free": "step-free access",
    "hearing_loop": "a hearing loop",
    "interpreter": "an interpreter",
}
# The needs a room meets (as its features); the interpreter is a person, not a room.
ROOM_NEEDS = ("step_free", "hearing_loop")


def need_label(need: str) -> str:
    return NEED_LABELS.get(need, need.replace("_", " "))


@dataclass(frozen=True)
class UnmetNeed:
    """A person whose room needs no single room of the visit meets."""

    person: str
    name: str
    needs: tuple[str, ...]  # all their room needs, as labels
    missing: tuple[str, ...]  # labels of the needs no room has at all ("" when only the mix is lacking)
    sessions: tuple[tuple[str, str, str], ...]  # (session id, title, what follows for it)

    @property
    def text(self) -> str:
        if self.missing:
            return f"{self.name} needs {' and '.join(self.missing)}; no room has it"
        return f"{self.name} needs {' and '.join(self.needs)}; no one room has all of them"


def _consequence(session: domain.Session, person: domain.Person) -> str:
    if session.mode == "virtual":
        return "virtual: no room needed"
    if person.id not in session.required_people:
        return "they can only be left out of it"
    if session.mode == "either":
        return "it can only be held virtually"
    return "it cannot be placed"


def unmet_needs(visit: domain.Visit) -> tuple[UnmetNeed, ...]:
    """Everyone whose needs no room meets, with the sessions this affects, in the visit's order."""
    rooms = [frozenset(room.features) for room in visit.rooms]
    every_feature = frozenset().union(*rooms) if rooms else frozenset()
    found = []
    for person in visit.people:
        needs = frozenset(person.needs)
        if not needs or any(needs <= features for features in rooms):
            continue
        sessions = tuple(
            (s.id, s.title, _consequence(s, person))
            for s in visit.sessions
            if person.id in s.required_people or person.id in s.invited_people
        )
        found.append(
            UnmetNeed(
                person=person.id,
                name=person.name,
                needs=tuple(need_label(n) for n in sorted(needs)),
                missing=tuple(need_label(n) for n in sorted(needs - every_feature)),
                sessions=sessions,
            )
        )
    return tuple(found)


# The solver names whose need a room lacks (", which Sean Palmer needs"); see solver.candidates.
_NEED_OWNER = re.compile(r", which (?:(?!, which )[^;])+? needs")


def without_need_owners(reason: str) -> str:
    """A reason with whose need it is left out: for anyone who may not read people's needs."""
    return _NEED_OWNER.sub(", which an attendee needs", reason)
