"""The small example with readiness gaps: an assessor without a pen profile and a focus group that
cannot gather its four practitioners, because three of the six have answered "never free"."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.web import SMALL_VISIT

NEVER_FREE = ("p14", "p15", "p16")  # Eleanor Watson, Erin Gill, Sam Williams (Reviewing)
SHORT_REASONS = (
    "no 90-minute slot on Tue 10 Mar when 4 of the invited people are free",
    "fewer than 4 of the 6 invited people are free at once",
)


def write_unready_visit(folder: Path) -> Path:
    data = json.loads(SMALL_VISIT.read_text(encoding="utf-8"))
    for assessor in data["assessors"]:
        if assessor["id"] == "a2":  # Priya Singh
            assessor.pop("profile", None)
    for person in data["people"]:
        if person["id"] in NEVER_FREE:
            person["available"] = []
    path = folder / "unready-visit.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path
