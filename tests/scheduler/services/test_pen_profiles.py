"""Assessors write their own pen profile through their personal link; readiness shows who has not."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from scheduler.errors import NotFound, ServiceError
from scheduler.services.pen_profiles import pen_profile_page, write_pen_profile
from scheduler.services.readiness import COORDINATORS_PROFILE_NOTE, Entry, visit_readiness
from scheduler.services.visits import load_visit
from tests.support.availability import link_for, small_store
from tests.support.store import NOW

PRIYA = (
    "Priya Singh is an occupational therapist and CQC inspector who has worked in adult social "
    "care for 15 years. She will ask how people's needs are assessed and how carers are supported."
)


def test_an_assessor_writes_their_pen_profile_into_the_visit(tmp_path: Path) -> None:
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "a2", "assessor")
    with factory() as db:
        before = pen_profile_page(db, token, NOW)
        write_pen_profile(db, token, f"  {PRIYA}  \n", NOW + timedelta(minutes=5))
        db.commit()
    with factory() as db:
        priya = next(a for a in load_visit(db, visit_id).assessors if a.id == "a2")
        after = pen_profile_page(db, token, NOW)
    assert (before.name, before.written_at) == ("Priya Singh", None)
    assert priya.profile == PRIYA
    assert (after.profile, after.written_at) == (PRIYA, NOW + timedelta(minutes=5))


def test_readiness_lists_the_assessors_who_have_not_written_their_own(tmp_path: Path) -> None:
    factory, visit_id = small_store(tmp_path)
    with factory() as db:
        _visit, check, _needs = visit_readiness(db, visit_id)
    assert check.profiles_not_written == (
        Entry("a1", "Connor Davies", COORDINATORS_PROFILE_NOTE),
        Entry("a2", "Priya Singh", COORDINATORS_PROFILE_NOTE),
    )
    token = link_for(factory, visit_id, "a2", "assessor")
    with factory() as db:
        write_pen_profile(db, token, PRIYA, NOW)
        db.commit()
    with factory() as db:
        _visit, check, _needs = visit_readiness(db, visit_id)
    assert [e.name for e in check.profiles_not_written] == ["Connor Davies"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("   ", "the pen profile is empty"),
        ("Inspector.", "the pen profile is 10 characters long; write at least 20"),
        ("x" * 1501, "the pen profile is 1501 characters long; at most 1500 fit"),
    ],
)
def test_a_profile_that_is_empty_or_too_long_is_refused_and_the_old_one_kept(
    tmp_path: Path, text: str, problem: str
) -> None:
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "a2", "assessor")
    with factory() as db:
        old = next(a for a in load_visit(db, visit_id).assessors if a.id == "a2").profile
        with pytest.raises(ServiceError) as refused:
            write_pen_profile(db, token, text, NOW)
    assert refused.value.problems == [problem]
    with factory() as db:
        assert next(a for a in load_visit(db, visit_id).assessors if a.id == "a2").profile == old


def test_a_persons_link_cannot_write_a_pen_profile(tmp_path: Path) -> None:
    factory, visit_id = small_store(tmp_path)
    token = link_for(factory, visit_id, "p8")
    with factory() as db, pytest.raises(NotFound):
        write_pen_profile(db, token, PRIYA, NOW)
