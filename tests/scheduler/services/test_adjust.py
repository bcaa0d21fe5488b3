"""Moving a session by hand, judged by every hard rule; pinning a session where the plan has it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.accounts import User
from scheduler.db.engine import make_engine, make_session_factory
from scheduler.errors import NotFound, ServiceError
from scheduler.files.timetable_file import load_timetable
from scheduler.services.adjust import check_move, move_options, move_session, pin_session, preview
from scheduler.services.timetables import get_timetable, save_version
from scheduler.services.visits import load_visit
from tests.support.databases import fresh_database_url, on_postgres
from tests.support.store import EXAMPLES, NOW, SMALL, add_user, add_visit, open_store

PLANTED = load_timetable(EXAMPLES / "small.planted.json")
DAY = "2026-03-10"
REVIEWING = "Focus group: Reviewing practitioners"  # s5, 12:30-14:00 in Meeting Room 2.01
CASE_A = "Case tracking: conversation with person A and their carer"  # s6, 13:00-14:00 in r1


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite store per module, copied for each test: migrating takes most of a test's
    time. (On PostgreSQL every test's database is a copy of a migrated template anyway.)"""
    folder = tmp_path_factory.mktemp("migrated")
    if not on_postgres():
        open_store(folder).kw["bind"].dispose()
    return folder


@pytest.fixture
def db(migrated: Path, tmp_path: Path) -> Iterator[Session]:
    for file in migrated.iterdir():
        shutil.copy(file, tmp_path / file.name)
    with make_session_factory(make_engine(fresh_database_url(tmp_path)))() as session:
        yield session


@pytest.fixture
def user(db: Session) -> User:
    return add_user(db)


@pytest.fixture
def visit_id(db: Session, user: User) -> int:
    """The small example with its planted timetable as version 1."""
    visit_id = add_visit(db, user, SMALL)
    save_version(db, user, visit_id, PLANTED, NOW, note="planted")
    return visit_id


def _placed(db: Session, visit_id: int, number: int, session: str) -> domain.PlacedSession:
    _version, timetable = get_timetable(db, visit_id, number)
    return next(a for a in timetable.assignments if a.session == session)


def test_a_move_into_an_occupied_room_reports_the_room_clash_with_the_other_sessions_title(
    db: Session, visit_id: int
) -> None:
    breaks = check_move(db, visit_id, 1, "s5", DAY, "13:00", "r1")
    assert breaks == [
        "Room double-booked: Room 3.12 (inspection team base) is double-booked: "
        f"'{CASE_A}' (Tue 10 Mar 13:00-14:00) and '{REVIEWING}' (Tue 10 Mar 13:00-14:30)"
    ]


def test_a_move_to_a_free_slot_breaks_nothing(db: Session, visit_id: int) -> None:
    assert check_move(db, visit_id, 1, "s5", DAY, "13:15", "r3") == []


def test_a_move_reports_every_rule_it_breaks_in_plain_words(db: Session, visit_id: int) -> None:
    breaks = check_move(db, visit_id, 1, "s5", DAY, "09:00", "r2")
    assert [text.split(":", 1)[0] for text in breaks] == [
        "Room double-booked",
        "Assessor problem",
        "Attendee problem",
        "Attendee problem",
    ]
    assert "Erin Gill is not available for the whole session" in breaks[2]


def test_holding_an_in_person_only_session_virtually_breaks_the_mode_rule(db: Session, visit_id: int) -> None:
    assert check_move(db, visit_id, 1, "s5", DAY, "12:30", None) == [
        f"Wrong mode: session '{REVIEWING}' (Tue 10 Mar 12:30-14:00) is held virtually but must be in person"
    ]


def test_moving_a_pinned_session_breaks_its_pin(db: Session, visit_id: int) -> None:
    breaks = check_move(db, visit_id, 1, "s2", DAY, "15:45", "r1")
    assert breaks[0] == (
        "Pinned elsewhere: session 'Daily wash-up: assessor team (2026-03-10)' "
        "(Tue 10 Mar 15:45-16:30) is pinned to Tue 10 Mar 16:15"
    )


def test_a_good_move_is_saved_as_the_next_draft_version_with_only_that_session_moved(
    db: Session, user: User, visit_id: int
) -> None:
    assert move_session(db, user, visit_id, 1, "s5", DAY, "13:15", "r3", NOW) == 2
    version, timetable = get_timetable(db, visit_id, 2)
    assert (version.state, version.status, version.note) == (
        "draft",
        "FEASIBLE",
        f"moved by hand from version 1: '{REVIEWING}' Tue 10 Mar 12:30-14:00, Meeting Room 2.01 "
        "-> Tue 10 Mar 13:15-14:45, Meeting Room 2.01",
    )
    moved = _placed(db, visit_id, 2, "s5")
    assert (moved.start, moved.end, moved.room, moved.escort) == ("13:15", "14:45", "r3", "p21")
    others = [a for a in timetable.assignments if a.session != "s5"]
    assert others == [a for a in PLANTED.assignments if a.session != "s5"]
    # Two reviewers are now there in their 'if needed' time (14:30-14:45): 2 x -15 off the planted score.
    assert version.objective == PLANTED.objective - 30


def test_a_move_that_breaks_a_rule_is_refused_and_saves_nothing(
    db: Session, user: User, visit_id: int
) -> None:
    with pytest.raises(ServiceError) as refused:
        move_session(db, user, visit_id, 1, "s5", DAY, "13:00", "r1", NOW)
    assert refused.value.message == f"'{REVIEWING}' was not moved: the move would break 1 rule"
    assert refused.value.problems[0].startswith("Room double-booked: Room 3.12")
    with pytest.raises(NotFound):
        get_timetable(db, visit_id, 2)


