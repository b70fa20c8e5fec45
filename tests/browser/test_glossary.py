"""Real browser: a glossary word opens a large explanation on tap and closes on the next tap;
without JavaScript the explanation reads in brackets after the word (issue 13)."""

from __future__ import annotations

import pytest

from tests.helpers.browser import serve_in_thread

pytestmark = pytest.mark.browser

TOUCHSCREEN = {"width": 1024, "height": 600}
EXPLANATION = "Mã số dùng một lần, gửi qua tin nhắn."


@pytest.fixture
def server(app):
    with serve_in_thread(app) as url:
        yield url


def test_tapping_a_word_shows_its_explanation_and_a_tap_closes_it(browser, server):
    context = browser.new_context(viewport=TOUCHSCREEN, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{server}/guides/kich-hoat-vneid/3")
    word = page.locator("button.term", has_text="OTP")
    assert page.locator(".term-gloss").first.is_hidden()  # the brackets give way to the popup
    popup = page.locator("#term-popup")
    assert popup.is_hidden()
    word.tap()
    assert popup.is_visible()
    assert page.locator(".term-popup-word").text_content() == "OTP"
    assert page.locator(".term-popup-text").text_content() == EXPLANATION
    box = page.locator(".term-popup-box").bounding_box()
    assert box["width"] >= TOUCHSCREEN["width"] * 0.6  # large, not a tooltip
    page.locator(".term-popup-close").tap()
    assert popup.is_hidden()
    context.close()


def test_without_javascript_the_explanation_is_in_brackets(browser, server):
    context = browser.new_context(viewport=TOUCHSCREEN, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/guides/kich-hoat-vneid/3")
    warning = page.locator(".box-warning").inner_text()
    assert f"OTP ({EXPLANATION})" in warning
    context.close()
