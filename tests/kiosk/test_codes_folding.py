"""The one folding rule of the admin's search boxes."""

from __future__ import annotations

import unicodedata

import pytest

from kiosk import codes


@pytest.mark.parametrize(("text", "folded"), [
    ("Bún phở", "bun pho"),
    ("ĐÌNH Đông", "dinh dong"),
    ("  Tạp   hóa\tCô Lan ", "tap hoa co lan"),
    ("Nguyễn Văn Đạt", "nguyen van dat"),
    ("", ""),
    (None, ""),
])
def test_fold(text, folded):
    assert codes.fold(text) == folded


def test_nfc_and_nfd_fold_alike():
    text = "Phở bò Đặc biệt Hưởng"
    assert codes.fold(unicodedata.normalize("NFD", text)) == codes.fold(text)


def test_terms_are_capped_before_folding():
    assert codes.terms("bun " * 10_000) == ["bun"] * codes.MAX_TERMS
    assert codes.terms("x" * 1000) == ["x" * codes.MAX_QUERY]
