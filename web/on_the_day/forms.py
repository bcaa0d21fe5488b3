"""The control page's forms: one small form per button, so each mark is one request."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import AnyOf, InputRequired, NumberRange

from scheduler.domain.day_board import LONGEST_LATE


class MarkForm(FlaskForm):
    state = HiddenField(validators=[AnyOf(("held", "not_held", ""), message="Choose held or not held.")])


class LateForm(FlaskForm):
    minutes = IntegerField(
        "Running late (minutes)",
        validators=[
            InputRequired(message="Say how many minutes late (0: on time)."),
            NumberRange(min=0, max=LONGEST_LATE, message=f"Between 0 and {LONGEST_LATE} minutes."),
        ],
    )


class AttendanceForm(FlaskForm):
    came = HiddenField(validators=[AnyOf(("yes", "no"), message="Say whether they came.")])


class RoomForm(FlaskForm):
    freed = HiddenField(validators=[AnyOf(("yes", "no"), message="Say whether the room is free.")])
