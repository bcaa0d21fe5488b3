"""FIELDWORK_CPSAT and `--cpsat`: CP-SAT overrides read by the scheduler, refused by name when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.files.visit_file import load_visit
from scheduler.planning.plan import plan
from scheduler.planning.solver_settings import SolverSettingsError, environment_overrides, solver_overrides
from scheduler.settings import Settings

SMALL = Path(__file__).resolve().parents[4] / "shared" / "examples" / "small.json"


def test_the_environment_variable_lists_key_value_pairs_separated_by_commas():
    environ = {"FIELDWORK_CPSAT": "num_workers=1, stop_after_first_solution=true,"}

    assert environment_overrides(environ) == {"num_workers": "1", "stop_after_first_solution": "true"}


def test_no_environment_variable_means_no_overrides():
    assert environment_overrides({}) == {}
    assert environment_overrides({"FIELDWORK_CPSAT": ""}) == {}


def test_the_command_line_wins_over_the_environment():
    environ = {"FIELDWORK_CPSAT": "num_workers=1,random_seed=5"}

    assert solver_overrides(["num_workers=4"], environ) == {"num_workers": "4", "random_seed": "5"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("num_workers", "FIELDWORK_CPSAT: 'num_workers' is not key=value, e.g. num_workers=4"),
        ("=4", "FIELDWORK_CPSAT: '=4' is not key=value, e.g. num_workers=4"),
        ("bogus=1", "FIELDWORK_CPSAT: CP-SAT has no parameter 'bogus' (in bogus=1)"),
        ("num_workers=x", "FIELDWORK_CPSAT: CP-SAT parameter num_workers='x': expected a whole number"),
    ],
)
def test_a_bad_environment_entry_is_refused_by_name(value: str, message: str):
    with pytest.raises(SolverSettingsError) as refused:
        environment_overrides({"FIELDWORK_CPSAT": f"random_seed=1,{value}"})

    assert str(refused.value) == message


def test_a_bad_command_line_entry_names_the_option():
    with pytest.raises(SolverSettingsError) as refused:
        solver_overrides(["use_lns=perhaps"], {})

    assert str(refused.value) == "--cpsat: CP-SAT parameter use_lns='perhaps': expected true or false"


def test_plan_takes_the_overrides_the_settings_read_from_the_environment():
    settings = Settings.from_environment({"FIELDWORK_CPSAT": "stop_after_presolve=true"})
    visit = load_visit(SMALL)

    from_environment = plan(visit, time_limit=10, workers=1, parameters=settings.cpsat)
    given_none = plan(visit, time_limit=10, workers=1, parameters={})

    # Stopping CP-SAT after its presolve leaves the optimum unproven (the greedy start may
    # already be optimal, so the scores can be equal).
    assert from_environment.solution.status == "FEASIBLE"
    assert given_none.solution.status == "OPTIMAL"


def test_plan_passes_its_parameters_to_cpsat():
    result = plan(load_visit(SMALL), time_limit=10, workers=1, parameters={"stop_after_presolve": True})

    assert result.solution.status == "FEASIBLE"
    assert result.rule_breaks == ()


def test_the_settings_refuse_a_bad_environment_entry_before_anything_is_solved():
    with pytest.raises(SolverSettingsError, match="FIELDWORK_CPSAT: CP-SAT parameter num_workers='many'"):
        Settings.from_environment({"FIELDWORK_CPSAT": "num_workers=many"})
