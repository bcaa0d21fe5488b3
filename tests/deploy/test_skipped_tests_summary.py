"""A run that could not run some tests ends by saying what is missing and how to install it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # where `tests.support` is found

SUMMARY_HOOK = "from tests.support.skip_summary import pytest_terminal_summary  # noqa: F401\n"
SKIPPING_TESTS = """
import pytest

def test_drives_the_grid_in_a_browser():
    pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")

def test_saves_on_postgresql():
    pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")

def test_solves_on_a_worker():
    pytest.skip("redis-server is not installed (apt-get install redis-server)")

def test_another_solve_on_a_worker():
    pytest.skip("redis-server is not installed (apt-get install redis-server)")

def test_that_runs():
    assert True
"""


def run_pytest_on(folder: Path, *options: str) -> str:
    (folder / "conftest.py").write_text(SUMMARY_HOOK)
    (folder / "test_machine.py").write_text(SKIPPING_TESTS)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:cacheprovider", *options, str(folder)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.parametrize("options", [(), ("-n", "2")], ids=["one process", "two workers, as make test-fast"])
def test_the_run_ends_with_each_missing_part_and_the_command_that_installs_it(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    output = run_pytest_on(tmp_path, *options)
    assert output.index("short test summary info") < output.index("tests not run on this machine")
    ending = output[output.index("tests not run on this machine") :].splitlines()[1:4]
    assert ending == [
        "1 test did not run: a browser (Chromium) is missing. Install it with: apt-get install -y chromium",
        "1 test did not run: PostgreSQL is missing. Install it with: apt-get install -y postgresql",
        "2 tests did not run: Redis is missing. Install it with: apt-get install -y redis-server",
    ]


def test_a_run_that_skips_nothing_says_nothing_about_missing_parts(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(SUMMARY_HOOK)
    (tmp_path / "test_machine.py").write_text("def test_that_runs():\n    assert True\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert "not run on this machine" not in done.stdout
