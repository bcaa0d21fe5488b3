"""A timetable's hint, made complete so that CP-SAT starts its search from it at once."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.candidates import all_options
from solver.hints import complete_hint
from solver.problem import Weights
from solver.solve import build_model, polish
from tests.support.factories import assignment, problem, session


def test_a_hint_on_some_variables_is_completed_with_values_that_agree_with_it():
    model = cp_model.CpModel()
    chosen = model.new_int_var(0, 10, "chosen")
    rest = model.new_int_var(0, 10, "rest")
    model.add(chosen + rest == 7)
    model.add_hint(chosen, 3)

    assert complete_hint(model)

    hint = model.proto.solution_hint
    assert dict(zip(list(hint.vars), list(hint.values), strict=True)) == {chosen.index: 3, rest.index: 4}


def test_a_hint_that_breaks_the_model_is_left_as_it_was():
    model = cp_model.CpModel()
    chosen = model.new_int_var(0, 10, "chosen")
    model.add(chosen >= 5)
    model.add_hint(chosen, 3)

    assert not complete_hint(model)

    assert list(model.proto.solution_hint.values) == [3]


def test_polishing_keeps_each_session_where_it_is_and_fills_its_free_seats():
    visit = problem(session("focus group", invited=["p1", "p2"], min_attendees=1))
    lookup, options = all_options(visit)
    built = build_model(visit, lookup, options, Weights(), strict=True)
    one_invitee = [assignment("focus group", "11:00", attendees=["p1"])]

    polished = polish(built.vars, one_invitee, seconds=5, workers=1)

    assert [(a.session, a.start, a.room, a.attendees) for a in polished] == [
        ("focus group", 11 * 60, "r1", ("p1", "p2"))
    ]