def test_a_move_to_where_the_session_already_is_is_refused(db: Session, user: User, visit_id: int) -> None:
    with pytest.raises(
        ServiceError, match=re.escape("is already at Tue 10 Mar 12:30-14:00, Meeting Room 2.01")
    ):
        move_session(db, user, visit_id, 1, "s5", DAY, "12:30", "r3", NOW)


def test_the_escort_who_cannot_do_the_new_duty_is_replaced_by_a_free_one(
    db: Session, user: User, visit_id: int
) -> None:
    # Colin Thompson escorts Case tracking A at 12:45-13:00, so cannot also escort a 13:00 start.
    moved = preview(db, visit_id, 1, "s5", DAY, "13:00", "r3")
    assert (moved.breaks, moved.after.escort) == ((), "p20")
    assert moved.notes == (
        "Zara James takes over as escort from Colin Thompson, who is not free for the new time.",
    )
    move_session(db, user, visit_id, 1, "s5", DAY, "13:00", "r3", NOW)
    assert _placed(db, visit_id, 2, "s5").escort == "p20"


def test_a_virtual_session_brought_into_a_room_gets_a_free_escort(
    db: Session, user: User, visit_id: int
) -> None:
    move_session(db, user, visit_id, 1, "s8", DAY, "11:30", "r1", NOW)
    moved = _placed(db, visit_id, 2, "s8")
    assert (moved.mode, moved.room, moved.escort) == ("in_person", "r1", "p20")


def test_holding_a_session_virtually_drops_its_escort(db: Session, user: User, visit_id: int) -> None:
    move_session(db, user, visit_id, 1, "s6", DAY, "13:00", None, NOW)
    moved = _placed(db, visit_id, 2, "s6")
    assert (moved.mode, moved.room, moved.escort) == ("virtual", None, None)


def test_a_move_names_the_offending_day_room_or_session(db: Session, visit_id: int) -> None:
    with pytest.raises(ServiceError, match="2026-03-11 is not a day of the visit"):
        check_move(db, visit_id, 1, "s5", "2026-03-11", "13:15", "r3")
    with pytest.raises(ServiceError, match="there is no room r9"):
        check_move(db, visit_id, 1, "s5", DAY, "13:15", "r9")
    with pytest.raises(ServiceError, match="'25:00' is not a time 'HH:MM'"):
        check_move(db, visit_id, 1, "s5", DAY, "25:00", "r3")
    with pytest.raises(NotFound, match="there is no session s99"):
        check_move(db, visit_id, 1, "s99", DAY, "13:15", "r3")
    with pytest.raises(NotFound, match="there is no timetable version 5"):
        check_move(db, visit_id, 5, "s5", DAY, "13:15", "r3")


def test_the_move_page_offers_every_start_that_ends_by_the_end_of_the_day(db: Session, visit_id: int) -> None:
    options = move_options(db, visit_id, 1, "s5")
    assert options.starts[0] == "09:00" and options.starts[-1] == "15:30"  # 90 minutes before 17:00
    assert len(options.starts) == 27
    assert options.days == ((DAY, "Tue 10 Mar"),)
    assert options.rooms[0] == ("r1", "Room 3.12 (inspection team base) (9 seats)")
    assert options.where == "Tue 10 Mar 12:30-14:00, Meeting Room 2.01"
    assert (options.latest_number, options.latest_place) == (1, options.where)


def test_pinning_sets_the_session_fixed_to_its_place_in_the_latest_version(
    db: Session, user: User, visit_id: int
) -> None:
    move_session(db, user, visit_id, 1, "s5", DAY, "13:15", "r3", NOW)
    pin = pin_session(db, user, visit_id, "s5", True, NOW)
    assert pin == domain.Pin(day=DAY, start="13:15", room="r3", mode=None)
    assert next(s for s in load_visit(db, visit_id).sessions if s.id == "s5").fixed == pin


def test_pinning_a_session_that_may_be_held_either_way_also_pins_its_mode(
    db: Session, user: User, visit_id: int
) -> None:
    pin = pin_session(db, user, visit_id, "s3", True, NOW)  # virtual in the planted plan
    assert pin == domain.Pin(day=DAY, start="15:00", room=None, mode="virtual")


def test_unpinning_clears_the_pin(db: Session, user: User, visit_id: int) -> None:
    assert pin_session(db, user, visit_id, "s1", False, NOW) is None
    assert next(s for s in load_visit(db, visit_id).sessions if s.id == "s1").fixed is None


def test_a_pinned_session_moved_by_the_next_check_breaks_its_new_pin(
    db: Session, user: User, visit_id: int
) -> None:
    pin_session(db, user, visit_id, "s5", True, NOW)
    assert check_move(db, visit_id, 1, "s5", DAY, "13:15", "r3")[0].startswith("Pinned elsewhere")


def test_a_session_not_in_the_latest_version_cannot_be_pinned(db: Session, user: User) -> None:
    visit_id = add_visit(db, user, SMALL)
    without_s8 = domain.Timetable(
        assignments=tuple(a for a in PLANTED.assignments if a.session != "s8"), status="FEASIBLE"
    )
    save_version(db, user, visit_id, without_s8, NOW)
    with pytest.raises(ServiceError, match="is not placed in version 1, so there is no place to pin it to"):
        pin_session(db, user, visit_id, "s8", True, NOW)
