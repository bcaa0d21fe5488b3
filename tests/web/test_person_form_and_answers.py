"""The coordinator's person form against a person's own answer: a stale form is refused with
what changed, an answer is replaced only when the coordinator ticks that they mean it, and the
page says where the availability came from."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient

from tests.support.availability_pages import day_cells, visit_with_link
from tests.support.web import log_in, page_text

FATIMA_AS_IMPORTED = "2026-03-10 09:30-14:45\n2026-03-10 14:45-15:30 if_needed"
FATIMA_ANSWERED = "2026-03-10 13:00-16:00"


def _loaded(page: str) -> str:
    found = re.search(r'name="loaded" type="hidden" value="([^"]*)"', page) or re.search(
        r'type="hidden" name="loaded" value="([^"]*)"', page
    )
    assert found is not None, "the form carries no loaded token"
    return html.unescape(found.group(1))


def _fatima_form(loaded: str, available: str, **extra: str) -> dict[str, str]:
    return {
        "loaded": loaded,
        "id": "p8",
        "name": "Fatima Bennett",
        "email": "fatima.bennett@westmere.gov.example",
        "organisation": "Westmere Metropolitan Borough Council",
        "team": "Extra Care Housing",
        "role": "Team manager",  # the coordinator's own edit
        "kind": "staff",
        "needs": "",
        "available": available,
        **extra,
    }


def test_a_persons_answer_is_never_replaced_without_the_coordinator_seeing_and_confirming_it(
    app: Flask, client: FlaskClient
) -> None:
    visit_id, token = visit_with_link(app, "p8")
    log_in(client, "owner@example.org")
    edit = f"/visits/{visit_id}/people/p8/edit"
    opened = page_text(client.get(edit))  # the coordinator opens Fatima Bennett's form...
    assert "From the imported visit file or spreadsheet." in opened
    loaded = _loaded(opened)

    fatima = app.test_client()  # ...while Fatima answers through her own link
    assert fatima.post(f"/availability/{token}", data=day_cells("13:00", "16:00")).status_code == 302

    stale = page_text(client.post(edit, data=_fatima_form(loaded, FATIMA_AS_IMPORTED)))
    assert "Nothing was saved:" in stale
    assert (
        "Since you opened this form, person p8 changed: available 2026-03-10 09:30-14:45, "
        "2026-03-10 14:45-15:30 (if needed) -&gt; 2026-03-10 13:00-16:00" in stale
    )
    assert (
        "Answered by Fatima Bennett through their availability link on Sun 1 Feb 2026, 09:00 (Europe/London)."
        in stale
    )
    assert "Replace the availability they gave through their link" in stale

    unconfirmed = page_text(client.post(edit, data=_fatima_form(_loaded(stale), FATIMA_AS_IMPORTED)))
    assert (
        "nothing was saved: this would replace the availability that this person gave through their own "
        "link: Fatima Bennett (person p8, answered Sun 1 Feb 2026, 09:00 (Europe/London))" in unconfirmed
    )
    assert FATIMA_ANSWERED in page_text(client.get(edit))  # still her answer

    confirmed = client.post(
        edit, data=_fatima_form(_loaded(unconfirmed), FATIMA_AS_IMPORTED, replace_answer="y")
    )
    assert confirmed.status_code == 302, page_text(confirmed)
    after = page_text(client.get(edit))
    assert "Entered by a coordinator on Sun 1 Feb 2026, 09:00 (Europe/London)." in after
    assert "2026-03-10 09:30-14:45" in after and 'value="Team manager"' in after
    answers = page_text(client.get(f"/visits/{visit_id}/availability"))
    row = re.search(r'<tr id="answered-person-p8">(.*?)</tr>', answers, re.S)
    assert row is not None
    assert "Sun 1 Feb 2026, 09:00 UTC; replaced by a coordinator Sun 1 Feb 2026, 09:00 UTC" in row.group(1)


def test_a_fresh_form_saves_and_keeps_the_persons_answer_when_availability_is_left_alone(
    app: Flask, client: FlaskClient
) -> None:
    visit_id, token = visit_with_link(app, "p8")
    app.test_client().post(f"/availability/{token}", data=day_cells("13:00", "16:00"))
    log_in(client, "owner@example.org")
    edit = f"/visits/{visit_id}/people/p8/edit"
    opened = page_text(client.get(edit))
    saved = client.post(edit, data=_fatima_form(_loaded(opened), FATIMA_ANSWERED))
    assert saved.status_code == 302, page_text(saved)
    after = page_text(client.get(edit))
    assert 'value="Team manager"' in after
    assert "Answered by Fatima Bennett through their availability link" in after


def test_visit_settings_opened_before_another_coordinators_save_are_refused_with_what_changed(
    app: Flask, client: FlaskClient
) -> None:
    visit_id, _token = visit_with_link(app, "p8")
    log_in(client, "owner@example.org")
    other = app.test_client()
    log_in(other, "owner@example.org")
    settings = f"/visits/{visit_id}/settings"
    mine, theirs = _loaded(page_text(client.get(settings))), _loaded(page_text(other.get(settings)))
    form = {
        "name": "Westmere assessment",
        "organisation": "Westmere Metropolitan Borough Council",
        "timezone": "Europe/London",
        "days": "2026-03-10",
        "day_start": "09:00",
        "day_end": "17:00",
        "slot_minutes": "15",
        "escort_minutes": "15",
        "lunch_earliest": "12:00",
        "lunch_latest": "14:00",
        "lunch_minutes": "30",
    }
    assert other.post(settings, data={**form, "loaded": theirs, "day_end": "17:30"}).status_code == 302
    refused = page_text(client.post(settings, data={**form, "loaded": mine, "name": "Westmere CQC visit"}))
    assert "Since you opened this form, the visit settings changed: day_end 17:00 -&gt; 17:30" in refused
    again = client.post(settings, data={**form, "loaded": _loaded(refused), "name": "Westmere CQC visit"})
    assert again.status_code == 302
