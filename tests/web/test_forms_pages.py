"""What the coordinator reads on the visit's lists and forms: names, site names and feature labels
instead of ids; a move on people's word needs its note."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.files.timetable_file import load_timetable
from scheduler.services.accounts import find_user_by_email
from scheduler.services.timetables import save_version
from tests.support.web import EXAMPLES, fixed_clock, page_text
from web.database import session_factory


@pytest.fixture
def planned(app: Flask, coordinator: int) -> int:
    with session_factory(app)() as db:
        user = find_user_by_email(db, "coordinator@example.org")
        save_version(db, user, coordinator, load_timetable(EXAMPLES / "small.planted.json"), fixed_clock())
        db.commit()
    return coordinator


def test_the_sessions_list_names_the_people_and_assessors(client: FlaskClient, coordinator: int) -> None:
    text = page_text(client.get(f"/visits/{coordinator}/sessions"))
    assert "<td>Zoe Graham, Anna Wright, Patrick Brown</td>" in text
    assert "p1, p2" not in text


def test_the_rooms_list_shows_the_site_name_and_feature_labels(client: FlaskClient, coordinator: int) -> None:
    text = page_text(client.get(f"/visits/{coordinator}/rooms"))
    assert "<td>Westmere House</td>" in text
    assert "<td>Step-free access, Hearing loop, Video conferencing</td>" in text
    assert "step_free" not in text.split("<table", 1)[1]


def test_the_session_form_offers_people_by_name_with_team_and_role(
    client: FlaskClient, coordinator: int
) -> None:
    text = page_text(client.get(f"/visits/{coordinator}/sessions/new"))
    assert (
        '<label class="choice" data-search="joel moore reviewing · team manager">'
        '<input type="checkbox" name="required_people" value="p13"> Joel Moore' in text
    )
    assert 'name="id"' not in text  # ids are made from the title, never typed
    assert '<option value="r2">Committee Room 1</option>' in text  # the pinned room by name


def test_the_calendars_page_names_whose_feed_link_it_made(client: FlaskClient, coordinator: int) -> None:
    text = page_text(client.post(f"/visits/{coordinator}/feeds?who=person&key=p3"))
    assert "<h2>Feed link for Patrick Brown</h2>" in text


def test_a_move_on_peoples_word_needs_a_note(client: FlaskClient, planned: int) -> None:
    url = f"/visits/{planned}/timetable/versions/1/sessions/s3/move"
    data = {"day": "2026-03-10", "start": "14:00", "room": "r1", "confirmed": ["p22", "p23"], "save": "Save"}
    text = page_text(client.post(url, data=data))
    assert "Say how they confirmed they can come, e.g. &#39;confirmed by phone&#39;." in text

    data["note"] = "confirmed by phone"
    assert client.post(url, data=data).status_code == 302
    person_page = page_text(client.get(f"/visits/{planned}/people/p23/edit"))
    assert (
        "Tue 10 Mar 14:00-15:00 for &#39;Meeting: NHS Westmere Integrated Care Board&#39;: confirmed by phone"
        in (person_page)
    )
