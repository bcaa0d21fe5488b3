"""The readiness page: what to fix before planning, reached from the visit menu and the Plan page."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests.support.readiness_files import SHORT_REASONS, write_unready_visit
from tests.support.web import add_user, add_visit, log_in, page_text


def _text(html: str) -> str:
    """The page's words with tags dropped and spaces squeezed, as a reader sees them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _section(html: str, section_id: str) -> str:
    found = re.search(rf'<section id="{section_id}">(.*?)</section>', html, re.S)
    assert found is not None, section_id
    return _text(found.group(1))


def _unready_visit(app: Flask, client: FlaskClient, tmp_path: Path) -> int:
    add_user(app, "coordinator@example.org")
    visit_id = add_visit(app, "coordinator@example.org", write_unready_visit(tmp_path))
    log_in(client, "coordinator@example.org")
    return visit_id


def test_the_readiness_page_counts_answers_per_group(app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    visit_id = _unready_visit(app, client, tmp_path)
    text = _text(page_text(client.get(f"/visits/{visit_id}/readiness")))
    assert "24 of 26 people have said when they are free" in text
    assert "Frontline team: Senior leadership 3 of 3 everyone has answered" in text
    assert "Frontline team: Extra Care Housing 8 of 9 Eleanor King" in text
    assert "Frontline team: Reviewing 7 of 7 everyone has answered" in text
    assert "Frontline team: Business support 1 of 2 Colin Thompson" in text
    assert "Partners 2 of 2 everyone has answered" in text
    assert "People using services and carers 3 of 3 everyone has answered" in text


def test_the_readiness_page_lists_the_gaps_by_name_with_reasons(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    visit_id = _unready_visit(app, client, tmp_path)
    html = page_text(client.get(f"/visits/{visit_id}/readiness"))
    assert "Room 3.12 (inspection team base) — open the whole visit" in _section(html, "rooms")
    assert _section(html, "profiles").endswith("before the visit. Priya Singh")
    short = f"Focus group: Reviewing practitioners Must {SHORT_REASONS[0]} {SHORT_REASONS[1]}"
    assert _section(html, "short").endswith(short)
    musts = f"Focus group: Reviewing practitioners {SHORT_REASONS[0]} {SHORT_REASONS[1]}"
    assert (
        _section(html, "musts")
        == f"Must sessions with no possible start Session Why it cannot start at any time {musts}"
    )
    assert "1 must session with no possible start" in _text(html)


def test_a_ready_visit_says_so_in_every_section(client: FlaskClient, coordinator: int) -> None:
    text = _text(page_text(client.get(f"/visits/{coordinator}/readiness")))
    for line in (
        "0 sessions that cannot gather enough attendees",
        "0 assessors without a pen profile",
        "0 must sessions with no possible start",
        "Every session can gather its minimum number of attendees at some time.",
        "Every assessor has a pen profile.",
        "Every must session has at least one possible start.",
    ):
        assert line in text


def test_the_visit_menu_and_the_plan_page_link_to_readiness(client: FlaskClient, coordinator: int) -> None:
    link = f'href="/visits/{coordinator}/readiness"'
    assert link in page_text(client.get(f"/visits/{coordinator}"))
    plan = page_text(client.get(f"/visits/{coordinator}/plan"))
    assert f"<a {link}>Check readiness before solving</a>" in plan


def test_another_coordinators_visit_has_no_readiness_page(app: Flask, client: FlaskClient) -> None:
    add_user(app, "owner@example.org")
    add_user(app, "stranger@example.org")
    visit_id = add_visit(app, "owner@example.org")
    log_in(client, "stranger@example.org")
    assert client.get(f"/visits/{visit_id}/readiness").status_code == 404
