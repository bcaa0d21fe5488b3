"""A team's limit as a coordinator types it, and as the planner takes it."""

from __future__ import annotations

import dataclasses

import pytest

from scheduler import domain
from scheduler.domain.team_limits import TeamLimit, as_planned, parse_team_limit, share_as_number
from tests.support.store import SMALL, example_visit


@pytest.mark.parametrize(
    ("typed", "limit"),
    [
        ("3", TeamLimit(people=3)),
        ("50%", TeamLimit(percent=50)),
        ("50 %", TeamLimit(percent=50)),
        ("40 per cent", TeamLimit(percent=40)),
        ("half the team", TeamLimit(percent=50)),
        ("Half of the team", TeamLimit(percent=50)),
        ("a third", TeamLimit(percent=33)),
        ("two thirds of the team", TeamLimit(percent=66)),
        ("", TeamLimit()),
        ("  ", TeamLimit()),
    ],
)
def test_a_limit_is_a_number_of_people_or_a_share_of_the_team(typed: str, limit: TeamLimit) -> None:
    assert parse_team_limit(typed) == limit


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("most of them", "'most of them' is not a limit: give a number of people (3) or a share"),
        ("0", "'0': at least 1 person of the team must be free to attend"),
        ("150 %", "'150 %': a share of the team is between 1 % and 100 %"),
    ],
)
def test_what_is_no_limit_is_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_team_limit(typed)
    assert str(refused.value).startswith(reason)


def test_a_share_rounds_down_and_is_never_below_one() -> None:
    assert [share_as_number(50, n) for n in (7, 8, 1)] == [3, 4, 1]
    assert share_as_number(10, 4) == 1
    assert share_as_number(100, 9) == 9


def test_planning_takes_shares_as_numbers_and_the_staff_cap_for_staff_without_their_own() -> None:
    visit = example_visit(SMALL)
    people = tuple(
        dataclasses.replace(p, max_sessions_per_day=3) if p.id == "p5" else p for p in visit.people
    )
    visit = dataclasses.replace(
        visit,
        people=people,
        teams=(domain.Team("Reviewing", max_away=2, max_away_percent=50),),  # 7 people now
        staff_max_sessions_per_day=2,
    )
    planned = as_planned(visit)
    assert [(t.name, t.max_away) for t in planned.teams] == [("Reviewing", 3)]
    caps = {p.id: p.max_sessions_per_day for p in planned.people}
    assert (caps["p5"], caps["p6"], caps["p22"], caps["p24"]) == (3, 2, None, None)
    assert as_planned(example_visit(SMALL)) == example_visit(SMALL)
