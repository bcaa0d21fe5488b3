"""Logging in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from scheduler.services.accounts import authenticate
from scheduler.services.login_throttle import clear_login_failures, login_refusal, record_login_failure
from web.auth.forms import LoginForm
from web.clock import now
from web.database import db
from web.security import client_address

blueprint = Blueprint("auth", __name__, template_folder="templates")


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("visits.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data or "", client_address()
        # Checked before the password, so that a refused guess learns nothing, right or wrong.
        refusal = login_refusal(db(), email, address, now())
        if refusal is not None:
            return render_template("auth/login.html", form=form, refusal=refusal.message), 429
        user = authenticate(db(), email, form.password.data or "")
        if user is not None:
            clear_login_failures(db(), email)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        record_login_failure(db(), email, address, now())
        form.password.errors.append("That email and password do not match an account.")
    return render_template("auth/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
def logout() -> Response:
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Only follow a `next` that stays on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("visits.index")
