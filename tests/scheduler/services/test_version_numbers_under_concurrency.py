"""Timetable versions saved at the same moment by different sessions each get their own number."""

from __future__ import annotations

import threading
from pathlib import Path

from scheduler.db.accounts import User
from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import list_versions, save_version
from tests.support.store import EXAMPLES, NOW, SMALL, add_user, add_visit, open_store

SAVERS = 6


def test_versions_saved_at_once_by_six_sessions_are_numbered_one_to_six(tmp_path: Path):
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db, "kieran.gill@example.org", "Kieran Gill")
        visit_id = add_visit(db, user, SMALL)
        db.commit()
        user_id = user.id
    planted = load_timetable(EXAMPLES / "small.planted.json")
    start_together = threading.Barrier(SAVERS)
    numbers: list[int] = []
    failures: list[str] = []

    def save(note: str) -> None:
        with factory() as db:
            actor = db.get(User, user_id)
            start_together.wait()
            try:
                numbers.append(save_version(db, actor, visit_id, planted, NOW, note=note))
                db.commit()
            except Exception as error:  # the assertion below names it
                failures.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=save, args=(f"saved by planner {n}",)) for n in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == []
    assert sorted(numbers) == list(range(1, SAVERS + 1))
    with factory() as db:
        stored = list_versions(db, visit_id)
    assert [v.number for v in stored] == list(range(SAVERS, 0, -1))
    assert sorted(v.note for v in stored) == sorted(f"saved by planner {n}" for n in range(SAVERS))
