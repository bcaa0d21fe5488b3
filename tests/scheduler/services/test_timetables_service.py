"""Timetable versions: numbered per visit, read back unchanged, one published at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from scheduler.errors import NotFound
from scheduler.files.timetable_file import load_timetable
from scheduler.services.timetables import (
    get_timetable,
    list_versions,
    publish_version,
    published_timetable,
    save_version,
)
from scheduler.services.visits import list_visits
from tests.support.store import EXAMPLES, NOW, add_user, add_visit, open_store

PLANTED = EXAMPLES / "medium.planted.json"
GREEDY = EXAMPLES / "medium.greedy.json"


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path)() as session:
        yield session


def test_a_saved_timetable_reads_back_unchanged_as_version_one(tmp_path: Path):
    factory = open_store(tmp_path)
    planted = load_timetable(PLANTED)
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user)
        assert save_version(db, user, visit_id, planted, NOW, note="hand-made", bound=16000) == 1
        db.commit()
    with factory() as db:
        version, timetable = get_timetable(db, visit_id)
        assert timetable == planted
        assert (version.number, version.state, version.note, version.bound) == (
            1,
            "draft",
            "hand-made",
            16000,
        )
        assert (version.status, version.objective, version.created_at) == (
            planted.status,
            planted.objective,
            NOW,
        )


def test_supporters_in_a_saved_timetable_read_back(tmp_path: Path):
    factory = open_store(tmp_path)
    planted = load_timetable(EXAMPLES / "medium-teams.planted.json")
    with factory() as db:
        user = add_user(db)
        visit_id = add_visit(db, user, EXAMPLES / "medium-teams.json")
        save_version(db, user, visit_id, planted, NOW)
        db.commit()
    with factory() as db:
        _, timetable = get_timetable(db, visit_id)
    assert timetable == planted
    assert [a.support for a in timetable.assignments if a.support] == [("i1",), ("i2",), ("i3",)]


def test_versions_are_numbered_per_visit_and_listed_newest_first(db: Session):
    user = add_user(db)
    first_visit, second_visit = add_visit(db, user), add_visit(db, user)
    planted, greedy = load_timetable(PLANTED), load_timetable(GREEDY)
    assert save_version(db, user, first_visit, planted, NOW) == 1
    assert save_version(db, user, first_visit, greedy, NOW) == 2
    assert save_version(db, user, second_visit, greedy, NOW) == 1
    assert [v.number for v in list_versions(db, first_visit)] == [2, 1]
    assert get_timetable(db, first_visit)[1] == greedy
    assert get_timetable(db, first_visit, 1)[1] == planted


def test_publishing_a_version_returns_the_previously_published_one_to_draft(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    planted, greedy = load_timetable(PLANTED), load_timetable(GREEDY)
    save_version(db, user, visit_id, planted, NOW)
    save_version(db, user, visit_id, greedy, NOW)
    assert published_timetable(db, visit_id) is None
    publish_version(db, user, visit_id, 1, NOW)
    assert published_timetable(db, visit_id) == planted
    publish_version(db, user, visit_id, 2, NOW)
    assert published_timetable(db, visit_id) == greedy
    assert [(v.number, v.state) for v in list_versions(db, visit_id)] == [(2, "published"), (1, "draft")]
    [summary] = list_visits(db, user)
    assert (summary.latest_version, summary.latest_state, summary.published_version) == (2, "published", 2)


def test_asking_for_a_missing_timetable_is_not_found(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    with pytest.raises(NotFound) as none_yet:
        get_timetable(db, visit_id)
    assert none_yet.value.message == "this visit has no timetable yet"
    save_version(db, user, visit_id, load_timetable(PLANTED), NOW)
    with pytest.raises(NotFound) as missing:
        publish_version(db, user, visit_id, 7, NOW)
    assert missing.value.message == "there is no timetable version 7"
    with pytest.raises(NotFound):
        save_version(db, user, visit_id + 1, load_timetable(PLANTED), NOW)
