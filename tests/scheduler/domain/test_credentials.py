"""Tokens for links, feeds and replies: one size everywhere, stored only as their SHA-256."""

from __future__ import annotations

import re

from scheduler.domain.credentials import LONGEST_TOKEN, hash_token, new_token


def test_a_new_token_is_256_random_bits_in_43_url_safe_characters_and_never_repeats():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in tokens)
    assert all(len(token) < LONGEST_TOKEN for token in tokens)


def test_a_token_is_stored_as_its_sha256_in_hex():
    assert hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
