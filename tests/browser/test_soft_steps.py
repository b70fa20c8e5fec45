"""Between steps the touchscreen swaps the page in place (static/js/kiosk.js, issue 16): the same
GET reaches the server, the step shown is the one a fresh load shows, every control of the new
step works (glossary, text size, fit to screen), and anything but a step loads normally."""

from __future__ import annotations

import pytest

from tests.browser.test_kiosk import guide_list, touch_page

pytestmark = pytest.mark.browser

SMALL = {"width": 800, "height": 480}


@pytest.fixture
def pages(browser, shipped):
    """Touchscreen pages, closed after the test: the server lets one address hold only 20
    connections (kiosk/serving.py), and open pages keep theirs."""
    opened = []

    def open_page(viewport=None):
        page = touch_page(browser, shipped.url, *([viewport] if viewport else []))
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.context.close()


@pytest.fixture(scope="module")
def shipped(shipped_server):
    return shipped_server


def shown(page) -> dict:
    """What a visitor sees of a step, to compare a swapped step with a freshly loaded one."""
    return page.evaluate("""() => ({
      title: document.title,
      progress: document.querySelector('.progress-label').textContent,
      heading: document.querySelector('.step-title').textContent,
      body: document.querySelector('.step-body').textContent,
      next: document.querySelector('a[rel=next]').getAttribute('href'),
      prev: document.querySelector('a[rel=prev]').getAttribute('href'),
      fit: [...document.body.classList].filter(c => c.startsWith('fit-')).join(' '),
      bodyClass: [...document.body.classList].filter(c => !c.startsWith('fit-')).join(' '),
      terms: document.querySelectorAll('button.term').length,
    })""")


def test_next_and_back_swap_steps_in_place_as_a_fresh_load_shows_them(pages, shipped):
    slug, steps = next((s, n) for s, n in guide_list(shipped) if s == "kich-hoat-vneid")
    page, fresh = pages(SMALL), pages(SMALL)
    for p in (page, fresh):
        p.goto(f"{shipped.url}/attract")  # the touchscreen's cookie
    page.goto(f"{shipped.url}/guides/{slug}/1")
    page.evaluate("window.sameDocument = true")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url.removeprefix(shipped.url)))
    tapped_a_term = False
    for n in range(2, steps + 1):
        requests.clear()
        page.locator("a[rel=next]").tap()
        page.wait_for_url(f"{shipped.url}/guides/{slug}/{n}")
        assert page.evaluate("window.sameDocument") is True, n  # swapped, not loaded
        pages = [r for r in requests if r.startswith("/guides/")]
        assert pages == [f"/guides/{slug}/{n}"], n  # one GET, counted as a page load is
        assert not [r for r in requests if r.split("?")[0].endswith((".css", ".js"))], n
        fresh.goto(f"{shipped.url}/guides/{slug}/{n}")
        assert shown(page) == shown(fresh), n
        if shown(page)["terms"] and not tapped_a_term:  # glossary.js was set up again
            page.locator("button.term").first.tap()
            assert page.locator("#term-popup").is_visible()
            page.locator("#term-popup").tap()
            assert page.locator("#term-popup").is_hidden()
            tapped_a_term = True
    assert tapped_a_term, "no step of this guide has a glossary word: pick another guide"
    page.locator("#text-larger").tap()  # the new header's buttons work and refit the step
    assert page.evaluate("document.documentElement.classList.contains('text-3')")
    page.locator("a[rel=prev]").tap()
    page.wait_for_url(f"{shipped.url}/guides/{slug}/{steps - 1}")
    assert page.evaluate("window.sameDocument") is True
    assert page.evaluate("document.documentElement.classList.contains('text-3')")


def test_a_double_tap_on_next_moves_one_step(pages, shipped):
    slug, _ = guide_list(shipped)[0]
    page = pages()
    page.goto(f"{shipped.url}/attract")
    page.goto(f"{shipped.url}/guides/{slug}/1")
    page.evaluate("window.sameDocument = true")
    entries = page.evaluate("history.length")
    pages: list[str] = []
    page.on("request", lambda r: pages.append(r.url) if "/guides/" in r.url else None)
    page.evaluate("() => { const a = document.querySelector('a[rel=next]'); a.click(); a.click(); }")
    page.wait_for_url(f"{shipped.url}/guides/{slug}/2")
    page.wait_for_timeout(300)
    assert pages == [f"{shipped.url}/guides/{slug}/2"]
    assert page.evaluate("history.length") == entries + 1  # one entry for step 2, not two
    assert page.evaluate("window.sameDocument") is True


def test_history_back_and_leaving_the_steps_load_whole_pages(pages, shipped):
    slug, steps = guide_list(shipped)[0]
    page = pages()
    page.goto(f"{shipped.url}/attract")
    page.goto(f"{shipped.url}/guides/{slug}/{steps - 1}")
    page.evaluate("window.sameDocument = true")
    page.locator("a[rel=next]").tap()
    page.wait_for_url(f"{shipped.url}/guides/{slug}/{steps}")
    page.go_back()  # the address names the step before: it is loaded as it is
    page.wait_for_function("() => window.sameDocument === undefined")
    assert page.url == f"{shipped.url}/guides/{slug}/{steps - 1}"
    assert page.locator(".progress-label").inner_text() == f"Bước {steps - 1}/{steps}"
    page.goto(f"{shipped.url}/guides/{slug}/{steps}")
    page.evaluate("window.sameDocument = true")
    page.locator("a[rel=next]").tap()  # the last Next goes to the end page: a normal load
    page.wait_for_url(f"{shipped.url}/guides/{slug}/done")
    assert page.evaluate("window.sameDocument") is None
    assert page.get_by_text("Bạn đã làm xong!").is_visible()


def test_a_phone_loads_each_step_as_a_page(browser, shipped):
    slug, _ = guide_list(shipped)[0]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{shipped.url}/guides/{slug}/1")
    page.evaluate("window.sameDocument = true")
    page.locator("a[rel=next]").click()
    page.wait_for_url(f"{shipped.url}/guides/{slug}/2")
    page.wait_for_load_state()
    assert page.evaluate("window.sameDocument") is None
    context.close()
