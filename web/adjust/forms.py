"""The move form, the JSON check's query, the pin button, and the version comparison's selects."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from web.form_fields import PickerChoice, PickerField, select_choices

VIRTUAL = ""  # the room select's value for "hold it virtually"


class MoveForm(FlaskForm):
    day = SelectField("Day")
    start = SelectField("Start")
    room = SelectField("Room", description="Or hold it virtually, without a room.")
    confirmed = PickerField(
        "They confirmed they can come",
        noun="people",
        description="Whoever told you they can come at the new time, though their availability says not.",
    )
    note = StringField(
        "How they confirmed",
        validators=[Length(max=200)],
        description="e.g. confirmed by phone; kept in the audit log and on their page.",
    )
    check = SubmitField("Check")
    save = SubmitField("Save as new draft")
    # A free slot's own button: "day|start|room" (room blank for virtual), moved there at once.
    slot = StringField(validators=[Optional()])

    def offer(self, days: list[tuple[str, str]], starts: list[str], rooms: list[tuple[str, str]]) -> None:
        self.day.choices = select_choices(days)
        self.start.choices = select_choices([(start, start) for start in starts])
        self.room.choices = select_choices([*rooms, (VIRTUAL, "Virtual (no room)")])

    def offer_people(self, people: list[tuple[str, str]]) -> None:
        self.confirmed.choices = [PickerChoice(key, name) for key, name in people]

    def target_room(self) -> str | None:
        return self.room.data or None

    def target(self) -> tuple[str, str, str | None]:
        """Where to move: the free slot whose button was pressed, else the three selects."""
        parts = (self.slot.data or "").split("|")
        if len(parts) == 3:
            return parts[0], parts[1], parts[2] or None
        return self.day.data, self.start.data, self.target_room()


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
