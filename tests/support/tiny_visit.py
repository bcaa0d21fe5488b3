"""A tiny visit for the availability tests: one day 09:00-11:00 on a 30-minute grid."""

from __future__ import annotations

from scheduler import domain

DAY = "2026-03-10"


def free(start: str, end: str, level: str = "yes", day: str = DAY) -> domain.Interval:
    return domain.Interval(day, start, end, level)


def person(key: str, *available: domain.Interval, answered: bool = True, **fields: object) -> domain.Person:
    values: dict[str, object] = {"name": f"Person {key}", "email": f"{key}@example.org", **fields}
    return domain.Person(id=key, available=tuple(available) if answered else None, **values)  # type: ignore[arg-type]


def tiny_visit(people: tuple[domain.Person, ...], sessions: tuple[domain.Session, ...]) -> domain.Visit:
    return domain.Visit(
        name="Tiny visit",
        organisation="Example Council",
        timezone="Europe/London",
        days=(DAY,),
        day_start="09:00",
        day_end="11:00",
        slot_minutes=30,
        lunch=domain.Lunch("12:00", "14:00", 0),
        escort_minutes=0,
        sites=(domain.Site("hq", "HQ"),),
        rooms=(domain.Room("r1", "Room 1", "hq", 10),),
        assessors=(domain.Assessor("a1", "Assessor One", "a1@example.org"),),
        people=people,
        sessions=sessions,
    )


def meeting(
    key: str, required: tuple[str, ...], invited: tuple[str, ...] = (), minutes: int = 60, **fields: object
) -> domain.Session:
    return domain.Session(
        id=key,
        title=f"Meeting {key}",
        minutes=minutes,
        required_people=required,
        invited_people=invited,
        min_attendees=len(required),
        max_attendees=len(required) + len(invited),
        needs_escort=False,
        **fields,  # type: ignore[arg-type]
    )
