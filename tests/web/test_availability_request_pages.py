"""The coordinator's availability pages: deadline, no-answer choice, heatmap, case tracking."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from scheduler.services.visits import load_visit
from tests.support.web import EXAMPLES, add_visit, page_text
from web.database import session_factory

MEDIUM_VISIT = EXAMPLES / "medium.json"


def stored_visit(app: Flask, visit_id: int):
    with session_factory(app)() as db:
        return load_visit(db, visit_id)


def test_the_availability_page_lists_who_has_not_answered_as_the_planner_treats_them(
    client: FlaskClient, coordinator: int
):
    text = page_text(client.get(f"/visits/{coordinator}/availability"))
    assert "Asking for availability" in text
    waiting = re.search(r'<tr id="waiting-person-p6">(.*?)</tr>', text, re.S)
    assert waiting and "no answer: assumed available" in waiting.group(1)
    assert '<tr id="answered-person-p1">' in text


def test_a_deadline_is_set_in_the_visits_time_zone(client: FlaskClient, coordinator: int):
    response = client.post(
        f"/visits/{coordinator}/availability/deadline", data={"day": "2026-03-05", "time": "12:00"}
    )
    assert response.status_code == 302
    text = page_text(client.get(f"/visits/{coordinator}/availability"))
    assert '<strong id="deadline-shown">Thu 5 Mar 12:00 (Europe/London)</strong>' in text


def test_a_deadline_that_is_not_a_day_is_refused_with_a_message(client: FlaskClient, coordinator: int):
    client.post(f"/visits/{coordinator}/availability/deadline", data={"day": "5 March", "time": "12:00"})
    text = page_text(client.get(f"/visits/{coordinator}/availability"))
    assert "Enter the deadline as a day YYYY-MM-DD" in text
    assert "No deadline yet" in text


def test_choosing_not_available_marks_the_people_list(client: FlaskClient, coordinator: int):
    client.post(f"/visits/{coordinator}/availability/unanswered", data={"treat_as": "not_available"})
    text = page_text(client.get(f"/visits/{coordinator}/people"))
    assert text.count('<span class="no-answer">no answer: assumed not available</span>') == 2  # p6 and p21


def test_the_heatmap_shows_counts_per_start_and_whether_all_required_are_free(
    client: FlaskClient, coordinator: int
):
    response = client.get(f"/visits/{coordinator}/sessions/s4/heatmap")
    text = page_text(response)
    assert response.status_code == 200
    assert "Who is free:" in text
    cells = re.findall(r'data-start="2026-03-10 (\d\d:\d\d)"', text)
    assert cells[0] == "09:00"
    assert "0 required" in text or "0 of 0 required" in text
    assert client.get(f"/visits/{coordinator}/sessions/nope/heatmap").status_code == 404


def test_withdrawing_a_chosen_person_promotes_the_next_reserve_and_goes_to_the_plan_page(
    app: Flask, client: FlaskClient, coordinator: int
):
    visit_id = add_visit(app, "coordinator@example.org", MEDIUM_VISIT)
    client.post(f"/visits/{visit_id}/case-tracking/start")
    text = page_text(client.get(f"/visits/{visit_id}/case-tracking"))
    assert text.count('class="status-chosen"') == 6
    assert text.count('class="status-reserve"') == 4
    response = client.post(f"/visits/{visit_id}/case-tracking/p122/withdraw")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/visits/{visit_id}/plan"
    sessions = {s.id: s.priority for s in stored_visit(app, visit_id).sessions}
    assert "s26" not in sessions and sessions["s38"] == "must"
    text = page_text(client.get(f"/visits/{visit_id}/case-tracking"))
    assert re.search(r'<tr id="ct-p122" class="status-withdrawn">', text)
    assert re.search(r'<tr id="ct-p129" class="status-chosen">', text)


def test_adding_a_person_to_case_tracking_records_consent_support_and_setting(
    app: Flask, client: FlaskClient, coordinator: int
):
    response = client.post(
        f"/visits/{coordinator}/case-tracking",
        data={
            "person": "p26",
            "reserve": "y",
            "consent": "yes",
            "consent_date": "2026-02-20",
            "support": ["interpreter", "carer_present"],
            "setting": "virtual",
        },
    )
    assert response.status_code == 302
    text = page_text(client.get(f"/visits/{coordinator}/case-tracking"))
    row = re.search(r'<tr id="ct-p26" class="status-reserve">(.*?)</tr>', text, re.S)
    assert row
    assert "Yes (2026-02-20)" in row.group(1)
    assert "Interpreter, Carer present" in row.group(1)
    session = next(s for s in stored_visit(app, coordinator).sessions if s.id == "s8")
    assert (session.priority, session.mode) == ("reserve", "virtual")


def test_consent_support_and_setting_can_be_recorded_later(app: Flask, client: FlaskClient, coordinator: int):
    client.post(f"/visits/{coordinator}/case-tracking/start")
    response = client.post(
        f"/visits/{coordinator}/case-tracking/p24/edit",
        data={
            "consent": "no",
            "consent_date": "2026-02-21",
            "support": ["advocate"],
            "setting": "at_home",
            "home_travel_minutes": "20",  # at home needs the travel time to the home
        },
        follow_redirects=True,
    )
    row = re.search(r'<tr id="ct-p24" class="status-chosen">(.*?)</tr>', page_text(response), re.S)
    assert row
    assert "<td>No (2026-02-21)</td>" in row.group(1)
    assert "<td>Advocate</td>" in row.group(1)
    assert '<td>At home<br><span class="home">20 minutes\' travel each way</span></td>' in row.group(1)
    refused = client.post(
        f"/visits/{coordinator}/case-tracking/p24/edit",
        data={"consent": "yes", "consent_date": "21/02/2026", "setting": "on_site"},
        follow_redirects=True,
    )
    assert "Enter the day as YYYY-MM-DD." in page_text(refused)
