"""The forms of the publishing pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField
from wtforms.validators import DataRequired
from wtforms.widgets import HiddenInput


class SendForm(FlaskForm):
    """Send the reviewed outbox of this version."""

    version = IntegerField("Version", validators=[DataRequired()], widget=HiddenInput())
    digest = BooleanField("Also send each person one short summary email")


class RsvpForm(FlaskForm):
    """Confirm the answer a link asked for (a mail scanner following the link records nothing)."""

    answer = HiddenField()
