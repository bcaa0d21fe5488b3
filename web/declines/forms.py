"""The one-click form that applies a way out of a decline."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired, Length


class ResolveForm(FlaskForm):
    way = HiddenField(validators=[InputRequired(), Length(max=200)])
