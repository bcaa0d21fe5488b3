"""People who have not answered are treated as the coordinator chooses, only when planning."""

from __future__ import annotations

import pytest

from scheduler.errors import ServiceError
from scheduler.planning.plan import plan
from scheduler.planning.to_solver import build_problem
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.timetables import get_timetable
from scheduler.services.unanswered import (
    load_visit_for_planning,
    set_unanswered_treatment,
    unanswered_people,
    unanswered_treatment,
    visit_for_planning,
)
from scheduler.services.visits import load_visit
from tests.support.store import NOW, SMALL, add_user, add_visit, example_visit, open_store
from tests.support.tiny_visit import free, meeting, person, tiny_visit


def pool_visit():
    return tiny_visit(
        people=(
            person("p1", free("09:00", "11:00")),
            person("p2", answered=False),
            person("p3", free("09:00", "11:00")),
        ),
        sessions=(meeting("s1", required=("p1",), invited=("p2", "p3")),),
    )


def test_only_people_without_an_availability_list_have_not_answered():
    assert [p.id for p in unanswered_people(pool_visit())] == ["p2"]


def test_assumed_available_leaves_the_visit_as_it_is():
    visit = pool_visit()
    assert visit_for_planning(visit, "available") is visit


def test_unanswered_treated_as_not_available_removes_them_from_the_solver_problem():
    problem = build_problem(visit_for_planning(pool_visit(), "not_available"))
    available = {p.id: p.available for p in problem.people}
    assert available["p2"] == ()
    assert available["p1"] == ((9 * 60, 11 * 60),)
    timetable = plan(visit_for_planning(pool_visit(), "not_available"), time_limit=5).timetable
    assert [(a.session, a.attendees) for a in timetable.assignments] == [("s1", ("p1", "p3"))]


def test_unanswered_assumed_available_may_be_invited():
    timetable = plan(pool_visit(), time_limit=5).timetable
    assert [(a.session, sorted(a.attendees)) for a in timetable.assignments] == [("s1", ["p1", "p2", "p3"])]


def test_the_stored_choice_is_applied_where_the_visit_is_loaded_for_planning(tmp_path):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, SMALL)
        assert unanswered_treatment(db, visit_id) == "available"
        assert {p.id: p.available for p in load_visit_for_planning(db, visit_id).people}["p6"] is None
        set_unanswered_treatment(db, user, visit_id, "not_available", NOW)
        planned = load_visit_for_planning(db, visit_id)
        stored = {p.id: p for p in example_visit(SMALL).people}
        assert {p.id for p in planned.people if p != stored[p.id]} == {"p6", "p21"}
        assert {p.id: p.available for p in planned.people}["p6"] == ()
        number = plan_visit(db, user, visit_id, NOW, time_limit=5)
        timetable = get_timetable(db, visit_id, number)[1]
        attending = {person for placed in timetable.assignments for person in placed.attendees}
        escorting = {placed.escort for placed in timetable.assignments}
        assert not {"p6", "p21"} & (attending | escorting)
        assert load_visit(db, visit_id).people == example_visit(SMALL).people  # the stored visit is unchanged


def test_an_unknown_choice_for_no_answer_is_refused(tmp_path):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, SMALL)
        with pytest.raises(ServiceError, match="not 'maybe'"):
            set_unanswered_treatment(db, user, visit_id, "maybe", NOW)
