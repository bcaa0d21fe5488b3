"""The hard rules H1-H12 (spec: visit-format.md), one function per rule family.

`HARD_RULES` is the model's table of contents: each function reads as the rule a coordinator
would state, and constrains the variables of `ModelVars`.
"""

from __future__ import annotations

from collections.abc import Callable

from solver.problem import MINUTES_PER_DAY
from solver.variables import ModelVars


def place_every_must_session(m: ModelVars) -> None:
    """H1: every must session happens once; a session with no possible start does not happen."""
    for sv in m.sessions.values():
        if not sv.options.starts:
            m.model.add(sv.present == 0)
        elif sv.session.priority == "must" and m.strict:
            m.model.add(sv.present == 1)


def hold_sessions_in_an_allowed_mode(m: ModelVars) -> None:
    """H4: in person only when the session may be in person, virtual only when it may be virtual."""
    for sv in m.sessions.values():
        m.model.add_implication(sv.in_person, sv.present)
        if not sv.options.can_be_in_person:
            m.model.add(sv.in_person == 0)
        if not sv.options.can_be_virtual:
            m.model.add(sv.in_person == sv.present)
        for t, lit in sv.starts_at.items():
            if t not in sv.options.in_person_starts:
                m.model.add_implication(lit, sv.in_person.Not())
            if t not in sv.options.virtual_starts:
                m.model.add_implication(lit, sv.in_person)


def give_in_person_sessions_a_fitting_room(m: ModelVars) -> None:
    """H5: an in-person session gets one open room with the features and seats it needs."""
    for sv in m.sessions.values():
        s = sv.session
        m.model.add(sum(sv.in_room.values()) == sv.in_person)
        for rid, lit in sv.in_room.items():
            room = m.lookup.rooms[rid]
            m.require_start_within(sv, lit, sv.options.room_starts[rid])
            if room.capacity < s.max_attendees + s.assessor_count:
                seated = len(s.required_people) + sum(sv.attended_by.values()) + s.assessor_count
                m.model.add(seated <= room.capacity).only_enforce_if(lit)
            for pid, attends in sv.attended_by.items():
                if not m.lookup.people[pid].needs <= room.features:
                    m.model.add_bool_or([lit.Not(), attends.Not()])


def forbid_room_double_booking(m: ModelVars) -> None:
    """H6: a room holds one session at a time."""
    for sv in m.sessions.values():
        for rid, lit in sv.in_room.items():
            interval = m.model.new_optional_fixed_size_interval_var(
                sv.start, sv.session.minutes, lit, f"in_room_interval[{sv.sid},{rid}]"
            )
            m.room_calendar[rid].append(interval)


def staff_sessions_with_free_assessors(m: ModelVars) -> None:
    """H7: the right number of assessors from the allowed list, each free for the whole session."""
    for sv in m.sessions.values():
        m.model.add(sum(sv.assessed_by.values()) == sv.session.assessor_count * sv.present)
        for aid, lit in sv.assessed_by.items():
            m.model.add_implication(lit, sv.present)
            m.require_start_within(sv, lit, sv.options.assessor_starts[aid])


def keep_assessors_in_one_session_at_a_time(m: ModelVars) -> None:
    """H7: no assessor is in two sessions at once."""
    for sv in m.sessions.values():
        for aid, lit in sv.assessed_by.items():
            interval = m.model.new_optional_fixed_size_interval_var(
                sv.start, sv.session.minutes, lit, f"assessing[{sv.sid},{aid}]"
            )
            m.assessor_calendar[aid].append(interval)


def cap_assessor_sessions_per_day(m: ModelVars) -> None:
    """H7: no assessor has more sessions in a day than their stated maximum."""
    for assessor in m.problem.assessors:
        limit = assessor.max_sessions_per_day
        if limit is None:
            continue
        for day in range(m.problem.day_count):
            that_day = []
            for sv in m.sessions.values():
                lit = sv.assessed_by.get(assessor.id)
                on_day = sv.on_day(day)
                if lit is None or not on_day:
                    continue
                both = m.model.new_bool_var(f"assessing_on_day[{sv.sid},{assessor.id},d{day}]")
                m.model.add(both >= lit + sum(on_day) - 1)
                that_day.append(both)
            if len(that_day) > limit:
                m.model.add(sum(that_day) <= limit)


