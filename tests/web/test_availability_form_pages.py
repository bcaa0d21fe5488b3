"""The personal availability form: open by link, no login; saving stores the answer once."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.db.availability import AvailabilityAnswer
from scheduler.db.outbox import OutboxEmail
from scheduler.db.visits import VisitRecord
from scheduler.services.availability_links import issue_link, revoke_link
from scheduler.services.visits import load_visit
from tests.support.availability_pages import DAY, cell, day_cells, visit_with_link
from tests.support.web import SMALL_VISIT, add_user, add_visit, fixed_clock, make_app, page_text
from web.database import session_factory

VISIT_NAME = "Local authority assessment: on-site visit"


def answers(app: Flask) -> list[AvailabilityAnswer]:
    with session_factory(app)() as db:
        return list(db.scalars(select(AvailabilityAnswer)))


def test_the_link_opens_the_grid_in_the_visits_zone_with_sessions_and_pen_profiles(app, client: FlaskClient):
    _visit_id, token = visit_with_link(app)

    response = client.get(f"/availability/{token}")

    text = page_text(response)
    assert response.status_code == 200
    assert "When are you free, Fatima Bennett?" in text
    assert "All times are local times in Europe/London" in text
    assert text.count('<select name="cell-') == 32  # one day, 09:00 to 17:00 in 15-minute slots
    assert f'name="{cell("09:30")}"' in text and f'name="{cell("16:45")}"' in text
    assert "Case tracking: practitioner conversation (person A)" in text and "you are needed" in text
    assert "The assessors" in text
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_saving_stores_the_answer_and_shows_the_confirmation_page(app, client: FlaskClient):
    visit_id, token = visit_with_link(app)

    response = client.post(
        f"/availability/{token}",
        data=day_cells("14:00", "15:00") | {"hearing_loop": "y", "note": "Afternoons"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/availability/{token}/saved"
    saved = page_text(client.get(f"/availability/{token}/saved"))
    assert "Thank you, Fatima Bennett: your availability is saved" in saved
    assert "Tue 10 Mar: available 14:00-15:00" in saved
    # No mail server in these tests: the page does not promise an email that will not come.
    assert "No confirmation email will come: this site is not sending email at the moment." in saved
    assert "We are sending you a confirmation email" not in saved
    [answer] = answers(app)
    assert (answer.key, answer.needs, answer.note) == ("p8", ["hearing_loop"], "Afternoons")
    with session_factory(app)() as db:
        person = next(p for p in load_visit(db, visit_id).people if p.id == "p8")
        outbox = db.scalars(select(OutboxEmail)).one()
    assert [(i.start, i.end) for i in person.available or ()] == [("14:00", "15:00")]
    assert person.needs == ("hearing_loop",)
    assert outbox.to_address == "fatima.bennett@westmere.gov.example"
    assert f"http://localhost/availability/{token}" in outbox.text_body


def test_a_tampered_revoked_or_expired_link_says_it_no_longer_works_and_names_no_visit(
    app, client: FlaskClient
):
    visit_id, token = visit_with_link(app)
    with session_factory(app)() as db:
        revoked = issue_link(db, None, visit_id, "person", "p9", fixed_clock())
        revoke_link(db, None, visit_id, "person", "p9", fixed_clock())
        db.commit()
    tampered = token[:-2] + ("xy" if token[-2:] != "xy" else "zz")

    # 410 for a link that was ours, 404 for one never issued; the same page either way.
    for bad, status in ((tampered, 404), (revoked, 410), ("nonsense", 404)):
        for url in (f"/availability/{bad}", f"/availability/{bad}/saved"):
            response = client.get(url)
            assert response.status_code == status
            assert "This link no longer works" in page_text(response)
            assert "ask the visit's coordinator" in page_text(response)
            assert VISIT_NAME not in page_text(response) and "Westmere" not in page_text(response)
        posted = client.post(f"/availability/{bad}", data=day_cells("09:00", "10:00"))
        assert posted.status_code == status

    after_visit = make_app(
        Path(app.instance_path).parent, CLOCK=lambda: datetime(2026, 3, 11, 0, 1, tzinfo=UTC)
    )
    try:
        expired = after_visit.test_client().get(f"/availability/{token}")
    finally:
        after_visit.extensions["fieldwork.jobs"].shutdown()
    assert expired.status_code == 410 and VISIT_NAME not in page_text(expired)
    assert "This link no longer works" in page_text(expired)
    assert answers(app) == []


def test_cells_outside_the_visit_are_refused_with_a_clear_message(app, client: FlaskClient):
    _visit_id, token = visit_with_link(app)
    fields = day_cells("09:00", "10:00") | {cell("09:00", day="2026-03-11"): "yes", cell("08:00"): "yes"}

    response = client.post(f"/availability/{token}", data=fields)

    text = page_text(response)
    assert response.status_code == 400
    assert "Your answer was not saved." in text
    assert "cell 2026-03-11 09:00: 2026-03-11 is not a day of this visit" in text
    assert "cell 2026-03-10 08:00: 08:00 is not one of this visit&#39;s time slots" in text
    assert answers(app) == []


def test_a_note_over_1000_characters_is_refused(app, client: FlaskClient):
    _visit_id, token = visit_with_link(app)

    response = client.post(f"/availability/{token}", data=day_cells("09:00", "10:00") | {"note": "x" * 1001})

    assert response.status_code == 400
    assert "The note can be at most 1000 characters long." in page_text(response)
    assert answers(app) == []


def test_a_save_after_the_deadline_is_refused(app, client: FlaskClient):
    visit_id, token = visit_with_link(app)
    with session_factory(app)() as db:
        record = db.get(VisitRecord, visit_id)
        assert record is not None
        record.availability_deadline = datetime(2026, 1, 31, 17, 0, tzinfo=UTC)  # before the app's clock
        db.commit()

    page = page_text(client.get(f"/availability/{token}"))
    response = client.post(f"/availability/{token}", data=day_cells("09:00", "10:00"))

    assert "The deadline (Sat 31 Jan 2026, 17:00 (Europe/London)) has passed" in page
    assert "Save my availability" not in page
    assert response.status_code == 400
    assert "The deadline for answers was Sat 31 Jan 2026, 17:00 (Europe/London)" in page_text(response)
    assert answers(app) == []


def test_a_shortcut_button_fills_the_morning_without_javascript_and_saves_nothing(app, client: FlaskClient):
    _visit_id, token = visit_with_link(app)

    response = client.post(
        f"/availability/{token}", data=day_cells("09:00", "17:00") | {"shortcut": f"{DAY}|morning|no"}
    )

    text = page_text(response)
    assert response.status_code == 200
    chosen = dict(
        re.findall(r'name="cell-2026-03-10T(\d\d:\d\d)"[^>]*>.*?<option value="(\w+)" selected', text, re.S)
    )
    assert chosen["09:00"] == chosen["11:45"] == "no"
    assert chosen["12:00"] == chosen["16:45"] == "yes"
    assert answers(app) == []


def test_html_and_script_in_every_text_field_come_back_escaped(tmp_path: Path):
    data = json.loads(SMALL_VISIT.read_text())
    evil = "<script>alert(1)</script>"
    data["visit"]["name"] = f"Visit {evil}"
    data["visit"]["organisation"] = f"Org {evil}"
    person = next(p for p in data["people"] if p["id"] == "p8")
    person["name"] = f"Fatima {evil}"
    for assessor in data["assessors"]:
        assessor["profile"], assessor["role"] = f"Profile {evil}", f"Role {evil}"
    for session in data["sessions"]:
        session["title"] = f"Session {evil}"
    visit_file = tmp_path / "evil.json"
    visit_file.write_text(json.dumps(data))
    app = make_app(tmp_path)
    try:
        add_user(app, "owner@example.org")
        visit_id = add_visit(app, "owner@example.org", visit_file)
        with session_factory(app)() as db:
            token = issue_link(db, None, visit_id, "person", "p8", fixed_clock())
            db.commit()
        client = app.test_client()

        saved = client.post(f"/availability/{token}", data=day_cells("09:00", "10:00") | {"note": evil})
        pages = [
            client.get(f"/availability/{token}"),
            client.get(f"/availability/{token}/saved"),
            client.post(f"/availability/{token}", data=day_cells("09:00", "10:00") | {"note": evil * 100}),
            client.post(f"/availability/{token}", data={cell("07:00"): evil, "note": evil}),
        ]
        with session_factory(app)() as db:
            email = db.scalars(select(OutboxEmail)).one()
    finally:
        app.extensions["fieldwork.jobs"].shutdown()

    assert saved.status_code == 302
    for response in pages:
        text = page_text(response)
        assert "<script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>" not in (email.html_body or "")
    assert "&lt;script&gt;" in (email.html_body or "")


def test_a_post_without_the_forms_csrf_token_is_refused(tmp_path: Path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    try:
        _visit_id, token = visit_with_link(app)
        response = app.test_client().post(f"/availability/{token}", data=day_cells("09:00", "10:00"))
        assert response.status_code == 400
        assert answers(app) == []
    finally:
        app.extensions["fieldwork.jobs"].shutdown()


def test_an_assessors_link_asks_for_time_and_a_note_but_no_access_needs(app, client: FlaskClient):
    _visit_id, token = visit_with_link(app, key="a1", who_kind="assessor")

    text = page_text(client.get(f"/availability/{token}"))
    saved = client.post(f"/availability/{token}", data=day_cells("09:00", "12:00") | {"note": "Mornings"})

    assert "When are you free, Connor Davies?" in text
    assert "I need step-free access" not in text and "escort" not in text
    assert saved.status_code == 302
    [answer] = answers(app)
    assert (answer.who_kind, answer.key, answer.needs, answer.can_escort) == ("assessor", "a1", [], False)
