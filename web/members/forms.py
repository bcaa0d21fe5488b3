from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from scheduler.services.accounts import MIN_PASSWORD_LENGTH
from scheduler.services.roles import ROLE_DESCRIPTIONS, ROLE_NAMES, ROLES
from web.form_fields import EMAIL_SHAPE, select_choices

ROLE_CHOICES = select_choices((role, f"{ROLE_NAMES[role]}: {ROLE_DESCRIPTIONS[role]}") for role in ROLES)


class AddMemberForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Enter the colleague's email address."),
            Regexp(EMAIL_SHAPE, message="Enter a valid email address."),
            Length(max=320),
        ],
    )
    name = StringField("Name (for a new account)", validators=[Optional(), Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="coordinator")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=select_choices((role, ROLE_NAMES[role]) for role in ROLES))


class ButtonForm(FlaskForm):
    """Only the CSRF token: the Remove, Leave and Send again buttons."""


class SetPasswordForm(FlaskForm):
    new = PasswordField(
        "Password",
        validators=[
            DataRequired("Enter a password."),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"The password needs {MIN_PASSWORD_LENGTH} to 200 characters.",
            ),
        ],
    )
    again = PasswordField(
        "Password again",
        validators=[DataRequired("Enter the password again."), EqualTo("new", "The two passwords differ.")],
    )


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter: nothing changes

    person = SelectField("Person", choices=[], validate_choice=False)
    kind = SelectField("Kind", choices=[], validate_choice=False)
