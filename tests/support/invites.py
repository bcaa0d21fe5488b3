"""A small visit across the spring clock change (Europe/London, Fri 27 and Mon 30 March 2026),
its timetable, a fixed clock and UID source, and the independent invite checker."""

from __future__ import annotations

import functools
import itertools
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scheduler import domain

SHARED = Path(__file__).resolve().parents[3] / "shared"
ICS_CHECK = SHARED / "tools" / "ics_check"
ICS_CHECK_SETUP = SHARED / "tools" / "ics_check_setup.sh"
GOLDEN = Path(__file__).resolve().parents[1] / "scheduler" / "invites" / "golden"
SENT_AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ORGANIZER = "visit-coordinator@council.example"
FRIDAY, MONDAY = "2026-03-27", "2026-03-30"  # the clocks go forward on Sunday 29 March


def uid_source(prefix: str = "uid") -> Iterator[str]:
    return (f"{prefix}-{n}@fieldwork" for n in itertools.count(1))


def invite_visit(**changes: object) -> domain.Visit:
    visit = domain.Visit(
        name="Riverside assessment",
        organisation="Riverside Council",
        timezone="Europe/London",
        days=(FRIDAY, MONDAY),
        escort_minutes=15,
        sites=(domain.Site("loxley", "Loxley House", "1 Station St, Exampletown"),),
        rooms=(
            domain.Room("r112", "Room 1.12", "loxley", 8),
            domain.Room("r201", "Room 2.01", "loxley", 8),
        ),
        assessors=(
            domain.Assessor(
                "a1",
                "Connor Davies",
                "connor@cqc.example",
                "lead_inspector",
                "Lead inspector, 12 years in care.",
            ),
            domain.Assessor("a2", "Priya Singh", "priya@cqc.example", "inspector", "Occupational therapist."),
        ),
        people=(
            domain.Person("p1", "Jane Smith", "jane@council.example", role="Director"),
            domain.Person("p2", "Ana Müller-Łukasz", "ana@partner.example", kind="partner"),
            domain.Person("p3", "Sam Porter", "sam@council.example", can_escort=True),
            domain.Person("p4", "Rose Tyler", "rose@home.example", kind="person_using_services"),
        ),
        sessions=(
            domain.Session("s0", "Assessors' briefing", kind="briefing", needs_escort=False),
            domain.Session("s1", "Interview: Director of Adult Social Care", kind="interview"),
            domain.Session(
                "s2",
                "Case tracking: home care",
                kind="case_tracking",
                required_people=("p4",),
                max_attendees=1,
            ),
            domain.Session("s3", "Focus group: partners", kind="focus_group", priority="reserve"),
            domain.Session("s4", "Drop-in for partners", kind="drop_in", mode="virtual", needs_escort=False),
        ),
    )
    return visit if not changes else domain.Visit(**{**visit.__dict__, **changes})  # type: ignore[arg-type]


def placed(
    session: str,
    day: str,
    start: str,
    end: str,
    room: str | None,
    assessors: tuple[str, ...],
    attendees: tuple[str, ...] = (),
    escort: str | None = None,
    mode: str = "in_person",
) -> domain.PlacedSession:
    return domain.PlacedSession(session, day, start, end, mode, room, assessors, escort, attendees)


BRIEFING = placed("s0", FRIDAY, "09:00", "09:45", "r112", ("a1", "a2"))
INTERVIEW = placed("s1", FRIDAY, "10:00", "11:00", "r201", ("a1", "a2"), ("p1", "p2"), escort="p3")
CASE_TRACKING = placed("s2", MONDAY, "14:00", "15:00", "r201", ("a1",), ("p4",), escort="p3")
RESERVE = placed("s3", MONDAY, "10:00", "11:00", "r112", ("a2",), ("p1", "p2"), escort="p3")
DROP_IN = placed("s4", MONDAY, "11:30", "12:00", None, ("a1",), ("p2",), mode="virtual")
TIMETABLE = domain.Timetable(
    assignments=(BRIEFING, INTERVIEW, CASE_TRACKING, RESERVE, DROP_IN), status="FEASIBLE"
)


@functools.cache
def ics_check_ready() -> bool:
    if not ICS_CHECK.exists() or shutil.which("node") is None:
        return False
    return subprocess.run([str(ICS_CHECK_SETUP), "--check"], capture_output=True).returncode == 0


def assert_ics_check_passes(*files: Path) -> None:
    """Every file passes the independent checker (Thunderbird's parser, Python parsers, CalDAV)."""
    if not ics_check_ready():
        pytest.skip(f"the invite checker is not installed: run {ICS_CHECK_SETUP}")
    result = subprocess.run([str(ICS_CHECK), *map(str, files)], capture_output=True, text=True, timeout=120)
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert result.returncode == 0 and not failed, result.stdout + result.stderr
