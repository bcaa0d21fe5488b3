"""A person's own answer is theirs: edits and imports never replace it unseen, and the visit
says where each person's availability came from."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler import domain
from scheduler.cli import main
from scheduler.db.accounts import User
from scheduler.db.engine import make_engine, make_session_factory
from scheduler.db.visits import PersonRecord, VisitRecord
from scheduler.services.availability_answers import submit_availability
from scheduler.services.availability_origin import AnswersWouldBeReplaced, availability_origin
from scheduler.services.availability_requests import asking_status
from scheduler.services.edit_guard import ChangedSinceLoaded, entry_token
from scheduler.services.visits import load_visit, save_person, save_session
from scheduler.settings import Settings
from tests.support.availability import link_for, only_free, small_store
from tests.support.databases import use_fresh_database
from tests.support.store import NOW, SMALL, example_json

ANSWERED_AT = NOW + timedelta(days=2, hours=1)  # Tue 3 Mar 2026, 10:30 in London
ZOE_ANSWERED = (domain.Interval("2026-03-10", "13:00", "16:00"),)
OLDER_FILE = (
    domain.Interval("2026-03-10", "09:00", "11:00"),
    domain.Interval("2026-03-10", "13:30", "16:30"),
)


def _answer_as_zoe(factory, visit_id: int) -> None:  # type: ignore[no-untyped-def]
    token = link_for(factory, visit_id, "p1")  # Zoe Graham
    with factory() as db:
        submit_availability(db, token, only_free("13:00", "16:00"), [], False, "", ANSWERED_AT)
        db.commit()


def _zoe(factory, visit_id: int) -> domain.Person:  # type: ignore[no-untyped-def]
    with factory() as db:
        return next(p for p in load_visit(db, visit_id).people if p.id == "p1")


def _origin(factory, visit_id: int) -> str:  # type: ignore[no-untyped-def]
    with factory() as db:
        record = db.get(VisitRecord, visit_id)
        assert record is not None
        origin = availability_origin(record, "person", "p1")
        assert origin is not None
        return origin.text


def test_a_coordinator_edit_that_would_replace_someones_own_answer_is_refused(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    _answer_as_zoe(factory, visit_id)
    assert _zoe(factory, visit_id).available == ZOE_ANSWERED
    assert _origin(factory, visit_id) == (
        "Answered by Zoe Graham through their availability link on Tue 3 Mar 2026, 10:30 (Europe/London)."
    )
    with factory() as db, pytest.raises(AnswersWouldBeReplaced) as refused:
        user = db.scalar(select(User))
        stale = dataclasses.replace(_zoe(factory, visit_id), available=OLDER_FILE)
        save_person(db, user, visit_id, stale, NOW + timedelta(days=3))
    assert refused.value.message == (
        "nothing was saved: this would replace the availability that this person gave through their own "
        "link: Zoe Graham (person p1, answered Tue 3 Mar 2026, 10:30 (Europe/London))"
    )
    assert _zoe(factory, visit_id).available == ZOE_ANSWERED


def test_an_answer_replaced_with_the_coordinators_confirmation_says_so_everywhere(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    _answer_as_zoe(factory, visit_id)
    replaced_at = NOW + timedelta(days=3)  # Wed 4 Mar 2026, 09:30
    with factory() as db:
        user = db.scalar(select(User))
        confirmed = dataclasses.replace(_zoe(factory, visit_id), available=OLDER_FILE)
        save_person(db, user, visit_id, confirmed, replaced_at, answers="replace")
        db.commit()
    assert _zoe(factory, visit_id).available == OLDER_FILE
    assert _origin(factory, visit_id) == "Entered by a coordinator on Wed 4 Mar 2026, 09:30 (Europe/London)."
    with factory() as db:
        zoe = next(a for a in asking_status(db, visit_id).everyone if a.key == "p1")
    assert (zoe.answered_at, zoe.replaced_at) == (ANSWERED_AT, replaced_at)


def test_editing_anything_else_leaves_an_answer_where_it_is(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    _answer_as_zoe(factory, visit_id)
    with factory() as db:
        user = db.scalar(select(User))
        visit = load_visit(db, visit_id)
        renamed = dataclasses.replace(visit.sessions[0], title="Opening: Director of Adult Social Care")
        save_session(db, user, visit_id, renamed, NOW + timedelta(days=3))
        zoe = dataclasses.replace(_zoe(factory, visit_id), role="Head of Commissioning")
        save_person(db, user, visit_id, zoe, NOW + timedelta(days=3))
        db.commit()
    assert _zoe(factory, visit_id).available == ZOE_ANSWERED
    assert _origin(factory, visit_id).startswith("Answered by Zoe Graham")


def test_a_form_drawn_before_someone_elses_change_is_refused_with_what_changed(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    loaded = entry_token(_zoe(factory, visit_id))  # the coordinator opens Zoe's form
    _answer_as_zoe(factory, visit_id)  # meanwhile Zoe answers through her link
    with factory() as db, pytest.raises(ChangedSinceLoaded) as refused:
        user = db.scalar(select(User))
        typed = dataclasses.replace(_zoe(factory, visit_id), available=OLDER_FILE, role="Team manager")
        save_person(db, user, visit_id, typed, NOW + timedelta(days=3), loaded=loaded)
    assert refused.value.problems == [
        "Since you opened this form, person p1 changed: available 2026-03-10 09:00-11:00, "
        "2026-03-10 13:30-16:30 -> 2026-03-10 13:00-16:00",
        "Your changes were not saved. The form still shows them: check them and save again to keep them.",
    ]
    assert _zoe(factory, visit_id).role != "Team manager"


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    return tmp_path / "instance"


def test_import_update_with_an_older_file_keeps_answers_unless_told_to_replace_them(
    tmp_path: Path, instance: Path, capsys: pytest.CaptureFixture[str]
):
    main(["create-user", "aisha.rahman@example.org", "--name", "Aisha Rahman", "--password", "a long secret"])
    main(["import", str(SMALL)])
    older_file = tmp_path / "westmere-older.json"
    older_file.write_text(json.dumps(example_json(SMALL)), encoding="utf-8")
    factory = make_session_factory(make_engine(Settings.from_environment().connect_url(instance)))
    _answer_as_zoe(factory, 1)
    capsys.readouterr()

    assert main(["import", str(older_file), "--update", "1"]) == 0
    assert capsys.readouterr().out == (
        "kept the availability that Zoe Graham (person p1, answered Tue 3 Mar 2026, 10:30 (Europe/London))"
        " gave\n"
        "(their own answers were kept: --replace-answers replaces them with the file's)\n"
    )
    assert _zoe(factory, 1).available == ZOE_ANSWERED

    assert main(["import", str(older_file), "--update", "1", "--replace-answers"]) == 0
    assert capsys.readouterr().out.startswith("changed person p1: available 2026-03-10 13:00-16:00 -> ")
    assert _zoe(factory, 1).available == OLDER_FILE
    with factory() as db:
        source = db.scalar(select(PersonRecord.available_source).where(PersonRecord.key == "p1"))
    assert source == "file"
