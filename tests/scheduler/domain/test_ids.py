"""Ids and file names made from what people are called."""

from __future__ import annotations

from scheduler.domain.ids import new_id, slugify


def test_a_name_becomes_a_lower_case_hyphenated_id() -> None:
    assert new_id("Ryan Davies", ()) == "ryan-davies"
    assert new_id("Focus group: carers (Tue)", ()) == "focus-group-carers-tue"


def test_a_taken_id_gets_the_next_free_number() -> None:
    assert new_id("Ryan Davies", ("ryan-davies",)) == "ryan-davies-2"
    assert new_id("Ryan Davies", ("ryan-davies", "ryan-davies-2")) == "ryan-davies-3"


def test_accents_and_letters_of_other_alphabets_are_spelled_in_ascii() -> None:
    assert slugify("Ana Müller-Łukasz") == "ana-muller-lukasz"
    assert slugify("Søren Ærø") == "soren-aero"


def test_a_name_with_no_letters_or_digits_falls_back_and_a_long_one_is_cut() -> None:
    assert new_id("!!!", (), "session") == "session"
    long = new_id("Case tracking: practitioner conversation about Kieran Gill", ())
    assert long == "case-tracking-practitioner-conversation"
    assert len(long) <= 40
    assert len(new_id("Case tracking: practitioner conversation about Kieran Gill", (long,))) <= 40


def test_a_file_name_cannot_carry_a_path_or_a_quote() -> None:
    assert slugify('../"Dan Allen"\r\n.ics') == "dan-allen-ics"
