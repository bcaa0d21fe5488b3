"""A re-plan keeps what had started (H17) before anything else, whatever its priority: when the
plan it keeps was shifted by hand ("the day runs late"), a later session that now clashes with
a started one gives way, and no phase of the search trades a started session for a must."""

from solver.best import BestPlan
from solver.problem import Weights
from solver.solve import must_sessions_only, still_valid
from tests.support.factories import assignment, hm, person, problem, session

STARTED = assignment("Focus group: unpaid carers", "09:00", attendees=["ruth", "kieran"])
# Pushed 30 minutes later by hand, into the room the focus group still holds until 10:00.
SHIFTED = assignment("Interview: Director of Adult Social Care", "09:30", attendees=["aisha"])


def _visit():  # type: ignore[no-untyped-def]
    return problem(
        session(
            "Focus group: unpaid carers",
            kind="focus_group",
            priority="should",
            invited=["ruth", "kieran"],
            min_attendees=2,
            max_attendees=2,
        ),
        session("Interview: Director of Adult Social Care", required=["aisha"]),
        session("Interview: Principal Social Worker", required=["kieran"]),
        people=[person("ruth"), person("kieran"), person("aisha")],
        previous=[STARTED, SHIFTED],
        frozen_before=hm("09:15"),
    )


def test_a_shifted_session_that_clashes_with_a_started_one_gives_way() -> None:
    kept = still_valid(_visit(), _visit().previous)
    assert kept == [STARTED]  # before: both were dropped, and the start could lose the focus group


def test_the_must_sessions_search_holds_the_started_sessions_too() -> None:
    core = must_sessions_only(_visit())
    assert {s.id: s.priority for s in core.sessions} == {
        "Focus group: unpaid carers": "must",  # before: left out, so its room and people looked free
        "Interview: Director of Adult Social Care": "must",
        "Interview: Principal Social Worker": "must",
    }


def test_a_plan_that_keeps_the_past_beats_one_that_drops_it_for_another_must() -> None:
    best = BestPlan(_visit(), Weights())
    without_the_past = [
        assignment("Interview: Director of Adult Social Care", "10:00", attendees=["aisha"]),
        assignment("Interview: Principal Social Worker", "11:00", attendees=["kieran"]),
    ]
    with_the_past = [
        STARTED,
        assignment("Interview: Director of Adult Social Care", "10:00", attendees=["aisha"]),
    ]

    assert best.offer(with_the_past)
    assert not best.offer(without_the_past)  # before: two musts outranked the started focus group
    assert best.plan == with_the_past
