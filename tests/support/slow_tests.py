"""The tests `make test-fast` leaves out as slow (marker `slow`), named in one place.

Calibrated from `pytest --durations=0` on a 2-core machine: what is listed takes seconds where
a typical test takes a fraction of one, because it solves a visit with hypothesis-made inputs,
bursts hundreds of requests, kills and restarts a server, runs the independent invite checker
(Node) or waits out a mail server's faults. Each still runs in `make test` and in CI.
A file named with `ALL` is slow test by test; otherwise the listed test functions are (every
parameter of a parametrized one). A test may also carry `pytest.mark.slow` itself, as the
wheel, worker and example-solve tests do. tests/deploy/test_test_tiers.py checks that every
name here is still a test, so a rename cannot quietly put a slow test back in the fast tier.
"""

from __future__ import annotations

ALL = ("*",)

SLOW_TESTS: dict[str, tuple[str, ...]] = {
    # Solves hypothesis-made visits, dozens of times.
    "tests/solver/test_solve_property.py": ALL,
    # Hundreds of requests at once against a real server, or the server killed in the middle.
    "tests/web/test_availability_burst.py": ALL,
    "tests/web/test_database_restart.py": ALL,
    # The independent invite checker (Node) on every invite, feed or file written.
    "tests/scheduler/cli/test_invite_command.py": (
        "test_a_persons_calendar_and_the_whole_visit_are_written_and_pass_ics_check",
    ),
    "tests/scheduler/invites/test_invite_timezones.py": (
        "test_feeds_in_other_zones_pass_ics_check_and_keep_wall_clock_times",
    ),
    "tests/web/test_feed_pages.py": (
        "test_the_independent_checker_fetches_the_served_feed_and_gets_304_on_both_validators",
        "test_a_personal_feed_answers_200_then_304_to_if_none_match_and_if_modified_since",
    ),
    "tests/scheduler/invites/test_invite_ical.py": (
        "test_a_request_cancel_tentative_reserve_escort_duty_and_dst_feed_match_their_golden_files",
        "test_a_virtual_session_with_a_link_matches_its_golden_file_and_never_says_it_will_follow",
        "test_uninviting_one_person_is_a_cancel_without_status",
        "test_names_and_titles_with_newlines_semicolons_and_commas_add_no_property",
    ),
    # A whole visit's invites published over real SMTP, several times over, or while the server
    # is down (test_first_publication_... and test_accept_decline_... stay in the fast tier).
    "tests/scheduler/invites/test_publishing.py": (
        "test_every_invite_update_and_cancellation_passes_ics_check",
        "test_moving_two_sessions_and_dropping_one_tells_only_the_people_affected",
        "test_the_ledger_records_every_invite_with_its_version_kind_and_sequence",
        "test_a_person_taken_off_a_session_gets_a_cancel_and_the_others_the_new_attendee_list",
        "test_a_session_dropped_and_brought_back_is_invited_again_with_a_higher_sequence",
        "test_a_title_with_line_breaks_never_becomes_a_header",
        "test_smtp_down_while_publishing_loses_nothing_and_sends_each_invite_once_when_it_is_back",
        "test_publishing_the_same_version_twice_sends_nothing",
        "test_a_decline_holds_until_the_person_is_sent_a_changed_invite",
        "test_no_invite_names_a_person_using_services_or_carer_to_anyone_but_themselves",
        "test_plan_counts_per_person_match_what_is_sent",
        "test_the_optional_digest_is_one_summary_per_person_without_a_calendar_method",
        "test_escorts_told_before_duties_counted_people_are_not_sent_the_count_alone",
        "test_first_publication_invites_everyone_once_per_event_with_sequence_zero",
    ),
    "tests/scheduler/invites/test_invite_video_links.py": (
        "test_invites_with_video_links_pass_ics_check",
        "test_a_changed_link_is_an_update_with_a_higher_sequence_to_that_sessions_people_only",
        "test_the_visit_default_link_fills_online_sessions_without_their_own",
        "test_a_virtual_session_invite_carries_its_link_as_location_url_and_in_the_text",
    ),
    "tests/scheduler/invites/test_calendar_replies.py": (
        "test_fieldwork_mail_receive_takes_a_reply_over_smtp_until_it_is_stopped",
        "test_an_answer_to_an_outdated_invite_changes_nothing",
        "test_replies_that_cannot_be_trusted_or_read_change_nothing_and_are_kept_with_the_reason",
        "test_a_counter_proposal_is_kept_and_shown_but_not_applied",
        "test_accept_decline_and_tentative_from_outlook_google_and_thunderbird_reach_the_ledger",
    ),
    "tests/scheduler/invites/test_feed_links_in_emails.py": (
        "test_every_invite_email_carries_the_recipients_own_calendar_link",
        "test_a_coordinator_sends_everyone_their_own_link_at_once_and_again_later",
    ),
    "tests/scheduler/mail/test_mail_faults.py": ALL,
    "tests/scheduler/cli/test_publish_command.py": (
        "test_publish_sends_every_invite_and_prints_the_counts_per_kind",
        "test_publish_with_the_server_down_keeps_every_invite_for_a_retry",
    ),
    "tests/scheduler/cli/test_store_commands.py": (
        "test_a_visit_goes_in_is_planned_published_and_comes_back_out",
        "test_bad_input_gives_a_message_and_exit_code_2_never_a_traceback",
    ),
    "tests/scheduler/services/test_personal_links.py": (
        "test_revoking_a_persons_links_stops_their_availability_feed_and_invite_answer_links",
        "test_removing_and_re_adding_a_person_never_revives_their_old_links",
    ),
    "tests/web/test_privacy_pages.py": (
        "test_invites_name_a_person_using_services_or_carer_to_nobody_but_themselves",
        "test_a_staff_members_availability_page_shows_titles_without_names",
        "test_the_escorts_run_sheet_and_feed_name_the_session_but_not_the_person",
    ),
    "tests/web/test_removing_a_published_session.py": (
        "test_sending_a_new_version_without_the_removed_session_cancels_it_by_its_title",
        "test_feeds_and_the_visit_calendar_carry_on_without_a_removed_session",
        "test_sending_the_version_that_still_holds_the_removed_session_cancels_it_for_its_people",
        "test_removing_a_published_session_asks_first_and_names_who_will_be_told",
    ),
    # Hypothesis-made or mutated files by the hundred.
    "tests/scheduler/files/test_reader_fuzz.py": (
        "test_a_preview_of_any_table_lists_problems_and_writes_nothing",
        "test_a_workbook_with_a_damaged_part_reads_or_is_refused",
        "test_a_workbook_with_cells_changed_reads_or_is_refused",
        "test_mutations_of_the_example_visit_read_or_are_refused",
    ),
    "tests/web/test_bad_file_pages.py": (
        "test_fuzzed_spreadsheets_get_a_page_with_problems_never_a_crash",
        "test_fuzzed_bytes_as_a_visit_update_leave_the_visit_unchanged",
        "test_fuzzed_visit_files_get_the_form_with_problems_or_are_imported",
        "test_a_file_over_the_upload_limit_gets_the_friendly_413_page",
    ),
    # Every route walked once per role (the viewer's, escort lead's and anonymous walks stay).
    "tests/web/test_every_route_access.py": (
        "test_a_coordinator_may_do_everything_but_change_the_team",
        "test_the_owner_is_refused_nothing",
        "test_an_escort_lead_manages_rooms_sites_and_run_sheets_and_reads_the_rest",
        "test_pages_show_a_role_only_the_links_and_buttons_it_may_use",
    ),
    # Password hashing (scrypt) twenty times and more, on purpose.
    "tests/web/test_security.py": (
        "test_twenty_failures_from_one_client_refuse_it_for_every_email",
        "test_a_successful_login_clears_the_emails_earlier_failures",
        "test_sixteen_parallel_wrong_passwords_get_at_most_five_checked",
        "test_the_refusal_lifts_fifteen_minutes_after_the_first_counted_failure",
    ),
    "tests/web/test_team_pages.py": (
        "test_the_owner_adds_a_new_colleague_who_sets_a_password_from_the_emailed_link",
    ),
    # Runs pytest itself, with and without two xdist workers.
    "tests/deploy/test_skipped_tests_summary.py": (
        "test_the_run_ends_with_each_missing_part_and_the_command_that_installs_it",
    ),
    # Whole visits published and re-published over real SMTP, each invite checked (Node).
    "tests/scheduler/invites/test_home_visit_invites.py": ALL,
    "tests/scheduler/invites/test_supporter_invites.py": (
        "test_a_supporter_is_invited_updated_and_cancelled_like_an_attendee",
        "test_a_supporters_feed_holds_the_sessions_they_support",
    ),
    # The demo visit made and planned as `make demo` does.
    "tests/web/test_demo_dates.py": (
        "test_the_demo_visit_starts_at_least_four_weeks_after_today_on_its_shipped_weekday",
        "test_the_demo_asks_for_availability_two_weeks_ahead_of_the_visit_in_step_with_its_milestones",
    ),
    # Re-plans: a solve of the remaining day, then what each way out of a decline would send.
    "tests/web/test_replanning_pages.py": (
        "test_the_plan_page_says_what_a_re_plan_from_now_keeps_and_the_notice_period_is_editable",
        "test_a_day_running_late_is_re_planned_reviewed_and_sent_only_to_the_people_affected",
        "test_an_assessors_decline_is_listed_and_another_assessor_takes_the_session_with_one_click",
        "test_the_declines_page_lists_a_decline_and_offers_its_ways_out_and_a_stale_one_changes_nothing",
    ),
    "tests/scheduler/cli/test_replan_commands.py": (
        "test_a_late_day_is_re_planned_into_a_draft_with_what_moved_and_who_to_tell",
        "test_a_late_day_that_is_not_a_day_of_the_visit_is_refused_with_a_message",
    ),
    "tests/scheduler/invites/test_declines.py": (
        "test_an_assessors_decline_can_move_the_session_to_when_they_are_free",
        "test_a_should_session_can_be_dropped_and_the_decline_is_then_resolved",
        "test_an_assessor_who_declines_is_replaced_by_another_assessor_who_is_free",
    ),
    # Page and service tests that publish a visit, plan it or walk many pages: each over half a
    # second on 2 cores (the rest of the fast tier averages a twentieth of one).
    "tests/scheduler/cli/test_link_commands.py": ("test_set_password_changes_it_and_ends_every_session",),
    "tests/scheduler/domain/test_unanswered.py": (
        "test_the_stored_choice_is_applied_where_the_visit_is_loaded_for_planning",
    ),
    "tests/scheduler/services/test_replanning.py": (
        "test_a_day_running_late_shifts_the_rest_of_it_and_tells_only_the_people_whose_sessions_moved",
        "test_a_re_plan_from_now_keeps_the_past_exactly_and_starts_nothing_new_before_it",
    ),
    "tests/web/test_finding_ones_way_pages.py": (
        "test_every_menu_link_and_stage_link_answers_before_anything_is_planned",
        "test_the_menu_is_defined_once_and_every_link_answers",
    ),
    "tests/web/test_outbox_pages.py": (
        "test_an_email_of_another_visit_is_not_found",
        "test_only_owners_and_coordinators_see_the_outbox",
        "test_publishing_without_a_mail_server_says_the_invites_wait_and_the_outbox_shows_them",
        "test_the_outbox_names_each_recipient_as_the_visit_knows_them_now",
        "test_with_a_mail_server_pages_say_sent_only_once_the_server_took_it",
    ),
    "tests/web/test_planning_pages.py": ("test_a_version_is_published_only_through_its_review",),
    "tests/web/test_publishing_pages.py": (
        "test_a_declined_session_is_flagged_on_the_timetable_and_the_unscheduled_page",
        "test_sending_queues_the_invites_publishes_and_shows_them_in_the_ledger",
    ),
    "tests/web/test_supporter_pages.py": (
        "test_the_plan_brings_the_interpreter_who_takes_a_seat_but_no_attendee_place",
    ),
    # Solves while other solves hold the server's cap.
    "tests/web/test_planning_concurrency.py": (
        "test_a_solve_over_the_servers_cap_waits_queued_and_says_why",
        "test_four_coordinators_pressing_start_at_once_get_one_solve_and_one_version",
    ),
}


def is_slow(path: str, function: str) -> bool:
    """Whether the test function `function` of the file `path` (relative to the repository,
    with forward slashes) is listed as slow."""
    listed = SLOW_TESTS.get(path, ())
    return listed == ALL or function in listed
