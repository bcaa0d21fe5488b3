"""Turn a hint on the decision variables into a hint on every variable of the model.

A timetable names starts, rooms and people; the model also has helper variables (sites, travel,
lunch breaks, penalty indicators) that a timetable does not name. CP-SAT given such a partial
hint spends many seconds on a large visit completing it before its neighbourhood searches can
start. Fixing the hinted variables in a copy of the model and solving that copy fills in the
rest in a moment, whatever rules the model holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from ortools.sat.python import cp_model

# The copy has every decision fixed: propagation alone nearly solves it.
COMPLETION_SECONDS = 5.0


def complete_hint(
    model: cp_model.CpModel,
    seconds: float = COMPLETION_SECONDS,
    *,
    free: Iterable[int] = (),
    workers: int = 1,
) -> bool:
    """Replace the model's hint by a full solution that agrees with it; False when there is none.

    The variables whose indexes are in `free` may differ from their hint: the copy is then
    optimised over them (e.g. who attends, with every session's time and room kept), which is
    quick because everything else is fixed. When the hinted values break a constraint of this
    model (or time runs out) the hint stays as it was, so the search still starts near it.
    """
    hint = model.proto.solution_hint
    if not hint.vars:
        return False
    fixed = model.clone()
    domains = fixed.proto.variables
    left_free = set(free)
    for index, value in zip(list(hint.vars), list(hint.values), strict=True):
        if index in left_free:
            continue
        bounds = list(domains[index].domain)
        if not any(low <= value <= high for low, high in zip(bounds[0::2], bounds[1::2], strict=True)):
            return False
        domains[index].domain.clear()
        domains[index].domain.extend([value, value])
    # The objective stays: it sets the helper variables (penalties) to what the timetable earns.
    # The hint stays too: with variables left free it is the starting point.
    if not left_free:
        fixed.proto.clear_solution_hint()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.cp_model_probing_level = 0
    status = solver.solve(fixed)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    values = list(solver.response_proto.solution)
    model.clear_hints()
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)
    return True
