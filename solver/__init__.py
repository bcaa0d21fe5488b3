"""Fieldwork's CP-SAT timetabling model: plain dataclasses in, plain dataclasses out.

Imports nothing else of Fieldwork's; see solver.problem for the data it takes and gives.
"""

from solver.problem import (
    Assessor,
    Assignment,
    Person,
    Pin,
    Problem,
    Progress,
    Room,
    Session,
    Solution,
    Team,
    Unplaced,
    Weights,
)

__all__ = [
    "Assessor",
    "Assignment",
    "Person",
    "Pin",
    "Problem",
    "Progress",
    "Room",
    "Session",
    "Solution",
    "Team",
    "Unplaced",
    "Weights",
]
