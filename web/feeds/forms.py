"""The forms of the calendar feed pages."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ButtonForm(FlaskForm):
    """Only the CSRF token: the "make a feed link" buttons."""
