"""Spreadsheet and visit-file imports through the pages: mapping, preview, commit, refusals."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import select

from scheduler.db.imports import ImportUpload
from scheduler.files import tabular
from scheduler.services.visits import load_visit
from tests.support.web import SMALL_VISIT, add_user, add_visit, log_in, make_app, page_text
from web.database import session_factory

PEOPLE_CSV = (
    "Name,Email,Team,Kind,Can escort\n"
    "Rowan Ashby,rowan.ashby@westmere.gov.example,Reablement,staff,yes\n"
    "Jules Okafor,jules.okafor@partner.example,Discharge,partner,no\n"
)


def _people(app: Flask, visit_id: int) -> dict[str, str]:
    with session_factory(app)() as db:
        return {p.id: p.name for p in load_visit(db, visit_id).people}


def _upload(client: FlaskClient, visit_id: int, text: str, filename: str = "people.csv") -> str:
    data = {"kind": "people", "file": (io.BytesIO(text.encode()), filename)}
    response = client.post(f"/visits/{visit_id}/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, page_text(response)
    return response.headers["Location"]


def test_mapping_page_guesses_columns_from_the_headers(client: FlaskClient, coordinator: int) -> None:
    text = page_text(client.get(_upload(client, coordinator, PEOPLE_CSV)))
    assert "Match the columns of people.csv" in text
    assert '<option selected value="Name">Name</option>' in text
    assert '<option selected value="Can escort">Can escort</option>' in text


def test_preview_then_commit_adds_the_people(app: Flask, client: FlaskClient, coordinator: int) -> None:
    mapping_url = _upload(client, coordinator, PEOPLE_CSV)
    choices = {
        "column_name": "Name",
        "column_email": "Email",
        "column_team": "Team",
        "column_kind": "Kind",
        "column_can_escort": "Can escort",
    }
    preview = page_text(client.post(mapping_url, data=choices))
    assert "Preview: 2 people from people.csv" in preview
    assert "Rowan Ashby" in preview and "Jules Okafor" in preview
    assert len(_people(app, coordinator)) == 26
    mapping = json.dumps({k.removeprefix("column_"): v for k, v in choices.items()})
    response = client.post(f"{mapping_url}/commit", data={"mapping": mapping}, follow_redirects=True)
    assert "Imported 2 people from people.csv." in page_text(response)
    names = _people(app, coordinator)
    assert len(names) == 28 and "Rowan Ashby" in names.values()


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_imported(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    bad = "Name,Kind\nRowan Ashby,staff\nJules Okafor,alien\n"
    mapping_url = _upload(client, coordinator, bad)
    preview = page_text(client.post(mapping_url, data={"column_name": "Name", "column_kind": "Kind"}))
    assert "These rows need fixing in the file before it can be imported:" in preview
    assert "row 3, column &#39;Kind&#39;" in preview
    assert "Import 2 people" not in preview
    assert len(_people(app, coordinator)) == 26


def test_a_file_that_is_not_a_spreadsheet_is_refused(client: FlaskClient, coordinator: int) -> None:
    data = {"kind": "people", "file": (io.BytesIO(b"hello"), "notes.txt")}
    text = page_text(
        client.post(f"/visits/{coordinator}/import", data=data, content_type="multipart/form-data")
    )
    assert "Upload a .csv or .xlsx file." in text


def test_an_upload_token_of_another_visit_is_not_found(client: FlaskClient, coordinator: int) -> None:
    assert client.get(f"/visits/{coordinator}/import/{'x' * 24}").status_code == 404


def test_importing_a_visit_file_creates_a_visit(client: FlaskClient, coordinator: int) -> None:
    data = {"file": (io.BytesIO(SMALL_VISIT.read_bytes()), "small.json")}
    response = client.post(
        "/visits/import", data=data, content_type="multipart/form-data", follow_redirects=True
    )
    assert "Imported &#39;Local authority assessment: on-site visit&#39;." in page_text(response)


def test_a_broken_visit_file_lists_its_problems(client: FlaskClient, coordinator: int) -> None:
    document = json.loads(SMALL_VISIT.read_text())
    document["sessions"][0]["required_people"] = ["p404"]
    data = {"file": (io.BytesIO(json.dumps(document).encode()), "broken.json")}
    text = page_text(client.post("/visits/import", data=data, content_type="multipart/form-data"))
    assert "Nothing was saved:" in text and "p404" in text
    not_json = {"file": (io.BytesIO(b"{nope"), "nope.json")}
    text = page_text(client.post("/visits/import", data=not_json, content_type="multipart/form-data"))
    assert (
        "nope.json: is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"
        in text
    )


def test_a_visit_file_of_3000_days_is_refused_on_the_page_naming_the_cap(
    client: FlaskClient, coordinator: int
) -> None:
    document = json.loads(SMALL_VISIT.read_text())
    first = datetime(2026, 3, 2)
    document["visit"]["days"] = [(first + timedelta(days=n)).date().isoformat() for n in range(3_000)]
    document["visit"]["slot_minutes"] = 1
    data = {"file": (io.BytesIO(json.dumps(document).encode()), "three-thousand-days.json")}
    text = page_text(client.post("/visits/import", data=data, content_type="multipart/form-data"))
    assert "Nothing was saved:" in text
    assert "visit: days lists 3,000 days, more than the 31 a visit may have" in text
    assert "make 1,440,000 slots, more than the 2,000 a visit may have" in text


def test_updating_from_a_visit_file_lists_the_changes(client: FlaskClient, coordinator: int) -> None:
    document = json.loads(client.get(f"/visits/{coordinator}/visit.json").get_data(as_text=True))
    document["sessions"][0]["minutes"] = 90
    data = {"file": (io.BytesIO(json.dumps(document).encode()), "visit.json")}
    text = page_text(
        client.post(f"/visits/{coordinator}/update", data=data, content_type="multipart/form-data")
    )
    assert "1 change" in text
    assert "minutes 60 -&gt; 90" in text


def test_a_whole_visit_workbook_downloaded_from_one_visit_imports_as_a_second(
    app: Flask, client: FlaskClient, coordinator: int
) -> None:
    workbook = client.get(f"/visits/{coordinator}/visit.xlsx")
    assert workbook.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = client.post(
        "/visits/import",
        data={"file": (io.BytesIO(workbook.data), "second-visit.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, page_text(response)
    second = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert second != coordinator
    with session_factory(app)() as db:
        assert load_visit(db, second) == load_visit(db, coordinator)


def test_a_workbook_with_a_bad_cell_is_refused_naming_the_cell(client: FlaskClient, coordinator: int) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/visits/{coordinator}/visit.xlsx").data))
    book["Rooms"]["D2"] = "lots"
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        "/visits/import",
        data={"file": (io.BytesIO(out.getvalue()), "bad.xlsx")},
        content_type="multipart/form-data",
    )
    assert (
        "sheet &#39;Rooms&#39; row 2, column &#39;capacity&#39;: expected a whole number, not &#39;lots&#39;"
        in (page_text(response))
    )


def _people_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Email", "Team"])
    sheet.append(["Kieran Gill", "kieran.gill@westmere.gov.example", "Reablement"])
    sheet.append(["Aisha Rahman", "aisha.rahman@westmere.gov.example", "Safeguarding"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_is_opened_once_however_often_its_import_pages_are_shown(
    app: Flask, client: FlaskClient, coordinator: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_load_workbook = tabular.load_workbook

    def counting_load_workbook(*args: Any, **kwargs: Any) -> Any:
        opened.append("people.xlsx")
        return real_load_workbook(*args, **kwargs)

    monkeypatch.setattr(tabular, "load_workbook", counting_load_workbook)
    data = {"kind": "people", "file": (io.BytesIO(_people_workbook()), "people.xlsx")}
    mapping_url = client.post(
        f"/visits/{coordinator}/import", data=data, content_type="multipart/form-data"
    ).headers["Location"]
    assert "Match the columns of people.xlsx" in page_text(client.get(mapping_url))
    assert "Match the columns of people.xlsx" in page_text(client.get(mapping_url))
    choices = {"column_name": "Name", "column_email": "Email", "column_team": "Team"}
    assert "Preview: 2 people from people.xlsx" in page_text(client.post(mapping_url, data=choices))
    mapping = json.dumps({"name": "Name", "email": "Email", "team": "Team"})
    response = client.post(f"{mapping_url}/commit", data={"mapping": mapping}, follow_redirects=True)
    assert "Imported 2 people from people.xlsx." in page_text(response)
    assert {"Kieran Gill", "Aisha Rahman"} <= set(_people(app, coordinator).values())
    assert opened == ["people.xlsx"]
    # Imported, the upload is gone: its pages are not found.
    assert client.get(mapping_url).status_code == 404


class SettableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_an_upload_abandoned_for_a_day_is_deleted_when_the_next_one_comes(tmp_path: Path) -> None:
    clock = SettableClock(datetime(2026, 2, 2, 9, 0, tzinfo=UTC))
    app = make_app(tmp_path, CLOCK=clock)
    try:
        add_user(app, "nadia.hussain@westmere.gov.example", "Nadia Hussain")
        visit_id = add_visit(app, "nadia.hussain@westmere.gov.example")
        client = app.test_client()
        log_in(client, "nadia.hussain@westmere.gov.example")
        abandoned = _upload(client, visit_id, PEOPLE_CSV)
        clock.now += timedelta(hours=23)
        assert "Match the columns of people.csv" in page_text(client.get(abandoned))
        clock.now += timedelta(hours=2)
        assert client.get(abandoned).status_code == 404
        fresh = _upload(client, visit_id, PEOPLE_CSV, "more-people.csv")
        assert "Match the columns of more-people.csv" in page_text(client.get(fresh))
        with session_factory(app)() as db:
            assert list(db.scalars(select(ImportUpload.filename))) == ["more-people.csv"]
    finally:
        app.extensions["fieldwork.jobs"].shutdown()
