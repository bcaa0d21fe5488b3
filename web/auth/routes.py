"""Logging in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from scheduler.errors import ServiceError
from scheduler.services.accounts import authenticate, change_password, end_sessions
from scheduler.services.login_throttle import clear_login_failures, start_login_attempt
from web.access import actor
from web.auth.forms import LoginForm, PasswordForm
from web.clock import now
from web.database import all_or_nothing, db, session_factory
from web.security import client_address

blueprint = Blueprint("auth", __name__, template_folder="templates")


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("visits.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data or "", client_address()
        # Counted (and committed) before the password is checked, so parallel guesses see each
        # other, and a refused guess learns nothing, right or wrong.
        refusal = start_login_attempt(session_factory(), email, address, now())
        if refusal is not None:
            return render_template("auth/login.html", form=form, refusal=refusal.message), 429
        user = authenticate(db(), email, form.password.data or "")
        if user is not None:
            clear_login_failures(db(), email)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("auth/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
def logout() -> Response:
    if current_user.is_authenticated:
        # Ends the account's sessions on the server, not only this browser's cookie.
        end_sessions(db(), actor())
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> str | Response | tuple[str, int]:
    form = PasswordForm()
    if form.validate_on_submit():
        user = actor()
        try:
            with all_or_nothing():
                change_password(db(), user, form.current.data or "", form.new.data or "")
        except ServiceError as error:
            form.current.errors.append(error.message[:1].upper() + error.message[1:] + ".")
            return render_template("auth/password.html", form=form), 400
        login_user(user)  # this browser carries on under the new nonce; every other one is out
        flash("Password changed. Every other browser logged in to this account is logged out.", "success")
        return redirect(url_for("visits.index"))
    return render_template("auth/password.html", form=form)


def _safe_next(target: str | None) -> str:
    """Only follow a `next` that stays on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("visits.index")
