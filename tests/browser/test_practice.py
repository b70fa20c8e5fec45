"""Every shipped practice played to the end in Chromium, the hint path, and a quiz round."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.server import start
from kiosk import db
from kiosk.store import practice as practice_store
from kiosk.store import quiz as quiz_store
from tests.helpers.contrast import CONTRAST_JS

pytestmark = pytest.mark.browser

SCREEN = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def shipped(shipped_server):
    return shipped_server


def data_dir(server) -> Path:
    return Path(server.process.args[server.process.args.index("--data") + 1])


def practice_slugs(server) -> list[str]:
    conn = db.connect(data_dir(server) / db.DB_NAME)
    try:
        return sorted(practice_store.slugs_with_practice(conn))
    finally:
        conn.close()


def kiosk_page(browser, server):
    page = browser.new_context(viewport=SCREEN, has_touch=True).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/attract")
    return page, errors


def counter(page) -> str:
    return page.locator("#practice-count").inner_text()


def play_screen(page, screen: dict) -> None:
    """Do what the screen asks (type the pad answer, or tap the right target), then wait for the
    next screen: the praise stays 1.5 s so a slow reader can read it."""
    before = counter(page)
    _do(page, screen)
    page.wait_for_function(
        "before => document.getElementById('practice-count').textContent !== before"
        " || !document.getElementById('practice-again').hidden", arg=before, timeout=5000)


def _do(page, screen: dict) -> None:
    if screen.get("pad"):
        for digit in screen["pad"]["answer"]:
            page.locator(f'.pad-key[data-key="{digit}"]').tap()
        page.locator('.pad-key[data-key="ok"]').tap()
        return
    right = [i for i, t in enumerate(screen["targets"]) if t["right"]]
    page.locator(".tap-area").nth(right[0]).tap()


def test_the_shipped_pack_has_at_least_four_practices(shipped):
    assert len(practice_slugs(shipped)) >= 4


def test_every_shipped_practice_plays_to_the_end(browser, shipped):
    slugs = practice_slugs(shipped)
    assert slugs
    for slug in slugs:
        page, errors = kiosk_page(browser, shipped)
        page.goto(f"{shipped.url}/guides/{slug}/practice")
        data = json.loads(page.locator("#practice-data").text_content())
        screens = data["screens"]
        for n, screen in enumerate(screens, start=1):
            assert re.search(rf"\b{n}\s*/\s*{len(screens)}\b", counter(page)), (slug, n)
            play_screen(page, screen)
        page.locator("#practice-again").wait_for(state="visible", timeout=5000)
        assert errors == [], (slug, errors)
        page.context.close()


def test_two_wrong_taps_give_the_hint_and_show_the_right_place(browser, shipped):
    slug = practice_slugs(shipped)[0]
    page, errors = kiosk_page(browser, shipped)
    page.goto(f"{shipped.url}/guides/{slug}/practice")
    data = json.loads(page.locator("#practice-data").text_content())
    first = next(i for i, s in enumerate(data["screens"]) if not s.get("pad")
                 and any(not t["right"] for t in s["targets"]))
    for screen in data["screens"][:first]:
        play_screen(page, screen)
    screen = data["screens"][first]
    wrong = next(i for i, t in enumerate(screen["targets"]) if not t["right"])
    right = next(i for i, t in enumerate(screen["targets"]) if t["right"])
    areas = page.locator(".tap-area")
    areas.nth(wrong).tap()
    feedback = page.locator("#practice-feedback").inner_text()
    assert screen["targets"][wrong]["feedback"] in feedback  # the page carries its language's text
    assert "is-shown" not in (areas.nth(right).get_attribute("class") or "")
    areas.nth(wrong).tap()
    assert "is-shown" in (areas.nth(right).get_attribute("class") or "")
    assert screen["hint"] in page.locator("#practice-feedback").inner_text()
    assert errors == []
    page.context.close()


def test_a_quiz_round_of_eight_ends_with_the_score(browser, shipped):
    conn = db.connect(data_dir(shipped) / db.DB_NAME)
    try:
        items = quiz_store.list_quiz_items(conn)
    finally:
        conn.close()
    assert len(items) >= 30
    page, errors = kiosk_page(browser, shipped)
    page.goto(f"{shipped.url}/quiz")
    for _ in range(8):
        page.locator("#quiz-scam").tap()
        assert page.locator("#quiz-feedback").inner_text().strip()  # the explanation shows
        page.locator("#quiz-next").tap()
    page.locator("#quiz-again").wait_for(state="visible", timeout=5000)
    assert re.search(r"\b\d+\s*/\s*8\b", page.locator("#quiz-score").inner_text())
    assert errors == []
    page.context.close()


# Every screen a cultural house has (tests/browser/test_screens.py measures the guides on the same).
ACCESS_SCREENS = [(800, 480), (1024, 600), (1280, 800), (1920, 1080), (720, 1280)]

# One page.evaluate: touch targets, text size in main, contrast, sideways scroll, and what must be
# seen at once (arg: the selectors), each inside the viewport and not under the bottom bar unless
# it sits in it.
ACCESS_JS = """
must => {
  const vw = innerWidth, vh = innerHeight;
  const main = document.querySelector('main');
  const bar = document.querySelector('.bottombar');
  const shown = e => e && !e.hidden && e.getClientRects().length > 0
                    && getComputedStyle(e).visibility !== 'hidden';
  const label = e => (e.id ? '#' + e.id : e.className || e.tagName) + ' ' +
                     (e.getAttribute('aria-label') || e.textContent.trim()).slice(0, 24);
  const out = {overflowX: document.documentElement.scrollWidth > vw + 1, hidden: [], small: [],
               targets: [], unlabelled: [], contrast: (CONTRAST)(), smallestTarget: null,
               smallestText: null};
  const barTop = bar ? bar.getBoundingClientRect().top : vh;
  for (const sel of must) {
    const e = document.querySelector(sel);
    const r = e && e.getBoundingClientRect();
    const bottom = bar && bar.contains(e) ? vh : Math.min(vh, barTop);
    if (!shown(e) || r.top < -1 || r.bottom > bottom + 1 || r.left < -1 || r.right > vw + 1)
      out.hidden.push(sel);
  }
  for (const e of main.querySelectorAll('*')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !shown(e)) continue;
    const px = parseFloat(getComputedStyle(e).fontSize);
    out.smallestText = Math.min(out.smallestText ?? px, px);
    if (px < 22) out.small.push(label(e) + ' ' + px);
  }
  for (const e of document.querySelectorAll('button, a.btn, .tap-area')) {
    if (!shown(e)) continue;
    const r = e.getBoundingClientRect();
    const side = Math.min(r.width, r.height);
    out.smallestTarget = Math.min(out.smallestTarget ?? side, side);
    if (r.width < 64 || r.height < 64) out.targets.push(label(e) + ` ${r.width}x${r.height}`);
    if (!(e.getAttribute('aria-label') || e.textContent).trim()) out.unlabelled.push(label(e));
  }
  return out;
}
""".replace("CONTRAST", CONTRAST_JS.strip())


def access_problems(found: dict) -> list[str]:
    wrong = [f"not on screen: {', '.join(found['hidden'])}"] if found["hidden"] else []
    wrong += [f"text under 22 px: {s}" for s in found["small"][:3]]
    wrong += [f"touch target under 64 px: {s}" for s in found["targets"][:3]]
    wrong += [f"no accessible name: {s}" for s in found["unlabelled"][:3]]
    wrong += [f"contrast under 7:1: {c}" for c in found["contrast"][:3]]
    if found["overflowX"]:
        wrong.append("scrolls sideways")
    return wrong


def fast_forward(page) -> None:
    """Past the 1.5 s praise (the page's clock is installed), then let the page paint."""
    page.clock.run_for(2000)
    page.wait_for_timeout(30)


@pytest.mark.parametrize("size", ACCESS_SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_practice_and_quiz_screens_keep_the_kiosk_accessibility_rules(browser, shipped, size):
    """Every screen of every practice, its end screen, and the quiz's question, answer and score
    screens: not just the first one, where a long prompt or the number pad is not yet shown."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=True,
                                  locale="vi-VN")
    page = context.new_page()
    page.clock.install()
    page.goto(f"{shipped.url}/attract")  # the kiosk mark: pages render as on the kiosk
    bad: dict[str, list[str]] = {}

    def measure(where: str, must: list[str]) -> None:
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        wrong = access_problems(page.evaluate(ACCESS_JS, must))
        if wrong:
            bad[where] = wrong

    playing = ["#practice-count", "#practice-prompt", "#practice-phone", "#practice-leave"]
    for slug in practice_slugs(shipped):
        page.goto(f"{shipped.url}/guides/{slug}/practice")
        page.locator("#practice-count").wait_for(state="visible")
        screens = json.loads(page.locator("#practice-data").text_content())["screens"]
        for n, screen in enumerate(screens, start=1):
            pad = ["#practice-pad", '.pad-key[data-key="ok"]'] if screen.get("pad") else []
            measure(f"{slug} screen {n}", playing + pad)
            _do(page, screen)
            fast_forward(page)
        page.locator("#practice-again").wait_for(state="visible")
        measure(f"{slug} end", ["#practice-again", "#practice-leave"])

    page.goto(f"{shipped.url}/quiz")
    page.locator("#quiz-count").wait_for(state="visible")
    back = ".bottombar a.btn-secondary"
    for n in range(1, 9):
        measure(f"quiz {n}", ["#quiz-message", "#quiz-scam", "#quiz-safe", back])
        page.locator("#quiz-safe").tap()
        measure(f"quiz {n} answered", ["#quiz-feedback", "#quiz-next", back])
        page.locator("#quiz-next").tap()
    page.locator("#quiz-again").wait_for(state="visible")
    measure("quiz score", ["#quiz-score", "#quiz-again", back])
    context.close()
    assert bad == {}, json.dumps(bad, ensure_ascii=False, indent=1)


def test_practice_and_quiz_counts_reach_the_database(browser, tmp_path):
    """The anonymous counts end to end: beacons from the page, the server's counters, and the rows
    written when the server stops (its shutdown flush), matching what was played and the score."""
    server = start(tmp_path / "data")
    try:
        slug = practice_slugs(server)[0]
        page, errors = kiosk_page(browser, server)
        beacons: list[int] = []
        page.on("response", lambda r: beacons.append(r.status) if "/usage/event" in r.url else None)
        page.goto(f"{server.url}/guides/{slug}/practice")
        screens = json.loads(page.locator("#practice-data").text_content())["screens"]
        for screen in screens:
            play_screen(page, screen)
        page.locator("#practice-again").wait_for(state="visible", timeout=5000)
        page.goto(f"{server.url}/quiz")
        for n in range(8):
            page.locator("#quiz-scam" if n % 2 else "#quiz-safe").tap()
            page.locator("#quiz-next").tap()
        score = int(re.search(r"\b(\d+)\s*/\s*8\b", page.locator("#quiz-score").inner_text())[1])
        for _ in range(50):
            if len(beacons) >= 10:
                break
            page.wait_for_timeout(100)
        assert beacons == [204] * 10 and errors == []
        page.context.close()
    finally:
        server.stop()
    conn = db.connect(data_dir(server) / db.DB_NAME)
    try:
        rows = conn.execute("SELECT event, subject, SUM(n) FROM usage_daily"
                            " WHERE event IN ('practice_start', 'practice_done', 'quiz_answer')"
                            " GROUP BY event, subject").fetchall()
    finally:
        conn.close()
    totals: dict[tuple[str, str], int] = {(e, s): n for e, s, n in rows}
    assert totals[("practice_start", slug)] == 1 and totals[("practice_done", slug)] == 1
    answers = {k: n for k, n in totals.items() if k[0] == "quiz_answer"}
    assert sum(answers.values()) == 8
    assert sum(n for (_, subject), n in answers.items() if subject.endswith("/right")) == score


def test_idle_reset_forgets_practice_and_quiz_progress(browser, shipped):
    """A visitor who walks away mid-practice or mid-quiz: the kiosk's idle reset goes back to the
    attract screen, and the next visitor starts both from the first screen."""
    slug = practice_slugs(shipped)[0]
    page, errors = kiosk_page(browser, shipped)
    page.clock.install()
    page.goto(f"{shipped.url}/guides/{slug}/practice")
    screens = json.loads(page.locator("#practice-data").text_content())["screens"]
    for screen in screens[:2]:
        _do(page, screen)
        fast_forward(page)
    assert re.search(rf"\b3\s*/\s*{len(screens)}\b", counter(page))
    page.clock.run_for(111_000)  # 90 s idle, then the 20 s "are you still there?" countdown
    page.wait_for_url(f"{shipped.url}/attract")
    page.goto(f"{shipped.url}/guides/{slug}/practice")
    assert re.search(rf"\b1\s*/\s*{len(screens)}\b", counter(page))

    page.goto(f"{shipped.url}/quiz")
    for _ in range(3):
        page.locator("#quiz-safe").tap()
        page.locator("#quiz-next").tap()
    assert re.search(r"\b4\s*/\s*8\b", page.locator("#quiz-count").inner_text())
    page.clock.run_for(111_000)
    page.wait_for_url(f"{shipped.url}/attract")
    page.goto(f"{shipped.url}/quiz")
    assert re.search(r"\b1\s*/\s*8\b", page.locator("#quiz-count").inner_text())
    assert errors == []
    page.context.close()
