"""Our SVG QR codes rasterized by a real Chromium decode to what was encoded, inline and as files."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from qr import render, vietqr
from tests.helpers.browser import CHROMIUM_ARGS, chromium_path
from tests.helpers.qrcodes import decode, sample_payloads

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()  # skips, or fails under CI, without Debian's chromium
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        yield page
        browser.close()


def screenshot(page, html: str) -> Image.Image:
    page.set_content(f"<html><body style='margin:0;background:#fff'>{html}</body></html>")
    return Image.open(io.BytesIO(page.screenshot(full_page=True)))


def test_svg_files_round_trip_in_chromium(browser_page):
    # Each SVG is loaded as a standalone image file (data: URL), 40 to a screenshot.
    cases = sample_payloads(240, seed=11)
    for start in range(0, len(cases), 40):
        batch = cases[start:start + 40]
        html = "".join(
            '<img style="width:200px;height:200px;display:block;float:left" src="data:image/'
            f'svg+xml;base64,{base64.b64encode(render.to_svg(t).encode()).decode()}">'
            for t in batch
        )
        found = sorted(r.text for r in decode(screenshot(browser_page, html)))
        assert found == sorted(batch)


def test_inline_svg_is_sized_by_css(browser_page):
    text = vietqr.payload("VCB", "1012345678", 150000, "Tien hang")
    browser_page.set_content(
        f"<div id='qr' style='width:300px'>{render.to_svg(text, 'Q')}</div>")
    box = browser_page.locator("#qr svg").bounding_box()
    assert (box["width"], box["height"]) == (300, 300)
    [result] = decode(Image.open(io.BytesIO(browser_page.locator("#qr").screenshot())))
    assert (result.text, result.ec_level) == (text, "Q")
