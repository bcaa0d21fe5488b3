"""A tiny planned visit for the pure view and export tests: two rooms, two virtual sessions at once."""

from __future__ import annotations

from scheduler import domain

DAY = "2026-03-10"


def tiny_visit() -> domain.Visit:
    return domain.Visit(
        name="Tiny visit",
        organisation="Example Council",
        timezone="Europe/London",
        days=(DAY, "2026-03-11"),
        day_start="09:00",
        day_end="10:30",
        sites=(domain.Site("hq", "Loxley House"), domain.Site("annex", "Annex")),
        rooms=(
            domain.Room("r1", "Room 1", "annex", 6),
            domain.Room("r2", "Room 2", "hq", 10),
        ),
        assessors=(domain.Assessor("a1", "Ada Lovelace"), domain.Assessor("a2", "Bo Diddley")),
        people=(
            domain.Person("p1", "Pat Smith"),
            domain.Person("p2", "Sam Jones", can_escort=True),
        ),
        sessions=(
            domain.Session("s1", "Interview: Director", kind="interview", required_people=("p1",)),
            domain.Session("s2", "Carers focus group", kind="focus_group", mode="virtual", minutes=30),
            domain.Session("s3", "Partners drop-in", kind="drop_in", mode="either", minutes=45),
            domain.Session("s4", "Case tracking", kind="case_tracking", priority="should"),
        ),
    )


def tiny_timetable() -> domain.Timetable:
    return domain.Timetable(
        assignments=(
            domain.PlacedSession("s1", DAY, "09:15", "10:15", "in_person", "r2", ("a1", "a2"), "p2", ("p1",)),
            domain.PlacedSession("s2", DAY, "09:30", "10:00", "virtual", None, ("a1",), None, ()),
            domain.PlacedSession("s3", DAY, "09:45", "10:30", "virtual", None, ("a2",), None, ("p2",)),
        ),
        unscheduled=(domain.UnscheduledSession("s4", "no assessor is free for 60 minutes"),),
        status="FEASIBLE",
        objective=-5,
    )
