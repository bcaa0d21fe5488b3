"""The visit in numbers: planned from the plan before the visit, held from the record after."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scheduler.files.visit_numbers_file import numbers_csv, numbers_xlsx
from scheduler.services.on_the_day import mark_no_show, mark_session
from scheduler.services.visit_numbers import numbers_of_visit
from scheduler.services.visits import load_visit, save_session
from tests.support.onsite import ON_THE_DAY, published_small_visit
from tests.support.store import add_user, open_store


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    factory = open_store(tmp_path)
    with factory() as db:
        user = add_user(db, "grace.okafor@example.org", "Grace Okafor")
        visit_id = published_small_visit(db, user)
        db.commit()
        yield db, user, visit_id


def _table(numbers, key):  # type: ignore[no-untyped-def]
    table = next(t for t in numbers.tables if t.key == key)
    return {line.name: (line.meetings, line.people, line.person_hours) for line in table.lines}


def test_before_anything_is_marked_the_numbers_are_the_plans(store) -> None:  # type: ignore[no-untyped-def]
    db, _user, visit_id = store

    counted = numbers_of_visit(db, visit_id)

    numbers = counted.numbers
    assert (numbers.basis, numbers.meetings, numbers.distinct_people) == ("planned", 8, 22)
    # 3 x 1h + 2 x 1h + 8 x 1.25h + 6 x 1.5h + 2 x 1h + 1 x .75h + 1 x 1h = 27.75
    assert numbers.person_hours == 27.75
    assert numbers.protected_people == 3
    assert _table(numbers, "team") == {
        "Extra Care Housing": (2, 8, 10.75),
        "Reviewing": (1, 6, 9.0),
        "Senior leadership": (1, 3, 3.0),
        "No team": (1, 2, 2.0),
        "People using services": (2, 2, 2.0),
        "Carers": (1, 1, 1.0),
    }
    assert _table(numbers, "organisation")["NHS Westmere Integrated Care Board"] == (1, 2, 2.0)
    assert _table(numbers, "kind")["Wash-ups"] == (1, 0, 0.0)
    assert (numbers.activity.versions, numbers.activity.published_versions) == (1, 1)


def test_once_sessions_are_marked_only_those_held_count_without_their_no_shows(store) -> None:  # type: ignore[no-untyped-def]
    db, user, visit_id = store
    mark_session(db, user, visit_id, "s1", "held", ON_THE_DAY)
    mark_no_show(db, user, visit_id, "s1", "p3", False, ON_THE_DAY)
    mark_session(db, user, visit_id, "s4", "not_held", ON_THE_DAY)

    numbers = numbers_of_visit(db, visit_id).numbers

    assert (numbers.basis, numbers.meetings, numbers.distinct_people, numbers.person_hours) == (
        "held",
        1,
        2,
        2.0,
    )
    assert (numbers.marked, numbers.not_held, numbers.placed) == (2, 1, 8)
    assert _table(numbers, "team") == {"Senior leadership": (1, 2, 2.0)}


def test_the_csv_and_workbook_count_people_using_services_without_naming_them(store) -> None:  # type: ignore[no-untyped-def]
    db, _user, visit_id = store
    numbers = numbers_of_visit(db, visit_id).numbers

    rows = list(csv.reader(io.StringIO(numbers_csv(numbers))))
    workbook = load_workbook(io.BytesIO(numbers_xlsx("Westmere on-site visit", numbers)))

    assert rows[0] == ["Section", "Group", "Meetings", "People", "Person-hours", "Basis"]
    assert rows[1] == ["Visit", "All sessions", "8", "22", "27.75", "planned"]
    assert ["Team", "Carers", "1", "1", "1.0", "planned"] in rows
    text = repr(rows) + repr([[c.value for c in row] for ws in workbook for row in ws.iter_rows()])
    for name in ("Dan Allen", "Sean Atkinson", "Sean Palmer"):
        assert name not in text
    assert workbook.sheetnames == ["Summary", "Team", "Organisation", "Kind of session"]


def test_a_team_name_that_looks_like_a_formula_is_written_as_text() -> None:
    from scheduler.domain.visit_numbers import Activity, GroupLine, GroupTable, VisitNumbers

    numbers = VisitNumbers(
        basis="planned",
        meetings=1,
        placed=1,
        marked=0,
        not_held=0,
        distinct_people=1,
        protected_people=0,
        person_hours=1.0,
        activity=Activity(),
        tables=(GroupTable(key="team", title="Team", lines=(GroupLine('=HYPERLINK("x")', 1, 1, 1.0),)),),
    )

    assert "'=HYPERLINK" in numbers_csv(numbers)


def test_sessions_tagged_with_assessment_themes_are_counted_by_theme(store) -> None:  # type: ignore[no-untyped-def]
    db, user, visit_id = store
    sessions = {s.id: s for s in load_visit(db, visit_id).sessions}
    for session_id in ("s4", "s5"):
        themed = replace(sessions[session_id], tags=("Working with people",))
        save_session(db, user, visit_id, themed, ON_THE_DAY)
    save_session(db, user, visit_id, replace(sessions["s1"], tags=("Leadership",)), ON_THE_DAY)

    by_theme = _table(numbers_of_visit(db, visit_id).numbers, "tag")

    assert by_theme["Working with people"][:2] == (2, 14)
    assert by_theme["Leadership"] == (1, 3, 3.0)
    assert by_theme["No tag"][0] == 5


def test_a_visit_without_tags_has_no_table_by_tag(store) -> None:  # type: ignore[no-untyped-def]
    db, _user, visit_id = store

    keys = [table.key for table in numbers_of_visit(db, visit_id).numbers.tables]

    assert keys == ["team", "organisation", "kind"]
