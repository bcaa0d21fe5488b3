"""The end of a test run says plainly which groups of tests did not run on this machine, and the
command that installs what they need (`make test` on a machine without a browser, PostgreSQL or
Redis still passes, so without this line the gap is easy to miss among the -ra skip lines)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Generator

import pytest

# What a skip reason names -> what is missing, and how to install it.
MISSING_PARTS = (
    (r"Chromium", "a browser (Chromium)", "apt-get install -y chromium"),
    (r"PostgreSQL", "PostgreSQL", "apt-get install -y postgresql"),
    (r"redis-server", "Redis", "apt-get install -y redis-server"),
    (r"axe-core", "axe-core (the accessibility checker)", "make axe (needs npm: apt-get install -y npm)"),
    (r"ics_check|invite checker", "the invite checker", "../shared/tools/ics_check_setup.sh"),
)


def missing_parts(reasons: list[str]) -> list[str]:
    """One line per missing part: how many tests it kept from running and how to install it."""
    counts: Counter[tuple[str, str]] = Counter()
    for reason in reasons:
        for pattern, what, command in MISSING_PARTS:
            if re.search(pattern, reason):
                counts[(what, command)] += 1
                break
    # In the table's order, not the order the skips arrived in (under xdist that is any order).
    return [
        f"{count} test{'s' if count != 1 else ''} did not run: {what} is missing. Install it with: {command}"
        for _, what, command in MISSING_PARTS
        if (count := counts[(what, command)])
    ]


def skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr or "")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Generator[None]:
    """After everything else pytest sums up (the -ra lines too), just above the final count."""
    yield
    reasons = [skip_reason(report) for report in terminalreporter.stats.get("skipped", [])]
    lines = missing_parts(reasons)
    if lines:
        terminalreporter.section("tests not run on this machine", sep="=", yellow=True, bold=True)
        for line in lines:
            terminalreporter.write_line(line, yellow=True)
