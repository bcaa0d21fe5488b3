"""People using services and carers in case tracking: named for coordinators, never in shared copies."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from store_support import SHARED as SHARED_DIR
from store_support import SMALL, example_visit

from scheduler import domain
from scheduler.services.exports import timetable_csv, timetable_xlsx
from scheduler.services.privacy import (
    CASE_TRACKING_LABEL,
    COORDINATOR,
    SHARED,
    display_name,
    protected_people,
    redaction_for,
)
from scheduler.services.views import agenda_for, grid_for_day
from scheduler.timetablefile import load_timetable

DAY = "2026-03-10"
# In the small example s6 is "Case tracking: conversation with person A and their carer" with
# Dan Allen (p24, person using services) and Sean Atkinson (p25, carer); s8 is with Sean Palmer (p26).
CASE_TRACKED = {
    "p24": ("Dan Allen", "dan.allen@mail.example"),
    "p25": ("Sean Atkinson", "sean.atkinson@mail.example"),
    "p26": ("Sean Palmer", "sean.palmer@mail.example"),
}


def small_visit() -> domain.Visit:
    return example_visit(SMALL)


def planted_timetable(*, unscheduled: tuple[domain.UnscheduledSession, ...] = ()) -> domain.Timetable:
    timetable = load_timetable(SHARED_DIR / "examples" / "small.planted.json")
    return dataclasses.replace(timetable, unscheduled=unscheduled)


def with_carer_in_focus_group(timetable: domain.Timetable) -> domain.Timetable:
    """The carer also sits in the Extra Care Housing focus group (s4)."""
    placed = tuple(
        dataclasses.replace(a, attendees=(*a.attendees, "p25")) if a.session == "s4" else a
        for a in timetable.assignments
    )
    return dataclasses.replace(timetable, assignments=placed)


def session(visit: domain.Visit, session_id: str) -> domain.Session:
    return next(s for s in visit.sessions if s.id == session_id)


def person(visit: domain.Visit, person_id: str) -> domain.Person:
    return next(p for p in visit.people if p.id == person_id)


def xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def test_only_people_using_services_and_carers_in_case_tracking_are_protected():
    # p8 (staff) is in the practitioner case-tracking conversation s7 and stays named.
    assert protected_people(small_visit()) == frozenset({"p24", "p25", "p26"})


def test_a_person_using_services_outside_case_tracking_is_not_protected():
    visit = small_visit()
    sessions = tuple(dataclasses.replace(s, kind="interview") if s.id == "s8" else s for s in visit.sessions)
    assert protected_people(dataclasses.replace(visit, sessions=sessions)) == frozenset({"p24", "p25"})


def test_the_coordinator_sees_the_name_and_a_shared_copy_the_conversation():
    visit = small_visit()
    carer, conversation = person(visit, "p25"), session(visit, "s6")
    protected = protected_people(visit)
    assert display_name(carer, conversation, COORDINATOR, protected=protected) == "Sean Atkinson"
    assert display_name(carer, conversation, SHARED, protected=protected) == CASE_TRACKING_LABEL
    assert display_name(carer, session(visit, "s4"), SHARED, protected=protected) == "carer"
    assert display_name(person(visit, "p24"), None, SHARED, protected=protected) == ("person using services")


def test_staff_keep_their_names_in_a_shared_copy():
    visit = small_visit()
    practitioner, conversation = person(visit, "p8"), session(visit, "s7")
    protected = protected_people(visit)
    assert display_name(practitioner, conversation, SHARED, protected=protected) == "Fatima Bennett"


def test_an_unknown_audience_is_refused_by_name():
    visit = small_visit()
    with pytest.raises(ValueError, match="unknown audience 'public': choose one of coordinator, shared"):
        display_name(person(visit, "p25"), None, "public", protected=frozenset())


def test_a_case_tracking_conversation_is_listed_once_for_its_two_people():
    visit = small_visit()
    redaction = redaction_for(visit, SHARED)
    assert redaction.attendees(("p24", "p25"), session(visit, "s6")) == (CASE_TRACKING_LABEL,)
    assert redaction.attendees(("p5", "p24", "p26"), None) == ("Bernadette Ward", "person using services (2)")


def test_a_reason_that_names_a_protected_person_is_reworded_for_sharing():
    redaction = redaction_for(small_visit(), SHARED)
    reason = "no 60-minute slot when Sean Atkinson is free; SEAN ATKINSON is free only 09:00-10:00"
    assert redaction.text(reason) == "no 60-minute slot when carer is free; carer is free only 09:00-10:00"


def test_a_short_name_is_replaced_only_where_it_stands_alone():
    visit = small_visit()
    people = tuple(dataclasses.replace(p, name="Al") if p.id == "p24" else p for p in visit.people)
    redaction = redaction_for(dataclasses.replace(visit, people=people), SHARED)
    assert redaction.text("Alan Harris and Al are both busy") == (
        "Alan Harris and person using services are both busy"
    )


def test_the_csv_export_never_names_a_case_tracking_carer_or_person_using_services():
    reason = "no 60-minute slot when Sean Atkinson is free (sean.atkinson@mail.example)"
    timetable = with_carer_in_focus_group(
        planted_timetable(unscheduled=(domain.UnscheduledSession("s8", reason),))
    )
    data = timetable_csv(small_visit(), timetable).encode("utf-8")
    for name, email in CASE_TRACKED.values():
        assert name.encode() not in data
        assert email.encode() not in data
    assert CASE_TRACKING_LABEL.encode() in data
    assert b"Fatima Bennett" in data  # staff in the practitioner conversation stay named


def test_the_workbook_export_never_names_a_case_tracking_carer_or_person_using_services():
    reason = "no 60-minute slot when Sean Atkinson is free (sean.atkinson@mail.example)"
    timetable = with_carer_in_focus_group(
        planted_timetable(unscheduled=(domain.UnscheduledSession("s8", reason),))
    )
    data = timetable_xlsx(small_visit(), timetable)
    text = xlsx_text(data)
    for name, email in CASE_TRACKED.values():
        assert name.encode() not in data
        assert name not in text
        assert email not in text
    assert CASE_TRACKING_LABEL in text
    assert "no 60-minute slot when carer is free (carer)" in text


def test_the_coordinators_grid_names_the_case_tracking_people():
    grid = grid_for_day(small_visit(), planted_timetable(), DAY)
    blocks = [cell.block for row in grid.rows for cell in row.cells if cell is not None and cell.block]
    conversation = next(b for b in blocks if b.session == "s6")
    assert conversation.attendees == ("Dan Allen", "Sean Atkinson")


def test_the_shared_grid_shows_the_conversation_without_names():
    grid = grid_for_day(small_visit(), planted_timetable(), DAY, SHARED)
    blocks = [cell.block for row in grid.rows for cell in row.cells if cell is not None and cell.block]
    conversation = next(b for b in blocks if b.session == "s6")
    assert conversation.attendees == (CASE_TRACKING_LABEL,)
    assert conversation.attendee_count == 2
    assert conversation.title == "Case tracking: conversation with person A and their carer"


def test_a_shared_agenda_of_the_room_hides_the_people_but_the_coordinators_does_not():
    visit, timetable = small_visit(), planted_timetable()
    shared = [i for i in agenda_for(visit, timetable, "room", "r1", SHARED) if i.session == "s6"]
    own = [i for i in agenda_for(visit, timetable, "room", "r1") if i.session == "s6"]
    assert [i.attendees for i in shared] == [(CASE_TRACKING_LABEL,)]
    assert [i.attendees for i in own] == [("Dan Allen", "Sean Atkinson")]
