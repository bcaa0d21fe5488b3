"""Why a must session cannot be placed: a supporter, a manager, a team limit, a daily cap, the frozen past."""

from __future__ import annotations

from solver.problem import Problem
from tests.support.factories import assessor, assignment, hm, person, problem, room, session, span, team
from tests.support.solving import solved

NAMES = {"aisha": "Aisha Rahman", "nadia": "Nadia Hussain", "kieran": "Kieran Gill", "sarah": "Sarah Okafor"}


def reasons(visit: Problem) -> dict[str, tuple[str, ...]]:
    solution = solved(visit)
    assert solution.status == "INFEASIBLE"
    return {u.session: u.reasons for u in solution.unplaced}


def test_an_interpreter_who_is_never_free_is_named():
    visit = problem(
        session("interview", required=["aisha"]),
        people=[
            person("aisha", supporters=["nadia"]),
            person("nadia", available=(span(0, "07:00", "08:00"),)),
        ],
        names=NAMES,
    )
    assert reasons(visit)["interview"] == (
        "no 60-minute slot on Day 1 when a supporter of Aisha Rahman is free",
        "Aisha Rahman needs Nadia Hussain with them, who is free only 07:00-08:00 on Day 1",
    )


def test_a_focus_group_that_requires_a_manager_and_their_staff_says_so():
    visit = problem(
        session("voices", kind="focus_group", required=["kieran", "sarah"]),
        people=[person("kieran", manager="sarah"), person("sarah")],
        names=NAMES,
    )
    assert reasons(visit)["voices"][1] == (
        "Kieran Gill and their line manager Sarah Okafor are both required, "
        "but a focus group never holds both"
    )


def test_a_team_that_cannot_spare_another_person_is_named():
    visit = problem(
        session("s1", required=["kieran"]),
        session("s2", required=["sarah"]),
        rooms=[room("r1"), room("r2")],
        assessors=[assessor("a1"), assessor("a2")],
        people=[person("kieran", team="Hospital discharge"), person("sarah", team="Hospital discharge")],
        teams=[team("Hospital discharge", max_away=1)],
        day_end="10:00",
        names=NAMES,
    )
    (why,) = reasons(visit).values()
    assert "Hospital discharge can spare 1 at once and 1 are in other sessions then" in why


def test_a_daily_cap_that_is_reached_is_named():
    visit = problem(
        session("s1", required=["kieran"]),
        session("s2", required=["kieran"]),
        people=[person("kieran", max_sessions_per_day=1)],
        names=NAMES,
    )
    (why,) = reasons(visit).values()
    assert "Kieran Gill already has 1 session on Day 1, their most" in why


def test_a_session_that_could_only_start_in_the_frozen_past_says_so():
    visit = problem(
        session("early", not_after="10:00"),
        previous=[assignment("other", "09:00")],
        frozen_before=hm("09:30"),
    )
    assert reasons(visit)["early"] == (
        "it could only start before Day 1 09:30, and this re-plan keeps everything before then as it was",
    )


def test_a_session_whose_people_meet_only_in_the_frozen_past_says_so():
    visit = problem(
        session("meeting", required=["kieran"]),
        people=[person("kieran", available=(span(0, "09:00", "10:00"), span(1, "09:00", "10:00")))],
        previous=[assignment("other", "09:00")],
        frozen_before=1440 + hm("09:30"),
        day_count=2,
        names=NAMES,
    )
    assert reasons(visit)["meeting"] == (
        "no 60-minute slot on Day 2 when Kieran Gill is free",
        "Kieran Gill is free only 09:00-10:00 on Day 1, 09:00-10:00 on Day 2",
        "times before Day 2 09:30 are kept as they were in this re-plan",
    )


def test_a_session_that_had_started_but_cannot_stay_as_it_was_is_named_with_what_changed():
    visit = problem(
        session("review", required=["kieran"]),
        session("briefing", priority="should", required=["sarah"]),
        people=[person("kieran", available=(span(0, "13:00", "17:00"),)), person("sarah")],
        previous=[
            assignment("review", "09:00", attendees=["kieran"]),
            assignment("briefing", "10:00", attendees=["sarah"]),
        ],
        frozen_before=hm("11:00"),
        names=NAMES,
    )
    solution = solved(visit, relax=True)
    assert solution.status == "INFEASIBLE"
    assert [a.session for a in solution.assignments] == ["briefing"]
    assert solution.unplaced[0].reasons == (
        "it had started before Day 1 11:00, but the visit has changed so it cannot stay as it was",
        "session 'Session review' (Day 1 09:00-10:00): Kieran Gill is not available for the whole session",
    )


def test_a_should_session_that_cannot_stay_as_it_was_is_left_out_and_named():
    visit = problem(
        session("review", required=["kieran"]),
        session("briefing", priority="should", required=["sarah"]),
        people=[person("kieran"), person("sarah", available=(span(0, "13:00", "17:00"),))],
        previous=[assignment("briefing", "09:00", attendees=["sarah"])],
        frozen_before=hm("11:00"),
        names=NAMES,
    )
    solution = solved(visit)
    assert solution.status in ("OPTIMAL", "FEASIBLE")
    assert [a.session for a in solution.assignments] == ["review"]
    assert [(u.session, u.reasons[1]) for u in solution.unplaced] == [
        (
            "briefing",
            "session 'Session briefing' (Day 1 09:00-10:00): "
            "Sarah Okafor is not available for the whole session",
        )
    ]
