"""`fieldwork member add|list|remove` against the instance database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler.cli import main
from scheduler.cli.store_commands import store
from scheduler.db.outbox import OutboxEmail
from scheduler.services.password_links import password_link_user
from scheduler.settings import Settings
from tests.support.databases import use_fresh_database
from tests.support.store import SMALL

GRACE = "grace.okafor@example.org"
BASE = "https://fieldwork.westmere.gov.example"


@pytest.fixture(autouse=True)
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    return tmp_path / "instance"


@pytest.fixture
def visit(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["create-user", GRACE, "--name", "Grace Okafor", "--password", "a long secret"]) == 0
    assert main(["import", str(SMALL)]) == 0
    capsys.readouterr()
    return "1"


def test_member_add_gives_a_new_colleague_an_account_and_queues_the_email_with_their_link(
    visit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "member",
            "add",
            visit,
            "tom.hughes@example.org",
            "--role",
            "escort lead",
            "--name",
            "Tom Hughes",
            "--base-url",
            BASE,
        ]
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "Tom Hughes <tom.hughes@example.org> is in the team as escort lead" in out
    assert "an email with a link to set a password is queued" in out
    with store(Settings.from_environment()) as db:
        [mail] = db.scalars(select(OutboxEmail)).all()
        assert mail.to_address == "tom.hughes@example.org"
        [token] = re.findall(rf"{re.escape(BASE)}/password/([A-Za-z0-9_-]{{43}})", mail.text_body)
        assert password_link_user(db, token, mail.queued_at).name == "Tom Hughes"


def test_member_list_shows_each_member_with_their_role(
    visit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(
        [
            "member",
            "add",
            visit,
            "sarah.lowe@example.org",
            "--role",
            "viewer",
            "--name",
            "Director Sarah Lowe",
            "--base-url",
            BASE,
        ]
    )
    capsys.readouterr()

    assert main(["member", "list", visit]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"Owner         Grace Okafor                    {GRACE}",
        "Viewer        Director Sarah Lowe             sarah.lowe@example.org  (has not set a password yet)",
    ]


def test_member_remove_takes_a_colleague_out_but_never_the_last_owner(
    visit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["member", "add", visit, "tom.hughes@example.org", "--role", "coordinator", "--base-url", BASE])
    capsys.readouterr()

    assert main(["member", "remove", visit, "Tom.Hughes@example.org", "--user", GRACE]) == 0
    assert "is no longer in the team" in capsys.readouterr().out
    assert main(["member", "remove", visit, GRACE, "--user", GRACE]) == 2
    assert "you are the visit's only owner: make someone else an owner first" in capsys.readouterr().err


def test_member_add_refuses_an_unknown_role_and_a_new_account_without_an_address_for_its_link(
    visit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["member", "add", visit, "tom.hughes@example.org", "--role", "editor"]) == 2
    assert (
        "'editor' is not a role: choose one of owner, coordinator, escort_lead, viewer"
        in capsys.readouterr().err
    )

    assert main(["member", "add", visit, "tom.hughes@example.org", "--role", "coordinator"]) == 2
    assert "tom.hughes@example.org has no account yet: give the address people open Fieldwork at" in (
        capsys.readouterr().err
    )
    with store(Settings.from_environment()) as db:
        assert db.scalars(select(OutboxEmail)).all() == []
