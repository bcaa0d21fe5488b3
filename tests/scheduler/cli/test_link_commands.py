"""`fieldwork links show|revoke` and `fieldwork set-password` against the instance database."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler.cli import main
from scheduler.cli.store_commands import store
from scheduler.db.availability import AvailabilityLink
from scheduler.files.visit_dates import move_visit, upcoming_start
from scheduler.files.visit_file import load_visit as load_visit_file
from scheduler.files.visit_file import visit_to_dict
from scheduler.services.accounts import authenticate, find_user_by_email, user_for_session
from scheduler.services.availability_links import issue_link
from scheduler.settings import Settings
from tests.support.databases import use_fresh_database
from tests.support.store import SMALL

ZOE = "zoe.graham@westmere.gov.example"


@pytest.fixture(autouse=True)
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    return tmp_path / "instance"


@pytest.fixture
def visit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The small visit stored on upcoming dates, with a working availability link for Zoe Graham."""
    password = "a long secret"
    assert (
        main(["create-user", "aisha.rahman@example.org", "--name", "Aisha Rahman", "--password", password])
        == 0
    )
    shipped = load_visit_file(SMALL)
    today = datetime.now(UTC).date()
    upcoming = move_visit(shipped, upcoming_start(date.fromisoformat(shipped.days[0]), today))
    (tmp_path / "upcoming.json").write_text(json.dumps(visit_to_dict(upcoming)), encoding="utf-8")
    assert main(["import", str(tmp_path / "upcoming.json")]) == 0
    capsys.readouterr()
    with store(Settings.from_environment()) as db:
        issue_link(db, None, 1, "person", "p1", datetime.now(UTC))
    return "1"


def _zoe_has_a_working_link() -> bool:
    with store(Settings.from_environment()) as db:
        link = db.scalars(select(AvailabilityLink).where(AvailabilityLink.key == "p1")).one()
        return not link.revoked


def test_links_revoke_by_email_stops_the_persons_links_and_says_whose(
    visit: str, capsys: pytest.CaptureFixture[str]
):
    assert _zoe_has_a_working_link()
    assert main(["links", "show", visit]) == 0
    assert capsys.readouterr().out.splitlines()[0].split() == [
        "person",
        "p1",
        "Zoe",
        "Graham",
        "1",
        "availability",
        "link",
    ]
    assert main(["links", "revoke", visit, ZOE]) == 0
    assert capsys.readouterr().out == "revoked Zoe Graham's links: 1 availability link\n"
    assert not _zoe_has_a_working_link()
    assert main(["links", "revoke", visit, "p1"]) == 0
    assert capsys.readouterr().out == "Zoe Graham had no working links\n"
    assert main(["links", "show", visit]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0].split() == ["person", "p1", "Zoe", "Graham", "no", "links"]
    assert shown[1].split() == ["person", "p2", "Anna", "Wright", "no", "links"]
    assert shown[-1].split() == ["assessor", "a2", "Priya", "Singh", "no", "links"]


def test_links_revoke_names_someone_who_is_not_in_the_visit(visit: str, capsys: pytest.CaptureFixture[str]):
    assert main(["links", "revoke", visit, "kieran.gill@example.org"]) == 2
    assert capsys.readouterr().err == (
        "fieldwork links revoke: nobody in visit 'Local authority assessment: on-site visit' has the id"
        " or email address 'kieran.gill@example.org'\n"
    )
    assert main(["links", "revoke", "7", "p1"]) == 2
    assert capsys.readouterr().err == "fieldwork links revoke: there is no visit 7\n"


def test_set_password_changes_it_and_ends_every_session(capsys: pytest.CaptureFixture[str]):
    main(["create-user", "aisha.rahman@example.org", "--name", "Aisha Rahman", "--password", "a long secret"])
    with store(Settings.from_environment()) as db:
        user = find_user_by_email(db, "aisha.rahman@example.org")
        assert user is not None
        cookie_id = user.get_id()
    capsys.readouterr()
    assert main(["set-password", "Aisha.Rahman@example.org", "--password", "another long secret"]) == 0
    assert capsys.readouterr().out == (
        "password set for aisha.rahman@example.org; every browser logged in to it is logged out\n"
    )
    with store(Settings.from_environment()) as db:
        assert authenticate(db, "aisha.rahman@example.org", "a long secret") is None
        assert authenticate(db, "aisha.rahman@example.org", "another long secret") is not None
        assert user_for_session(db, cookie_id) is None
    assert main(["set-password", "aisha.rahman@example.org", "--password", "short"]) == 2
    assert capsys.readouterr().err == "fieldwork set-password: the password needs at least 8 characters\n"
    assert main(["set-password", "kieran.gill@example.org", "--password", "a long secret"]) == 2
    assert (
        capsys.readouterr().err == "fieldwork set-password: there is no account for kieran.gill@example.org\n"
    )
