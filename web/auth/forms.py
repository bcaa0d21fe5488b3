from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from scheduler.services.accounts import MIN_PASSWORD_LENGTH
from web.form_fields import EMAIL_SHAPE


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            Regexp(EMAIL_SHAPE, message="Enter a valid email address."),
        ],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=200)])


class PasswordForm(FlaskForm):
    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password."), Length(max=200)]
    )
    new = PasswordField(
        "New password",
        validators=[
            DataRequired("Enter a new password."),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"The new password needs {MIN_PASSWORD_LENGTH} to 200 characters.",
            ),
        ],
    )
    again = PasswordField(
        "New password again",
        validators=[
            DataRequired("Enter the new password again."),
            EqualTo("new", "The two new passwords differ."),
        ],
    )
