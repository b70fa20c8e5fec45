"""Real-browser tests: a touchscreen at 1024×600 walking guides, idle reset, no outside requests."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image

from kiosk import db
from kiosk.store import guides as guide_store
from tests.helpers.browser import serve_in_thread
from tests.helpers.contrast import CONTRAST_JS

pytestmark = pytest.mark.browser

TOUCHSCREEN = {"width": 1024, "height": 600}
SCREENS = [TOUCHSCREEN, {"width": 1280, "height": 800}, {"width": 1920, "height": 1080},
           {"width": 360, "height": 740}]


@pytest.fixture
def test_server(app):
    with serve_in_thread(app) as url:
        yield url


def touch_page(browser, base_url: str, viewport=TOUCHSCREEN, **options):
    context = browser.new_context(viewport=viewport, has_touch=True, locale="vi-VN", **options)
    page = context.new_page()
    outside: list[str] = []
    origin = urlsplit(base_url).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc != origin and not route.request.url.startswith("data:"):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    page.outside_requests = outside
    return page


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def guide_list(server) -> list[tuple[str, int]]:
    data = Path(server.process.args[server.process.args.index("--data") + 1])
    conn = db.connect(data / db.DB_NAME)
    try:
        return [(g.slug, g.step_count) for g in guide_store.list_guides(conn)]
    finally:
        conn.close()


def test_tap_from_attract_through_a_whole_guide(browser, shipped_server):
    page = touch_page(browser, shipped_server.url)
    page.goto(f"{shipped_server.url}/attract")
    page.get_by_text("Chạm để bắt đầu").tap()
    page.wait_for_url(f"{shipped_server.url}/")
    assert page.get_by_text("Bạn muốn học điều gì?").is_visible()
    slug, steps = guide_list(shipped_server)[0]
    page.locator(f'a.tile[href="/guides/{slug}"]').tap()
    page.get_by_role("link", name="Bắt đầu →").tap()
    for n in range(1, steps + 1):
        page.wait_for_url(f"{shipped_server.url}/guides/{slug}/{n}")
        assert page.locator(".progress-label").inner_text() == f"Bước {n}/{steps}"
        assert no_horizontal_overflow(page), n
        page.locator("a[rel=next]").tap()
    page.wait_for_url(f"{shipped_server.url}/guides/{slug}/done")
    assert page.get_by_text("Bạn đã làm xong!").is_visible()
    page.get_by_role("link", name="Trang đầu", exact=True).last.tap()
    page.wait_for_url(f"{shipped_server.url}/")
    assert page.outside_requests == []


@pytest.mark.parametrize("viewport", SCREENS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_no_horizontal_overflow_on_any_step(browser, shipped_server, viewport):
    page = touch_page(browser, shipped_server.url, viewport)
    page.goto(f"{shipped_server.url}/attract")
    bad = []
    for lang in ("vi", "en"):
        suffix = "" if lang == "vi" else "?lang=en"
        paths = ["/", "/attract"]
        for slug, steps in guide_list(shipped_server):
            paths += [f"/guides/{slug}", f"/guides/{slug}/done"]
            paths += [f"/guides/{slug}/{n}" for n in range(1, steps + 1)]
        for path in paths:
            page.goto(f"{shipped_server.url}{path}{suffix}")
            if not no_horizontal_overflow(page):
                bad.append(path + suffix)
    assert bad == []
    assert page.outside_requests == []


def test_touch_targets_and_text_size(browser, shipped_server):
    page = touch_page(browser, shipped_server.url)
    page.goto(f"{shipped_server.url}/attract")
    slug, _ = guide_list(shipped_server)[0]
    for path in ["/", f"/guides/{slug}/1"]:
        page.goto(f"{shipped_server.url}{path}")
        sizes = page.eval_on_selector_all(
            "a.btn, button.btn:not([hidden]), a.tile",
            "els => els.filter(e => e.getClientRects().length > 0).map(e => {"
            " const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height];"
            " })")
        small = [s for s in sizes if s[1] < 64 or s[2] < 64]
        assert small == [], path
        body_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.step-body,"
                                " .tile span')).fontSize)")
        assert body_px >= 22, path


def test_continue_on_phone_qr_decodes_to_public_url(browser, shipped_server, tmp_path):
    page = touch_page(browser, shipped_server.url)
    page.goto(f"{shipped_server.url}/attract")
    slug, _ = guide_list(shipped_server)[0]
    page.goto(f"{shipped_server.url}/guides/{slug}/2?lang=en")
    shot = tmp_path / "qr.png"
    page.locator(".phone .qr svg").screenshot(path=str(shot))
    (decoded,) = zxingcpp.read_barcodes(Image.open(shot))
    assert decoded.text == f"http://192.168.1.10:8080/guides/{slug}/2?lang=en"


def text_size_classes(page) -> list[str]:
    return page.evaluate("[...document.documentElement.classList].filter(c => c.startsWith('text-'))")


def test_idle_prompt_then_reset_to_attract_with_state_cleared(browser, test_server):
    page = touch_page(browser, test_server)
    page.clock.install()
    page.goto(f"{test_server}/attract")
    page.goto(f"{test_server}/guides/kich-hoat-vneid/2?lang=en")
    page.locator("#text-larger").tap()
    # The text-size class is the one that matters; other scripts add their own (glossary-js).
    assert text_size_classes(page) == ["text-3"]
    page.clock.run_for(89_000)
    assert page.locator("#idle").is_hidden()
    page.clock.run_for(1_000)
    assert page.locator("#idle").is_visible()
    assert page.locator("#idle-seconds").inner_text() == "20"
    page.clock.run_for(5_000)
    assert page.locator("#idle-seconds").inner_text() == "15"
    assert page.url.endswith("/guides/kich-hoat-vneid/2?lang=en")
    page.clock.run_for(15_000)
    page.wait_for_url(f"{test_server}/attract")
    assert page.evaluate("sessionStorage.length") == 0
    assert text_size_classes(page) == ["text-2"]
    assert page.locator("html").get_attribute("lang") == "vi"


def test_continue_button_dismisses_the_prompt(browser, test_server):
    page = touch_page(browser, test_server)
    page.clock.install()
    page.goto(f"{test_server}/attract")
    page.goto(f"{test_server}/guides/kich-hoat-vneid/1")
    page.clock.run_for(91_000)
    page.get_by_role("button", name="Tiếp tục").tap()
    assert page.locator("#idle").is_hidden()
    page.clock.run_for(60_000)
    assert page.url.endswith("/guides/kich-hoat-vneid/1")


def test_short_idle_timeout_from_settings(browser, app, test_server):
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    conn.execute("UPDATE settings SET value = '2' WHERE key = 'idle_timeout'")
    conn.close()
    page = touch_page(browser, test_server)
    page.goto(f"{test_server}/attract")
    page.goto(f"{test_server}/")
    page.locator("#idle").wait_for(state="visible", timeout=5_000)


def test_phone_pages_never_reset(browser, test_server):
    page = touch_page(browser, test_server, {"width": 360, "height": 740})
    page.clock.install()
    page.goto(f"{test_server}/guides/kich-hoat-vneid/1")
    page.clock.run_for(300_000)
    assert page.url.endswith("/guides/kich-hoat-vneid/1")
    assert page.locator(".phone").count() == 0


def test_readable_and_navigable_without_javascript(browser, test_server):
    page = touch_page(browser, test_server, java_script_enabled=False)
    page.goto(f"{test_server}/")
    page.locator('a.tile[href="/guides/kich-hoat-vneid"]').click()
    page.locator("a[rel=next], a.btn-primary").last.click()
    page.wait_for_url(f"{test_server}/guides/kich-hoat-vneid/1")
    assert page.get_by_text("Nội dung bước 1.").is_visible()
    assert page.locator("#text-larger").is_hidden()


def test_read_aloud_hidden_without_recording_or_voice(browser, test_server):
    page = touch_page(browser, test_server)
    page.goto(f"{test_server}/guides/kich-hoat-vneid/1")
    has_vi_voice = page.evaluate(
        "speechSynthesis.getVoices().some(v => v.lang.toLowerCase().startsWith('vi'))")
    assert page.locator("#read-aloud").is_visible() == has_vi_voice


def test_text_contrast_is_at_least_7_to_1(browser, shipped_server):
    page = touch_page(browser, shipped_server.url)
    page.goto(f"{shipped_server.url}/attract")
    slug, _ = guide_list(shipped_server)[0]
    low = {}
    for path in ["/attract", "/", f"/guides/{slug}", f"/guides/{slug}/1", f"/guides/{slug}/done",
                 "/khong-co"]:
        page.goto(f"{shipped_server.url}{path}")
        found = page.evaluate(CONTRAST_JS)
        if found:
            low[path] = found
    assert low == {}
