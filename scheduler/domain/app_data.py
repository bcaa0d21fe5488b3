"""What the app keeps about a visit beyond the visit format (pure).

A team's limit as a share, the staff's default daily cap, the coverage themes and the sessions'
tags live in the database only: files neither carry nor need them. Whatever passes a visit
through the file reader (validation, moving its dates) puts them back with `with_app_data`.
"""

from __future__ import annotations

import dataclasses

from scheduler import domain


def with_app_data(read: domain.Visit, original: domain.Visit) -> domain.Visit:
    """`read` (a visit as the file reader returned it) with `original`'s app data put back."""
    shares = {team.name: team.max_away_percent for team in original.teams}
    tags = {session.id: session.tags for session in original.sessions}
    return dataclasses.replace(
        read,
        teams=tuple(dataclasses.replace(team, max_away_percent=shares.get(team.name)) for team in read.teams),
        sessions=tuple(dataclasses.replace(s, tags=tags.get(s.id, ())) for s in read.sessions),
        staff_max_sessions_per_day=original.staff_max_sessions_per_day,
        coverage_themes=original.coverage_themes,
    )
