"""The visit's stages as its overview lists them: each status worked out from what is saved, and
the one thing to do next, as a coordinator moves the small visit from set-up to the day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import publish_version, save_version
from scheduler.services.visit_stages import visit_stages
from tests.support.store import EXAMPLES, NOW, SMALL, add_user, add_visit, open_store

BEFORE = date(2026, 2, 1)
VISIT_DAY = date(2026, 3, 10)


def statuses(stages) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {stage.key: stage.status for stage in stages.stages}


def test_a_visit_moves_through_its_stages_and_the_next_step_follows(tmp_path: Path) -> None:
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, SMALL)
        db.commit()

        fresh = visit_stages(db, visit_id, BEFORE)
        assert statuses(fresh) == {
            "set_up": "Completed",
            "availability": "In progress",  # 24 of 28 answered in the visit file
            "plan": "Not started",
            "review": "Cannot start yet",
            "publish": "Cannot start yet",
            "on_the_day": "Cannot start yet",
        }
        assert fresh.stages[1].hint == "24 of 28 have given their availability"
        assert fresh.next_key == "plan"

        number = save_version(db, user, visit_id, load_timetable(EXAMPLES / "small.planted.json"), NOW)
        planned = visit_stages(db, visit_id, BEFORE)
        assert statuses(planned)["review"] == "Completed"
        assert planned.next_key == "publish"

        publish_version(db, user, visit_id, number, NOW)
        published = visit_stages(db, visit_id, BEFORE)
        assert statuses(published)["publish"] == "Completed"
        assert published.stages[-1].hint == "The visit starts Tue 10 Mar 2026"
        assert published.next_key == "availability"  # the 4 who have not answered yet

        on_the_day = visit_stages(db, visit_id, VISIT_DAY)
        assert statuses(on_the_day)["on_the_day"] == "In progress"
        assert statuses(visit_stages(db, visit_id, date(2026, 3, 11)))["on_the_day"] == "Completed"


def test_a_new_empty_visit_starts_with_its_set_up(tmp_path: Path) -> None:
    from scheduler import domain
    from scheduler.services.visits import import_visit

    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        empty = domain.Visit(
            name="Assessment: Northfield",
            organisation="Northfield Council",
            timezone="Europe/London",
            days=("2026-05-12",),
        )
        visit_id = import_visit(db, user, empty, NOW)
        stages = visit_stages(db, visit_id, BEFORE)
    assert statuses(stages)["set_up"] == "Not started"
    assert statuses(stages)["plan"] == "Cannot start yet"
    assert stages.next_key == "set_up"
    assert stages.next_step.startswith("Add the visit's sessions, assessors, rooms and people")
