"""The one place the web app asks what time it is (the app's CLOCK, replaceable in tests)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app


def now() -> datetime:
    return current_app.config["CLOCK"]()
