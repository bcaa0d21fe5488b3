"""CP-SAT parameter overrides for the solver, from FIELDWORK_CPSAT and the command line.

The environment itself is read by scheduler/settings.py; this module parses what it was given.

The solver library reads no configuration; this is where the scheduler reads it, checks it
against CP-SAT's own parameter list, and says which entry is wrong before anything is solved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from solver.parameters import ParameterError, checked_parameters

ENVIRONMENT_VARIABLE = "FIELDWORK_CPSAT"


class SolverSettingsError(ValueError):
    """A malformed CP-SAT override, or one CP-SAT refuses: the message names it and its source."""


def parse_overrides(items: Iterable[str], source: str) -> dict[str, str]:
    """`key=value` items as a mapping, later items winning; each item is checked with CP-SAT."""
    overrides: dict[str, str] = {}
    for item in items:
        text = item.strip()
        if not text:
            continue
        key, equals, value = text.partition("=")
        key, value = key.strip(), value.strip()
        if not equals or not key or not value:
            raise SolverSettingsError(f"{source}: {item!r} is not key=value, e.g. num_workers=4")
        try:
            checked_parameters({key: value})
        except ParameterError as exc:
            raise SolverSettingsError(f"{source}: {exc}") from None
        overrides[key] = value
    return overrides


def environment_overrides(environ: Mapping[str, str]) -> dict[str, str]:
    """FIELDWORK_CPSAT="key=value,key=value" as a mapping; empty when it is unset."""
    return parse_overrides(environ.get(ENVIRONMENT_VARIABLE, "").split(","), ENVIRONMENT_VARIABLE)


def solver_overrides(command_line: Iterable[str], environ: Mapping[str, str]) -> dict[str, str]:
    """The environment's overrides with the command line's (`--cpsat key=value`) on top."""
    return {**environment_overrides(environ), **parse_overrides(command_line, "--cpsat")}
