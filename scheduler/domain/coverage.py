"""What a timetable covers (pure): the visit's teams, partner organisations and themes against
the placed sessions that cover them, and the frontline teams no focus group hears.

A team is covered by a placed session one of its people attends, a partner organisation by one a
partner of it attends, a theme by one tagged with it. Supporters do not count: an interpreter
who is there for someone else does not give their own team a voice. Only sessions the timetable
places count; a session left unscheduled covers nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler import domain
from scheduler.domain.clocktime import day_label, minutes_of
from scheduler.domain.privacy import COORDINATOR, Redaction, redaction_for

COVERAGE_KINDS = ("team", "partner", "theme")


@dataclass(frozen=True)
class CoveringSession:
    session: str
    title: str
    kind: str
    when: str  # "Tue 10 Mar 12:30-14:00"
    people: int  # of the team or organisation attending it; 0 for a theme


@dataclass(frozen=True)
class CoverageRow:
    kind: str  # team | partner | theme
    name: str
    note: str  # "frontline, 7 people" / "2 people" / ""
    sessions: tuple[CoveringSession, ...]
    frontline: bool = False

    @property
    def covered(self) -> bool:
        return bool(self.sessions)


@dataclass(frozen=True)
class Coverage:
    rows: tuple[CoverageRow, ...]

    def of_kind(self, kind: str) -> tuple[CoverageRow, ...]:
        return tuple(row for row in self.rows if row.kind == kind)

    @property
    def uncovered(self) -> tuple[CoverageRow, ...]:
        return tuple(row for row in self.rows if not row.covered)


def _placed_in_order(visit: domain.Visit, timetable: domain.Timetable) -> list[domain.PlacedSession]:
    day_order = {day: index for index, day in enumerate(visit.days)}
    known = {s.id for s in visit.sessions}
    return sorted(
        (a for a in timetable.assignments if a.session in known),
        key=lambda a: (day_order.get(a.day, len(day_order)), minutes_of(a.start), a.session),
    )


def _covering(
    names: Redaction, session: domain.Session, placed: domain.PlacedSession, people: int
) -> CoveringSession:
    when = f"{day_label(placed.day)} {placed.start}-{placed.end}"
    return CoveringSession(placed.session, names.title(session), session.kind, when, people)


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def themes_of(visit: domain.Visit) -> tuple[str, ...]:
    """The coordinator's themes, then any other tag a session carries, each once, as first written."""
    seen: dict[str, str] = {}
    for theme in (*visit.coverage_themes, *(tag for s in visit.sessions for tag in s.tags)):
        seen.setdefault(theme.casefold(), theme)
    return tuple(seen.values())


def coverage(visit: domain.Visit, timetable: domain.Timetable, audience: str = COORDINATOR) -> Coverage:
    """Every team, partner organisation and theme with the placed sessions covering it; session
    titles as `audience` may read them."""
    names = redaction_for(visit, audience)
    sessions = {s.id: s for s in visit.sessions}
    placed = _placed_in_order(visit, timetable)
    frontline = {t.name for t in visit.teams if t.frontline}
    rows: list[CoverageRow] = []

    teams: dict[str, list[domain.Person]] = {}
    for person in visit.people:
        if person.team:
            teams.setdefault(person.team, []).append(person)
    for name, members in teams.items():
        ids = {p.id for p in members}
        covering = tuple(
            _covering(names, sessions[a.session], a, len(ids & set(a.attendees)))
            for a in placed
            if ids & set(a.attendees)
        )
        note = ("frontline, " if name in frontline else "") + _people(len(members))
        rows.append(CoverageRow("team", name, note, covering, frontline=name in frontline))

    partners: dict[str, list[domain.Person]] = {}
    for person in visit.people:
        if person.kind == "partner" and person.organisation.strip():
            partners.setdefault(" ".join(person.organisation.split()), []).append(person)
    for name, members in partners.items():
        ids = {p.id for p in members}
        covering = tuple(
            _covering(names, sessions[a.session], a, len(ids & set(a.attendees)))
            for a in placed
            if ids & set(a.attendees)
        )
        rows.append(CoverageRow("partner", name, _people(len(members)), covering))

    for theme in themes_of(visit):
        wanted = theme.casefold()
        covering = tuple(
            _covering(names, sessions[a.session], a, 0)
            for a in placed
            if any(tag.casefold() == wanted for tag in sessions[a.session].tags)
        )
        rows.append(CoverageRow("theme", theme, "", covering))
    return Coverage(tuple(rows))


def unheard_frontline_teams(visit: domain.Visit, timetable: domain.Timetable) -> tuple[str, ...]:
    """Frontline teams, in the visit's order, of whom no one attends a placed focus group."""
    sessions = {s.id: s for s in visit.sessions}
    team_of = {p.id: p.team for p in visit.people}
    heard = {
        team_of.get(pid)
        for a in timetable.assignments
        if a.session in sessions and sessions[a.session].kind == "focus_group"
        for pid in a.attendees
    }
    return tuple(team.name for team in visit.teams if team.frontline and team.name not in heard)
