from __future__ import annotations

from flask_wtf import FlaskForm


class PublishForm(FlaskForm):
    """Only the CSRF token: the Publish button beside a version."""
