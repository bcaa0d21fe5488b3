"""Keyboard only, in a real Chromium: Aisha Rahman logs in, skips the menu, plans the small visit,
opens the timetable, moves a session, reviews and sends the invites; Fatima Bennett fills in her
availability form. No mouse: only Tab, Shift+Tab, typing, the arrow keys, Enter and Space."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from scheduler.services.availability_links import issue_link
from tests.support.web import PASSWORD, add_user, add_visit, fixed_clock, make_app, served
from web.database import session_factory

pytestmark = pytest.mark.browser

AISHA = "aisha.rahman@example.org"
REVIEWING = "Focus group: Reviewing practitioners"
WAIT_MS = 90_000
MOST_TABS = 400


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=lambda: datetime.now(UTC))
    add_user(app, AISHA, "Aisha Rahman")
    with served(app) as base_url:
        yield app, base_url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def focused(page: Any) -> str:
    """What the focused element says: its accessible label, else its text or value."""
    return str(
        page.evaluate(
            "() => { const e = document.activeElement; if (!e) return '';"
            " const label = e.labels && e.labels.length ? e.labels[0].innerText : '';"
            " if (['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName) && e.type !== 'submit')"
            "   return (e.getAttribute('aria-label') || e.name || label || '').trim();"
            " return (e.getAttribute('aria-label') || e.innerText || e.value || '').trim(); }"
        )
    )


def tab_to(page: Any, wanted: str, *, backwards: bool = False) -> None:
    """Press Tab until the focused element says `wanted` (its start), as a keyboard user would."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focused(page).startswith(wanted):
            return
    raise AssertionError(f"Tab never reached {wanted!r}")


def free_slot(page: Any, check_url: str) -> dict[str, str] | None:
    """A day, start and room the page's own live check calls free, the session's day first (a
    short solve may leave its own day full)."""
    days = page.eval_on_selector_all(
        "select[name=day] option", "os => os.map(o => [o.value, o.textContent.trim()])"
    )
    current = page.input_value("select[name=day]")
    days.sort(key=lambda option: option[0] != current)
    starts = page.eval_on_selector_all("select[name=start] option", "os => os.map(o => o.value)")
    rooms = page.eval_on_selector_all(
        "select[name=room] option", "os => os.map(o => [o.value, o.textContent.trim()])"
    )
    for day, day_name in days:
        for room, room_name in rooms:
            if not room:
                continue
            for start in starts:
                answer = page.request.get(check_url, params={"day": day, "start": start, "room": room}).json()
                if answer["ok"] and answer["changes_anything"]:
                    return {
                        "day": day,
                        "day_name": day_name,
                        "start": start,
                        "room": room,
                        "room_name": room_name,
                    }
    return None


def movable_session(page: Any) -> tuple[str, dict[str, str]]:
    """A session of the grid shown (the Reviewing focus group if it can move) and a free slot for
    it, looked up before the keyboard journey: a short solve may leave a session no free slot."""
    grid = page.url
    links = page.eval_on_selector_all(
        "a[aria-label^='Move ']", "as => as.map(a => [a.getAttribute('aria-label').slice(5), a.href])"
    )
    links.sort(key=lambda link: link[0] != REVIEWING)
    for title, href in links:
        page.goto(href)
        free = free_slot(page, href.rsplit("/", 1)[0] + "/check.json")
        if free is not None:
            page.goto(grid)
            return title, free
    raise AssertionError("no session of the plan has a free slot")


def log_in_by_keyboard(page: Any, base: str) -> None:
    page.goto(f"{base}/login")
    tab_to(page, "email")
    page.keyboard.type(AISHA)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Your visits')")


def test_log_in_plan_move_and_publish_with_the_keyboard_alone(page: Any, live: tuple[Flask, str]) -> None:
    app, base = live
    log_in_by_keyboard(page, base)
    visit_id = add_visit(app, AISHA)

    # The first Tab offers to skip the menu; Enter lands in the page's own content.
    page.goto(f"{base}/visits/{visit_id}")
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to main content"
    assert page.is_visible("a.skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    # Plan: from the overview's "What next" to the plan page, a short time limit, Start.
    tab_to(page, "Plan the timetable")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Plan the timetable')")
    tab_to(page, "time_limit")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    tab_to(page, "Start planning")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Planning the timetable')")
    page.wait_for_selector("#job-result:visible", timeout=WAIT_MS)
    tab_to(page, "Open the timetable")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Timetable')")

    # Move: the block's Move link, then the move form's selects by typing and the arrow keys.
    title, free = movable_session(page)
    tab_to(page, f"Move {title}")
    assert page.locator(".block-body:focus-within", has_text=title).count() == 1  # shown in full
    page.keyboard.press("Enter")
    page.wait_for_selector(f"h1:has-text('Move “{title}”')")
    tab_to(page, "day")
    page.keyboard.type(free["day_name"])
    tab_to(page, "start")
    page.keyboard.type(free["start"])
    tab_to(page, "room")
    page.keyboard.type(free["room_name"])
    chosen = [page.input_value(f"select[name={name}]") for name in ("day", "start", "room")]
    assert chosen == [free["day"], free["start"], free["room"]]
    page.wait_for_selector("#move-check:has-text('This move breaks no rule.')", timeout=WAIT_MS)
    tab_to(page, "Save as new draft")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"text=Moved '{title}': the timetable is now draft version")

    # Publish: the menu's "Review and send", then the Send button at the top of the review.
    tab_to(page, "Review and send")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Publish version')")
    tab_to(page, "Send ")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Invites" in page.inner_text("h1") or "invites" in page.inner_text("main").lower()


@pytest.fixture
def before_the_visit(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    """On 1 Feb 2026, while the small visit (10 Mar 2026) still takes answers."""
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=fixed_clock)
    add_user(app, AISHA, "Aisha Rahman")
    with served(app) as base_url:
        yield app, base_url


def test_the_availability_form_with_the_keyboard_alone(
    page: Any, before_the_visit: tuple[Flask, str]
) -> None:
    app, base = before_the_visit
    visit_id = add_visit(app, AISHA)
    with session_factory(app)() as db:
        token = issue_link(db, None, visit_id, "person", "p8", fixed_clock())  # Fatima Bennett
        db.commit()
    page.goto(f"{base}/availability/{token}")
    tab_to(page, "Tue 10 Mar 09:00")  # the first slot's choice
    before = page.input_value("select[aria-label='Tue 10 Mar 09:00']")
    page.keyboard.press("ArrowUp" if before == "no" else "ArrowDown")
    after = page.input_value("select[aria-label='Tue 10 Mar 09:00']")
    assert after != before
    tab_to(page, "Save my availability")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('your availability is saved')")
    assert "Fatima Bennett" in page.inner_text("h1")
    assert "09:00" in page.inner_text("ul.summary")
