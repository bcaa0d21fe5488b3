"""`fieldwork late`: a day of a stored visit runs late; the re-plan is saved as a draft and the
command says what moved and who publishing it would tell."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.cli import main
from tests.support.databases import use_fresh_database
from tests.support.store import SMALL


@pytest.fixture(autouse=True)
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fresh_database(monkeypatch, tmp_path / "instance")
    monkeypatch.setenv("FIELDWORK_INSTANCE", str(tmp_path / "instance"))
    return tmp_path / "instance"


def test_a_late_day_is_re_planned_into_a_draft_with_what_moved_and_who_to_tell(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(
            [
                "create-user",
                "grace.okafor@westmere.gov.example",
                "--name",
                "Grace Okafor",
                "--password",
                "a long secret",
            ]
        )
        == 0
    )
    assert main(["import", str(SMALL)]) == 0
    assert main(["plan", "1", "--time-limit", "5"]) == 0
    assert main(["publish", "1", "--version", "1"]) == 0
    capsys.readouterr()

    assert main(["late", "1", "--day", "1", "--from", "12:00", "--minutes", "20", "--time-limit", "8"]) == 0

    out = capsys.readouterr().out
    assert out.startswith(
        "Day 1 (Tue 10 Mar) runs 20 minutes late from 12:00 (sessions start on the grid, so 30 minutes):"
        " version 2 saved as a draft\n"
    )
    assert "changed: " in out and " against version 1" in out
    assert "publishing it writes to " in out and "; nobody else" in out
    assert out.rstrip().endswith("publish with: fieldwork publish 1 --version 2")


def test_a_late_day_that_is_not_a_day_of_the_visit_is_refused_with_a_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(
        [
            "create-user",
            "grace.okafor@westmere.gov.example",
            "--name",
            "Grace Okafor",
            "--password",
            "a long secret",
        ]
    )
    main(["import", str(SMALL)])
    assert main(["late", "1", "--day", "1", "--from", "12:00", "--minutes", "20"]) == 2
    assert "fieldwork late: there is no plan yet to run late: plan the visit first" in capsys.readouterr().err
    main(["plan", "1", "--time-limit", "5"])
    assert main(["late", "1", "--day", "3", "--from", "12:00", "--minutes", "20"]) == 2
    assert "fieldwork late: day 3 is not a day of the visit: it has days 1 to 1" in capsys.readouterr().err
