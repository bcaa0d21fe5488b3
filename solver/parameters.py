"""CP-SAT parameters: our defaults for every search, and a caller's overrides checked by name.

The library reads no configuration itself: whoever calls `solve` passes overrides (strings from
a command line or the environment, or typed values), and a bad one is refused with a message
that names it before any model is built.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from google.protobuf import text_format
from google.protobuf.descriptor import FieldDescriptor
from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

ParameterValue = str | int | float | bool
Parameters = Mapping[str, ParameterValue]

_FIELDS = sat_parameters_pb2.SatParameters.DESCRIPTOR.fields_by_name
_INTEGER_TYPES = {
    FieldDescriptor.TYPE_INT32,
    FieldDescriptor.TYPE_INT64,
    FieldDescriptor.TYPE_UINT32,
    FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_SINT32,
    FieldDescriptor.TYPE_SINT64,
}
_FLOAT_TYPES = {FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT}
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")

# CP-SAT's feasibility jump turns every no-overlap of up to 500 intervals (its default
# feasibility_jump_max_expanded_constraint_size) into one constraint per pair of intervals, about
# 270 bytes a pair. An xl visit's room, assessor and travel calendars hold 100-250 intervals each,
# 3.4 million pairs: 900 MB, half the solve's peak memory. Past this many pairs the largest
# calendars are left whole (evaluated more slowly); smaller visits keep CP-SAT's default.
EXPANDED_PAIRS_BUDGET = 1_000_000
CPSAT_EXPANSION_LIMIT = 500


class ParameterError(ValueError):
    """A CP-SAT parameter override that does not exist or cannot take the value given."""


def checked_parameters(overrides: Parameters | None) -> sat_parameters_pb2.SatParameters:
    """The overrides as a CP-SAT parameters message; ParameterError names the first bad entry."""
    message = sat_parameters_pb2.SatParameters()
    for key, value in (overrides or {}).items():
        field = _FIELDS.get(key)
        if field is None:
            raise ParameterError(f"CP-SAT has no parameter {key!r} (in {key}={value})")
        if field.is_repeated:
            raise ParameterError(f"CP-SAT parameter {key!r} holds a list, which cannot be set here")
        try:
            setattr(message, key, _converted(field, value))
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"CP-SAT parameter {key}={value!r}: {exc}") from None
    return message


def _converted(field: FieldDescriptor, value: ParameterValue) -> object:
    if field.type == FieldDescriptor.TYPE_BOOL:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise ValueError("expected true or false")
    if field.type in _INTEGER_TYPES:
        if isinstance(value, (bool, float)):
            raise ValueError("expected a whole number")
        try:
            return int(value)
        except ValueError:
            raise ValueError("expected a whole number") from None
    if field.type in _FLOAT_TYPES:
        if isinstance(value, bool):
            raise ValueError("expected a number")
        try:
            return float(value)
        except ValueError:
            raise ValueError("expected a number") from None
    if field.type == FieldDescriptor.TYPE_ENUM:
        names = field.enum_type.values_by_name
        numbered = isinstance(value, int) and not isinstance(value, bool)
        if numbered and value in field.enum_type.values_by_number:
            return value
        text = str(value).strip()
        if text in names:
            return names[text].number
        raise ValueError("expected one of " + ", ".join(names))
    return str(value)


def expansion_limit(no_overlap_sizes: Iterable[int]) -> int:
    """The largest no-overlap that feasibility jump may expand pair by pair within the budget."""
    pairs = 0
    for size in sorted(n for n in no_overlap_sizes if n <= CPSAT_EXPANSION_LIMIT):
        pairs += size * (size - 1) // 2
        if pairs > EXPANDED_PAIRS_BUDGET:
            return size - 1
    return CPSAT_EXPANSION_LIMIT


def configure(
    solver: cp_model.CpSolver,
    *,
    time_limit: float,
    workers: int,
    seed: int,
    overrides: sat_parameters_pb2.SatParameters | None = None,
    no_overlap_sizes: Iterable[int] = (),
) -> None:
    """Our defaults for one search of a model with these no-overlaps, then the caller's overrides.

    `workers` 0 means one per core.
    """
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    # 0 is CP-SAT's own "as many workers as the machine has cores".
    solver.parameters.num_workers = max(0, workers)
    solver.parameters.random_seed = seed
    # Probing in presolve takes most of a minute on a large visit and rarely pays for itself here.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.feasibility_jump_max_expanded_constraint_size = expansion_limit(no_overlap_sizes)
    if overrides is not None and overrides.ListFields():
        solver.parameters.merge_text_format(text_format.MessageToString(overrides))
