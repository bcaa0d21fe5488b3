"""The assessor's request form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from scheduler.services.assessor_requests import NOTE_LIMIT, TITLE_LIMIT, AssessorAsk
from scheduler.services.pen_profiles import PROFILE_LIMIT
from web.form_fields import select_choices

MODE_CHOICES = [("in_person", "In person"), ("virtual", "Virtual"), ("either", "Either")]


class AssessorRequestForm(FlaskForm):
    kind = RadioField(
        "I would like",
        choices=select_choices([("add", "a new session"), ("replace", "a change to a session")]),
        default="add",
    )
    replaces = SelectField("Session to change", choices=select_choices([("", "—")]), default="")
    title = StringField("Title", validators=[Length(max=TITLE_LIMIT)])
    people = SelectMultipleField("People to see", choices=select_choices([]))
    teams = SelectMultipleField("Teams (any of their members)", choices=select_choices([]))
    minutes = IntegerField(
        "How long (minutes)",
        default=60,
        validators=[InputRequired("Say how long."), NumberRange(min=5, max=480)],
    )
    mode = SelectField("In person or not", choices=select_choices(MODE_CHOICES), default="either")
    note = TextAreaField("A note to the coordinator", validators=[Length(max=NOTE_LIMIT)])

    def ask(self) -> AssessorAsk:
        return AssessorAsk(
            kind=self.kind.data,
            replaces=self.replaces.data or None,
            title=(self.title.data or "").strip(),
            people=tuple(self.people.data or ()),
            teams=tuple(self.teams.data or ()),
            minutes=self.minutes.data or 0,
            mode=self.mode.data,
            note=self.note.data or "",
        )


class PenProfileForm(FlaskForm):
    profile = TextAreaField(
        "Your pen profile",
        description=(
            "A few sentences attendees read before they meet you: your role, your background, "
            f"what you will ask about. At most {PROFILE_LIMIT} characters."
        ),
        validators=[Length(max=PROFILE_LIMIT)],
    )
