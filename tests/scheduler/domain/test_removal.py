"""Removing an entry takes every reference to it along, and says so in words."""

from __future__ import annotations

from pathlib import Path

from scheduler.domain.removal import remove_entry
from scheduler.files.visit_file import load_visit

SMALL = Path(__file__).resolve().parents[3].parent / "shared" / "examples" / "small.json"


def test_removing_a_person_takes_them_out_of_their_sessions() -> None:
    visit = load_visit(SMALL)
    removal = remove_entry(visit, "person", "p14")  # Eleanor Watson, one of six in the Reviewing focus group
    assert removal.name == "Eleanor Watson"
    assert removal.changes == (
        "'Focus group: Reviewing practitioners' loses Eleanor Watson (in the invited pool).",
    )
    reviewing = next(s for s in removal.visit.sessions if s.id == "s5")
    assert reviewing.invited_people == ("p15", "p16", "p17", "p18", "p19")
    assert (reviewing.min_attendees, reviewing.max_attendees) == (4, 5)
    assert all(p.id != "p14" for p in removal.visit.people)


def test_removing_a_room_unpins_the_sessions_pinned_there_but_keeps_their_time() -> None:
    visit = load_visit(SMALL)
    pinned = next(s for s in visit.sessions if s.fixed is not None and s.fixed.room)
    removal = remove_entry(visit, "room", pinned.fixed.room)  # type: ignore[union-attr]
    kept = next(s for s in removal.visit.sessions if s.id == pinned.id)
    assert kept.fixed is not None and kept.fixed.room is None and kept.fixed.start == pinned.fixed.start  # type: ignore[union-attr]
    assert any(pinned.title in change for change in removal.changes)


def test_a_site_with_rooms_cannot_be_removed() -> None:
    removal = remove_entry(load_visit(SMALL), "site", "hq")
    assert removal.blockers == (
        "Its rooms are still listed: Room 3.12 (inspection team base), Committee Room 1, Meeting Room 2.01, "
        "Interview Room G.01. Remove or move them first.",
    )
