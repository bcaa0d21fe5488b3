"""Re-planning during the visit: from now (the notice period), and a day that runs late; what the
re-plan keeps, what it moves, and who is told. Every plan is checked by the shared checker (H17)."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.errors import ServiceError
from scheduler.files.timetable_file import load_timetable, timetable_to_dict
from scheduler.invites.publishing import send_publication
from scheduler.invites.replan_outcome import replan_outcome
from scheduler.services.audit import list_audit
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.replanning import frozen_from_now, late_day, set_notice_minutes
from scheduler.services.timetables import get_timetable, get_version, save_version
from tests.support.store import EXAMPLES, NOW, SHARED, SMALL, add_user, add_visit, open_store

# 10:00 in London on the visit's only day (March: GMT).
ON_THE_DAY = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def rsvp_url(token: str, answer: str) -> str:
    return f"http://fieldwork.test/rsvp/{token}/{answer}"


def _published_small(tmp_path: Path) -> tuple[Session, int]:
    """The small visit with its planted plan published (invites sent)."""
    db = open_store(tmp_path)()
    user = add_user(db)
    visit_id = add_visit(db, user, SMALL)
    save_version(db, user, visit_id, load_timetable(EXAMPLES / "small.planted.json"), NOW)
    send_publication(db, user, visit_id, 1, NOW, rsvp_url)
    db.commit()
    return db, visit_id


def _check(tmp_path: Path, timetable: domain.Timetable, moment: str) -> str:
    path = tmp_path / "new.json"
    path.write_text(json.dumps(timetable_to_dict(timetable)), encoding="utf-8")
    checked = subprocess.run(
        [
            str(SHARED / "tools" / "check_timetable"),
            str(SMALL),
            str(path),
            "--previous",
            str(EXAMPLES / "small.planted.json"),
            "--frozen-before",
            moment,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return checked.stdout + checked.stderr


def test_the_plan_page_says_what_a_re_plan_from_now_keeps(tmp_path: Path) -> None:
    db, visit_id = _published_small(tmp_path)
    frozen = frozen_from_now(db, visit_id, ON_THE_DAY)
    assert frozen.text() == "3 sessions before Tue 10 Mar 12:00 stay as they are"
    assert frozen.stored == "2026-03-10 12:00"

    set_notice_minutes(db, None, visit_id, 30, ON_THE_DAY)
    assert (
        frozen_from_now(db, visit_id, ON_THE_DAY).text()
        == "2 sessions before Tue 10 Mar 10:30 stay as they are"
    )
    assert [e.detail for e in list_audit(db, visit_id) if e.action == "set_notice_period"] == [
        "120 -> 30 minutes"
    ]
    with pytest.raises(ServiceError, match="between 0 and 1440 minutes, not 2000"):
        set_notice_minutes(db, None, visit_id, 2000, ON_THE_DAY)


def test_a_re_plan_from_now_keeps_the_past_exactly_and_starts_nothing_new_before_it(tmp_path: Path) -> None:
    db, visit_id = _published_small(tmp_path)
    number = plan_visit(db, None, visit_id, ON_THE_DAY, time_limit=10, frozen_before=("2026-03-10", "12:00"))
    timetable = get_timetable(db, visit_id, number)[1]
    assert "result: VALID" in _check(tmp_path, timetable, "2026-03-10 12:00")
    planted = {a.session: a for a in load_timetable(EXAMPLES / "small.planted.json").assignments}
    kept = {a.session: a for a in timetable.assignments if a.session in ("s1", "s4", "s8")}
    assert kept == {s: planted[s] for s in ("s1", "s4", "s8")}
    assert all(a.start >= "12:00" for a in timetable.assignments if a.session not in kept)
    assert get_version(db, visit_id, number).note.startswith(
        "re-planned from Tue 10 Mar 12:00: 3 sessions before Tue 10 Mar 12:00 kept as they were; planned"
    )


def test_a_re_plan_from_now_needs_a_plan_to_keep(tmp_path: Path) -> None:
    db = open_store(tmp_path)()
    visit_id = add_visit(db, add_user(db), SMALL)
    with pytest.raises(ServiceError, match="there is no plan yet to keep"):
        plan_visit(db, None, visit_id, ON_THE_DAY, time_limit=5, frozen_before=("2026-03-10", "12:00"))
    with pytest.raises(ServiceError, match="there is no plan yet to run late"):
        late_day(db, visit_id, 1, "12:00", 20)


def test_a_day_running_late_shifts_the_rest_of_it_and_tells_only_the_people_whose_sessions_moved(
    tmp_path: Path,
) -> None:
    db, visit_id = _published_small(tmp_path)
    late = late_day(db, visit_id, 1, "12:00", 20)
    assert late.text() == (
        "Day 1 (Tue 10 Mar) runs 20 minutes late from 12:00 (sessions start on the grid, so 30 minutes)"
    )

    number = plan_visit(
        db, None, visit_id, ON_THE_DAY, time_limit=10, frozen_before=late.moment, late_minutes=late.minutes
    )

    timetable = get_timetable(db, visit_id, number)[1]
    assert "result: VALID" in _check(tmp_path, timetable, "2026-03-10 12:00")
    starts = {a.session: a.start for a in timetable.assignments}
    # The morning stays; the focus group and the case tracking conversation start 30 minutes later.
    assert (starts["s1"], starts["s4"], starts["s8"]) == ("09:15", "10:15", "11:30")
    assert (starts["s5"], starts["s6"]) == ("13:00", "13:30")
    # While the day is late (12:00 to 12:30) nothing starts: no session is pulled forward into the gap.
    assert not [s for s, start in starts.items() if "12:00" <= start < "12:30"]
    # The wash-up cannot end after 17:00, so it is re-placed rather than pushed off the day.
    assert "s2" in starts and starts["s2"] <= "16:15"
    # Nothing the delay shifts starts earlier than its people were told.
    planned = {a.session: a.start for a in load_timetable(EXAMPLES / "small.planted.json").assignments}
    assert not [s for s, start in starts.items() if planned[s] >= "12:00" and start < planned[s]]
    assert timetable.unscheduled == ()
    assert get_version(db, visit_id, number).note.startswith(
        "day 1 runs 20 minutes late from 12:00: 3 sessions before Tue 10 Mar 12:00 kept as they were"
    )

    outcome = replan_outcome(db, visit_id, number, ON_THE_DAY)
    moved = {change.session for change in outcome.comparison.changes}
    assert {"s5", "s6"} <= moved and not moved & {"s1", "s4", "s8"}
    told = {m.recipient.name for m in outcome.publication.messages}
    # The people of the reviewing practitioners' focus group hear; the morning's do not.
    assert {"Eleanor Watson", "Erin Gill", "Dan Allen", "Sean Atkinson"} <= told
    assert not told & {"Zoe Graham", "Anna Wright", "Patrick Brown", "Sean Palmer", "Bernadette Ward"}
    # A moved session is an update to whoever stays in it (a new escort duty is a new invite).
    assert {(m.kind, m.event) for m in outcome.publication.messages if m.kind == "new"} <= {("new", "escort")}
    assert outcome.people_notified == len({m.recipient.email for m in outcome.publication.messages})
