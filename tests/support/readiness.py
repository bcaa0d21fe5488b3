"""A one-day visit with something missing in every readiness check, for the service and page tests."""

from __future__ import annotations

from scheduler import domain

DAY = "2026-03-10"


def free(start: str, end: str) -> tuple[domain.Interval, ...]:
    return (domain.Interval(DAY, start, end),)


def people() -> tuple[domain.Person, ...]:
    return (
        # Hospital discharge: 2 of 3 answered.
        domain.Person(
            "p1",
            "Hana Reid",
            team="Hospital discharge",
            role="Social worker",
            available=free("09:00", "17:00"),
        ),
        domain.Person(
            "p2",
            "Ivo Bell",
            team="Hospital discharge",
            role="Social worker",
            available=free("09:00", "10:00"),
        ),
        domain.Person("p3", "Jan Kerr", team="Hospital discharge", role="Team manager"),
        # Reablement: 1 of 1 answered, with an empty list (answered: never free).
        domain.Person("p4", "Kit Lowe", team="Reablement", role="OT", available=()),
        # Partners: 0 of 2 answered.
        domain.Person("p5", "Lee Marsh", kind="partner", organisation="ICB", role="Place Director"),
        domain.Person("p6", "Mo Nash", kind="partner", organisation="Healthwatch", role="Chair"),
        # Councillors: the cabinet member counts too; 1 of 2 answered.
        domain.Person(
            "p7",
            "Nia Owen",
            team="Elected members",
            role="Cabinet Member for Adults",
            available=free("13:00", "15:00"),
        ),
        domain.Person("p8", "Oli Pike", team="Elected members", role="Councillor, Health Scrutiny"),
        # People using services and carers: 1 of 2 answered.
        domain.Person("p9", "Pam Quinn", kind="person_using_services", available=free("14:00", "15:00")),
        domain.Person("p10", "Ray Shaw", kind="carer"),
        # The only escort.
        domain.Person("p11", "Sue Todd", team="Business support", role="Admin", can_escort=True),
    )


def sessions() -> tuple[domain.Session, ...]:
    return (
        # Ivo is free 09:00-10:00 and Kit never: two of them can never be there together.
        domain.Session(
            "s1",
            "Focus group: discharge practitioners",
            kind="focus_group",
            priority="should",
            invited_people=("p2", "p4"),
            min_attendees=2,
            max_attendees=2,
        ),
        # Must end by 12:00 but the person is free only 14:00-15:00: a must with no start.
        domain.Session(
            "s2",
            "Case tracking: conversation with person A",
            kind="case_tracking",
            required_people=("p9",),
            min_attendees=1,
            max_attendees=1,
            not_after="12:00",
        ),
        # Fine: Hana is free all day.
        domain.Session(
            "s3",
            "Interview: Hana Reid",
            kind="interview",
            required_people=("p1",),
            min_attendees=1,
            max_attendees=1,
        ),
        # Cy Dunn is free 09:00-10:00 only, Nia 13:00-15:00: a must with no start, not for want of people.
        domain.Session(
            "s4",
            "Interview: Cabinet Member",
            kind="interview",
            required_people=("p7",),
            min_attendees=1,
            max_attendees=1,
            assessors=domain.AssessorNeed(1, ("a3",)),
        ),
    )


def readiness_visit() -> domain.Visit:
    return domain.Visit(
        name="Readiness visit",
        organisation="Example Council",
        timezone="Europe/London",
        days=(DAY,),
        sites=(domain.Site("hq", "Town Hall"),),
        rooms=(
            domain.Room("r1", "Room 1", "hq", 8),
            domain.Room("r2", "Room 2", "hq", 8, available=free("09:00", "17:00")),
            domain.Room("r3", "Council Chamber", "hq", 40),
        ),
        assessors=(
            domain.Assessor("a1", "Ada Lane", profile="Lead inspector."),
            domain.Assessor("a2", "Ben Cole", profile="  "),
            domain.Assessor("a3", "Cy Dunn", available=free("09:00", "10:00")),
        ),
        people=people(),
        sessions=sessions(),
    )
