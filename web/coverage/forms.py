from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField


class ThemesForm(FlaskForm):
    themes = TextAreaField(
        "Themes to cover",
        description="One a line. Tag sessions with them on the session form; any other tag a session "
        "carries is listed too.",
    )
