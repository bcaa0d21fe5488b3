"""The control page's service: the day's sessions against the clock, and what coordinators mark."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from scheduler.domain.privacy import COORDINATOR, SHARED
from scheduler.errors import NotFound, ServiceError
from scheduler.services.audit import list_audit
from scheduler.services.on_the_day import control_day, free_room, mark_no_show, mark_session, set_running_late
from tests.support.onsite import DAY, ON_THE_DAY, published_small_visit
from tests.support.store import add_user, open_store


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db, "grace.okafor@example.org", "Grace Okafor")
        visit_id = published_small_visit(db, user)
        db.commit()
        yield db, user, visit_id


def _statuses(board) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {row.session: row.status for row in board.rows}


def test_at_half_past_ten_the_opening_is_to_mark_the_focus_group_in_progress_the_rest_upcoming(store) -> None:  # type: ignore[no-untyped-def]
    db, _user, visit_id = store

    board = control_day(db, visit_id, ON_THE_DAY, COORDINATOR)

    assert board.day == DAY and board.is_visit_day
    assert _statuses(board) == {
        "s1": "to_mark",
        "s4": "in_progress",
        "s8": "upcoming",
        "s5": "upcoming",
        "s6": "upcoming",
        "s7": "upcoming",
        "s3": "upcoming",
        "s2": "upcoming",
    }
    assert [row.start for row in board.rows][:3] == ["09:15", "10:15", "11:30"]


def test_a_session_marked_held_stays_held_and_a_no_show_is_crossed_off(store) -> None:  # type: ignore[no-untyped-def]
    db, user, visit_id = store

    assert mark_session(db, user, visit_id, "s1", "held", ON_THE_DAY) == (
        "'Opening presentation: Director and senior leadership team' marked held."
    )
    mark_no_show(db, user, visit_id, "s1", "p3", False, ON_THE_DAY)
    board = control_day(db, visit_id, ON_THE_DAY, COORDINATOR)

    opening = board.rows[0]
    assert opening.status == "held"
    assert [(a.name, a.came) for a in opening.attendees] == [
        ("Zoe Graham", True),
        ("Anna Wright", True),
        ("Patrick Brown", False),
    ]
    assert board.no_shows == 1
    assert [entry.action for entry in list_audit(db, visit_id)][:2] == ["mark_no_show", "mark_session"]


def test_running_late_moves_the_expected_times_and_keeps_a_session_upcoming(store) -> None:  # type: ignore[no-untyped-def]
    db, user, visit_id = store
    eleven_forty = ON_THE_DAY + timedelta(minutes=70)

    assert set_running_late(db, user, visit_id, "s8", 20, ON_THE_DAY) == (
        "'Case tracking: conversation with person B' runs 20 minutes late."
    )
    board = control_day(db, visit_id, eleven_forty, COORDINATOR)

    row = next(r for r in board.rows if r.session == "s8")
    assert (row.planned_start, row.start, row.end, row.status) == ("11:30", "11:50", "12:50", "upcoming")


def test_a_viewer_board_names_people_using_services_and_carers_by_what_they_are(store) -> None:  # type: ignore[no-untyped-def]
    db, _user, visit_id = store

    board = control_day(db, visit_id, ON_THE_DAY, SHARED)

    carers_session = next(r for r in board.rows if r.session == "s6")
    assert [a.name for a in carers_session.attendees] == ["case-tracking conversation"] * 2
    assert "Dan Allen" not in repr(board.rows)


def test_marks_are_refused_with_a_clear_message(store) -> None:  # type: ignore[no-untyped-def]
    db, user, visit_id = store

    with pytest.raises(ServiceError, match="between 0 and 240 minutes, not 300"):
        set_running_late(db, user, visit_id, "s5", 300, ON_THE_DAY)
    with pytest.raises(NotFound, match="'p1' is not an attendee of session 's5'"):
        mark_no_show(db, user, visit_id, "s5", "p1", False, ON_THE_DAY)
    with pytest.raises(ServiceError, match="held online: it has no room to free"):
        free_room(db, user, visit_id, "s4", True, ON_THE_DAY)
    with pytest.raises(NotFound, match="session 's99' is not in the published timetable"):
        mark_session(db, user, visit_id, "s99", "held", ON_THE_DAY)


def test_a_freed_room_shows_on_the_board(store) -> None:  # type: ignore[no-untyped-def]
    db, user, visit_id = store

    message = free_room(db, user, visit_id, "s1", True, ON_THE_DAY)

    assert message.endswith("is free again.")
    assert control_day(db, visit_id, ON_THE_DAY, COORDINATOR).rows[0].room_freed


def test_before_the_visit_the_board_shows_its_first_day_and_everything_upcoming(store) -> None:  # type: ignore[no-untyped-def]
    db, _user, visit_id = store

    board = control_day(db, visit_id, ON_THE_DAY - timedelta(days=20), COORDINATOR)

    assert board.day == DAY and not board.is_visit_day
    assert set(_statuses(board).values()) == {"upcoming"}
