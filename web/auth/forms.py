from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length, Regexp

# A plain shape check; the accounts service decides whether the address is known.
EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            Regexp(EMAIL_SHAPE, message="Enter a valid email address."),
        ],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=200)])
