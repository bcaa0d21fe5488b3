"""A visit's team (who is in it, with which role), setting a password from an invitation, and
the audit log (who did what, when, to what)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_user
from werkzeug.wrappers import Response

from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.services import audit_log, members
from scheduler.services.password_links import password_link_user, set_password_with_link
from web.access import actor, may, member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.form_fields import select_choices
from web.mail import send_after_commit
from web.mail_status import mail_is_sent
from web.members.forms import AddMemberForm, AuditFilterForm, ButtonForm, RoleForm, SetPasswordForm

blueprint = Blueprint("members", __name__, template_folder="templates")

TEAM = "/visits/<int:visit_id>/team"


def _password_url(token: str) -> str:
    send_after_commit()
    return url_for("members.set_password", token=token, _external=True)


def _team_page(visit: VisitRecord, form: AddMemberForm | None = None, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "members/index.html",
        visit=visit,
        team=members.list_members(db(), visit.id),
        form=form or AddMemberForm(formdata=None),
        role_form=RoleForm,
        button=ButtonForm(),
        me=actor().id,
        managing=may("manage_members"),
    )
    return page, status


@blueprint.route(TEAM)
@member_visit(can="view")
def index(visit: VisitRecord) -> tuple[str, int]:
    return _team_page(visit)


@blueprint.route(f"{TEAM}/add", methods=["POST"])
@member_visit(can="manage_members")
def add(visit: VisitRecord) -> Response | tuple[str, int]:
    form = AddMemberForm()
    if not form.validate_on_submit():
        return _team_page(visit, form, 400)
    try:
        with all_or_nothing():
            added = members.add_member_by_email(
                db(),
                actor(),
                visit.id,
                form.email.data or "",
                form.role.data or "",
                now(),
                name=form.name.data or "",
                password_url=_password_url,
            )
    except ServiceError as error:
        form.email.errors = [*form.email.errors, _sentence(error.message)]
        return _team_page(visit, form, 400)
    member = added.member
    told = ""
    if added.new_account:
        told = (
            " They will get an email with a link to set their password."
            if mail_is_sent()
            else " An email with a link to set their password waits in the outbox: no mail server is set up."
        )
    flash(f"{member.name} ({member.email}) is in the team as {member.role_name.lower()}.{told}", "success")
    return redirect(url_for("members.index", visit_id=visit.id))


@blueprint.route(f"{TEAM}/<int:user_id>/role", methods=["POST"])
@member_visit(can="manage_members")
def change_role(visit: VisitRecord, user_id: int) -> Response:
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose one of the roles.", "error")
        return redirect(url_for("members.index", visit_id=visit.id))
    try:
        with all_or_nothing():
            member = members.change_member_role(db(), actor(), visit.id, user_id, form.role.data or "", now())
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(_sentence(error.message), "error")
    else:
        flash(f"{member.name} is now {member.role_name.lower()}.", "success")
    return redirect(url_for("members.index", visit_id=visit.id))


@blueprint.route(f"{TEAM}/<int:user_id>/remove", methods=["POST"])
@member_visit(can="manage_members")
def remove(visit: VisitRecord, user_id: int) -> Response:
    return _take_out(visit, user_id)


@blueprint.route(f"{TEAM}/leave", methods=["POST"])
@member_visit(can="view")
def leave(visit: VisitRecord) -> Response:
    """Anyone may leave a team, except its last owner."""
    return _take_out(visit, actor().id)


def _take_out(visit: VisitRecord, user_id: int) -> Response:
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            member = members.remove_member(db(), actor(), visit.id, user_id, now())
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(_sentence(error.message), "error")
        return redirect(url_for("members.index", visit_id=visit.id))
    if member.user_id == actor().id:
        flash(f"You have left the team of {visit.name}.", "success")
        return redirect(url_for("visits.index"))
    flash(f"{member.name} is no longer in the team.", "success")
    return redirect(url_for("members.index", visit_id=visit.id))


@blueprint.route(f"{TEAM}/<int:user_id>/resend", methods=["POST"])
@member_visit(can="manage_members")
def resend(visit: VisitRecord, user_id: int) -> Response:
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            member = members.resend_invitation(db(), actor(), visit.id, user_id, now(), _password_url)
    except NotFound:
        abort(404)
    except ServiceError as error:
        flash(_sentence(error.message), "error")
    else:
        flash(f"A new link to set a password is on its way to {member.email}.", "success")
    return redirect(url_for("members.index", visit_id=visit.id))


@blueprint.route("/password/<token>", methods=["GET", "POST"])
def set_password(token: str) -> str | Response | tuple[str, int]:
    try:
        with all_or_nothing():
            user = password_link_user(db(), token, now())
    except NotFound:
        return render_template("members/link_gone.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                user = set_password_with_link(db(), token, form.new.data or "", now())
        except ServiceError as error:
            form.new.errors = [*form.new.errors, _sentence(error.message)]
            return render_template("members/set_password.html", form=form, user=user), 400
        login_user(user)
        flash("Your password is set, and you are logged in.", "success")
        return redirect(url_for("visits.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("members/set_password.html", form=form, user=user), status


# ---- the audit log ----------------------------------------------------------------------------


def _chosen_filter(visit: VisitRecord) -> tuple[AuditFilterForm, audit_log.AuditFilter]:
    form = AuditFilterForm(formdata=request.args)
    choices = audit_log.audit_choices(db(), visit.id)
    form.person.choices = select_choices([("", "Everyone"), *choices.people])
    form.kind.choices = select_choices([("", "Every kind"), *choices.kinds])
    return form, audit_log.AuditFilter(person=form.person.data or "", kind=form.kind.data or "")


@blueprint.route("/visits/<int:visit_id>/audit")
@member_visit(can="read_audit")
def audit(visit: VisitRecord) -> str:
    form, chosen = _chosen_filter(visit)
    lines = audit_log.audit_lines(db(), visit.id, chosen)
    return render_template("members/audit.html", visit=visit, form=form, lines=lines, chosen=chosen)


@blueprint.route("/visits/<int:visit_id>/audit.csv")
@member_visit(can="read_audit")
def audit_download(visit: VisitRecord) -> Response:
    _form, chosen = _chosen_filter(visit)
    body = audit_log.audit_csv(audit_log.audit_lines(db(), visit.id, chosen))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="visit-{visit.id}-audit-log.csv"'},
    )


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
