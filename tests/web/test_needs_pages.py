"""The coordinator reads what people told them: on the person's page, on the pages of the sessions
they are invited to and on readiness; a viewer of the same visit reads none of it."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from scheduler.services.accounts import find_user_by_email
from scheduler.services.members import add_member_by_email
from scheduler.services.planning_jobs import plan_visit
from tests.support.needs import answer_with_needs, write_visit_without_hearing_loops
from tests.support.web import PASSWORD, add_user, add_visit, fixed_clock, log_in, page_text
from web.database import session_factory

OWNER = "grace.okafor@westmere.gov.example"
VIEWER = "sarah.lowe@westmere.gov.example"


def _text(html: str) -> str:
    """The page's words as a reader sees them: tags dropped, spaces squeezed, none before a colon."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return re.sub(r" ([:;,])", r"\1", words)


def _visit_with_needs(app: Flask, tmp_path: Path) -> int:
    add_user(app, OWNER, "Grace Okafor")
    add_user(app, VIEWER, "Sarah Lowe")
    visit_id = add_visit(app, OWNER, write_visit_without_hearing_loops(tmp_path))
    factory = session_factory(app)
    answer_with_needs(factory, visit_id, "p26", ["hearing_loop"], "Please face me when you speak")
    answer_with_needs(factory, visit_id, "p8", ["interpreter"], "An Urdu interpreter, please")
    with factory() as db:
        owner = find_user_by_email(db, OWNER)
        assert owner is not None
        add_member_by_email(db, owner, visit_id, VIEWER, "viewer", fixed_clock(), name="Sarah Lowe")
        db.commit()
    return visit_id


def test_the_person_page_shows_their_needs_and_note(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    visit_id = _visit_with_needs(app, tmp_path)
    log_in(client, OWNER)
    text = _text(page_text(client.get(f"/visits/{visit_id}/people/p26/edit")))
    assert (
        "What they told you needs a hearing loop (no room has a hearing loop);"
        " note: Please face me when you speak" in text
    )


def test_the_session_page_shows_the_needs_of_the_people_invited(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    visit_id = _visit_with_needs(app, tmp_path)
    log_in(client, OWNER)
    text = _text(page_text(client.get(f"/visits/{visit_id}/sessions/s4/edit")))
    assert (
        "Needs of the people invited Fatima Bennett: needs an interpreter; note: An Urdu interpreter, please"
        in text
    )
    assert "None of the people invited has told you of a need." in _text(
        page_text(client.get(f"/visits/{visit_id}/sessions/s1/edit"))
    )


def test_readiness_flags_the_need_no_room_meets_and_lists_every_note(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    visit_id = _visit_with_needs(app, tmp_path)
    log_in(client, OWNER)
    html = page_text(client.get(f"/visits/{visit_id}/readiness"))
    section = _text(re.search(r'<section id="needs">(.*?)</section>', html, re.S).group(1))  # type: ignore[union-attr]
    assert (
        "Sean Palmer needs a hearing loop; no room has it: Case tracking: conversation with person B"
        " — it cannot be placed" in section
    )
    assert "Fatima Bennett (staff) an interpreter An Urdu interpreter, please" in section
    assert "Sean Palmer (person using services) a hearing loop Please face me when you speak" in section
    assert "1 person whose needs no room meets" in _text(html)
    assert "no room has hearing_loop, which Sean Palmer needs" in _text(html)


def test_a_viewer_reads_readiness_without_anyones_needs(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    visit_id = _visit_with_needs(app, tmp_path)
    log_in(client, VIEWER, PASSWORD)
    text = _text(page_text(client.get(f"/visits/{visit_id}/readiness")))
    assert "Ready to plan?" in text
    for private in ("Please face me", "Urdu", "People's needs", "which Sean Palmer needs"):
        assert private not in text
    assert "no room has hearing_loop, which an attendee needs" in text


def test_after_planning_the_unmet_need_is_named_to_the_owner_but_not_in_the_export(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    visit_id = _visit_with_needs(app, tmp_path)
    log_in(client, OWNER)
    with session_factory(app)() as db:
        plan_visit(db, None, visit_id, fixed_clock(), time_limit=10)
        db.commit()
    page = _text(page_text(client.get(f"/visits/{visit_id}/timetable/unscheduled")))
    assert "no room has hearing_loop, which Sean Palmer needs" in page
    workbook = load_workbook(BytesIO(client.get(f"/visits/{visit_id}/timetable/export.xlsx").data))
    reasons = " ".join(str(row[3]) for row in workbook["Unscheduled"].iter_rows(min_row=2, values_only=True))
    assert "no room has hearing_loop, which an attendee needs" in reasons
    assert "Sean Palmer" not in reasons
