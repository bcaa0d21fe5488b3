"""People using services and carers in case tracking: named on the coordinator's pages only, never in
what is printed, shared or exported."""

from __future__ import annotations

import io
import zipfile

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import EXAMPLES, fixed_clock, page_text

from scheduler.services.timetables import save_version
from scheduler.timetablefile import load_timetable
from web.database import session_factory

# In the small example, s6 (in Room 3.12 at 13:00) is the case-tracking conversation with Dan Allen
# (person using services) and Sean Atkinson (his carer); s8 is with Sean Palmer.
PROTECTED = ("Dan Allen", "Sean Atkinson", "Sean Palmer")
EMAILS = ("dan.allen@mail.example", "sean.atkinson@mail.example", "sean.palmer@mail.example")


@pytest.fixture
def planned(app: Flask, coordinator: int) -> int:
    """The coordinator's small visit with the shared example's planted timetable as version 1."""
    with session_factory(app)() as db:
        save_version(db, None, coordinator, load_timetable(EXAMPLES / "small.planted.json"), fixed_clock())
        db.commit()
    return coordinator


def test_the_coordinators_grid_and_agenda_name_the_people_in_case_tracking(
    client: FlaskClient, planned: int
) -> None:
    grid = page_text(client.get(f"/visits/{planned}/timetable"))
    assert "2 attendees: Dan Allen, Sean Atkinson" in grid
    agenda = page_text(client.get(f"/visits/{planned}/timetable/by/person/p25"))
    assert "<h1>Sean Atkinson</h1>" in agenda
    assert "Dan Allen, Sean Atkinson" in agenda


def test_the_printable_timetable_shows_the_conversation_without_names(
    client: FlaskClient, planned: int
) -> None:
    printed = page_text(client.get(f"/visits/{planned}/timetable/print"))
    assert "2 attendees: case-tracking conversation" in printed
    assert "Case tracking: conversation with person A and their carer" in printed
    assert "Fatima Bennett" in printed  # the practitioner in case tracking is staff and stays named
    for name in PROTECTED:
        assert name not in printed


def test_an_agenda_to_share_never_names_the_people_in_case_tracking(
    client: FlaskClient, planned: int
) -> None:
    for kind, key in (("room", "r1"), ("assessor", "a2"), ("person", "p25"), ("person", "p24")):
        shared = page_text(client.get(f"/visits/{planned}/timetable/by/{kind}/{key}/share"))
        for name in PROTECTED:
            assert name not in shared, (kind, key, name)
    carer = page_text(client.get(f"/visits/{planned}/timetable/by/person/p25/share"))
    assert "<h1>carer</h1>" in carer
    room = page_text(client.get(f"/visits/{planned}/timetable/by/room/r1/share"))
    assert "case-tracking conversation" in room


def test_the_agenda_links_to_its_copy_to_share(client: FlaskClient, planned: int) -> None:
    agenda = page_text(client.get(f"/visits/{planned}/timetable/by/room/r1"))
    assert (
        f'href="/visits/{planned}/timetable/by/room/r1/share?version=1">Printable copy to share</a>' in agenda
    )


def test_the_exports_never_contain_a_case_tracking_name_or_email(client: FlaskClient, planned: int) -> None:
    csv_bytes = client.get(f"/visits/{planned}/timetable/export.csv").data
    workbook = client.get(f"/visits/{planned}/timetable/export.xlsx").data
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        workbook_text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for written in (*PROTECTED, *EMAILS):
        assert written.encode() not in csv_bytes
        assert written.encode() not in workbook
        assert written not in workbook_text
    assert b"case-tracking conversation" in csv_bytes
    assert "case-tracking conversation" in workbook_text
