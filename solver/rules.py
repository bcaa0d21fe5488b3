"""The hard rules H1-H17 (docs/visit-format.md), one function per rule family.

`HARD_RULES` is the model's table of contents: each function reads as the rule a coordinator
would state, and constrains the variables of `ModelVars`.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from solver.problem import MINUTES_PER_DAY, Assignment
from solver.variables import Literal, ModelVars, SessionVars


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
        most = s.max_attendees + len(sv.supported_by) + s.assessor_count
        seated = len(s.required_people) + sum(sv.attended_by.values()) + sum(sv.supported_by.values())
        for rid, lit in sv.in_room.items():
            room = m.lookup.rooms[rid]
            m.require_start_within(sv, lit, sv.options.room_starts[rid])
            if room.capacity < most:
                m.model.add(seated + s.assessor_count <= room.capacity).only_enforce_if(lit)
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


def bring_a_supporter_for_whoever_needs_one(m: ModelVars) -> None:
    """H13: whoever needs a supporter has one of theirs there, and a supporter comes only for them."""
    for sv in m.sessions.values():
        if not sv.supported_by:
            continue
        wanted_by: dict[str, list[Literal]] = {}  # supporter -> "this person they support attends"
        for pid in sv.session.required_people + tuple(sv.attended_by):
            helpers = m.lookup.people[pid].supporters
            attends = sv.attends(pid)
            if not helpers or attends is None:
                continue
            here = [sv.supported_by[h] for h in helpers if h in sv.supported_by]
            m.model.add_bool_or(here).only_enforce_if(attends)
            for helper in helpers:
                wanted_by.setdefault(helper, []).append(attends)
        for helper, lit in sv.supported_by.items():
            m.model.add_bool_or(wanted_by[helper]).only_enforce_if(lit)
            m.model.add_implication(lit, sv.present)
            also_attends = sv.attends(helper)
            if also_attends is not None:
                m.model.add_bool_or([lit.Not(), also_attends.Not()])
            m.require_start_within(sv, lit, sv.options.supporter_starts[helper])


def keep_supporters_in_one_session_at_a_time(m: ModelVars) -> None:
    """H13: a supporter is in one session at a time, and not on escort duty while supporting."""
    for sv in m.sessions.values():
        for pid, lit in sv.supported_by.items():
            interval = m.model.new_optional_fixed_size_interval_var(
                sv.start, sv.session.minutes, lit, f"supporting[{sv.sid},{pid}]"
            )
            m.person_calendar[pid].append(interval)


def keep_managers_out_of_their_staff_focus_groups(m: ModelVars) -> None:
    """H14: nobody is in a focus group with their own line manager, so staff can speak freely."""
    for sv in m.sessions.values():
        if not sv.session.is_focus_group:
            continue
        for pid in _possibly_present(sv):
            manager = m.lookup.people[pid].manager
            if manager is None:
                continue
            staff, boss = sv.is_present(pid), sv.is_present(manager)
            if staff is not None and boss is not None:
                m.model.add(sum((staff, boss)) <= 1)


def keep_enough_of_each_team_at_work(m: ModelVars) -> None:
    """H15: no more of a team are in sessions at once than the team can spare."""
    for team in m.problem.teams:
        if team.max_away is None:
            continue
        members = {p.id for p in m.problem.people if p.team == team.name}
        intervals: list[cp_model.IntervalVar] = []
        demands: list[int] = []
        for sv in m.sessions.values():
            required = sum(pid in members for pid in sv.session.required_people)
            if required:
                intervals.append(sv.body)
                demands.append(required)
            for pid, lit in [*sv.attended_by.items(), *sv.supported_by.items()]:
                if pid in members:
                    intervals.append(
                        m.model.new_optional_fixed_size_interval_var(
                            sv.start, sv.session.minutes, lit, f"away[{team.name},{sv.sid},{pid}]"
                        )
                    )
                    demands.append(1)
        if sum(demands) > team.max_away:
            m.model.add_cumulative(intervals, demands, team.max_away)


def cap_person_sessions_per_day(m: ModelVars) -> None:
    """H16: nobody is in more sessions a day than they can spare."""
    for person in m.problem.people:
        limit = person.max_sessions_per_day
        if limit is None:
            continue
        for day in range(m.problem.day_count):
            that_day = []
            for sv in m.sessions.values():
                present = sv.is_present(person.id)
                on_day = sv.on_day(day)
                if present is None or not on_day:
                    continue
                both = m.model.new_bool_var(f"present_on_day[{sv.sid},{person.id},d{day}]")
                m.model.add(both >= sum([present, *on_day]) - 1)
                that_day.append(both)
            if len(that_day) > limit:
                m.model.add(sum(that_day) <= limit)


def keep_the_frozen_past(m: ModelVars) -> None:
    """H17: when re-planning, what started before the moment stays exactly as it was.

    That nothing else starts before the moment is already in the possible starts (solver.candidates).
    """
    for old in m.problem.frozen():
        sv = m.sessions.get(old.session)
        if sv is None:
            continue
        choices = _frozen_choices(sv, old)
        if choices is None:
            # The visit has changed so that the past can no longer be as it was: the checker
            # names the session rather than the whole re-plan failing.
            m.model.add(sv.present == 0)
            continue
        for lit, value in choices:
            m.model.add(lit == value).only_enforce_if(sv.present)
        if m.strict:
            m.model.add(sv.present == 1)


def _frozen_choices(sv: SessionVars, old: Assignment) -> list[tuple[Literal, bool]] | None:
    """Each choice of the session and the value it had; None when one of them is no longer possible."""
    when = sv.starts_at.get(old.day * MINUTES_PER_DAY + old.start)
    everyone = set(old.attendees)
    if when is None or not set(sv.session.required_people) <= everyone:
        return None
    out: list[tuple[Literal, bool]] = [(when, True), (sv.in_person, old.mode == "in_person")]
    picks = (
        (sv.in_room, {old.room} - {None}),
        (sv.assessed_by, set(old.assessors)),
        (sv.attended_by, everyone - set(sv.session.required_people)),
        (sv.escorted_by, {old.escort} - {None}),
        (sv.supported_by, set(old.support)),
    )
    for literals, chosen in picks:
        if not chosen <= literals.keys():
            return None
        out += [(lit, key in chosen) for key, lit in literals.items()]
    return out


def _possibly_present(sv: SessionVars) -> list[str]:
    return list(dict.fromkeys([*sv.session.required_people, *sv.attended_by, *sv.supported_by]))


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
    bring_a_supporter_for_whoever_needs_one,
    keep_supporters_in_one_session_at_a_time,
    keep_managers_out_of_their_staff_focus_groups,
    keep_enough_of_each_team_at_work,
    cap_person_sessions_per_day,
    keep_the_frozen_past,
)
