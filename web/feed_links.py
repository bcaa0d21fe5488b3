"""The public address of a personal feed, for emails that carry it."""

from __future__ import annotations

from flask import url_for


def feed_link(token: str) -> str:
    return url_for("feeds.personal_feed", token=token, _external=True)
