"""The move form, the JSON check's query, the pin button, and the version comparison's selects."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, InputRequired, Optional

from web.form_fields import select_choices

VIRTUAL = ""  # the room select's value for "hold it virtually"


class MoveForm(FlaskForm):
    day = SelectField("Day")
    start = SelectField("Start")
    room = SelectField("Room", description="Or hold it virtually, without a room.")
    check = SubmitField("Check")
    save = SubmitField("Save as new draft")

    def offer(self, days: list[tuple[str, str]], starts: list[str], rooms: list[tuple[str, str]]) -> None:
        self.day.choices = select_choices(days)
        self.start.choices = select_choices([(start, start) for start in starts])
        self.room.choices = select_choices([*rooms, (VIRTUAL, "Virtual (no room)")])

    def target_room(self) -> str | None:
        return self.room.data or None


class MoveCheckQuery(FlaskForm):
    """The query string of the live check: read-only, so no CSRF token."""

    class Meta:
        csrf = False

    day = StringField(validators=[InputRequired()])
    start = StringField(validators=[InputRequired()])
    room = StringField(validators=[Optional()])


class PinForm(FlaskForm):
    action = HiddenField(validators=[AnyOf(["pin", "unpin"])])
    version = IntegerField(validators=[Optional()])  # the version whose move page to return to


class CompareForm(FlaskForm):
    """Two versions side by side, from the query string."""

    class Meta:
        csrf = False

    a = SelectField("Older version", coerce=int, validate_choice=False)
    b = SelectField("Newer version", coerce=int, validate_choice=False)
