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


def kept_through_file(from_file: domain.Visit, before: domain.Visit) -> domain.Visit:
    """A visit read from a file that replaces `before`, with the app data `before` had: a file
    has none, and updating a visit from one must not wipe the coordinator's tags and settings.

    A team's share is kept only while the file gives the limit the share came to; a file with
    another number means the coordinator changed it there.
    """
    kept = with_app_data(from_file, before)
    limits = {team.name: team.max_away for team in before.teams}
    return dataclasses.replace(
        kept,
        teams=tuple(
            team
            if team.max_away_percent is None or limits.get(team.name) == team.max_away
            else dataclasses.replace(team, max_away_percent=None)
            for team in kept.teams
        ),
    )
