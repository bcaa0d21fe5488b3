"""plan_visit: a stored visit is solved, saved as a draft, and re-planning keeps it stable."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from scheduler.files.timetable_file import timetable_to_dict
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.timetables import get_timetable, publish_version
from tests.support.store import NOW, SHARED, SMALL, add_user, add_visit, open_store


def test_planning_the_small_example_saves_a_valid_version_one_and_replanning_keeps_it(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, SMALL)
        assert plan_visit(db, user, visit_id, NOW, time_limit=5) == 1
        version, first = get_timetable(db, visit_id)
        assert (version.state, version.note, version.created_by) == ("draft", "planned", user.id)
        assert first.unscheduled == ()
        publish_version(db, user, visit_id, 1, NOW)
        db.commit()

        tt_path = tmp_path / "tt.json"
        tt_path.write_text(json.dumps(timetable_to_dict(first)), encoding="utf-8")
        checked = subprocess.run(
            [str(SHARED / "tools" / "check_timetable"), str(SMALL), str(tt_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert "result: VALID" in checked.stdout, checked.stdout + checked.stderr

        assert plan_visit(db, user, visit_id, NOW, time_limit=5) == 2
        version, second = get_timetable(db, visit_id)
        assert version.note == "planned; 0 sessions moved from the previous plan"

    def places(timetable):
        return {a.session: (a.day, a.start, a.room) for a in timetable.assignments}

    assert places(second) == places(first)
    assert get_timetable(factory(), visit_id, 1)[0].state == "published"
