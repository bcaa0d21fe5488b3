"""The change request pages through the test client: enter, preview, accept, reject, relax."""

from __future__ import annotations

import dataclasses

from flask import Flask
from flask.testing import FlaskClient

from scheduler import domain
from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import list_versions, save_version
from scheduler.services.visits import load_visit, save_person
from tests.support.web import EXAMPLES, page_text
from web.database import session_factory

PLANTED = EXAMPLES / "small.planted.json"


def with_planted_timetable(app: Flask, visit_id: int) -> None:
    with session_factory(app)() as db:
        save_version(db, None, visit_id, load_timetable(PLANTED), app.config["CLOCK"]())
        db.commit()


def new_interview(**overrides: str) -> dict[str, str]:
    form = {
        "kind": "add",
        "replaces": "",
        "id": "",
        "title": "Interview: Joel Moore",
        "session_kind": "interview",
        "minutes": "60",
        "mode": "in_person",
        "priority": "must",
        "required_people": "p13",
        "invited_people": "",
        "assessor_count": "1",
        "assessors_from": "",
    }
    form.update(overrides)
    return form


def test_a_change_request_is_entered_previewed_and_accepted_as_a_new_draft(
    app: Flask, client: FlaskClient, coordinator: int
):
    app.config["CHANGE_REQUEST_SECONDS"] = 2.0
    with_planted_timetable(app, coordinator)
    base = f"/visits/{coordinator}/changes"

    saved = client.post(base, data=new_interview())
    assert saved.status_code == 302 and saved.headers["Location"] == f"{base}/1"
    page = page_text(client.get(f"{base}/1"))
    assert "Add 'Interview: Joel Moore':" in page and "Find placements" in page

    previewed = client.post(f"{base}/1/preview", follow_redirects=True)
    page = page_text(previewed)
    assert "Found 3 placements, best first." in page
    assert page.count("Accept placement") == 3
    assert "No other session moves." in page and "Joel Moore" in page

    accepted = client.post(f"{base}/1/accept/1", follow_redirects=True)
    assert "Placement 1 accepted: the timetable is now draft version 2." in page_text(accepted)
    with session_factory(app)() as db:
        assert [v.number for v in list_versions(db, coordinator)] == [2, 1]
        assert load_visit(db, coordinator).sessions[-1].id == "interview-joel-moore"


def test_a_replacement_needs_the_session_it_replaces(client: FlaskClient, coordinator: int):
    response = client.post(f"/visits/{coordinator}/changes", data=new_interview(kind="replace"))
    assert response.status_code == 200
    assert "Pick the session this one replaces." in page_text(response)


def test_a_request_naming_an_unknown_person_is_refused_with_the_reason(client: FlaskClient, coordinator: int):
    response = client.post(f"/visits/{coordinator}/changes", data=new_interview(required_people="p99"))
    assert response.status_code == 200
    assert "&#39;p99&#39;: not among the people listed." in page_text(response)


def test_previewing_before_any_timetable_says_to_plan_first(client: FlaskClient, coordinator: int):
    client.post(f"/visits/{coordinator}/changes", data=new_interview())
    response = client.post(f"/visits/{coordinator}/changes/1/preview", follow_redirects=True)
    assert "No preview: plan the timetable first" in page_text(response)


def test_an_offered_relaxation_is_applied_with_one_click(app: Flask, client: FlaskClient, coordinator: int):
    with session_factory(app)() as db:
        dan = next(p for p in load_visit(db, coordinator).people if p.id == "p24")
        save_person(db, None, coordinator, dataclasses.replace(dan, available=()), app.config["CLOCK"]())  # type: ignore[arg-type]
        db.commit()
    page = page_text(client.get(f"/visits/{coordinator}/changes"))
    assert "Must sessions that cannot be placed" in page
    assert "Treat Dan Allen&#39;s unavailable time on Tue 10 Mar (09:00-17:00) as &#39;if needed&#39;" in page

    response = client.post(f"/visits/{coordinator}/changes/relax/s6/if_needed:p24:0", follow_redirects=True)

    page = page_text(response)
    assert "Applied: treat Dan Allen&#39;s unavailable time" in page
    assert "Must sessions that cannot be placed" not in page


def test_another_coordinators_change_requests_are_not_found(
    app: Flask, client: FlaskClient, coordinator: int
):
    from tests.support.web import add_user, add_visit

    add_user(app, "other@example.org")
    other_visit = add_visit(app, "other@example.org")
    assert client.get(f"/visits/{other_visit}/changes").status_code == 404
    assert client.get(f"/visits/{coordinator}/changes/99").status_code == 404


def test_an_unscheduled_must_session_gets_a_find_a_place_button(
    app: Flask, client: FlaskClient, coordinator: int
):
    planted = load_timetable(PLANTED)
    without_s6 = dataclasses.replace(
        planted, assignments=tuple(a for a in planted.assignments if a.session != "s6"), unscheduled=()
    )

    without_s6 = dataclasses.replace(
        without_s6, unscheduled=(domain.UnscheduledSession("s6", "no room left"),)
    )
    with session_factory(app)() as db:
        save_version(db, None, coordinator, without_s6, app.config["CLOCK"]())
        db.commit()
    page = page_text(client.get(f"/visits/{coordinator}/changes"))
    assert "no room left" in page and 'aria-label="Find a place for s6"' in page

    response = client.post(f"/visits/{coordinator}/changes/place/s6")

    assert response.status_code == 302 and response.headers["Location"] == f"/visits/{coordinator}/changes/1"
    shown = page_text(client.get(response.headers["Location"]))
    assert "Replace &#39;Case tracking: conversation with person A and their carer&#39; with" in shown
