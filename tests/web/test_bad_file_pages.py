"""Bad files through the upload pages: the page lists what is wrong, never a traceback or a 500.

Fuzzed visit files, workbooks and spreadsheets are posted through the Flask test client; every
answer is the form again (200) with the problems listed, or a redirect for a file that was fine.
A file over the app's MAX_CONTENT_LENGTH gets the friendly 413 page.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.services.accounts import find_user_by_email
from scheduler.services.visits import list_visits, load_visit
from tests.support.web import SMALL_VISIT, add_user, add_visit, log_in, make_app, page_text
from web.database import session_factory

WEB_FUZZ = settings(
    derandomize=True,
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SMALL_DOCUMENT = json.loads(SMALL_VISIT.read_text(encoding="utf-8"))
EMAIL = "coordinator@example.org"
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 10**6)
    | st.text(max_size=8)
    | st.sampled_from(["09:00", "s1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12,
)


def _post(client: FlaskClient, url: str, data: bytes, filename: str, **fields: str) -> Any:
    form: dict[str, Any] = {**fields, "file": (io.BytesIO(data), filename)}
    return client.post(url, data=form, content_type="multipart/form-data")


def _visit_count(app: Flask) -> int:
    with session_factory(app)() as db:
        user = find_user_by_email(db, EMAIL)
        assert user is not None
        return len(list_visits(db, user))


def _refused_with_problems(response: Any) -> str:
    text = page_text(response)
    assert response.status_code == 200, text
    assert "Traceback" not in text and "Something went wrong" not in text
    return text


def _mutated(data: st.DataObject) -> dict[str, Any]:
    document = copy.deepcopy(SMALL_DOCUMENT)
    section = data.draw(st.sampled_from(["visit", "rooms", "people", "sessions", "assessors"]))
    if section == "visit":
        key = data.draw(st.sampled_from(sorted(document["visit"])))
        document["visit"][key] = data.draw(JSON_VALUES)
    else:
        index = data.draw(st.integers(0, len(document[section]) - 1))
        key = data.draw(st.sampled_from(sorted(document[section][index])))
        document[section][index][key] = data.draw(JSON_VALUES)
    return document


@WEB_FUZZ
@given(data=st.data())
def test_fuzzed_visit_files_get_the_form_with_problems_or_are_imported(
    app: Flask, client: FlaskClient, coordinator: int, data: st.DataObject
) -> None:
    document = _mutated(data)
    before = _visit_count(app)
    response = _post(client, "/visits/import", json.dumps(document).encode(), "visit.json")
    if response.status_code == 302:
        assert _visit_count(app) == before + 1
        return
    assert "Nothing was saved:" in _refused_with_problems(response)
    assert _visit_count(app) == before


@WEB_FUZZ
@given(data=st.binary(max_size=300), name=st.sampled_from(["visit.json", "visit.xlsx"]))
def test_fuzzed_bytes_as_a_visit_update_leave_the_visit_unchanged(
    app: Flask, client: FlaskClient, coordinator: int, data: bytes, name: str
) -> None:
    with session_factory(app)() as db:
        before = load_visit(db, coordinator)
    text = _refused_with_problems(_post(client, f"/visits/{coordinator}/update", data, name))
    assert "Nothing was saved:" in text
    with session_factory(app)() as db:
        assert load_visit(db, coordinator) == before


CELLS = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=8) | st.sampled_from(
    ["staff", "hq", "12", "yes", "p1"]
)


@WEB_FUZZ
@given(
    rows=st.lists(st.lists(CELLS, min_size=3, max_size=3), max_size=4),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-16-le"]),
)
def test_fuzzed_spreadsheets_get_a_page_with_problems_never_a_crash(
    app: Flask, client: FlaskClient, coordinator: int, rows: list[list[str]], encoding: str
) -> None:
    text = "Name,Site,Capacity\n" + "\n".join(",".join(row) for row in rows)
    with session_factory(app)() as db:
        before = load_visit(db, coordinator).rooms
    upload = _post(
        client,
        f"/visits/{coordinator}/import",
        text.encode(encoding, errors="replace"),
        "rooms.csv",
        kind="rooms",
    )
    if upload.status_code == 200:
        _refused_with_problems(upload)
        return
    assert upload.status_code == 302, page_text(upload)
    mapping_url = upload.headers["Location"]
    choices = {"column_name": "Name", "column_site": "Site", "column_capacity": "Capacity"}
    preview = client.post(mapping_url, data=choices)
    assert preview.status_code == 200, page_text(preview)
    mapping = json.dumps({"name": "Name", "site": "Site", "capacity": "Capacity"})
    commit = client.post(f"{mapping_url}/commit", data={"mapping": mapping})
    assert commit.status_code in (200, 302), page_text(commit)
    if commit.status_code == 200:
        with session_factory(app)() as db:
            assert load_visit(db, coordinator).rooms == before


def test_a_bad_spreadsheet_names_the_file_on_the_upload_page(client: FlaskClient, coordinator: int) -> None:
    utf16_without_mark = "Name,Site,Capacity\nRoom A,hq,12\n".encode("utf-16-le")
    text = _refused_with_problems(
        _post(client, f"/visits/{coordinator}/import", utf16_without_mark, "rooms.csv", kind="rooms")
    )
    assert "&#39;rooms.csv&#39; holds NUL bytes, so it is not a CSV text file; save it as UTF-8 CSV" in text
    text = _refused_with_problems(
        _post(client, f"/visits/{coordinator}/import", b"PK\x03\x04 not really", "rooms.xlsx", kind="rooms")
    )
    assert "&#39;rooms.xlsx&#39; is not an Excel workbook that can be read" in text


def test_a_damaged_visit_workbook_is_refused_on_the_page(client: FlaskClient, coordinator: int) -> None:
    workbook = client.get(f"/visits/{coordinator}/visit.xlsx").data
    text = _refused_with_problems(
        _post(client, "/visits/import", workbook[: len(workbook) // 2], "visit.xlsx")
    )
    assert "visit.xlsx: is not an XLSX workbook (File is not a zip file)" in text


def test_a_file_over_the_upload_limit_gets_the_friendly_413_page(tmp_path: Path) -> None:
    app = make_app(tmp_path, MAX_CONTENT_LENGTH=64 * 1024)
    try:
        add_user(app, EMAIL)
        add_visit(app, EMAIL)
        client = app.test_client()
        log_in(client, EMAIL)
        response = _post(client, "/visits/import", b" " * (65 * 1024), "visit.json")
        text = page_text(response)
        assert response.status_code == 413
        assert "That file is too large" in text and "Traceback" not in text
    finally:
        app.extensions["fieldwork.jobs"].shutdown()
