from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField
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
    from_now = BooleanField(
        "Re-plan from now",
        description="During the visit: what starts before now plus the notice period stays exactly as it is.",
    )


class StopSolveForm(FlaskForm):
    """Only the CSRF token: the Stop button."""


class RetrySolveForm(FlaskForm):
    """Only the CSRF token: the Try again button of a failed solve."""


class NoticeForm(FlaskForm):
    notice_minutes = IntegerField(
        "Notice period (minutes)",
        validators=[InputRequired("Enter the notice period in minutes.")],
        description="A re-plan from now leaves alone every session that starts within this many minutes.",
    )


class LateForm(FlaskForm):
    """'Day 2 runs 20 minutes late from 11:00'."""

    day = SelectField("Day", coerce=int)
    start = SelectField("Late from")
    minutes = IntegerField(
        "Minutes late", default=20, validators=[InputRequired("Enter how many minutes late the day runs.")]
    )
    time_limit = IntegerField(
        "Time limit (seconds)",
        default=20,
        validators=[InputRequired("Enter how many seconds the planner may take.")],
    )
    request_key = HiddenField(validators=[Length(max=64)])

    def validate_time_limit(self, field: IntegerField) -> None:
        longest = int(current_app.config["MAX_SOLVE_SECONDS"])
        if field.data is None or not 1 <= field.data <= longest:
            raise ValidationError(f"Give the planner between 1 and {longest} seconds.")


class SendUpdatesForm(FlaskForm):
    """Only the CSRF token: the button that tells the people a re-plan affects."""
