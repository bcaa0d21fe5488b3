"""The day grid and the agendas that the timetable pages show."""

from __future__ import annotations

import pytest

from scheduler.domain.views import COVERED, AgendaItem, agenda_for, grid_for_day
from scheduler.errors import ServiceError
from tests.support.timetable_views import DAY, tiny_timetable, tiny_visit


def test_the_grid_has_a_row_per_slot_and_a_column_per_room_sites_in_order_then_virtual_lanes():
    grid = grid_for_day(tiny_visit(), tiny_timetable(), DAY)
    assert grid.label == "Tue 10 Mar"
    assert [row.time for row in grid.rows] == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15"]
    assert [(c.key, c.name, c.site) for c in grid.columns] == [
        ("r2", "Room 2", "Loxley House"),
        ("r1", "Room 1", "Annex"),
        ("virtual", "Virtual (1)", ""),
        ("virtual", "Virtual (2)", ""),
    ]


def test_a_session_is_one_block_spanning_its_slots_with_names_not_ids():
    grid = grid_for_day(tiny_visit(), tiny_timetable(), DAY)
    room_2 = [row.cells[0] for row in grid.rows]
    assert room_2[0] is None
    block = room_2[1].block
    assert block is not None
    assert (block.session, block.title, block.kind, block.start, block.end, block.rowspan) == (
        "s1",
        "Interview: Director",
        "interview",
        "09:15",
        "10:15",
        4,
    )
    assert (block.assessors, block.escort, block.attendees, block.attendee_count) == (
        ("Ada Lovelace", "Bo Diddley"),
        "Sam Jones",
        ("Pat Smith",),
        1,
    )
    assert room_2[2:5] == [COVERED, COVERED, COVERED]
    assert room_2[5] is None


def test_overlapping_virtual_sessions_sit_side_by_side():
    grid = grid_for_day(tiny_visit(), tiny_timetable(), DAY)
    first_lane = [
        cell.block.session if cell and cell.block else cell for cell in (r.cells[2] for r in grid.rows)
    ]
    second_lane = [
        cell.block.session if cell and cell.block else cell for cell in (r.cells[3] for r in grid.rows)
    ]
    assert first_lane == [None, None, "s2", COVERED, None, None]
    assert second_lane == [None, None, None, "s3", COVERED, COVERED]


def test_a_day_without_sessions_still_shows_every_room():
    grid = grid_for_day(tiny_visit(), tiny_timetable(), "2026-03-11")
    assert [c.name for c in grid.columns] == ["Room 2", "Room 1", "Virtual"]
    assert all(cell is None for row in grid.rows for cell in row.cells)


def test_a_persons_agenda_has_their_escort_duty_before_the_session_they_escort():
    assert agenda_for(tiny_visit(), tiny_timetable(), "person", "p2") == [
        AgendaItem(
            session="s1",
            day=DAY,
            day_label="Tue 10 Mar",
            start="09:00",
            end="09:15",
            title="Interview: Director",
            kind="interview",
            mode="in_person",
            role="escort",
            where="Room 2, Loxley House",
            assessors=("Ada Lovelace", "Bo Diddley"),
            escort="Sam Jones",
            attendees=("Pat Smith",),
        ),
        AgendaItem(
            session="s3",
            day=DAY,
            day_label="Tue 10 Mar",
            start="09:45",
            end="10:30",
            title="Partners drop-in",
            kind="drop_in",
            mode="virtual",
            role="attendee",
            where="virtual",
            assessors=("Bo Diddley",),
            escort=None,
            attendees=("Sam Jones",),
        ),
    ]


def test_agendas_by_assessor_room_and_site_list_their_sessions_in_time_order():
    visit, timetable = tiny_visit(), tiny_timetable()
    assert [(i.session, i.role) for i in agenda_for(visit, timetable, "assessor", "a1")] == [
        ("s1", "assessor"),
        ("s2", "assessor"),
    ]
    assert [i.session for i in agenda_for(visit, timetable, "room", "r2")] == ["s1"]
    assert [i.session for i in agenda_for(visit, timetable, "site", "hq")] == ["s1"]
    assert agenda_for(visit, timetable, "site", "annex") == []


def test_an_unknown_agenda_kind_is_refused():
    with pytest.raises(ServiceError) as refused:
        agenda_for(tiny_visit(), tiny_timetable(), "team", "x")
    assert refused.value.message == "there is no agenda by 'team': choose one of assessor, person, room, site"
