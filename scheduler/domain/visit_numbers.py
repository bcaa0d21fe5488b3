"""The visit in numbers (pure): meetings, distinct people met and person-hours, in all and per
team, organisation and kind of session, from the plan before the visit and from the record once
attendance is marked.

"Planned" counts every placed session with everyone placed in it. "Held" counts only the sessions
a coordinator marked held, each with the people who came (no-shows taken off); sessions not yet
marked are left out, and the numbers say how many were marked. People using services and carers
are counted like everyone else and never named: they are grouped under what they are.

A grouping is one entry of `GROUPINGS`: a title and a function from (session, person) to the
labels it counts under. Person groupings (team, organisation) label each person; session
groupings (kind of session, and session tags when the visit has them) label the whole session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.day_board import HELD, NOT_HELD, Progress
from scheduler.domain.privacy import is_protected

PLANNED = "planned"
HELD_BASIS = "held"
NO_TEAM = "No team"
NO_ORGANISATION = "No organisation"
NO_TAG = "No tag"
PROTECTED_GROUPS = {"person_using_services": "People using services", "carer": "Carers"}
SESSION_KIND_NAMES = {
    "interview": "Interviews",
    "focus_group": "Focus groups",
    "case_tracking": "Case tracking",
    "drop_in": "Drop-ins",
    "briefing": "Briefings",
    "wash_up": "Wash-ups",
    "other": "Other",
}


@dataclass(frozen=True)
class Meeting:
    """One session as counted: who was there (or is planned to be) and for how long."""

    session: str
    kind: str
    minutes: int
    people: tuple[str, ...]


@dataclass(frozen=True)
class Grouping:
    key: str
    title: str
    labels: Callable[[domain.Session | None, domain.Person | None], Iterable[str]]
    per_session: bool = False  # labels come from the session: every meeting counts, people or not


def _team(_session: domain.Session | None, person: domain.Person | None) -> Iterable[str]:
    if person is None:
        return ()
    if is_protected(person):
        return (PROTECTED_GROUPS[person.kind],)
    return (person.team or NO_TEAM,)


def _organisation(_session: domain.Session | None, person: domain.Person | None) -> Iterable[str]:
    if person is None:
        return ()
    if is_protected(person):
        return (PROTECTED_GROUPS[person.kind],)
    return (person.organisation or NO_ORGANISATION,)


def _session_kind(session: domain.Session | None, _person: domain.Person | None) -> Iterable[str]:
    kind = session.kind if session is not None else "other"
    return (SESSION_KIND_NAMES.get(kind, kind),)


def _session_tags(session: domain.Session | None, _person: domain.Person | None) -> Iterable[str]:
    return session.tags if session is not None and session.tags else (NO_TAG,)


# The tables of the summary, in the order it shows them.
GROUPINGS: tuple[Grouping, ...] = (
    Grouping("team", "Team", _team),
    Grouping("organisation", "Organisation", _organisation),
    Grouping("kind", "Kind of session", _session_kind, per_session=True),
    Grouping("tag", "Tag or theme", _session_tags, per_session=True),
)


@dataclass(frozen=True)
class GroupLine:
    name: str
    meetings: int
    people: int
    person_hours: float


@dataclass(frozen=True)
class GroupTable:
    key: str
    title: str
    lines: tuple[GroupLine, ...]


@dataclass(frozen=True)
class Activity:
    """What it took to get there: plans made, changes asked for, invites sent."""

    versions: int = 0
    published_versions: int = 0
    change_requests: int = 0
    change_requests_accepted: int = 0
    invitations: int = 0
    updates: int = 0
    cancellations: int = 0

    @property
    def invites_sent(self) -> int:
        return self.invitations + self.updates + self.cancellations


@dataclass(frozen=True)
class VisitNumbers:
    basis: str  # planned | held
    meetings: int
    placed: int  # sessions in the plan
    marked: int  # of which marked held or not held
    not_held: int
    distinct_people: int
    protected_people: int  # people using services and carers among them: counted, never named
    person_hours: float
    tables: tuple[GroupTable, ...]
    activity: Activity

    @property
    def basis_label(self) -> str:
        return "held" if self.basis == HELD_BASIS else "planned"


def meetings_of(
    timetable: domain.Timetable, progress: Mapping[str, Progress], sessions: Mapping[str, domain.Session]
) -> tuple[str, list[Meeting]]:
    """The basis and the meetings counted: the plan until a session is marked, the record after."""
    marked = any(p.state in (HELD, NOT_HELD) for p in progress.values())
    meetings = []
    for placed in timetable.assignments:
        session = sessions.get(placed.session)
        kind = session.kind if session is not None else "other"
        people = tuple(dict.fromkeys((*placed.attendees, *placed.support)))
        record = progress.get(placed.session)
        if marked:
            if record is None or record.state != HELD:
                continue
            people = tuple(p for p in people if p not in record.no_shows)
        minutes = _minutes(placed)
        meetings.append(Meeting(session=placed.session, kind=kind, minutes=minutes, people=people))
    return (HELD_BASIS if marked else PLANNED), meetings


def _minutes(placed: domain.PlacedSession) -> int:
    start_h, start_m = placed.start.split(":")
    end_h, end_m = placed.end.split(":")
    return (int(end_h) * 60 + int(end_m)) - (int(start_h) * 60 + int(start_m))


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def group_table(grouping: Grouping, meetings: list[Meeting], visit: domain.Visit) -> GroupTable:
    people = {p.id: p for p in visit.people}
    sessions = {s.id: s for s in visit.sessions}
    met: dict[str, set[str]] = {}
    held: dict[str, set[str]] = {}
    minutes: dict[str, int] = {}
    for meeting in meetings:
        session = sessions.get(meeting.session)
        if grouping.per_session:
            for label in grouping.labels(session, None):
                held.setdefault(label, set()).add(meeting.session)
                met.setdefault(label, set()).update(meeting.people)
                minutes[label] = minutes.get(label, 0) + meeting.minutes * len(meeting.people)
            continue
        for pid in meeting.people:
            for label in grouping.labels(session, people.get(pid)):
                held.setdefault(label, set()).add(meeting.session)
                met.setdefault(label, set()).add(pid)
                minutes[label] = minutes.get(label, 0) + meeting.minutes
    lines = [
        GroupLine(
            name=label, meetings=len(held[label]), people=len(met[label]), person_hours=_hours(minutes[label])
        )
        for label in held
    ]
    lines.sort(key=lambda line: (-line.person_hours, line.name))
    return GroupTable(key=grouping.key, title=grouping.title, lines=tuple(lines))


def visit_numbers(
    visit: domain.Visit,
    timetable: domain.Timetable | None,
    progress: Mapping[str, Progress],
    activity: Activity,
    groupings: tuple[Grouping, ...] = GROUPINGS,
) -> VisitNumbers:
    empty = domain.Timetable(assignments=())
    timetable = timetable or empty
    sessions = {s.id: s for s in visit.sessions}
    basis, meetings = meetings_of(timetable, progress, sessions)
    people = {p.id: p for p in visit.people}
    met = {pid for meeting in meetings for pid in meeting.people}
    placed_ids = {p.session for p in timetable.assignments}
    return VisitNumbers(
        basis=basis,
        meetings=len(meetings),
        placed=len(timetable.assignments),
        marked=sum(1 for key, p in progress.items() if key in placed_ids and p.state in (HELD, NOT_HELD)),
        not_held=sum(1 for key, p in progress.items() if key in placed_ids and p.state == NOT_HELD),
        distinct_people=len(met),
        protected_people=sum(1 for pid in met if pid in people and is_protected(people[pid])),
        person_hours=_hours(sum(m.minutes * len(m.people) for m in meetings)),
        tables=tuple(
            group_table(grouping, meetings, visit)
            for grouping in groupings
            # A visit whose sessions carry no tags has nothing to show by tag.
            if grouping.key != "tag" or any(session.tags for session in visit.sessions)
        ),
        activity=activity,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: int
    width: int


def chart_bars(lines: Iterable[GroupLine], width: int = 420, height: int = 24) -> list[Bar]:
    """Horizontal bars of person-hours, the longest `width` wide, one every `height` units down."""
    chosen = list(lines)
    top = max((line.person_hours for line in chosen), default=0.0)
    return [
        Bar(
            label=line.name,
            value=line.person_hours,
            y=index * height,
            width=round(width * line.person_hours / top) if top else 0,
        )
        for index, line in enumerate(chosen)
    ]