def keep_assessor_lunch_free(m: ModelVars) -> None:
    """H8: every assessor keeps a lunch break free inside the lunch window of every day."""
    p = m.problem
    if p.lunch_minutes <= 0:
        return
    for assessor in p.assessors:
        if not m.assessor_calendar[assessor.id]:
            continue
        for day in range(p.day_count):
            low = day * MINUTES_PER_DAY + p.lunch_earliest
            high = day * MINUTES_PER_DAY + p.lunch_latest - p.lunch_minutes
            if high < low:
                continue
            start = m.model.new_int_var(low, high, f"lunch_start[{assessor.id},d{day}]")
            lunch = m.model.new_fixed_size_interval_var(
                start, p.lunch_minutes, f"lunch[{assessor.id},d{day}]"
            )
            m.assessor_calendar[assessor.id].append(lunch)


def invite_free_attendees(m: ModelVars) -> None:
    """H9: required people attend; chosen invitees are free; the head count stays within bounds."""
    for sv in m.sessions.values():
        s = sv.session
        chosen = sum(sv.attended_by.values())
        required = len(s.required_people)
        m.model.add(chosen >= (s.min_attendees - required) * sv.present)
        m.model.add(chosen <= max(0, s.max_attendees - required) * sv.present)
        for pid, lit in sv.attended_by.items():
            m.model.add_implication(lit, sv.present)
            m.require_start_within(sv, lit, sv.options.pool_starts[pid])


def keep_people_in_one_session_at_a_time(m: ModelVars) -> None:
    """H9: nobody attends two sessions at once."""
    for sv in m.sessions.values():
        for pid in sv.session.required_people:
            m.person_calendar[pid].append(sv.body)
        for pid, lit in sv.attended_by.items():
            interval = m.model.new_optional_fixed_size_interval_var(
                sv.start, sv.session.minutes, lit, f"attending[{sv.sid},{pid}]"
            )
            m.person_calendar[pid].append(interval)


def leave_travel_time_between_sites(m: ModelVars) -> None:
    """H10: whoever goes from one site to another on a day has the travel time between sessions.

    People's trips are all constrained up front (each person has few sessions). Assessors'
    trips are many and rarely tight, so they are added per assessor and pair of sites when a
    timetable is found to need them (see solver.travel and solver.solve).
    """
    m.travel.prepare()
    for key in m.travel.people_keys():
        m.travel.constrain_all_trips(key)
    for key, site_a, site_b in sorted(m.travel.assessor_trips_from_start):
        m.travel.constrain_trip(key, site_a, site_b)


def require_escort_before_session(m: ModelVars) -> None:
    """H11: an escort meets the assessors before each in-person session and is free for that duty."""
    lead = m.problem.escort_minutes
    for sv in m.sessions.values():
        if not sv.session.needs_escort:
            continue
        m.model.add(sum(sv.escorted_by.values()) == sv.in_person)
        for pid, lit in sv.escorted_by.items():
            m.require_start_within(sv, lit, sv.options.escort_starts[pid])
            if lead > 0:
                duty = m.model.new_optional_fixed_size_interval_var(
                    sv.start - lead, lead, lit, f"escort_duty[{sv.sid},{pid}]"
                )
                m.person_calendar[pid].append(duty)


def keep_sessions_in_order(m: ModelVars) -> None:
    """H12: a session listed in `after` ends before this one starts, when both happen."""
    for sv in m.sessions.values():
        for before_id in sv.session.after:
            before = m.sessions[before_id]
            m.model.add(before.end <= sv.start).only_enforce_if([before.present, sv.present])


HARD_RULES: tuple[Callable[[ModelVars], None], ...] = (
    place_every_must_session,
    hold_sessions_in_an_allowed_mode,
    give_in_person_sessions_a_fitting_room,
    forbid_room_double_booking,
    staff_sessions_with_free_assessors,
    keep_assessors_in_one_session_at_a_time,
    cap_assessor_sessions_per_day,
    keep_assessor_lunch_free,
    invite_free_attendees,
    keep_people_in_one_session_at_a_time,
    leave_travel_time_between_sites,
    require_escort_before_session,
    keep_sessions_in_order,
)
