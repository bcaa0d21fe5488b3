"""How long similar visits take to plan: the advice given when the time limit ran out.

The figures come from `make bench` (docs/benchmarks.md) on a 2-core machine with 2 search
workers: for generated visits of each size, the slowest time until every must session was
placed, rounded up with room to spare for a busier machine.
"""

from __future__ import annotations

# (at most this many sessions, seconds until every must session is placed on similar visits)
MEASURED = (
    (40, 5),  # small and medium generated visits: under 0.1 s
    (100, 10),  # large (about 90 sessions): 2.3-2.9 s at load 4-6
    (200, 30),  # xl (about 180 sessions): 2.5-4 s at load 4-6, up to 5 s at load 7
)


def typical_seconds(session_count: int) -> int | None:
    """Seconds within which similar visits had every must session placed; None past what was measured."""
    for most, seconds in MEASURED:
        if session_count <= most:
            return seconds
    return None


def suggested_limit(session_count: int, time_limit: float) -> int:
    """A time limit worth trying next: the typical time for the size, and at least double this one."""
    typical = typical_seconds(session_count) or 0
    return int(max(typical * 2, time_limit * 2))


def time_advice(session_count: int, time_limit: float) -> str:
    """One sentence for a coordinator whose plan ran out of time before every must session fitted."""
    typical = typical_seconds(session_count)
    if typical is None:
        measured = (
            f"visits of more than {MEASURED[-1][0]} sessions were not measured, so allow several minutes"
        )
    else:
        measured = (
            f"visits of up to {next(most for most, s in MEASURED if s == typical)} sessions usually have "
            f"every must session placed within {typical} s on a 2-core machine"
        )
    return (
        f"A longer time limit may place the rest: {measured}. "
        f"Try {suggested_limit(session_count, time_limit)} s."
    )
