"""Calendars to subscribe to and download: a personal feed by token (no login), the same as a
one-click .ics, the coordinator's whole visit, the feed links page and escorts' run-sheets.

Feeds answer conditional requests (ETag, Last-Modified) with 304, so calendar clients polling
every few minutes cost a hash, not a download. A revoked token, or one past
FEED_DAYS_AFTER_VISIT after the visit, is 410 Gone (a token never issued, 404).
"""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from scheduler.db.visits import VisitRecord
from scheduler.errors import NotFound, ServiceError
from scheduler.invites.calendars import CalendarFile, feed_for_token, visit_calendar
from scheduler.invites.escorts import escort_days, run_sheet
from scheduler.invites.feed_links import send_feed_links
from scheduler.invites.identity import issue_feed_token
from scheduler.invites.video_links import set_default_video_link
from scheduler.services.timetables import published_timetable
from scheduler.services.visits import load_visit
from web.access import actor, member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.errors import personal_link_gone
from web.feed_links import feed_link
from web.feeds.forms import ButtonForm, DefaultVideoLinkForm
from web.mail import send_after_commit
from web.mail_status import queued_words

blueprint = Blueprint("feeds", __name__, template_folder="templates")


def _calendar_response(calendar: CalendarFile, *, download: bool, private: bool = True) -> Response:
    response = Response(calendar.body, content_type="text/calendar; charset=utf-8")
    response.set_etag(calendar.etag)
    response.last_modified = calendar.last_modified
    # Revalidate every time (a changed timetable shows at the next poll), never keep a shared copy.
    response.headers["Cache-Control"] = "private, no-cache" if private else "no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{calendar.filename}"'
    response.make_conditional(request)  # turns itself into a 304 when the client's copy is current
    return response


@blueprint.route("/feeds/<token>.ics")
def personal_feed(token: str) -> Response:
    return _calendar_response(_personal_calendar(token), download=False)


@blueprint.route("/feeds/<token>/download.ics")
def personal_download(token: str) -> Response:
    return _calendar_response(_personal_calendar(token), download=True)


def _personal_calendar(token: str) -> CalendarFile:
    kept = timedelta(days=current_app.config["FEED_DAYS_AFTER_VISIT"])
    calendar = feed_for_token(db(), token, now(), kept_after_visit=kept)
    if calendar is None:
        personal_link_gone(token)  # 410 tells calendar apps to stop asking
    return calendar


@blueprint.route("/visits/<int:visit_id>/calendar.ics")
@member_visit(can="see_details")
def whole_visit(visit: VisitRecord) -> Response:
    return _calendar_response(visit_calendar(db(), visit.id, now()), download=True)


def _feed_urls(token: str) -> tuple[str, str]:
    https = url_for("feeds.personal_feed", token=token, _external=True)
    return https, "webcal://" + https.split("://", 1)[1]


@blueprint.route("/visits/<int:visit_id>/feeds", methods=["GET", "POST"])
@member_visit(can="run_escorts")
def links(visit: VisitRecord) -> str | tuple[str, int]:
    """Everyone's calendar: make a personal feed link (shown once), escorts' run-sheets."""
    form = ButtonForm()
    made = None
    if form.validate_on_submit():
        who_kind, key = request.args.get("who", ""), request.args.get("key", "")
        try:
            with all_or_nothing():
                token = issue_feed_token(db(), visit.id, who_kind, key, now())
        except (NotFound, ServiceError) as error:
            return render_template("feeds/links.html", **_links_context(visit, form, None, str(error))), 400
        https, webcal = _feed_urls(token)
        made = {
            "who": who_kind,
            "key": key,
            "https": https,
            "webcal": webcal,
            "download": url_for("feeds.personal_download", token=token, _external=True),
        }
    return render_template("feeds/links.html", **_links_context(visit, form, made, None))


def _links_context(
    visit: VisitRecord, form: ButtonForm, made: dict[str, str] | None, problem: str | None
) -> dict:
    content = load_visit(db(), visit.id)
    timetable = published_timetable(db(), visit.id)
    escorts = []
    if timetable is not None:
        for person in content.people:
            days = escort_days(timetable, person.id)
            if days:
                escorts.append((person, days))
    return {
        "visit": visit,
        "content": content,
        "form": form,
        "made": made,
        "problem": problem,
        "published": timetable is not None,
        "escorts": escorts,
        "video_form": _video_form(visit),
    }


def _video_form(visit: VisitRecord) -> DefaultVideoLinkForm:
    form = DefaultVideoLinkForm(formdata=None)
    form.default_video_link.data = visit.default_video_link or ""
    return form


@blueprint.route("/visits/<int:visit_id>/feeds/send", methods=["POST"])
@member_visit
def send_all(visit: VisitRecord) -> BaseResponse:
    """Email every person and assessor their own calendar link, through the outbox."""
    if not ButtonForm().validate_on_submit():
        flash("Open the Calendars page again and send from there.", "error")
        return redirect(url_for("feeds.links", visit_id=visit.id))
    mailing = send_feed_links(db(), actor(), visit.id, now(), feed_link)
    send_after_commit()
    told = queued_words(len(mailing.queued), "calendar link")
    if mailing.without_address:
        told += f" No email address for {', '.join(mailing.without_address)}."
    flash(told, "success" if not mailing.without_address else "warning")
    return redirect(url_for("feeds.links", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/feeds/video-link", methods=["POST"])
@member_visit
def default_video_link_set(visit: VisitRecord) -> BaseResponse | tuple[str, int]:
    """Set the visit's default meeting link; invites carry it from the next publish."""
    form = DefaultVideoLinkForm()
    if not form.validate_on_submit():
        problem = "; ".join(e for errors in form.errors.values() for e in errors)
        return render_template("feeds/links.html", **_links_context(visit, ButtonForm(), None, problem)), 400
    try:
        with all_or_nothing():
            set_default_video_link(db(), actor(), visit.id, form.default_video_link.data or "", now())
    except ServiceError as error:
        return render_template(
            "feeds/links.html", **_links_context(visit, ButtonForm(), None, str(error))
        ), 400
    flash("Default video link saved: invites carry it from the next publish.", "success")
    return redirect(url_for("feeds.links", visit_id=visit.id))


@blueprint.route("/visits/<int:visit_id>/escorts/<person_key>/<day>")
@member_visit(can="run_escorts")
def escort_run_sheet(visit: VisitRecord, person_key: str, day: str) -> str:
    """One escort's duties for one day, to print: meet whom where, take them where, by when."""
    content = load_visit(db(), visit.id)
    person = next((p for p in content.people if p.id == person_key), None)
    timetable = published_timetable(db(), visit.id)
    if person is None or timetable is None or day not in content.days:
        abort(404)
    duties = run_sheet(content, timetable, person.id, day)
    return render_template(
        "feeds/run_sheet.html", visit=visit, content=content, person=person, day=day, duties=duties
    )
