"""Who supports whom at a placed session, in words (pure): "Kieran Gill with BSL interpreter Sam Reid".

A supporter in a placement's `support` is there for the attendees who name them among their
supporters; the words come from the supporter's role ("BSL interpreter", "advocate") so that
whoever reads a timetable or invite knows why the extra person is in the room.
"""

from __future__ import annotations

from scheduler import domain
from scheduler.domain.privacy import Redaction


def supporter_label(supporter: domain.Person) -> str:
    role = " ".join(supporter.role.split())
    return f"{role} " if role else "supporter "


def support_pairs(
    visit: domain.Visit, placed: domain.PlacedSession
) -> list[tuple[domain.Person, tuple[domain.Person, ...]]]:
    """Each attendee with supporters present for them, in attendee order."""
    people = {p.id: p for p in visit.people}
    present = set(placed.support)
    pairs = []
    for pid in placed.attendees:
        attendee = people.get(pid)
        if attendee is None or not attendee.supporters:
            continue
        theirs = tuple(people[s] for s in attendee.supporters if s in present and s in people)
        if theirs:
            pairs.append((attendee, theirs))
    return pairs


def support_lines(
    visit: domain.Visit, placed: domain.PlacedSession, names: Redaction, session: domain.Session | None = None
) -> tuple[str, ...]:
    """'Kieran Gill with BSL interpreter Sam Reid', one per supported attendee, names as the
    audience reads them."""
    lines = []
    for attendee, supporters in support_pairs(visit, placed):
        helpers = " and ".join(f"{supporter_label(s)}{names.person(s.id, session)}" for s in supporters)
        lines.append(f"{names.person(attendee.id, session)} with {helpers}")
    return tuple(lines)
