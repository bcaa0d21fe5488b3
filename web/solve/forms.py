from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, Length, ValidationError


class StartSolveForm(FlaskForm):
    time_limit = IntegerField(
        "Time limit (seconds)",
        default=30,
        validators=[InputRequired("Enter how many seconds the planner may take.")],
        description="The planner stops at this limit and keeps the best timetable found so far.",
    )

    def validate_time_limit(self, field: IntegerField) -> None:
        longest = int(current_app.config["MAX_SOLVE_SECONDS"])  # this server's cap
        if field.data is None or not 1 <= field.data <= longest:
            raise ValidationError(f"Give the planner between 1 and {longest} seconds.")

    # Filled once when the page is drawn: the same form posted twice starts one solve.
    request_key = HiddenField(validators=[Length(max=64)])


class StopSolveForm(FlaskForm):
    """Only the CSRF token: the Stop button."""


class RetrySolveForm(FlaskForm):
    """Only the CSRF token: the Try again button of a failed solve."""
