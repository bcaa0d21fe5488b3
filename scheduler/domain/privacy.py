"""Who may read the names of people using services and carers (pure): the one rule every output asks.

People using services and carers are named only on the coordinators' own pages and in their own
invites. Everything else that leaves those pages (exports, the printable timetable, agendas to
share, escorts' run-sheets, feeds, invites to anyone else, the whole-visit calendar, the pages
reached through staff's and assessors' personal links) names them by what they are, never who,
whichever session they attend: a focus group of people who draw on care and support is as
personal as a case-tracking conversation. Every text of such an output passes through the rule,
session titles and free text included, so a name a coordinator typed into a title (or one stored
before titles were made neutral) is replaced as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from scheduler import domain

COORDINATOR = "coordinator"  # the coordinators' own pages: names as written
SHARED = "shared"  # anything that leaves those pages
AUDIENCES = (COORDINATOR, SHARED)

CASE_TRACKING_LABEL = "case-tracking conversation"
KIND_LABELS = {"person_using_services": "person using services", "carer": "carer"}


def is_protected(person: domain.Person) -> bool:
    return person.kind in KIND_LABELS


def protected_people(visit: domain.Visit) -> frozenset[str]:
    """Ids of every person using services and every carer of the visit."""
    return frozenset(p.id for p in visit.people if is_protected(p))


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
    """Names for one audience of one visit: the single place every output asks."""

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

    @cached_property
    def _written(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        """One pattern for every protected name and address, and what each is replaced by."""
        labels: dict[str, str] = {}
        for pid in self.protected:
            person = self.people[pid]
            for words in (person.name, person.email):
                if words.strip():
                    labels.setdefault(" ".join(words.split()).lower(), KIND_LABELS[person.kind])
        if not labels:
            return None, labels
        # Longest first, so "Sean Atkinson-Lee" is not half-replaced by "Sean Atkinson"; whole
        # words only, so "Al" does not eat into "Alan"; any run of spaces between the words.
        alternatives = (r"\s+".join(map(re.escape, w.split())) for w in sorted(labels, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
        return pattern, labels

    def text(self, text: str) -> str:
        """Free text (a title, an unscheduled reason) with every protected person's name and
        email address replaced by what they are."""
        if self.audience == COORDINATOR:
            return text
        pattern, labels = self._written
        if pattern is None:
            return text
        # A case-insensitive match may lower-case differently from its name ("İ"): still replaced.
        fallback = KIND_LABELS["person_using_services"]
        return pattern.sub(lambda found: labels.get(" ".join(found.group(0).split()).lower(), fallback), text)

    def title(self, session: domain.Session | None, fallback: str = "") -> str:
        """A session's title as this audience may read it."""
        return self.text(session.title) if session is not None else fallback


# The last redaction made, by the identity of the visit's people: a visit is immutable, and
# building one compiles a pattern of every protected name, which the title of each of a
# publication's hundreds of messages would otherwise do again.
_last_made: tuple[tuple[domain.Person, ...], str, Redaction] | None = None


def redaction_for(visit: domain.Visit, audience: str) -> Redaction:
    global _last_made
    last = _last_made
    if last is not None and last[0] is visit.people and last[1] == audience:
        return last[2]
    made = redaction_of(visit.people, audience)
    _last_made = (visit.people, audience, made)
    return made


def redaction_of(people: Iterable[domain.Person], audience: str) -> Redaction:
    """The redaction for a visit's people (when the whole visit is not at hand)."""
    check_audience(audience)
    by_id = {p.id: p for p in people}
    return Redaction(
        audience=audience,
        people=by_id,
        protected=frozenset(pid for pid, p in by_id.items() if is_protected(p)),
    )


def shared_title(visit: domain.Visit, session: domain.Session | None, fallback: str = "") -> str:
    """A session's title as everything outside the coordinators' pages shows it."""
    return redaction_for(visit, SHARED).title(session, fallback)
