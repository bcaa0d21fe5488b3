"""The change request form, and the bare forms behind its buttons."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from scheduler import domain
from web.form_fields import PickerField, optional_int, select_choices
from web.templating import label

REQUEST_CHOICES = [("add", "Add a new session"), ("replace", "Replace a session")]


def _choices(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(code, label(code)) for code in codes]


class ChangeRequestForm(FlaskForm):
    kind = SelectField("Request", choices=select_choices(REQUEST_CHOICES))
    replaces = SelectField(
        "Session to replace",
        choices=select_choices([("", "—")]),
        description="Only for a replacement: the session it takes over.",
    )
    # Not drawn: the replaced session's id, or one made from the title. Still read when posted.
    id = StringField(
        "Id",
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[A-Za-z0-9_.-]+$", message="Use letters, digits, '-', '_' or '.'."),
        ],
    )
    title = StringField("Title", validators=[DataRequired("Give the session a title."), Length(max=200)])
    session_kind = SelectField(
        "Kind", choices=select_choices(_choices(domain.SESSION_KINDS)), default="interview"
    )
    minutes = IntegerField(
        "Minutes", default=60, validators=[InputRequired("Enter the length."), NumberRange(min=5, max=600)]
    )
    mode = SelectField("Mode", choices=select_choices(_choices(domain.SESSION_MODES)))
    priority = SelectField("Priority", choices=select_choices(_choices(domain.PRIORITIES)))
    required_people = PickerField("Required people", noun="people", description="They must all attend.")
    invited_people = PickerField(
        "Invited pool", noun="people", description="The planner may choose from them."
    )
    min_attendees = IntegerField(
        "Fewest attendees",
        validators=[Optional(), NumberRange(min=0)],
        description="Blank: the required people.",
    )
    max_attendees = IntegerField(
        "Most attendees", validators=[Optional(), NumberRange(min=0)], description="Blank: required + pool."
    )
    assessor_count = StringField(
        "Assessors needed",
        default="1",
        validators=[Regexp(r"^(\d+|all)$", message="Enter a number, or 'all'.")],
    )
    assessors_from = PickerField("Assessors from", noun="assessors", description="None ticked: any assessor.")

    def validate_replaces(self, field: SelectField) -> None:
        if self.kind.data == "replace" and not field.data:
            raise ValidationError("Pick the session this one replaces.")

    def session(self, default_id: str) -> domain.Session:
        required, invited = tuple(self.required_people.data), tuple(self.invited_people.data)
        count_text = self.assessor_count.data.strip()
        minimum, maximum = optional_int(self.min_attendees), optional_int(self.max_attendees)
        return domain.Session(
            id=(self.id.data or "").strip() or default_id,
            title=self.title.data.strip(),
            kind=self.session_kind.data,
            minutes=self.minutes.data,
            mode=self.mode.data,
            priority=self.priority.data,
            required_people=required,
            invited_people=invited,
            min_attendees=len(required) if minimum is None else minimum,
            max_attendees=len(required) + len(invited) if maximum is None else maximum,
            assessors=domain.AssessorNeed(
                count="all" if count_text == "all" else int(count_text),
                from_ids=tuple(self.assessors_from.data) or None,
            ),
        )


class ButtonForm(FlaskForm):
    """Only the CSRF token: the Preview, Accept, Reject and Apply buttons."""
