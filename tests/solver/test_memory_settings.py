"""Feasibility jump expands no-overlaps pair by pair only within a memory budget on the largest visits."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.candidates import all_options
from solver.parameters import (
    CPSAT_EXPANSION_LIMIT,
    EXPANDED_PAIRS_BUDGET,
    checked_parameters,
    configure,
    expansion_limit,
)
from solver.problem import Weights
from solver.solve import build_model
from tests.support.factories import problem, session


def test_a_model_within_the_budget_keeps_cpsats_own_limit():
    assert expansion_limit([2, 10, 200, 300]) == CPSAT_EXPANSION_LIMIT == 500


def test_past_the_budget_the_largest_no_overlaps_are_left_whole():
    # 50 calendars of 200 intervals are 995 000 pairs; the 51st passes the budget of a million.
    sizes = [3] * 1000 + [200] * 60 + [250]

    assert EXPANDED_PAIRS_BUDGET == 1_000_000
    assert expansion_limit(sizes) == 199


def test_no_overlaps_cpsat_would_never_expand_do_not_count():
    assert expansion_limit([1000] * 50 + [100]) == 500


def test_configure_sets_the_limit_and_an_override_still_wins():
    limited, overridden = cp_model.CpSolver(), cp_model.CpSolver()
    sizes = [200] * 60

    configure(limited, time_limit=1, workers=1, seed=0, no_overlap_sizes=sizes)
    configure(
        overridden,
        time_limit=1,
        workers=1,
        seed=0,
        no_overlap_sizes=sizes,
        overrides=checked_parameters({"feasibility_jump_max_expanded_constraint_size": "500"}),
    )

    assert limited.parameters.feasibility_jump_max_expanded_constraint_size == 199
    assert overridden.parameters.feasibility_jump_max_expanded_constraint_size == 500


def test_the_model_records_the_size_of_each_no_overlap_it_posts():
    visit = problem(session("s1"), session("s2"), session("s3"))
    lookup, options = all_options(visit)

    built = build_model(visit, lookup, options, Weights(), strict=True)

    # One room's calendar and one assessor's, three sessions each (no lunch, no people).
    assert sorted(built.vars.no_overlap_sizes) == [3, 3]
