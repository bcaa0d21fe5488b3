"""The free slots a move page offers: each breaks no rule with everything else in place."""

from __future__ import annotations

from pathlib import Path

from scheduler.files.timetable_file import load_timetable
from scheduler.files.visit_file import load_visit
from scheduler.planning.free_slots import free_slots
from scheduler.planning.move_preview import Target, preview_move

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "examples"


def test_every_free_slot_breaks_no_rule_and_the_nearest_are_offered() -> None:
    visit = load_visit(EXAMPLES / "small.json")
    timetable = load_timetable(EXAMPLES / "small.planted.json")
    slots = free_slots(visit, timetable, "s5")  # the Reviewing focus group, now 12:30 in Meeting Room 2.01
    assert [slot.text for slot in slots][:2] == [
        "Tue 10 Mar 10:45-12:15, Room 3.12 (inspection team base)",
        "Tue 10 Mar 11:00-12:30, Room 3.12 (inspection team base)",
    ]
    assert len(slots) == 8
    for slot in slots:
        moved = preview_move(visit, timetable, "s5", Target(slot.day, slot.start, slot.room))
        assert moved.breaks == () and moved.changes_anything


def test_a_session_not_in_the_timetable_has_no_free_slots() -> None:
    visit = load_visit(EXAMPLES / "small.json")
    timetable = load_timetable(EXAMPLES / "small.planted.json")
    assert free_slots(visit, timetable.__class__(assignments=()), "s5") == ()
