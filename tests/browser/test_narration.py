"""Narration in real Chromium with a fake microphone: record a step's narration in the admin,
listen back, keep it, and hear it from the kiosk's read-aloud button."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import db
from kiosk.media import audio
from kiosk.media import files as media
from kiosk.store import guides as guide_store
from tests.helpers.admin import MEMBER, make_accounts
from tests.helpers.browser import CHROMIUM_ARGS, chromium_path, serve_in_thread

pytestmark = pytest.mark.browser

STEP = "/admin/guides/kich-hoat-vneid/steps/2"
# A fake microphone (a beeping tone) that needs no permission prompt.
MIC_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture
def page(app):
    from playwright.sync_api import sync_playwright

    make_accounts(app)
    with serve_in_thread(app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(),
                                    args=CHROMIUM_ARGS + MIC_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
        page = context.new_page()
        page.base = url
        yield page
        browser.close()


def test_record_keep_and_play_on_the_kiosk(page, app):
    page.goto(f"{page.base}{STEP}")
    page.fill("#name", MEMBER[0])
    page.fill("#password", MEMBER[1])
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{page.base}{STEP}")
    form = page.locator("form[data-lang=vi]")
    form.get_by_role("button", name="● Ghi âm").click()
    stop = form.get_by_role("button", name="■ Dừng")
    stop.wait_for(state="visible")
    assert not form.get_by_role("button", name="Giữ và lưu bản ghi").is_visible()
    page.wait_for_timeout(2500)
    stop.click()
    review = form.locator("audio[data-rec=review]")
    review.wait_for(state="visible")
    assert review.get_attribute("src").startswith("blob:")
    assert "Nghe lại" in form.locator("[data-rec=status]").inner_text()

    # Redo once, then keep the second take.
    form.get_by_role("button", name="Ghi lại").click()
    stop.wait_for(state="visible")
    page.wait_for_timeout(2000)
    stop.click()
    form.get_by_role("button", name="Giữ và lưu bản ghi").click()
    page.wait_for_url(f"{page.base}{STEP}#narration")
    assert "Đã lưu bài đọc (Tiếng Việt)." in page.locator(".flash[role=status]").inner_text()

    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    ref = guide_store.get_guide(conn, "kich-hoat-vneid", published_only=False).steps[1].audio["vi"]
    assert ref.ext in ("webm", "ogg")
    stored = media.read(Path(app.config["DATA"]), ref.hash, ref.ext)
    assert 1.0 <= audio.duration(ref.ext, stored) <= 4.0  # the second take, about 2 s
    assert page.locator("form[data-lang=vi] audio[data-current]").get_attribute("src") == \
        f"/media/{ref.hash}.{ref.ext}"

    page.goto(f"{page.base}/attract")
    page.goto(f"{page.base}/guides/kich-hoat-vneid/2")
    reader = page.locator("#read-aloud")
    assert reader.get_attribute("data-audio") == f"/media/{ref.hash}.{ref.ext}"
    with page.expect_response(lambda r: ref.hash in r.url) as answer:
        reader.click()
    assert answer.value.status in (200, 206)
    assert answer.value.headers["content-type"].startswith(media.AUDIO_TYPES[ref.ext])
    page.wait_for_function(  # playing: the button now offers "stop"
        "() => document.querySelector('#read-aloud span').textContent === "
        "document.querySelector('#read-aloud').getAttribute('data-label-stop')")
    # And the browser can decode the kept file into about two seconds of sound.
    seconds = page.evaluate("""async (url) => {
        const data = await (await fetch(url)).arrayBuffer();
        const decoded = await new AudioContext().decodeAudioData(data);
        return decoded.duration;
    }""", f"/media/{ref.hash}.{ref.ext}")
    assert 1.0 <= seconds <= 4.0
    assert seconds == pytest.approx(audio.duration(ref.ext, stored), abs=0.15)
