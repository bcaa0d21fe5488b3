"""The accept/decline link an invite email carries, shared by every page that publishes."""

from __future__ import annotations

from flask import url_for


def rsvp_link(token: str, answer: str) -> str:
    return url_for("publishing.rsvp", token=token, answer=answer, _external=True)
