"""Read-aloud out of the box: Chromium started as the Pi launcher starts it
(--enable-speech-dispatcher) finds espeak-ng's Vietnamese voices through speech-dispatcher, shows
the button on a step with no recording and speaks with the voice of the region the hamlet chose.

Needs Debian's speech-dispatcher and speech-dispatcher-espeak-ng (.ci/run installs them). Without
them the test is skipped on a developer's machine and fails in CI (LANGSO_REQUIRE_BROWSER/CI)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kiosk import db
from tests.helpers.browser import CHROMIUM_ARGS, chromium_path, serve_in_thread

pytestmark = pytest.mark.browser

ESPEAK_MODULE = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")
# Record every utterance instead of sounding it (the test machine may have no audio device).
SPY_JS = """
window.__spoken = [];
speechSynthesis.speak = u => window.__spoken.push(
  {text: u.text, lang: u.lang, voice: u.voice && u.voice.name, rate: u.rate});
"""
VOICES_JS = """
() => new Promise(done => {
  const vi = () => speechSynthesis.getVoices().filter(v => v.lang.toLowerCase().startsWith('vi'));
  if (vi().length) return done(vi().map(v => v.lang));
  speechSynthesis.addEventListener('voiceschanged', () => { if (vi().length) done(vi().map(v => v.lang)); });
  setTimeout(() => done(vi().map(v => v.lang)), 15000);
})
"""


def require_speech() -> None:
    if shutil.which("speech-dispatcher") and ESPEAK_MODULE.exists():
        return
    message = ("speech-dispatcher with espeak-ng is not installed "
               "(apt-get install speech-dispatcher speech-dispatcher-espeak-ng)")
    if os.environ.get("LANGSO_REQUIRE_BROWSER") or os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def speaking_page(app):
    from playwright.sync_api import sync_playwright

    require_speech()
    with serve_in_thread(app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(),
                                    args=[*CHROMIUM_ARGS, "--enable-speech-dispatcher"])
        page = browser.new_page(viewport={"width": 1024, "height": 600})
        page.base = url
        page.goto(f"{url}/attract")
        yield page
        browser.close()


def set_voice(app, region: str, rate: int) -> None:
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    with db.transaction(conn):  # as the admin's settings form writes: cached pages change at once
        conn.execute("INSERT INTO settings (key, value) VALUES ('voice_region', ?), "
                     "('speech_rate', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     (f'"{region}"', str(rate)))
    conn.close()


def test_button_shows_and_speaks_with_the_chosen_region(app, speaking_page):
    page = speaking_page
    page.add_init_script(SPY_JS)
    page.goto(f"{page.base}/guides/kich-hoat-vneid/1")
    tags = {t.lower() for t in page.evaluate(VOICES_JS)}
    assert {"vi", "vi-vn-x-central", "vi-vn-x-south"} <= tags  # as espeak-ng names them
    used = {}
    for region in ("trung", "nam", "bac"):
        set_voice(app, region, 80)
        page.goto(f"{page.base}/guides/kich-hoat-vneid/1")
        page.evaluate(VOICES_JS)
        button = page.locator("#read-aloud")
        button.wait_for(state="visible", timeout=15_000)
        assert button.get_attribute("data-audio") == ""  # no recording: the browser's voice reads
        button.click()
        (spoken,) = page.evaluate("window.__spoken")
        assert spoken["text"] == button.get_attribute("data-speech")
        used[region] = (spoken["lang"].lower(), round(spoken["rate"], 2))
    assert used == {"bac": ("vi", 0.8), "trung": ("vi-vn-x-central", 0.8),
                    "nam": ("vi-vn-x-south", 0.8)}
