"""Assessors ask for a session through their personal link; it joins the coordinator's
change-request queue, and accepting its preview puts it in the next draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler import domain
from scheduler.errors import NotFound, ServiceError
from scheduler.services.assessor_requests import (
    AssessorAsk,
    assessor_of_request,
    assessor_request_page,
    submit_assessor_request,
)
from scheduler.services.availability_links import issue_link
from scheduler.services.change_requests import (
    accept_change_request,
    get_change_request,
    preview_change_request,
    requested_session,
)
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.timetables import get_timetable
from scheduler.services.visits import import_visit
from tests.support.store import NOW, add_user, open_store
from tests.support.tiny_visit import free, meeting, person, tiny_visit


@pytest.fixture
def store(tmp_path: Path):
    factory = open_store(tmp_path)
    visit = tiny_visit(
        people=(
            person("p1", free("09:00", "11:00"), team="Reablement"),
            person("p2", free("09:00", "11:00"), team="Reablement"),
            person("p3", free("09:00", "11:00"), team="Hospital discharge"),
        ),
        sessions=(meeting("s1", required=("p1",), minutes=30),),
    )
    visit = domain.Visit(
        **{**visit.__dict__, "assessors": (*visit.assessors, domain.Assessor("a2", "Assessor Two"))}
    )
    with factory() as db:
        user = add_user(db)
        visit_id = import_visit(db, user, visit, NOW)
        token = issue_link(db, user, visit_id, "assessor", "a2", NOW)
        person_token = issue_link(db, user, visit_id, "person", "p3", NOW)
        db.commit()
        yield db, user, visit_id, token, person_token


def test_an_assessors_request_for_a_new_session_lands_in_the_change_request_queue(store):
    db, _, visit_id, token, _ = store
    ask = AssessorAsk(
        "add", None, "Reablement team", people=("p3",), teams=("Reablement",), minutes=60, mode="either"
    )
    request_id = submit_assessor_request(db, token, ask, NOW)
    request = get_change_request(db, visit_id, request_id)
    assert (request.kind, request.state, request.created_by) == ("add", "open", None)
    session = requested_session(request)
    assert (session.id, session.title, session.kind, session.minutes, session.mode) == (
        "s2",
        "Reablement team",
        "focus_group",
        60,
        "either",
    )
    assert (session.required_people, session.invited_people) == (("p3",), ("p1", "p2"))
    assert (session.min_attendees, session.max_attendees) == (1, 3)
    assert session.assessors == domain.AssessorNeed(count=1, from_ids=("a2",))
    assert assessor_of_request(db, request_id).assessor_key == "a2"
    assert assessor_request_page(db, token, NOW).asked == ((request_id, "Reablement team", "open"),)


def test_accepting_an_assessors_request_adds_it_to_the_next_draft(store):
    db, user, visit_id, token, _ = store
    plan_visit(db, user, visit_id, NOW, time_limit=5)
    ask = AssessorAsk("add", None, "Talk to p2", people=("p2",), teams=(), minutes=30, mode="virtual")
    request_id = submit_assessor_request(db, token, ask, NOW)
    assert preview_change_request(db, visit_id, request_id, time_limit=2, workers=1)
    number = accept_change_request(db, user, visit_id, request_id, 1, NOW)
    assert number == 2
    placed = {p.session: p for p in get_timetable(db, visit_id, number)[1].assignments}
    assert placed["s2"].assessors == ("a2",)
    assert placed["s2"].attendees == ("p2",)


def test_an_assessor_may_ask_to_change_a_session(store):
    db, _, visit_id, token, _ = store
    ask = AssessorAsk("replace", "s1", "", people=("p1", "p3"), teams=(), minutes=60, mode="virtual")
    request = get_change_request(db, visit_id, submit_assessor_request(db, token, ask, NOW))
    session = requested_session(request)
    assert (request.kind, request.replaces) == ("replace", "s1")
    assert (session.id, session.title, session.minutes, session.mode) == ("s1", "Meeting s1", 60, "virtual")
    assert session.required_people == ("p1", "p3")


def test_a_persons_link_or_a_wrong_token_cannot_ask_for_sessions(store):
    db, _, _, token, person_token = store
    ask = AssessorAsk("add", None, "Sneaky", people=("p1",), teams=(), minutes=30, mode="either")
    with pytest.raises(NotFound):
        submit_assessor_request(db, person_token, ask, NOW)
    with pytest.raises(NotFound):
        submit_assessor_request(db, token[:-1] + ("A" if token[-1] != "A" else "B"), ask, NOW)


def test_a_request_with_nobody_an_unknown_team_or_an_oversized_note_is_refused(store):
    db, _, _, token, _ = store
    with pytest.raises(ServiceError) as refused:
        submit_assessor_request(
            db, token, AssessorAsk("add", None, "", (), (), 30, "either", "x" * 1001), NOW
        )
    assert refused.value.problems == [
        "give the new session a title",
        "pick whom you want to see: people or a team",
        "the note is longer than 1000 characters",
    ]
    with pytest.raises(ServiceError) as unknown:
        submit_assessor_request(
            db, token, AssessorAsk("add", None, "T", ("p9",), ("Finance",), 30, "either"), NOW
        )
    assert unknown.value.problems == [
        "there is no p9 in this visit",
        "there is no team Finance in this visit",
    ]
    with pytest.raises(ServiceError) as off_grid:
        submit_assessor_request(db, token, AssessorAsk("add", None, "T", ("p1",), (), 25, "either"), NOW)
    assert "the visit would not be valid" in off_grid.value.message
