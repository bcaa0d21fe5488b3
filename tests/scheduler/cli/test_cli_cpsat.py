"""`fieldwork solve --cpsat KEY=VALUE`: CP-SAT parameters from the command line, exit 2 when one is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.cli import main

SMALL = Path(__file__).resolve().parents[4] / "shared" / "examples" / "small.json"


def test_solve_passes_cpsat_options_to_the_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIELDWORK_CPSAT", raising=False)
    out = tmp_path / "tt.json"

    code = main(
        ["solve", str(SMALL), "-o", str(out), "--workers", "1", "--cpsat", "stop_after_presolve=true"]
    )

    assert code == 0
    assert "status:    FEASIBLE" in capsys.readouterr().out
    assert out.exists()


def test_a_later_cpsat_option_wins_over_an_earlier_one_and_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDWORK_CPSAT", "stop_after_presolve=true")
    out = tmp_path / "tt.json"

    code = main(
        ["solve", str(SMALL), "-o", str(out), "--workers", "1",
         "--cpsat", "stop_after_presolve=true", "--cpsat", "stop_after_presolve=false"]
    )  # fmt: skip

    assert code == 0
    assert "status:    OPTIMAL" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("bogus=1", "--cpsat: CP-SAT has no parameter 'bogus' (in bogus=1)"),
        ("num_workers", "--cpsat: 'num_workers' is not key=value, e.g. num_workers=4"),
        ("num_workers=two", "--cpsat: CP-SAT parameter num_workers='two': expected a whole number"),
    ],
)
def test_a_bad_cpsat_option_exits_2_naming_it(
    option: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tt.json"

    assert main(["solve", str(SMALL), "-o", str(out), "--cpsat", option]) == 2

    assert capsys.readouterr().err == f"cannot plan {SMALL}: {message}\n"
    assert not out.exists()


def test_a_bad_environment_entry_exits_2_naming_the_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDWORK_CPSAT", "max_time_in_seconds=later")

    assert main(["solve", str(SMALL), "-o", str(tmp_path / "tt.json")]) == 2

    refused = "FIELDWORK_CPSAT: CP-SAT parameter max_time_in_seconds='later': expected a number"
    assert capsys.readouterr().err == f"cannot plan {SMALL}: {refused}\n"
