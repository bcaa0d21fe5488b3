"""The smallest single relaxations that give an impossible must session a possible start."""

from __future__ import annotations

from solver.candidates import Lookup, session_options
from solver.relaxations import suggest_relaxations
from tests.support.factories import hm, person, problem, room, session, span


def has_a_start(visit, session_id):
    lookup = Lookup(visit)
    return bool(session_options(visit, lookup, lookup.sessions[session_id]).starts)


def test_holding_it_virtually_makes_a_session_without_a_fitting_room_placeable():
    visit = problem(session("s1", room_features=["hearing_loop"]), rooms=[room("r1", features=["video"])])

    offers = suggest_relaxations(visit, "s1")

    assert [o.key for o in offers] == ["virtual"]
    assert offers[0].text == "hold 'Session s1' virtually if need be"
    assert not has_a_start(visit, "s1")
    assert has_a_start(offers[0].problem, "s1")
    assert offers[0].problem.sessions[0].mode == "either"


def test_an_unavailable_required_person_can_be_asked_for_if_needed_time_or_made_optional():
    visit = problem(
        session("s1", required=["p1", "p2"], not_before="10:00", not_after="15:00"),
        people=[person("p1", available=(span(0, "09:00", "09:30"), span(0, "16:00", "17:00")))],
        names={"p1": "A. Smith"},
    )

    offers = suggest_relaxations(visit, "s1")

    assert [o.key for o in offers] == ["if_needed:p1:0", "any_time", "invite:p1"]
    if_needed = offers[0]
    assert if_needed.text == "treat A. Smith's unavailable time on Day 1 (09:30-16:00) as 'if needed'"
    assert (if_needed.person, if_needed.day, if_needed.spans) == ("p1", 0, ((hm("09:30"), hm("16:00")),))
    relaxed_person = next(p for p in if_needed.problem.people if p.id == "p1")
    assert relaxed_person.if_needed == ((hm("09:30"), hm("16:00")),)
    invite = offers[2].problem.sessions[0]
    assert (invite.required_people, invite.invited_people, invite.min_attendees) == (("p2",), ("p1",), 1)
    assert all(has_a_start(o.problem, "s1") for o in offers)


def test_relaxations_that_would_not_help_are_not_offered():
    visit = problem(session("s1", minutes=120, not_after="10:00", mode="either"))

    assert [o.key for o in suggest_relaxations(visit, "s1")] == ["any_time"]


def test_a_session_that_can_start_needs_no_relaxation():
    assert suggest_relaxations(problem(session("s1")), "s1") == []


def test_an_interpreter_who_is_away_can_be_asked_for_if_needed_time():
    visit = problem(
        session("s1", required=["aisha"]),
        people=[
            person("aisha", supporters=["nadia"]),
            person("nadia", available=(span(0, "07:00", "08:00"),)),
        ],
        names={"aisha": "Aisha Rahman", "nadia": "Nadia Hussain"},
    )

    offers = suggest_relaxations(visit, "s1")

    assert [o.text for o in offers] == [
        "treat Nadia Hussain's unavailable time on Day 1 (09:00-17:00) as 'if needed'",
        "make Aisha Rahman optional (invited) for 'Session s1'",
    ]
