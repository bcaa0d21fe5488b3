"""People using services and carers: named on the coordinators' pages, never in what leaves them.

The small example, with two people added the way a council adds them: Kieran Gill, who draws on
care and support, in a case-tracking conversation stored under the title it had before titles
were numbered ("Case tracking: conversation with Kieran Gill"), and Aisha Rahman, an unpaid
carer, in the Extra Care Housing focus group (s4), which is not case tracking. Dan Allen (p24)
is in that focus group as well as in his own case-tracking conversation (s6).
"""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest

from scheduler import domain
from scheduler.domain.privacy import (
    CASE_TRACKING_LABEL,
    COORDINATOR,
    SHARED,
    display_name,
    protected_people,
    redaction_for,
)
from scheduler.domain.views import agenda_for, grid_for_day
from scheduler.files.exports import timetable_csv, timetable_xlsx
from scheduler.files.timetable_file import load_timetable
from scheduler.invites.escorts import run_sheet
from tests.support.store import SHARED as SHARED_DIR
from tests.support.store import SMALL, example_visit

DAY = "2026-03-10"
KIERAN = domain.Person(
    "p27", "Kieran Gill", "kieran.gill@mail.example", role="Person who draws on care and support",
    kind="person_using_services",
)  # fmt: skip
AISHA = domain.Person("p28", "Aisha Rahman", "aisha.rahman@mail.example", role="Unpaid carer", kind="carer")
CONVERSATION = domain.Session(
    "ct-p27", "Case tracking: conversation with Kieran Gill", kind="case_tracking", mode="either",
    required_people=("p27",), min_attendees=1, max_attendees=1,
)  # fmt: skip
PROTECTED = {
    "Kieran Gill": "kieran.gill@mail.example",
    "Aisha Rahman": "aisha.rahman@mail.example",
    "Dan Allen": "dan.allen@mail.example",
    "Sean Atkinson": "sean.atkinson@mail.example",
    "Sean Palmer": "sean.palmer@mail.example",
}


def visit_with_names() -> domain.Visit:
    visit = example_visit(SMALL)
    return dataclasses.replace(
        visit, people=(*visit.people, KIERAN, AISHA), sessions=(*visit.sessions, CONVERSATION)
    )


def planned(*, unscheduled: tuple[domain.UnscheduledSession, ...] = ()) -> domain.Timetable:
    """The planted timetable, Kieran Gill's conversation in Room 3.12 at 14:15 with Nadia the
    escort (p21) who also brings the assessors to Dan Allen's, and Aisha Rahman and Dan Allen
    in the focus group."""
    timetable = load_timetable(SHARED_DIR / "examples" / "small.planted.json")
    placed = []
    for a in timetable.assignments:
        if a.session == "s4":
            a = dataclasses.replace(a, attendees=(*a.attendees, "p24", "p28"))
        placed.append(a)
        if a.session == "s6":
            placed.append(
                dataclasses.replace(a, session="ct-p27", start="14:15", end="15:15", attendees=("p27",))
            )
    return dataclasses.replace(timetable, assignments=tuple(placed), unscheduled=unscheduled)


def session(visit: domain.Visit, session_id: str) -> domain.Session:
    return next(s for s in visit.sessions if s.id == session_id)


def person(visit: domain.Visit, person_id: str) -> domain.Person:
    return next(p for p in visit.people if p.id == person_id)


def xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def assert_nobody_protected_is_named(text: str) -> None:
    for name, email in PROTECTED.items():
        assert name.lower() not in text.lower(), name
        assert email not in text, email


def test_every_person_using_services_and_every_carer_is_protected_wherever_they_attend():
    # p8 (staff) is in the practitioner case-tracking conversation s7 and stays named.
    assert protected_people(visit_with_names()) == frozenset({"p24", "p25", "p26", "p27", "p28"})


def test_the_coordinator_sees_the_name_and_a_shared_copy_what_they_are():
    visit = visit_with_names()
    protected = protected_people(visit)
    carer, conversation = person(visit, "p25"), session(visit, "s6")
    assert display_name(carer, conversation, COORDINATOR, protected=protected) == "Sean Atkinson"
    assert display_name(carer, conversation, SHARED, protected=protected) == CASE_TRACKING_LABEL
    assert display_name(AISHA, session(visit, "s4"), SHARED, protected=protected) == "carer"
    assert display_name(KIERAN, None, SHARED, protected=protected) == "person using services"


def test_staff_keep_their_names_in_a_shared_copy():
    visit = visit_with_names()
    practitioner, conversation = person(visit, "p8"), session(visit, "s7")
    assert display_name(practitioner, conversation, SHARED, protected=protected_people(visit)) == (
        "Fatima Bennett"
    )


