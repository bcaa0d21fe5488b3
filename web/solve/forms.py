from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, Length, NumberRange


class StartSolveForm(FlaskForm):
    time_limit = IntegerField(
        "Time limit (seconds)",
        default=30,
        validators=[
            InputRequired("Enter how many seconds the planner may take."),
            NumberRange(min=1, max=600, message="Give the planner between 1 and 600 seconds."),
        ],
        description="The planner stops at this limit and keeps the best timetable found so far.",
    )
    # Filled once when the page is drawn: the same form posted twice starts one solve.
    request_key = HiddenField(validators=[Length(max=64)])


class StopSolveForm(FlaskForm):
    """Only the CSRF token: the Stop button."""


class RetrySolveForm(FlaskForm):
    """Only the CSRF token: the Try again button of a failed solve."""
