"""CP-SAT parameters are the caller's: checked by name, set on top of our defaults, seen by CP-SAT."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from solver.parameters import ParameterError, checked_parameters, configure
from solver.solve import solve
from tests.support.factories import problem, session


def test_text_values_become_the_type_each_parameter_holds():
    message = checked_parameters(
        {
            "num_workers": "3",
            "stop_after_first_solution": "true",
            "relative_gap_limit": "0.25",
            "search_branching": "FIXED_SEARCH",
            "log_prefix": "visit 7 ",
        }
    )

    assert message.num_workers == 3
    assert message.stop_after_first_solution is True
    assert message.relative_gap_limit == 0.25
    assert message.search_branching == message.FIXED_SEARCH
    assert message.log_prefix == "visit 7 "


def test_typed_values_are_taken_as_they_are():
    message = checked_parameters({"num_workers": 4, "use_lns": False, "max_time_in_seconds": 2})

    assert (message.num_workers, message.use_lns, message.max_time_in_seconds) == (4, False, 2.0)


def test_an_unknown_parameter_is_refused_by_name():
    with pytest.raises(ParameterError) as refused:
        checked_parameters({"num_wrokers": "4"})

    assert str(refused.value) == "CP-SAT has no parameter 'num_wrokers' (in num_wrokers=4)"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("num_workers", "four", "CP-SAT parameter num_workers='four': expected a whole number"),
        ("num_workers", "1.5", "CP-SAT parameter num_workers='1.5': expected a whole number"),
        ("num_workers", 1.5, "CP-SAT parameter num_workers=1.5: expected a whole number"),
        ("use_lns", "maybe", "CP-SAT parameter use_lns='maybe': expected true or false"),
        ("max_time_in_seconds", "soon", "CP-SAT parameter max_time_in_seconds='soon': expected a number"),
        ("random_seed", 2**40, "CP-SAT parameter random_seed=1099511627776: Value out of range: 1099511627776"),  # noqa: E501
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_kind_is_refused_naming_the_entry(key: str, value: object, message: str):
    with pytest.raises(ParameterError) as refused:
        checked_parameters({key: value})  # type: ignore[dict-item]

    assert str(refused.value) == message


def test_an_unknown_choice_lists_the_choices():
    with pytest.raises(ParameterError) as refused:
        checked_parameters({"search_branching": "SIDEWAYS"})

    assert str(refused.value).startswith(
        "CP-SAT parameter search_branching='SIDEWAYS': expected one of AUTOMATIC_SEARCH, FIXED_SEARCH"
    )


def test_a_list_parameter_is_refused_rather_than_half_set():
    with pytest.raises(ParameterError) as refused:
        checked_parameters({"ignore_subsolvers": "fj"})

    assert str(refused.value) == "CP-SAT parameter 'ignore_subsolvers' holds a list, which cannot be set here"


def test_overrides_go_on_top_of_our_defaults():
    plain, overridden = cp_model.CpSolver(), cp_model.CpSolver()

    configure(plain, time_limit=5, workers=2, seed=3)
    configure(
        overridden,
        time_limit=5,
        workers=2,
        seed=3,
        overrides=checked_parameters({"cp_model_probing_level": "2", "num_workers": "1"}),
    )

    assert (plain.parameters.cp_model_probing_level, plain.parameters.num_workers) == (0, 2)
    assert (overridden.parameters.cp_model_probing_level, overridden.parameters.num_workers) == (2, 1)
    assert (overridden.parameters.random_seed, overridden.parameters.max_time_in_seconds) == (3, 5.0)


def test_a_parameter_given_to_solve_reaches_cpsat(capfd: pytest.CaptureFixture[str]):
    visit = problem(session("s1"), session("s2", priority="should"))

    solution = solve(
        visit,
        time_limit=10,
        workers=1,
        parameters={"log_search_progress": True, "log_to_stdout": True, "log_prefix": "probe| "},
    )

    assert solution.status == "OPTIMAL"
    log = capfd.readouterr().out
    assert "Starting CP-SAT solver" in log
    assert 'log_prefix: "probe| "' in log  # CP-SAT echoes the parameters it runs with


def test_without_parameters_cpsat_logs_nothing(capfd: pytest.CaptureFixture[str]):
    solve(problem(session("s1")), time_limit=10, workers=1)

    assert "Starting CP-SAT solver" not in capfd.readouterr().out


def test_solve_refuses_a_bad_parameter_before_searching():
    with pytest.raises(ParameterError, match="CP-SAT has no parameter 'bogus'"):
        solve(problem(session("s1")), time_limit=10, workers=1, parameters={"bogus": 1})
