from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Enter your email address."), Email("Enter a valid email address.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=200)])
