"""Comparing two timetable versions: what moved, what was added or dropped, and who must be told."""

from __future__ import annotations

import dataclasses

from scheduler import domain
from scheduler.domain.compare import AffectedPerson, AffectedRoom, SessionChange, Who, compare_versions
from scheduler.files.timetable_file import load_timetable
from scheduler.files.visit_file import load_visit
from tests.support.store import EXAMPLES, SMALL

VISIT = load_visit(SMALL)
PLANTED = load_timetable(EXAMPLES / "small.planted.json")
REVIEWING = "Focus group: Reviewing practitioners"
PERSON_B = "Case tracking: conversation with person B"
PARTNERS = "Meeting: NHS Westmere Integrated Care Board"


def _with(timetable: domain.Timetable, session: str, **changes: object) -> domain.Timetable:
    return dataclasses.replace(
        timetable,
        assignments=tuple(
            dataclasses.replace(a, **changes) if a.session == session else a for a in timetable.assignments
        ),
    )


def _without(timetable: domain.Timetable, session: str) -> domain.Timetable:
    return dataclasses.replace(
        timetable, assignments=tuple(a for a in timetable.assignments if a.session != session)
    )


def test_identical_versions_have_no_changes_and_affect_nobody() -> None:
    comparison = compare_versions(VISIT, PLANTED, PLANTED)
    assert (comparison.changes, comparison.unchanged, comparison.people, comparison.rooms) == ((), 8, (), ())


def test_a_moved_session_lists_its_old_and_new_place_and_everyone_in_it() -> None:
    moved = _with(PLANTED, "s5", start="13:15", end="14:45")
    comparison = compare_versions(VISIT, PLANTED, moved)
    assert comparison.changes == (
        SessionChange(
            session="s5",
            title=REVIEWING,
            change="moved",
            before="Tue 10 Mar 12:30-14:00, Meeting Room 2.01",
            after="Tue 10 Mar 13:15-14:45, Meeting Room 2.01",
            joined=(),
            left=(),
        ),
    )
    assert comparison.unchanged == 7
    assert [(p.name, p.email) for p in comparison.people] == [
        ("Colin Thompson", "colin.thompson@westmere.gov.example"),
        ("Connor Davies", "connor.davies@inspectorate.example"),
        ("Eleanor Watson", "eleanor.watson@westmere.gov.example"),
        ("Erin Gill", "erin.gill@westmere.gov.example"),
        ("Imran Wood", "imran.wood@westmere.gov.example"),
        ("Isla Begum", "isla.begum@westmere.gov.example"),
        ("Isla Jones", "isla.jones@westmere.gov.example"),
        ("Sam Williams", "sam.williams@westmere.gov.example"),
    ]
    assert all(p.sessions == (REVIEWING,) for p in comparison.people)
    assert comparison.rooms == (AffectedRoom("r3", "Meeting Room 2.01", (REVIEWING,)),)


def test_a_session_moved_to_another_room_affects_both_rooms() -> None:
    moved = _with(PLANTED, "s5", room="r1", start="14:00", end="15:30")
    rooms = compare_versions(VISIT, PLANTED, moved).rooms
    assert [room.name for room in rooms] == ["Meeting Room 2.01", "Room 3.12 (inspection team base)"]


def test_an_added_and_a_dropped_session_affect_their_people_and_rooms() -> None:
    without_b = _without(PLANTED, "s8")
    dropped = compare_versions(VISIT, PLANTED, without_b)
    assert [(c.session, c.change, c.before, c.after) for c in dropped.changes] == [
        ("s8", "dropped", "Tue 10 Mar 11:30-12:30, virtual", None)
    ]
    assert [p.name for p in dropped.people] == ["Priya Singh", "Sean Palmer"]
    assert dropped.rooms == ()  # it was held virtually

    added = compare_versions(VISIT, without_b, PLANTED)
    assert [(c.session, c.change, c.before, c.after) for c in added.changes] == [
        ("s8", "added", None, "Tue 10 Mar 11:30-12:30, virtual")
    ]
    assert added.changes[0].joined == (
        Who("a2", "Priya Singh", "priya.singh@inspectorate.example", "assessor"),
        Who("p26", "Sean Palmer", "sean.palmer@mail.example", "attendee"),
    )


def test_a_change_of_people_only_affects_those_who_joined_or_left() -> None:
    swapped = _with(PLANTED, "s3", assessors=("a2",))
    comparison = compare_versions(VISIT, PLANTED, swapped)
    change = comparison.changes[0]
    assert (change.session, change.title, change.change) == ("s3", PARTNERS, "people")
    assert change.before == change.after == "Tue 10 Mar 15:00-16:00, virtual"
    assert change.joined == (Who("a2", "Priya Singh", "priya.singh@inspectorate.example", "assessor"),)
    assert change.left == (Who("a1", "Connor Davies", "connor.davies@inspectorate.example", "assessor"),)
    assert comparison.people == (
        AffectedPerson("a1", "Connor Davies", "connor.davies@inspectorate.example", (PARTNERS,)),
        AffectedPerson("a2", "Priya Singh", "priya.singh@inspectorate.example", (PARTNERS,)),
    )
    assert comparison.rooms == ()


def test_listing_the_same_people_in_another_order_is_no_change() -> None:
    reordered = _with(PLANTED, "s1", attendees=("p3", "p2", "p1"))
    assert compare_versions(VISIT, PLANTED, reordered).changes == ()


def test_changes_follow_the_visits_session_order_and_a_person_lists_every_change_of_theirs() -> None:
    changed = _with(_with(PLANTED, "s8", start="10:30", end="11:30"), "s5", start="13:15", end="14:45")
    comparison = compare_versions(VISIT, PLANTED, changed)
    assert [c.session for c in comparison.changes] == ["s5", "s8"]
    assert comparison.of_kind("moved") == comparison.changes
    priya = next(p for p in comparison.people if p.name == "Priya Singh")
    connor = next(p for p in comparison.people if p.name == "Connor Davies")
    assert (priya.sessions, connor.sessions) == ((PERSON_B,), (REVIEWING,))
