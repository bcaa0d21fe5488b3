"""Moving a visit to upcoming dates keeps its weekdays and every reference to its days."""

from __future__ import annotations

import datetime

import pytest

from scheduler.demo import demo_visit_path
from scheduler.files.visit_dates import move_visit, upcoming_start
from scheduler.files.visit_file import load_visit, visit_to_dict
from tests.support.store import MEDIUM, example_visit


def test_a_visit_moves_by_whole_weeks_with_every_day_it_names():
    visit = example_visit(MEDIUM)
    start = datetime.date.fromisoformat(visit.days[0])
    target = start + datetime.timedelta(weeks=40)

    moved = move_visit(visit, target)

    offset = datetime.timedelta(weeks=40)
    shifted = [(datetime.date.fromisoformat(d) + offset).isoformat() for d in visit.days]
    assert moved.days == tuple(shifted)
    text = str(visit_to_dict(moved))
    assert not any(day in text for day in visit.days if day not in shifted)
    assert [p.available for p in moved.people][:3] == [
        None
        if p.available is None
        else tuple(
            type(i)(day=shifted[visit.days.index(i.day)], start=i.start, end=i.end, level=i.level)
            for i in p.available
        )
        for p in visit.people[:3]
    ]


def test_a_move_that_is_not_whole_weeks_is_refused():
    visit = example_visit(MEDIUM)
    with pytest.raises(ValueError, match="move a visit by whole weeks"):
        move_visit(visit, datetime.date.fromisoformat(visit.days[0]) + datetime.timedelta(days=3))


def test_the_upcoming_start_keeps_the_weekday_and_is_at_least_four_weeks_ahead():
    tuesday = datetime.date(2026, 2, 17)
    assert upcoming_start(tuesday, today=datetime.date(2026, 12, 1)) == datetime.date(2026, 12, 29)
    assert upcoming_start(tuesday, today=datetime.date(2025, 1, 1)) == tuesday  # already far enough ahead


def test_the_demo_visit_moved_to_upcoming_dates_is_still_a_valid_visit():
    demo = load_visit(demo_visit_path())
    first = upcoming_start(datetime.date.fromisoformat(demo.days[0]), today=datetime.date(2026, 12, 1))
    moved = move_visit(demo, first)
    assert moved.days[0] == "2026-12-29"
    assert len(moved.sessions) == len(demo.sessions) and len(moved.people) == len(demo.people)
