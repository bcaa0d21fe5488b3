"""The move page (with and without its live check), the Pin button and the version comparison page."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.files.timetable_file import load_timetable
from scheduler.services.accounts import find_user_by_email
from scheduler.services.timetables import save_version
from tests.support.web import EXAMPLES, add_user, add_visit, fixed_clock, log_in, page_text
from web.database import session_factory

DAY = "2026-03-10"
REVIEWING = "Focus group: Reviewing practitioners"


@pytest.fixture
def visit_id(app: Flask, coordinator: int) -> int:
    """The coordinator's small example with its planted timetable as version 1."""
    with session_factory(app)() as db:
        user = find_user_by_email(db, "coordinator@example.org")
        save_version(db, user, coordinator, load_timetable(EXAMPLES / "small.planted.json"), fixed_clock())
        db.commit()
    return coordinator


def _move_url(visit_id: int, number: int = 1, session: str = "s5") -> str:
    return f"/visits/{visit_id}/timetable/versions/{number}/sessions/{session}/move"


def _check_url(visit_id: int, session: str = "s5") -> str:
    return f"/visits/{visit_id}/timetable/versions/1/sessions/{session}/check.json"


def test_every_block_of_the_grid_links_to_its_move_page_and_pinned_ones_say_so(
    client: FlaskClient, visit_id: int
) -> None:
    text = page_text(client.get(f"/visits/{visit_id}/timetable"))
    assert text.count(">Move</a>") == 8
    assert f'href="{_move_url(visit_id)}" aria-label="Move {REVIEWING}"' in text
    assert text.count(">pinned</span>") == 2  # the opening presentation and the wash-up


def test_the_printed_grid_has_no_move_links(client: FlaskClient, visit_id: int) -> None:
    assert ">Move</a>" not in page_text(client.get(f"/visits/{visit_id}/timetable/print"))


def test_the_move_page_starts_at_the_sessions_place_and_offers_virtual(
    client: FlaskClient, visit_id: int
) -> None:
    text = page_text(client.get(_move_url(visit_id)))
    assert f"<h1>Move “{REVIEWING}”</h1>" in text
    assert "Version 1: now Tue 10 Mar 12:30-14:00, Meeting Room 2.01." in text
    assert '<option selected value="12:30">12:30</option>' in text
    assert '<option selected value="r3">Meeting Room 2.01 (10 seats)</option>' in text
    assert '<option value="">Virtual (no room)</option>' in text


def test_checking_a_clashing_move_shows_the_rule_it_breaks_without_saving(
    client: FlaskClient, visit_id: int
) -> None:
    data = {"day": DAY, "start": "13:00", "room": "r1", "check": "Check"}
    text = page_text(client.post(_move_url(visit_id), data=data))
    assert "This move would break 1 rule:" in text
    assert "Room double-booked: Room 3.12 (inspection team base) is double-booked: " in text
    assert "&#39;Case tracking: conversation with person A and their carer&#39;" in text
    assert "Zara James takes over as escort from Colin Thompson" in text
    assert client.get(_move_url(visit_id, number=2)).status_code == 404


def test_saving_a_clashing_move_is_refused_with_the_warning(client: FlaskClient, visit_id: int) -> None:
    data = {"day": DAY, "start": "13:00", "room": "r1", "save": "Save as new draft"}
    response = client.post(_move_url(visit_id), data=data)
    text = page_text(response)
    assert response.status_code == 200
    assert f"Nothing was saved: &#39;{REVIEWING}&#39; was not moved: the move would break 1 rule:" in text
    assert "Room double-booked" in text
    assert "Version 1" in page_text(client.get(f"/visits/{visit_id}/timetable/versions"))
    assert client.get(f"/visits/{visit_id}/timetable?version=2").status_code == 404


def test_saving_a_good_move_makes_the_next_draft_and_opens_it(client: FlaskClient, visit_id: int) -> None:
    data = {"day": DAY, "start": "13:15", "room": "r3", "save": "Save as new draft"}
    response = client.post(_move_url(visit_id), data=data)
    assert response.headers["Location"] == f"/visits/{visit_id}/timetable?version=2&day={DAY}"
    text = page_text(client.get(response.headers["Location"]))
    assert f"Moved &#39;{REVIEWING}&#39;: the timetable is now draft version 2." in text
    assert 'Version 2 <span class="badge draft">draft</span>' in text
    assert "13:15–14:45" in text


def test_a_choice_the_page_does_not_offer_is_an_error_on_the_form(client: FlaskClient, visit_id: int) -> None:
    data = {"day": DAY, "start": "16:00", "room": "r3", "check": "Check"}  # would end after 17:00
    text = page_text(client.post(_move_url(visit_id), data=data))
    assert "Not a valid choice." in text
    assert "This move" not in text


