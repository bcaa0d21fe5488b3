"""Bulk import from CSV and XLSX: mapping, preview with row-and-column problems, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler import domain
from scheduler.db.visits import PersonRecord, RoomRecord, SessionRecord
from scheduler.errors import ServiceError
from scheduler.files.tabular import Table, read_table, suggest_mapping
from scheduler.services.tabular import commit_import, preview_import
from scheduler.services.visits import load_visit
from tests.support.store import NOW, add_user, add_visit, open_store


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path)() as session:
        yield session


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model)) or 0


PEOPLE_CSV = (
    b"Full name,E-mail,Type,Access needs,Escort\n"
    b"Ann Lee,ann@example.org,Partner,step_free,yes\n"
    b"Bob Stone,bob@example.org,Person using services,,no\n"
)


def test_a_csv_is_read_as_headers_and_text_rows():
    table = read_table("people.csv", PEOPLE_CSV)
    assert table.headers == ("Full name", "E-mail", "Type", "Access needs", "Escort")
    assert table.rows[1] == ("Bob Stone", "bob@example.org", "Person using services", "", "no")
    assert table.first_row == 2


def test_semicolon_csv_from_excel_and_cells_of_a_workbook_become_text():
    assert read_table("rooms.csv", b"Name;Capacity\r\nRoom A;12\r\n").rows == (("Room A", "12"),)
    table = read_table("rooms.xlsx", xlsx([[None], ["Name", "Capacity", "Step free"], ["Room A", 12, True]]))
    assert (table.headers, table.rows, table.first_row) == (
        ("Name", "Capacity", "Step free"),
        (("Room A", "12", "yes"),),
        3,
    )


def test_unreadable_files_are_refused_with_a_reason():
    with pytest.raises(ServiceError) as not_a_workbook:
        read_table("people.xlsx", b"not a zip")
    assert not_a_workbook.value.message == "'people.xlsx' is not an Excel workbook that can be read"
    with pytest.raises(ServiceError) as wrong_kind:
        read_table("people.pdf", b"%PDF")
    assert wrong_kind.value.message == "'people.pdf' is neither a .csv file nor an .xlsx workbook"
    with pytest.raises(ServiceError) as twice:
        read_table("people.csv", b"Name,name\nA,B\n")
    assert twice.value.message == "columns 1 and 2 are both called 'name'"


def test_mapping_is_suggested_from_usual_header_names():
    assert suggest_mapping("people", ("Full name", "E-mail", "Type", "Access needs", "Escort", "Notes")) == {
        "name": "Full name",
        "email": "E-mail",
        "kind": "Type",
        "needs": "Access needs",
        "can_escort": "Escort",
    }
    assert suggest_mapping("sessions", ("ID", "Session title", "Duration", "Required")) == {
        "id": "ID",
        "title": "Session title",
        "minutes": "Duration",
        "required_people": "Required",
    }


def test_people_from_a_spreadsheet_are_added_with_the_next_free_ids(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    table = read_table(
        "people.xlsx", xlsx([["Full name", "E-mail", "Type"], ["Ann Lee", "ann@example.org", "partner"]])
    )
    mapping = suggest_mapping("people", table.headers)
    preview = preview_import(db, visit_id, "people", table, mapping)
    assert preview.errors == []
    assert preview.rows == [domain.Person(id="p153", name="Ann Lee", email="ann@example.org", kind="partner")]
    assert (preview.added, preview.updated) == (["p153"], [])
    assert commit_import(db, user, visit_id, "people", table, mapping, NOW) == 1
    assert load_visit(db, visit_id).people[-1] == preview.rows[0]


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    before = (count(db, PersonRecord), count(db, RoomRecord), count(db, SessionRecord))
    table = read_table(
        "people.csv",
        PEOPLE_CSV + b"Cy Moss,cy@example.org,staf,,maybe\n,,,,\n,dee@example.org,carer,,\n",
    )
    mapping = suggest_mapping("people", table.headers)
    expected = [
        "row 4, column 'Type': 'staf' is not one of staff, partner, person_using_services, carer",
        "row 4, column 'Escort': 'maybe' is neither yes nor no",
        "row 6, column 'Full name': name is missing",
    ]
    assert preview_import(db, visit_id, "people", table, mapping).errors == expected
    with pytest.raises(ServiceError) as refused:
        commit_import(db, user, visit_id, "people", table, mapping, NOW)
    assert refused.value.message == "nothing was imported: 3 problems to fix first"
    assert refused.value.problems == expected
    assert (count(db, PersonRecord), count(db, RoomRecord), count(db, SessionRecord)) == before


def test_rows_that_break_the_visit_are_pointed_at_their_row(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    before = count(db, SessionRecord)
    table = read_table(
        "sessions.xlsx",
        xlsx(
            [
                ["Title", "Duration", "Required"],
                ["Interview: Head of Quality", 60, "p1"],
                ["Drop-in", 50, "p1; p999"],
            ]
        ),
    )
    mapping = suggest_mapping("sessions", table.headers)
    with pytest.raises(ServiceError) as refused:
        commit_import(db, user, visit_id, "sessions", table, mapping, NOW)
    assert refused.value.problems == [
        "row 3, column 'Duration': minutes 50 is not a multiple of slot_minutes 15",
        "row 3, column 'Required': required_people names unknown person 'p999'",
    ]
    assert count(db, SessionRecord) == before


def test_a_row_with_an_existing_id_updates_only_the_mapped_columns(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    original = next(r for r in load_visit(db, visit_id).rooms if r.id == "r2")
    table = Table(headers=("Id", "Name", "Site", "Seats"), rows=(("r2", "Committee Room One", "hq", "24"),))
    mapping = suggest_mapping("rooms", table.headers)
    assert mapping == {"id": "Id", "name": "Name", "site": "Site", "capacity": "Seats"}
    preview = preview_import(db, visit_id, "rooms", table, mapping)
    assert (preview.errors, preview.added, preview.updated) == ([], [], ["r2"])
    commit_import(db, user, visit_id, "rooms", table, mapping, NOW)
    updated = next(r for r in load_visit(db, visit_id).rooms if r.id == "r2")
    assert updated == domain.Room(
        id="r2",
        name="Committee Room One",
        site="hq",
        capacity=24,
        features=original.features,
        available=original.available,
    )


def test_a_mapping_without_the_required_columns_is_refused(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    table = Table(headers=("Room", "Where"), rows=(("Room A", "hq"),))
    preview = preview_import(db, visit_id, "rooms", table, {"name": "Room", "site": "Nowhere"})
    assert preview.errors == [
        "Site: the file has no column 'Nowhere'",
        "choose the column that holds capacity",
    ]


def test_duplicate_ids_in_one_file_are_reported_on_the_second_row(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    table = Table(headers=("Id", "Name"), rows=(("x1", "Ann"), ("x1", "Bob")))
    preview = preview_import(db, visit_id, "people", table, {"id": "Id", "name": "Name"})
    assert preview.errors == ["row 3, column 'Id': id x1 is also on row 2"]


TEAM_CSV = (
    b"Full name,E-mail,Team,Line manager,Interpreter,Max sessions per day\n"
    b"Sarah Okafor,sarah.okafor@westmere.gov.example,Hospital Discharge,,,\n"
    b"Kieran Gill,kieran.gill@westmere.gov.example,Hospital Discharge,Sarah Okafor,,2\n"
    b"Aisha Rahman,aisha.rahman@example.org,,,nadia.hussain@signhealth.example,\n"
    b"Nadia Hussain,nadia.hussain@signhealth.example,,,,\n"
)


def test_team_manager_supporter_and_daily_cap_columns_are_imported_by_name_or_email(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    table = read_table("people.csv", TEAM_CSV)
    mapping = suggest_mapping("people", table.headers)
    assert {k: mapping[k] for k in ("team", "manager", "supporters", "max_sessions_per_day")} == {
        "team": "Team",
        "manager": "Line manager",
        "supporters": "Interpreter",
        "max_sessions_per_day": "Max sessions per day",
    }
    assert commit_import(db, user, visit_id, "people", table, mapping, NOW) == 4
    people = {p.name: p for p in load_visit(db, visit_id).people}
    kieran, aisha = people["Kieran Gill"], people["Aisha Rahman"]
    assert (kieran.team, kieran.manager, kieran.max_sessions_per_day) == (
        "Hospital Discharge",
        people["Sarah Okafor"].id,
        2,
    )
    assert aisha.supporters == (people["Nadia Hussain"].id,)


def test_a_line_manager_nobody_is_called_is_reported_on_its_row_and_nothing_is_written(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    before = count(db, PersonRecord)
    table = read_table("people.csv", TEAM_CSV.replace(b"Sarah Okafor,,2", b"Jo Nobody,,2"))
    mapping = suggest_mapping("people", table.headers)
    with pytest.raises(ServiceError) as refused:
        commit_import(db, user, visit_id, "people", table, mapping, NOW)
    assert refused.value.problems == [
        "row 3, column 'Line manager': 'Jo Nobody' is no person's id, email or name"
    ]
    assert count(db, PersonRecord) == before


def test_messy_team_and_line_manager_headers_of_a_council_workbook_are_mapped(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    data = xlsx(
        [
            ["Full Name ", "E-mail address", "Team name", "Line manager email", "Job title"],
            ["Sarah Okafor", "sarah.okafor@westmere.gov.example", "Hospital Discharge", "", "Team manager"],
            [
                "Kieran Gill",
                "kieran.gill@westmere.gov.example",
                "Hospital Discharge",
                "sarah.okafor@westmere.gov.example",
                "Social worker",
            ],
        ]
    )
    table = read_table("Westmere staff list.xlsx", data)
    mapping = suggest_mapping("people", table.headers)
    assert (mapping["team"], mapping["manager"], mapping["email"]) == (
        "Team name",
        "Line manager email",
        "E-mail address",
    )
    assert commit_import(db, user, visit_id, "people", table, mapping, NOW) == 2
    people = {p.name: p for p in load_visit(db, visit_id).people}
    assert people["Kieran Gill"].team == "Hospital Discharge"
    assert people["Kieran Gill"].manager == people["Sarah Okafor"].id
    assert suggest_mapping("people", ["Name", "  TEAM NAME ", "Line-Manager"])["team"] == "  TEAM NAME "


def test_a_theme_column_of_a_sessions_sheet_tags_the_sessions(db: Session):
    user = add_user(db)
    visit_id = add_visit(db, user)
    table = read_table(
        "sessions.csv",
        b"Session title,Duration,Assessment themes\n"
        b"Focus group: hospital discharge social workers,90,Working with people; Ensuring safety\n"
        b"Meeting: Director of Adult Social Care,60,Leadership\n",
    )
    mapping = suggest_mapping("sessions", table.headers)
    assert mapping["tags"] == "Assessment themes"
    assert commit_import(db, user, visit_id, "sessions", table, mapping, NOW) == 2
    tags = {s.title: s.tags for s in load_visit(db, visit_id).sessions}
    assert tags["Focus group: hospital discharge social workers"] == (
        "Working with people",
        "Ensuring safety",
    )
    assert tags["Meeting: Director of Adult Social Care"] == ("Leadership",)


def test_cells_are_read_as_people_type_them_and_each_wrong_one_is_named_by_row_and_column(db: Session):
    """The shared field reader's cell rules: 9.30 is 09:30, "All" assessors, "Y" for yes, "In person"."""
    user = add_user(db)
    visit_id = add_visit(db, user)
    headers = ("Title", "Mode", "Not before", "Not after", "Assessor count", "Needs escort", "Days")
    good = ("Focus group: carers", "In person", "9.30", "16:00", "All", "Y", "2026-03-03; 2026-03-04")
    table = Table(headers=headers, rows=(good,))
    mapping = {
        "title": "Title",
        "mode": "Mode",
        "not_before": "Not before",
        "not_after": "Not after",
        "assessor_count": "Assessor count",
        "needs_escort": "Needs escort",
        "days": "Days",
    }
    [session] = preview_import(db, visit_id, "sessions", table, mapping).rows
    assert isinstance(session, domain.Session)
    assert (session.mode, session.not_before, session.not_after) == ("in_person", "09:30", "16:00")
    assert (session.assessors.count, session.needs_escort) == ("all", True)
    assert session.days == ("2026-03-03", "2026-03-04")

    bad = ("Focus group: carers", "hybrid", "9am", "25:00", "two", "perhaps", "")
    preview = preview_import(db, visit_id, "sessions", Table(headers=headers, rows=(good, bad)), mapping)
    assert preview.errors == [
        "row 3, column 'Mode': 'hybrid' is not one of in_person, virtual, either",
        "row 3, column 'Assessor count': 'two' is neither a whole number nor 'all'",
        "row 3, column 'Not before': '9am' is not a time like 09:30",
        "row 3, column 'Not after': '25:00' is not a time like 09:30",
        "row 3, column 'Needs escort': 'perhaps' is neither yes nor no",
    ]