def test_an_unknown_audience_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown audience 'public': choose one of coordinator, shared"):
        display_name(KIERAN, None, "public", protected=frozenset())


def test_a_case_tracking_conversation_is_listed_once_for_its_two_people():
    visit = visit_with_names()
    redaction = redaction_for(visit, SHARED)
    assert redaction.attendees(("p24", "p25"), session(visit, "s6")) == (CASE_TRACKING_LABEL,)
    assert redaction.attendees(("p5", "p24", "p27", "p28"), session(visit, "s4")) == (
        "Bernadette Ward",
        "person using services (2)",
        "carer",
    )


def test_a_title_that_names_a_person_is_reworded_for_sharing_but_not_for_the_coordinator():
    visit = visit_with_names()
    assert redaction_for(visit, SHARED).title(CONVERSATION) == (
        "Case tracking: conversation with person using services"
    )
    assert redaction_for(visit, COORDINATOR).title(CONVERSATION) == CONVERSATION.title


def test_a_reason_that_names_a_protected_person_is_reworded_for_sharing():
    redaction = redaction_for(visit_with_names(), SHARED)
    reason = "no 60-minute slot when Aisha Rahman is free; AISHA  RAHMAN is free only 09:00-10:00"
    assert redaction.text(reason) == "no 60-minute slot when carer is free; carer is free only 09:00-10:00"


def test_a_short_name_is_replaced_only_where_it_stands_alone():
    visit = visit_with_names()
    people = tuple(dataclasses.replace(p, name="Al") if p.id == "p24" else p for p in visit.people)
    redaction = redaction_for(dataclasses.replace(visit, people=people), SHARED)
    assert redaction.text("Alan Harris and Al are both busy") == (
        "Alan Harris and person using services are both busy"
    )


def test_the_csv_export_names_no_person_using_services_or_carer_in_any_session_or_title():
    reason = "no 60-minute slot when Aisha Rahman is free (aisha.rahman@mail.example)"
    data = timetable_csv(visit_with_names(), planned(unscheduled=(domain.UnscheduledSession("s8", reason),)))
    assert_nobody_protected_is_named(data)
    assert "Case tracking: conversation with person using services" in data
    assert "person using services; carer" in data  # the focus group, on Dan Allen's and Aisha Rahman's row
    assert "Fatima Bennett" in data  # staff in the practitioner conversation stay named


def test_the_workbook_export_names_no_person_using_services_or_carer_in_any_session_or_title():
    reason = "no 60-minute slot when Aisha Rahman is free (aisha.rahman@mail.example)"
    data = timetable_xlsx(visit_with_names(), planned(unscheduled=(domain.UnscheduledSession("s8", reason),)))
    text = xlsx_text(data)
    assert_nobody_protected_is_named(text)
    assert "Case tracking: conversation with person using services" in text
    assert "no 60-minute slot when carer is free (carer)" in text


def test_the_coordinators_grid_names_everyone():
    grid = grid_for_day(visit_with_names(), planned(), DAY)
    blocks = {
        cell.block.session: cell.block for row in grid.rows for cell in row.cells if cell and cell.block
    }
    assert blocks["s6"].attendees == ("Dan Allen", "Sean Atkinson")
    assert blocks["ct-p27"].title == "Case tracking: conversation with Kieran Gill"


def test_the_shared_grid_shows_the_conversations_and_the_focus_group_without_names():
    grid = grid_for_day(visit_with_names(), planned(), DAY, SHARED)
    blocks = {
        cell.block.session: cell.block for row in grid.rows for cell in row.cells if cell and cell.block
    }
    assert (blocks["s6"].attendees, blocks["s6"].attendee_count) == ((CASE_TRACKING_LABEL,), 2)
    assert blocks["ct-p27"].title == "Case tracking: conversation with person using services"
    assert blocks["s4"].attendees[-2:] == ("person using services", "carer")


def test_a_shared_agenda_of_the_room_hides_the_people_but_the_coordinators_does_not():
    visit, timetable = visit_with_names(), planned()
    shared = [i for i in agenda_for(visit, timetable, "room", "r1", SHARED) if i.session == "ct-p27"]
    own = [i for i in agenda_for(visit, timetable, "room", "r1") if i.session == "ct-p27"]
    assert [(i.title, i.attendees) for i in shared] == [
        ("Case tracking: conversation with person using services", (CASE_TRACKING_LABEL,))
    ]
    assert [(i.title, i.attendees) for i in own] == [(CONVERSATION.title, ("Kieran Gill",))]


def test_the_escorts_run_sheet_names_the_session_without_the_person():
    duties = run_sheet(visit_with_names(), planned(), "p21", DAY)
    assert "Case tracking: conversation with person using services" in [d.title for d in duties]
    assert_nobody_protected_is_named(repr(duties))
