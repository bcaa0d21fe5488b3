"""The app's team settings as the planner takes them (pure).

A coordinator may give a team's limit as a share ("half the team": 50 %). The planner needs a
number: the share of the team's people as the visit has them now, rounded down, and at least 1
so that a small team is never kept from every session. Staff without a daily cap of their own
get the visit's default one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from scheduler import domain


def team_sizes(visit: domain.Visit) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for person in visit.people:
        if person.team:
            sizes[person.team] = sizes.get(person.team, 0) + 1
    return sizes


def share_as_number(percent: int, team_size: int) -> int:
    """50 % of 7 people is 3; 10 % of 4 people is still 1."""
    return max(1, team_size * percent // 100)


def resolved_teams(visit: domain.Visit) -> tuple[domain.Team, ...]:
    sizes = team_sizes(visit)
    return tuple(
        dataclasses.replace(team, max_away=share_as_number(team.max_away_percent, sizes.get(team.name, 0)))
        if team.max_away_percent is not None
        else team
        for team in visit.teams
    )


def capped_people(visit: domain.Visit) -> tuple[domain.Person, ...]:
    cap = visit.staff_max_sessions_per_day
    if cap is None:
        return visit.people
    return tuple(
        dataclasses.replace(person, max_sessions_per_day=cap)
        if person.kind == "staff" and person.max_sessions_per_day is None
        else person
        for person in visit.people
    )


def as_planned(visit: domain.Visit) -> domain.Visit:
    """The visit with shares as numbers and the staff's default cap on those without their own."""
    if visit.staff_max_sessions_per_day is None and all(t.max_away_percent is None for t in visit.teams):
        return visit
    return dataclasses.replace(visit, teams=resolved_teams(visit), people=capped_people(visit))


# ---- what a coordinator types as a team's limit ------------------------------------------------

_SHARE_WORDS = {
    "all": 100,
    "whole": 100,
    "half": 50,
    "a half": 50,
    "one half": 50,
    "a third": 33,
    "one third": 33,
    "third": 33,
    "two thirds": 66,
    "a quarter": 25,
    "one quarter": 25,
    "quarter": 25,
    "three quarters": 75,
    "a fifth": 20,
    "one fifth": 20,
    "fifth": 20,
}
_TEAM_WORDS = ("of the team", "the team", "of them", "team")
LIMIT_HELP = "a number of people (3) or a share of the team (50 %, half the team)"


@dataclass(frozen=True)
class TeamLimit:
    """A team's limit as typed: a number of people, a share in per cent, or none."""

    people: int | None = None
    percent: int | None = None

    def describe(self) -> str:
        if self.percent is not None:
            return f"{self.percent} % of the team"
        if self.people is not None:
            return f"{self.people} at a time"
        return "no limit"


def parse_team_limit(text: str) -> TeamLimit:
    """'3', '50%', '50 %', 'half', 'half the team', 'two thirds'; blank: no limit. ValueError says why not."""
    words = " ".join(text.strip().lower().replace("％", "%").split())
    if not words:
        return TeamLimit()
    for tail in _TEAM_WORDS:
        if words.endswith(" " + tail) or words == tail:
            words = words[: -len(tail)].strip()
            break
    share = words.endswith(("%", " per cent", " percent"))
    words = words.removesuffix(" per cent").removesuffix(" percent")
    if words in _SHARE_WORDS:
        return TeamLimit(percent=_SHARE_WORDS[words])
    number_text = words.removesuffix("%").strip()
    try:
        number = float(number_text) if share else int(number_text)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a limit: give {LIMIT_HELP}") from None
    if share:
        if not 0 < number <= 100:
            raise ValueError(f"'{text.strip()}': a share of the team is between 1 % and 100 %")
        return TeamLimit(percent=max(1, int(number)))
    if number < 1:
        raise ValueError(f"'{text.strip()}': at least 1 person of the team must be free to attend")
    return TeamLimit(people=int(number))


def without_empty_teams(visit: domain.Visit) -> domain.Visit:
    """The visit without the settings of teams nobody belongs to any more.

    A visit file naming such a team is refused (a misspelt name would lift its limit), but in
    the app the last person leaving a team, or moving to another, should not block the edit.
    """
    carried = {person.team for person in visit.people if person.team}
    if all(team.name in carried for team in visit.teams):
        return visit
    return dataclasses.replace(visit, teams=tuple(t for t in visit.teams if t.name in carried))
