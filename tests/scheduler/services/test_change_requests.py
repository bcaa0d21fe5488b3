"""Change requests: submit, preview ranked placements with their impact, accept into a draft;
and the one-click relaxations for a must session that cannot be placed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.errors import ServiceError
from scheduler.files.timetable_file import load_timetable
from scheduler.planning.to_solver import build_problem
from scheduler.services.change_requests import (
    accept_change_request,
    apply_relaxation,
    get_change_request,
    list_change_requests,
    placement_views,
    preview_change_request,
    reject_change_request,
    relaxations_for,
    request_placement,
    submit_change_request,
    unplaceable_sessions,
)
from scheduler.services.timetables import get_timetable, list_versions, save_version
from scheduler.services.visits import load_visit, save_person, save_session
from solver.checker import find_violations
from tests.support.store import EXAMPLES, NOW, SMALL, add_user, add_visit, open_store

PLANTED = EXAMPLES / "small.planted.json"
SECONDS = 3.0


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path)() as session:
        yield session


@pytest.fixture
def user(db: Session) -> User:
    return add_user(db)


@pytest.fixture
def visit_id(db: Session, user: User) -> int:
    """The small example visit with its planted timetable as version 1."""
    visit_id = add_visit(db, user, SMALL)
    save_version(db, user, visit_id, load_timetable(PLANTED), NOW)
    return visit_id


def interview(
    id: str = "s9", people: tuple[str, ...] = ("p13",), title: str = "Interview: Joel Moore"
) -> domain.Session:
    return domain.Session(
        id=id,
        title=title,
        kind="interview",
        minutes=60,
        required_people=people,
        min_attendees=len(people),
        max_attendees=len(people),
    )


def test_a_new_session_gets_three_ranked_placements_each_with_its_impact(
    db: Session, user: User, visit_id: int
):
    request_id = submit_change_request(db, user, visit_id, "add", interview(), None, NOW)

    views = preview_change_request(db, visit_id, request_id, time_limit=SECONDS, workers=1)

    assert [v.number for v in views] == [1, 2, 3]
    assert len({(v.start, v.where) for v in views}) == 3
    for view in views:
        assert view.attendees == ("Joel Moore",)
        assert "Joel Moore" in view.renotify and set(view.assessors) <= set(view.renotify)
        assert view.start >= "09:30" and view.end <= "15:30"  # inside Joel Moore's free time
    assert views[0].score >= views[1].score >= views[2].score
    assert placement_views(db, visit_id, request_id) == views  # kept on the request


def test_accepting_a_placement_adds_the_session_and_saves_a_new_draft_version(
    db: Session, user: User, visit_id: int
):
    request_id = submit_change_request(db, user, visit_id, "add", interview(), None, NOW)
    best = preview_change_request(db, visit_id, request_id, time_limit=SECONDS, workers=1)[0]

    number = accept_change_request(db, user, visit_id, request_id, 1, NOW)

    assert number == 2
    assert [(v.number, v.state) for v in list_versions(db, visit_id)] == [(2, "draft"), (1, "draft")]
    visit = load_visit(db, visit_id)
    assert visit.sessions[-1].title == "Interview: Joel Moore"
    _, timetable = get_timetable(db, visit_id, 2)
    placed = next(p for p in timetable.assignments if p.session == "s9")
    assert (placed.day, placed.start, placed.end) == (best.day, best.start, best.end)
    assert find_violations(build_problem(visit), build_problem(visit, timetable).previous) == []
    assert get_change_request(db, visit_id, request_id).state == "accepted"
    assert list_versions(db, visit_id)[0].note.startswith(
        "change request 1: Interview: Joel Moore at Tue 10 Mar"
    )


def test_a_replacement_takes_the_place_of_the_old_session_and_its_people_are_told(
    db: Session, user: User, visit_id: int
):
    replacement = interview("s3", ("p13", "p9"), "Meeting: learning disability team")
    request_id = submit_change_request(db, user, visit_id, "replace", replacement, "s3", NOW)

    views = preview_change_request(db, visit_id, request_id, time_limit=SECONDS, workers=1)

    assert views
    for view in views:
        # The ICB partners no longer meet the assessors; the new team does.
        assert {"Ryan Parker", "Sana Bailey", "Joel Moore", "Laila Martin"} <= set(view.renotify)
    accept_change_request(db, user, visit_id, request_id, 1, NOW)
    titles = [s.title for s in load_visit(db, visit_id).sessions]
    assert "Meeting: learning disability team" in titles
    assert "Meeting: NHS Westmere Integrated Care Board" not in titles


def test_a_request_that_would_make_the_visit_invalid_is_refused_with_the_reason(
    db: Session, user: User, visit_id: int
):
    with pytest.raises(ServiceError, match="there is already a session s3"):
        submit_change_request(db, user, visit_id, "add", interview("s3"), None, NOW)
    with pytest.raises(ServiceError) as refused:
        submit_change_request(db, user, visit_id, "add", interview(people=("nobody",)), None, NOW)
    assert any("nobody" in problem for problem in refused.value.problems)
    assert list_change_requests(db, visit_id) == []


def test_accepting_needs_a_preview_of_the_current_timetable(db: Session, user: User, visit_id: int):
    request_id = submit_change_request(db, user, visit_id, "add", interview(), None, NOW)
    with pytest.raises(ServiceError, match="has no placement 1: preview it first"):
        accept_change_request(db, user, visit_id, request_id, 1, NOW)
    preview_change_request(db, visit_id, request_id, time_limit=SECONDS, workers=1)
    save_version(db, user, visit_id, load_timetable(PLANTED), NOW)
    with pytest.raises(ServiceError, match="the timetable has changed since this preview"):
        accept_change_request(db, user, visit_id, request_id, 1, NOW)


def test_a_rejected_request_can_no_longer_be_accepted(db: Session, user: User, visit_id: int):
    request_id = submit_change_request(db, user, visit_id, "add", interview(), None, NOW)
    reject_change_request(db, user, visit_id, request_id, NOW)
    with pytest.raises(ServiceError, match="already rejected"):
        preview_change_request(db, visit_id, request_id, time_limit=SECONDS, workers=1)


def test_a_must_session_whose_person_is_never_free_is_offered_relaxations_and_one_applies(
    db: Session, user: User, visit_id: int
):
    visit = load_visit(db, visit_id)
    dan = next(p for p in visit.people if p.id == "p24")
    save_person(db, user, visit_id, dataclasses.replace(dan, available=()), NOW)

    stuck = unplaceable_sessions(db, visit_id)

    assert [s.session for s in stuck] == ["s6"]
    offers = relaxations_for(db, visit_id, "s6")
    assert [o.key for o in offers] == ["if_needed:p24:0", "invite:p24"]
    assert offers[0].text == "treat Dan Allen's unavailable time on Tue 10 Mar (09:00-17:00) as 'if needed'"
    assert stuck[0].relaxations == tuple(offers)

    done = apply_relaxation(db, user, visit_id, "s6", "if_needed:p24:0", NOW)

    assert done == offers[0].text
    dan = next(p for p in load_visit(db, visit_id).people if p.id == "p24")
    assert dan.available == (domain.Interval("2026-03-10", "09:00", "17:00", "if_needed"),)
    assert unplaceable_sessions(db, visit_id) == []


def test_holding_a_session_virtually_is_applied_as_mode_either(db: Session, user: User, visit_id: int):
    visit = load_visit(db, visit_id)
    s5 = next(s for s in visit.sessions if s.id == "s5")
    # The only room with a hearing loop is open until 11:00.
    save_session(
        db, user, visit_id, dataclasses.replace(s5, room_features=("hearing_loop",), not_before="11:00"), NOW
    )
    assert [o.key for o in relaxations_for(db, visit_id, "s5")] == ["virtual", "any_time"]

    apply_relaxation(db, user, visit_id, "s5", "virtual", NOW)

    assert next(s for s in load_visit(db, visit_id).sessions if s.id == "s5").mode == "either"
    with pytest.raises(ServiceError, match="not one of the relaxations offered"):
        apply_relaxation(db, user, visit_id, "s5", "virtual", NOW)


def test_an_unscheduled_must_session_can_be_placed_by_moving_what_takes_its_times(
    db: Session, user: User, visit_id: int
):
    planted = load_timetable(PLANTED)
    without_s6 = dataclasses.replace(
        planted,
        assignments=tuple(a for a in planted.assignments if a.session != "s6"),
        unscheduled=(
            domain.UnscheduledSession("s6", "each of its possible starts clashes with the rest of the plan"),
        ),
    )
    save_version(db, user, visit_id, without_s6, NOW)
    assert [(s.session, s.relaxations) for s in unplaceable_sessions(db, visit_id)] == [("s6", ())]

    request_id = request_placement(db, user, visit_id, "s6", NOW)
    views = preview_change_request(db, visit_id, request_id, time_limit=SECONDS, workers=1)

    assert views and all("Dan Allen" in v.attendees for v in views)
    accept_change_request(db, user, visit_id, request_id, 1, NOW)
    _, timetable = get_timetable(db, visit_id)
    assert "s6" in {a.session for a in timetable.assignments} and timetable.unscheduled == ()
    assert unplaceable_sessions(db, visit_id) == []
