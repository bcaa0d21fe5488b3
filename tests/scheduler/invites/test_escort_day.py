"""An escort's run-sheet on the day: running late moves the pick-up, and escorts are emailed the link."""

from __future__ import annotations

from scheduler.domain.day_board import Moment, Progress
from scheduler.files.timetable_file import load_timetable
from scheduler.files.visit_file import load_visit
from scheduler.invites.escort_day import run_sheet_on_the_day
from scheduler.invites.feed_links import FeedLinks, feed_link_words
from tests.support.store import EXAMPLES, SMALL


def test_a_session_running_late_moves_the_escorts_pick_up_by_as_much() -> None:
    visit, timetable = load_visit(SMALL), load_timetable(EXAMPLES / "small.planted.json")
    progress = {"s5": Progress(session="s5", late_minutes=20), "s1": Progress(session="s1", state="held")}

    duties = run_sheet_on_the_day(
        visit, timetable, progress, "p21", "2026-03-10", Moment("2026-03-10", 12 * 60)
    )

    assert [(d.meet_at_time, d.session_start, d.late_minutes, d.status) for d in duties] == [
        ("09:00", "09:15", 0, "held"),
        ("12:35", "12:50", 20, "upcoming"),
        ("12:45", "13:00", 0, "upcoming"),
    ]


def test_an_escorts_calendar_email_carries_the_run_sheet_link_and_nobody_elses_does() -> None:
    links = FeedLinks(
        https="https://fieldwork.example.org/feeds/abc123.ics",
        webcal="webcal://fieldwork.example.org/feeds/abc123.ics",
    )

    escort = feed_link_words("Colin Thompson", "Westmere visit", links, escort=True)
    other = feed_link_words("Zoe Graham", "Westmere visit", links)

    assert (
        "Your escort run-sheet on the day, for your phone: https://fieldwork.example.org/feeds/abc123/today"
        in escort.text
    )
    assert 'href="https://fieldwork.example.org/feeds/abc123/today"' in escort.html
    assert "run-sheet" not in other.text and "run-sheet" not in other.html
