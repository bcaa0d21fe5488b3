"""`make test-fast` is the whole suite but for the tests marked browser, postgres, redis or slow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.slow_tests import ALL, SLOW_TESTS, is_slow

ROOT = Path(__file__).resolve().parents[2]


def functions_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
    }


@pytest.mark.parametrize("path", sorted(SLOW_TESTS))
def test_every_test_listed_as_slow_is_still_a_test_of_that_file(path: str) -> None:
    file = ROOT / path
    assert file.is_file(), f"{path} is listed in tests/support/slow_tests.py but does not exist"
    listed = SLOW_TESTS[path]
    if listed != ALL:
        assert sorted(set(listed) - functions_of(file)) == []


def test_a_listed_test_is_slow_in_every_parameter_and_an_unlisted_one_is_not() -> None:
    path, listed = next((path, names) for path, names in SLOW_TESTS.items() if names != ALL)
    assert is_slow(path, listed[0])
    assert not is_slow(path, "test_that_is_not_listed")
    assert not is_slow("tests/solver/test_no_such_file.py", listed[0])
