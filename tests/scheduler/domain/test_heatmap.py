"""The session heatmap counts who of its people is free for the whole session at each start."""

from __future__ import annotations

from scheduler.domain.heatmap import session_heatmap
from scheduler.services.unanswered import visit_for_planning
from tests.support.tiny_visit import free, meeting, person, tiny_visit


def counts(heatmap, what: str) -> list[int]:
    return [getattr(cell, what) for cell in heatmap.days[0].cells]


def test_heatmap_counts_required_and_invited_people_free_for_the_whole_session():
    visit = tiny_visit(
        people=(
            person("p1", free("09:00", "11:00")),
            person("p2", free("09:30", "10:30")),
            person("p3", free("09:00", "09:30"), free("09:30", "10:00", "if_needed")),
            person("p4", answered=False),
        ),
        sessions=(meeting("s1", required=("p1", "p2"), invited=("p3", "p4")),),
    )
    heatmap = session_heatmap(visit, "s1")
    assert heatmap.starts == ("09:00", "09:30", "10:00")
    assert [cell.end for cell in heatmap.days[0].cells] == ["10:00", "10:30", "11:00"]
    assert counts(heatmap, "required_free") == [1, 2, 1]
    assert counts(heatmap, "invited_free") == [2, 1, 1]
    assert [c.all_required_free(heatmap.required_total) for c in heatmap.days[0].cells] == [
        False,
        True,
        False,
    ]
    assert heatmap.cells_with_everyone_required == 1


def test_heatmap_counts_no_answer_as_the_coordinator_chooses():
    visit = tiny_visit(
        people=(person("p1", free("09:00", "11:00")), person("p2", answered=False)),
        sessions=(meeting("s1", required=("p1", "p2")),),
    )
    assert counts(session_heatmap(visit, "s1"), "required_free") == [2, 2, 2]
    assert counts(session_heatmap(visit_for_planning(visit, "not_available"), "s1"), "required_free") == [
        1,
        1,
        1,
    ]


def test_heatmap_marks_starts_outside_the_sessions_window_as_not_allowed():
    visit = tiny_visit(
        people=(person("p1", free("09:00", "11:00")),),
        sessions=(meeting("s1", required=("p1",), minutes=30, not_before="09:30", not_after="10:30"),),
    )
    cells = session_heatmap(visit, "s1").days[0].cells
    assert [(c.start, c.allowed) for c in cells] == [
        ("09:00", False),
        ("09:30", True),
        ("10:00", True),
        ("10:30", False),
    ]