def test_the_live_check_answers_in_json(client: FlaskClient, visit_id: int) -> None:
    clash = client.get(_check_url(visit_id), query_string={"day": DAY, "start": "13:00", "room": "r1"})
    assert clash.status_code == 200
    body = clash.get_json()
    assert (body["ok"], body["changes_anything"], body["error"]) == (False, True, "")
    assert [text.split(":", 1)[0] for text in body["breaks"]] == ["Room double-booked"]
    free = client.get(_check_url(visit_id), query_string={"day": DAY, "start": "13:15", "room": "r3"})
    assert free.get_json() == {"ok": True, "changes_anything": True, "breaks": [], "notes": [], "error": ""}
    virtual = client.get(_check_url(visit_id, "s6"), query_string={"day": DAY, "start": "13:00", "room": ""})
    assert virtual.get_json()["notes"] == ["Colin Thompson is no longer needed as escort."]


def test_the_live_check_names_a_bad_choice_and_knows_no_other_session(
    client: FlaskClient, visit_id: int
) -> None:
    bad_day = client.get(
        _check_url(visit_id), query_string={"day": "2026-03-11", "start": "13:15", "room": "r3"}
    )
    assert (bad_day.status_code, bad_day.get_json()["error"]) == (400, "2026-03-11 is not a day of the visit")
    missing = client.get(_check_url(visit_id), query_string={"day": DAY})
    assert (missing.status_code, missing.get_json()["error"]) == (400, "Choose a day, a start and a room.")
    unknown = client.get(
        _check_url(visit_id, "s99"), query_string={"day": DAY, "start": "13:15", "room": "r3"}
    )
    assert unknown.status_code == 404


def test_pin_then_unpin_a_session_from_its_move_page(client: FlaskClient, visit_id: int) -> None:
    pin_url = f"/visits/{visit_id}/sessions/s5/pin"
    response = client.post(pin_url, data={"action": "pin", "version": "1"})
    assert response.headers["Location"] == _move_url(visit_id)
    text = page_text(client.get(_move_url(visit_id)))
    assert "Pinned: re-planning keeps it where it is and moves the rest as little as it can." in text
    assert "Pinned to <strong>Tue 10 Mar 12:30, Meeting Room 2.01</strong>" in text
    assert ">Unpin</button>" in text
    assert page_text(client.get(f"/visits/{visit_id}/timetable")).count(">pinned</span>") == 3

    client.post(pin_url, data={"action": "unpin", "version": "1"})
    text = page_text(client.get(_move_url(visit_id)))
    assert "Unpinned: the planner may move it again." in text
    assert ">Pin</button>" in text
    assert client.post(pin_url, data={"action": "nail"}).status_code == 400


def test_the_compare_page_needs_two_versions(client: FlaskClient, visit_id: int) -> None:
    text = page_text(client.get(f"/visits/{visit_id}/versions/compare"))
    assert "There is nothing to compare yet: a visit needs two timetable versions." in text


def test_the_compare_page_shows_what_moved_and_who_is_affected(client: FlaskClient, visit_id: int) -> None:
    client.post(_move_url(visit_id), data={"day": DAY, "start": "13:15", "room": "r3", "save": "Save"})
    assert "Compare versions</a>" in page_text(client.get(f"/visits/{visit_id}/timetable/versions"))
    text = page_text(client.get(f"/visits/{visit_id}/versions/compare", query_string={"a": 1, "b": 2}))
    assert (
        "From version 1 to version 2:\n  1 session changed, 7 unchanged;\n  8 people and 1 room affected."
        in text
    )
    assert (
        f"<td>{REVIEWING}</td>\n    <td>Moved</td>\n    <td>Tue 10 Mar 12:30-14:00, Meeting Room 2.01</td>\n"
        "    <td>Tue 10 Mar 13:15-14:45, Meeting Room 2.01</td>" in text
    )
    assert '<a href="mailto:erin.gill@westmere.gov.example">erin.gill@westmere.gov.example</a>' in text
    assert "<td>Connor Davies</td>" in text
    assert "<td>Meeting Room 2.01</td>" in text
    assert page_text(client.get(f"/visits/{visit_id}/versions/compare")) == text  # default: latest vs before
    assert (
        client.get(f"/visits/{visit_id}/versions/compare", query_string={"a": 1, "b": 9}).status_code == 404
    )
    assert client.get(f"/visits/{visit_id}/versions/compare", query_string={"a": "x"}).status_code == 404


def test_another_coordinator_cannot_move_pin_or_compare(app: Flask, visit_id: int, tmp_path: Path) -> None:
    add_user(app, "other@example.org", "Other Coordinator")
    add_visit(app, "other@example.org")
    other = app.test_client()
    log_in(other, "other@example.org")
    assert other.get(_move_url(visit_id)).status_code == 404
    assert other.get(_check_url(visit_id), query_string={"day": DAY, "start": "13:15"}).status_code == 404
    assert other.post(f"/visits/{visit_id}/sessions/s5/pin", data={"action": "pin"}).status_code == 404
    assert other.get(f"/visits/{visit_id}/versions/compare").status_code == 404
