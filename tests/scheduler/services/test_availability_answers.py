"""Saving an availability answer: stored once, written into the visit, confirmed by email."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scheduler import domain
from scheduler.db.availability import AvailabilityAnswer
from scheduler.db.outbox import OutboxEmail
from scheduler.db.visits import PersonRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.mail import deliver_outbox
from scheduler.services.availability_answers import availability_form, submit_availability
from scheduler.services.availability_links import resolve_link
from scheduler.services.planning_jobs import plan_visit
from scheduler.services.timetables import get_timetable
from scheduler.services.visits import load_visit
from tests.support.availability import DAY, link_for, only_free, set_deadline_directly, small_store
from tests.support.smtp_catcher import SmtpCatcher
from tests.support.store import NOW, SMALL, example_visit


def person(factory, visit_id: int, key: str) -> domain.Person:
    with factory() as db:
        return next(p for p in load_visit(db, visit_id).people if p.id == key)


def test_an_answer_becomes_the_persons_availability_with_consecutive_cells_merged(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    cells = only_free("09:00", "10:00") | only_free("13:00", "14:00", "if_needed")
    cells = {cell: level for cell, level in cells.items()}
    for start in ("09:00", "09:15", "09:30", "09:45"):
        cells[(DAY, start)] = "yes"

    with factory() as db:
        saved = submit_availability(
            db, token, cells, ["step_free", "interpreter"], True, "Mornings best", NOW
        )
        db.commit()

    assert saved.stored and saved.email_queued
    assert saved.summary == ("Tue 10 Mar: available 09:00-10:00; if needed 13:00-14:00",)
    stored = person(factory, visit_id, "p8")
    assert stored.available == (
        domain.Interval(DAY, "09:00", "10:00", "yes"),
        domain.Interval(DAY, "13:00", "14:00", "if_needed"),
    )
    # step-free access is a room feature of this visit; an interpreter is not, so it stays in the answer
    assert stored.needs == ("step_free",)
    assert stored.can_escort is True
    with factory() as db:
        answer = db.scalars(select(AvailabilityAnswer)).one()
        assert (answer.needs, answer.note) == (["interpreter", "step_free"], "Mornings best")


def test_the_form_shows_the_saved_answer_the_sessions_and_the_pen_profiles(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    with factory() as db:
        submit_availability(db, token, only_free("14:00", "14:45"), [], False, "", NOW)
        db.commit()
        owner = resolve_link(db, token, NOW)
        assert owner is not None
        form = availability_form(db, owner, NOW)

    assert form.name == "Fatima Bennett" and form.timezone == "Europe/London"
    assert [cell for cell, level in form.cells.items() if level == "yes"] == [
        f"{DAY} 14:00",
        f"{DAY} 14:15",
        f"{DAY} 14:30",
    ]
    assert [(s.title, s.role) for s in form.sessions] == [
        ("Focus group: Extra Care Housing practitioners", "invited"),
        ("Case tracking: practitioner conversation (person A)", "required"),
    ]
    assert [(p.name, p.role) for p in form.assessors] == [
        (a.name, a.role) for a in example_visit(SMALL).assessors
    ]
    assert form.open and form.answered_at == NOW


def _sessions_requiring(key: str) -> list[domain.Session]:
    return [s for s in example_visit(SMALL).sessions if key in s.required_people]


def test_a_later_save_replaces_the_answer_and_an_older_one_arriving_late_changes_nothing(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    later, earlier = NOW + timedelta(seconds=2), NOW + timedelta(seconds=1)

    with factory() as db:
        first = submit_availability(db, token, only_free("09:00", "10:00"), [], False, "later", later)
        db.commit()
    with factory() as db:
        late = submit_availability(db, token, only_free("15:00", "16:00"), [], False, "earlier", earlier)
        db.commit()

    assert (first.stored, late.stored) == (True, False)
    with factory() as db:
        answers = db.scalars(select(AvailabilityAnswer)).all()
        assert [(a.note, a.saves) for a in answers] == [("later", 1)]
        assert db.scalar(select(func.count()).select_from(OutboxEmail)) == 1
    assert person(factory, visit_id, "p8").available == (domain.Interval(DAY, "09:00", "10:00", "yes"),)


def test_cells_outside_the_visit_are_refused_with_a_message_naming_them(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    cells = only_free("09:00", "10:00") | {("2026-03-12", "09:00"): "yes", (DAY, "08:00"): "yes"}
    cells[(DAY, "10:00")] = "maybe"

    with factory() as db, pytest.raises(ServiceError) as refused:
        submit_availability(db, token, cells, [], False, "", NOW)
    assert refused.value.problems == [
        "cell 2026-03-10 10:00: 'maybe' is not one of available, if needed, not available",
        "cell 2026-03-12 09:00: 2026-03-12 is not a day of this visit "
        "(days 2026-03-10; slots from 09:00 to 17:00 every 15 minutes)",
        "cell 2026-03-10 08:00: 08:00 is not one of this visit's time slots "
        "(days 2026-03-10; slots from 09:00 to 17:00 every 15 minutes)",
    ]


def test_a_note_longer_than_1000_characters_is_refused(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    with factory() as db:
        submit_availability(db, token, only_free("09:00", "10:00"), [], False, "n" * 1000, NOW)
        with pytest.raises(ServiceError, match="the note is 1001 characters long; at most 1000 fit"):
            submit_availability(db, token, only_free("09:00", "10:00"), [], False, "n" * 1001, NOW)


def test_a_save_after_the_deadline_is_refused_and_changes_nothing(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    set_deadline_directly(factory, visit_id, NOW)
    before = person(factory, visit_id, "p8").available

    with factory() as db:
        submit_availability(db, token, only_free("09:00", "10:00"), [], False, "on time", NOW)
        db.rollback()
        with pytest.raises(
            ServiceError, match=r"The deadline for answers was Sun 1 Mar 2026, 09:30 \(Europe/London\)"
        ):
            submit_availability(
                db, token, only_free("09:00", "10:00"), [], False, "", NOW + timedelta(seconds=1)
            )
    assert person(factory, visit_id, "p8").available == before


def test_a_wrong_token_saves_nothing(tmp_path: Path):
    factory, _visit_id = small_store(tmp_path)
    with factory() as db, pytest.raises(NotFound):
        submit_availability(db, "not-a-token", only_free("09:00", "10:00"), [], False, "", NOW)


def test_an_assessors_if_needed_counts_as_available_and_they_are_asked_no_needs(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "a1", who_kind="assessor")
    cells = only_free("09:00", "12:00") | {(DAY, "12:00"): "if_needed"}
    with factory() as db:
        submit_availability(db, token, cells, ["step_free"], True, "", NOW)
        db.commit()
        assessor = next(a for a in load_visit(db, visit_id).assessors if a.id == "a1")
    assert assessor.available == (domain.Interval(DAY, "09:00", "12:15", "yes"),)


def test_the_next_solve_puts_a_required_persons_session_in_their_one_free_slot(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    [session] = _sessions_requiring("p8")  # s7, 45 minutes, must
    token = link_for(factory, visit_id, "p8")
    with factory() as db:
        submit_availability(db, token, only_free("14:00", "14:45"), [], False, "", NOW)
        db.commit()
        number = plan_visit(db, None, visit_id, NOW, time_limit=10)
        db.commit()
        _version, timetable = get_timetable(db, visit_id, number)
    [placed] = [a for a in timetable.assignments if a.session == session.id]
    assert (placed.day, placed.start, placed.end) == (DAY, "14:00", "14:45")


def test_the_confirmation_email_reaches_the_persons_address(tmp_path: Path, smtp_server: SmtpCatcher):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    with factory() as db:
        submit_availability(
            db, token, only_free("14:00", "14:45"), [], False, "<b>hi</b>", NOW, link_url="http://x/a/T"
        )
        db.commit()

    assert deliver_outbox(factory, smtp_server.url, NOW).sent == 1
    [mail] = smtp_server.wait_for(1)
    assert mail.recipients == ["fatima.bennett@westmere.gov.example"]
    assert mail.subject == "Your availability for Local authority assessment: on-site visit is saved"
    assert "Tue 10 Mar: available 14:00-14:45" in mail.text()
    assert (
        "You can change your answer until the coordinator closes the form with your personal link: http://x/a/T"
        in mail.text()
    )
    assert "&lt;b&gt;hi&lt;/b&gt;" in mail.html() and "<b>hi</b>" not in mail.html()


def test_an_answer_from_someone_whose_address_cannot_be_mailed_is_still_saved(tmp_path: Path):
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    with factory() as db:
        record = db.scalars(select(PersonRecord).where(PersonRecord.key == "p8")).one()
        record.email = "fatima@example.org, boss@example.org"
        db.commit()
        saved = submit_availability(db, token, only_free("09:00", "10:00"), [], False, "", NOW)
        db.commit()
        assert (saved.stored, saved.email_queued) == (True, False)
        assert db.scalar(select(func.count()).select_from(OutboxEmail)) == 0
