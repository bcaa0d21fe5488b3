"""The visit's teams as the Teams page edits them: each team people carry, how many of it may be
in sessions at once (a number, or a share resolved when planning) and whether it is frontline."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.domain.team_limits import TeamLimit, share_as_number, team_sizes
from scheduler.errors import NotFound, ServiceError
from scheduler.services.visits import load_visit, update_visit


@dataclass(frozen=True)
class TeamRow:
    name: str
    people: int
    max_away: int | None  # as the planner will take it now
    percent: int | None  # when given as a share
    frontline: bool
    managers: int  # of its people with a line manager in the visit
    members: tuple[tuple[str, str], ...] = ()  # (name, their line manager's name or "")

    @property
    def limit_text(self) -> str:
        """What the coordinator typed, as the form shows it again: '3' or '50 %'."""
        if self.percent is not None:
            return f"{self.percent} %"
        return "" if self.max_away is None else str(self.max_away)

    @property
    def limit_words(self) -> str:
        if self.percent is not None:
            return f"{self.percent} % of the team: {self.max_away} at a time now"
        return "no limit" if self.max_away is None else f"{self.max_away} at a time"


def team_rows(visit: domain.Visit) -> list[TeamRow]:
    """Every team people carry, the configured ones first in their order, then the rest by name."""
    sizes = team_sizes(visit)
    configured = {team.name: team for team in visit.teams}
    names = [t.name for t in visit.teams] + sorted(n for n in sizes if n not in configured)
    with_manager: dict[str, int] = {}
    person_names = {p.id: p.name for p in visit.people}
    members: dict[str, list[tuple[str, str]]] = {}
    for person in visit.people:
        if person.team and person.manager in person_names:
            with_manager[person.team] = with_manager.get(person.team, 0) + 1
        if person.team:
            manager = person_names.get(person.manager, "") if person.manager else ""
            members.setdefault(person.team, []).append((person.name, manager))
    rows = []
    for name in names:
        team = configured.get(name, domain.Team(name))
        size = sizes.get(name, 0)
        number = (
            share_as_number(team.max_away_percent, size)
            if team.max_away_percent is not None
            else team.max_away
        )
        rows.append(
            TeamRow(
                name,
                size,
                number,
                team.max_away_percent,
                team.frontline,
                with_manager.get(name, 0),
                tuple(members.get(name, ())),
            )
        )
    return rows


def find_team_row(visit: domain.Visit, name: str) -> TeamRow:
    row = next((r for r in team_rows(visit) if r.name == name), None)
    if row is None:
        raise NotFound(f"no person of visit '{visit.name}' is in a team called {name!r}")
    return row


def save_team(
    db: Session,
    actor: User,
    visit_id: int,
    name: str,
    limit: TeamLimit,
    frontline: bool,
    now: datetime,
) -> list[str]:
    """Set a team's limit and whether it is frontline; a team with neither goes from the list."""
    visit = load_visit(db, visit_id)
    row = find_team_row(visit, name)
    if limit.people is not None and limit.people > row.people:
        raise ServiceError(
            f"team {name!r} has {row.people} people, so a limit of {limit.people} would limit nothing",
            [f"Give at most {row.people} for {name}, or leave it blank for no limit."],
        )
    number = limit.people
    if limit.percent is not None:  # kept as a number too, so exported files carry the limit
        number = share_as_number(limit.percent, row.people)
    team = domain.Team(name, max_away=number, frontline=frontline, max_away_percent=limit.percent)
    plain = number is None and not frontline
    others = tuple(t for t in visit.teams if t.name != name)
    if plain:
        teams = others
    elif any(t.name == name for t in visit.teams):
        teams = tuple(team if t.name == name else t for t in visit.teams)
    else:
        teams = (*visit.teams, team)
    return update_visit(db, actor, visit_id, dataclasses.replace(visit, teams=teams), now, action="save_team")
