"""One way to run the solver in the tests: one worker, a fixed seed, a generous limit for tiny visits."""

from __future__ import annotations

from solver.problem import Problem, Solution, Weights
from solver.solve import solve


def solved(problem: Problem, *, relax: bool = False, time_limit: float = 10.0) -> Solution:
    return solve(problem, weights=Weights(), time_limit=time_limit, workers=1, seed=0, relax=relax)
