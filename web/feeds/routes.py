"""Calendars to subscribe to and download: a personal feed by token (no login), the same as a
one-click .ics, the coordinator's whole visit, the feed links page and escorts' run-sheets.

Feeds answer conditional requests (ETag, Last-Modified) with 304, so calendar clients polling
every few minutes cost a hash, not a download. A revoked token, or one past
FEED_DAYS_AFTER_VISIT after the visit, is 410 Gone (a token never issued, 404).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from scheduler.db.visits import VisitRecord
from scheduler.invites.calendars import CalendarFile, feed_for_token, visit_calendar
from scheduler.invites.escorts import escort_days, run_sheet
from scheduler.invites.identity import issue_feed_token
from scheduler.services.errors import NotFound, ServiceError
from scheduler.services.timetables import published_timetable
from scheduler.services.visits import load_visit
from web.access import member_visit
from web.clock import now
from web.database import all_or_nothing, db
from web.errors import personal_link_gone
from web.feeds.forms import ButtonForm

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
@member_visit
def whole_visit(visit: VisitRecord) -> Response:
    return _calendar_response(visit_calendar(db(), visit.id, now()), download=True)


def _feed_urls(token: str) -> tuple[str, str]:
    https = url_for("feeds.personal_feed", token=token, _external=True)
    return https, "webcal://" + https.split("://", 1)[1]


@blueprint.route("/visits/<int:visit_id>/feeds", methods=["GET", "POST"])
@member_visit
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
    }


@blueprint.route("/visits/<int:visit_id>/escorts/<person_key>/<day>")
@member_visit
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
