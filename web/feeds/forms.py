"""The forms of the calendar feed pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, ValidationError
from wtforms.validators import Length, Optional

from scheduler.invites.video_links import LONGEST_LINK, video_link_problem


class ButtonForm(FlaskForm):
    """Only the CSRF token: the "make a feed link" buttons."""


class DefaultVideoLinkForm(FlaskForm):
    """The visit's default meeting link, for virtual sessions without their own."""

    default_video_link = StringField(
        "Default video link",
        validators=[Optional(), Length(max=LONGEST_LINK)],
        description="Used by every session held online that has no link of its own. Blank: none.",
    )

    def validate_default_video_link(self, field: StringField) -> None:
        problem = video_link_problem(field.data or "") if (field.data or "").strip() else None
        if problem:
            raise ValidationError(f"The visit's default video link {problem}.")
