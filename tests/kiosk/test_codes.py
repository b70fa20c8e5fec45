"""kiosk.codes: the one rule each for short codes, slugs, language codes and pack file names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.codes import CODE_ALPHABET, FILE_NAME, LANG, SLUG, check_code, normalize_code


@pytest.mark.parametrize("code", ["DH7K", "ABC", "ABCDEFGH", "Z2Z2", "dh7k"])
def test_good_codes_pass(code):
    assert check_code(code) is None


@pytest.mark.parametrize(("code", "message"), [
    ("AB", "mã 'AB' phải dài 3–8 ký tự"),
    ("ABCDEFGHJ", "mã 'ABCDEFGHJ' phải dài 3–8 ký tự"),
    ("D0K1", "mã 'D0K1' có ký tự không dùng được: 0 1 "
             "(chỉ chữ in hoa và số, không dùng 0, O, 1, I, L để khỏi nhầm)"),
    ("OIL", "mã 'OIL' có ký tự không dùng được: I L O "
            "(chỉ chữ in hoa và số, không dùng 0, O, 1, I, L để khỏi nhầm)"),
    ("AB-C", "mã 'AB-C' có ký tự không dùng được: - "
             "(chỉ chữ in hoa và số, không dùng 0, O, 1, I, L để khỏi nhầm)"),
])
def test_bad_codes_say_why(code, message):
    assert str(check_code(code)) == message


def test_alphabet_leaves_out_look_alikes():
    assert CODE_ALPHABET.isdisjoint("0O1IL") and len(CODE_ALPHABET) == 31


@pytest.mark.parametrize(("typed", "stored"), [
    ("dh7k", "DH7K"), ("  DH7K\n", "DH7K"), ("D0K7", None), ("x", None), ("", None),
])
def test_normalize_code(typed, stored):
    assert normalize_code(typed) == stored


@given(st.text(alphabet=sorted(CODE_ALPHABET), min_size=3, max_size=8))
def test_any_code_from_the_alphabet_normalizes_to_itself(code):
    assert normalize_code(code.lower()) == code


@pytest.mark.parametrize(("slug", "ok"), [
    ("kich-hoat-vneid", True), ("ab", True), ("a" * 60, True), ("dinh-2", True),
    ("a", False), ("a" * 61, False), ("-ab", False), ("ab-", False), ("a--b", False),
    ("Ab", False), ("chùa", False), ("a_b", False), ("a b", False), ("", False),
])
def test_slug_rule_matches_the_documented_one(slug, ok):
    """docs/content-packs.md: lower-case ASCII letters, digits and single hyphens, 2–60 characters."""
    assert bool(SLUG.match(slug)) == ok


@pytest.mark.parametrize(("code", "ok"), [
    ("vi", True), ("en", True), ("tay", True), ("th-nghean", True),
    ("v", False), ("viet", False), ("VI", False), ("vi-", False), ("vi_VN", False),
])
def test_language_codes(code, ok):
    assert bool(LANG.match(code)) == ok


@pytest.mark.parametrize(("name", "ok"), [
    ("step-1.svg", True), ("A_b.jpg", True), ("x" * 100, True),
    (".hidden", False), ("a/b.png", False), ("a\\b.png", False), ("x" * 101, False), ("", False),
])
def test_pack_file_names(name, ok):
    assert bool(FILE_NAME.match(name)) == ok
