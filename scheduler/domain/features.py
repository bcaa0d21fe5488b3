"""Room features in words: the visit format's codes (`step_free`) as a coordinator reads them."""

from __future__ import annotations

from collections.abc import Iterable

from scheduler.domain.model import Visit

FEATURE_LABELS = {
    "step_free": "Step-free access",
    "hearing_loop": "Hearing loop",
    "video": "Video conferencing",
    "quiet": "Quiet room",
    "private": "Private room",
    "projector": "Projector",
    "accessible_toilet": "Accessible toilet",
    "parking": "Parking",
}
# Offered in the pickers even before any room has them.
COMMON_FEATURES = ("step_free", "hearing_loop", "video")


def feature_label(code: str) -> str:
    """'step_free' -> 'Step-free access'; an unknown code in words ('prayer_room' -> 'Prayer room')."""
    return FEATURE_LABELS.get(code, code.replace("_", " ").capitalize())


def feature_labels(codes: Iterable[str]) -> str:
    return ", ".join(feature_label(code) for code in codes)


def features_in_use(visit: Visit) -> tuple[str, ...]:
    """Every feature the visit's rooms have or its people and sessions ask for, common ones first."""
    found = list(COMMON_FEATURES)
    for code in (
        *(f for room in visit.rooms for f in room.features),
        *(n for person in visit.people for n in person.needs),
        *(f for session in visit.sessions for f in session.room_features),
    ):
        if code not in found:
            found.append(code)
    return tuple(found)
