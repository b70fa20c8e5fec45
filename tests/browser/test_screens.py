"""The kiosk on every screen a cultural house has: 800×480 (Pi 7" panel), 1024×600, 1280×800,
a 1920×1080 TV and a 720×1280 portrait panel. Every page of whatever guides the shipped pack
holds is measured in one page.evaluate: what must be seen without scrolling, text sizes, touch
targets, contrast and horizontal overflow."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import db
from kiosk.store import guides as guide_store
from tests.helpers.contrast import CONTRAST_JS

pytestmark = pytest.mark.browser

# (width, height): the smallest step-body size each must reach.
SCREENS = {(800, 480): 22, (1024, 600): 22, (1280, 800): 26, (1920, 1080): 32, (720, 1280): 22}

# Everything a step page must show at once: inside the viewport, below the top bar's top edge,
# not under the bottom bar, not clipped by main's scroll box.
MEASURE_JS = """
() => {
  const vw = innerWidth, vh = innerHeight;
  const main = document.querySelector('main');
  const bar = document.querySelector('.bottombar');
  const shown = e => e && !e.hidden && e.getClientRects().length > 0
                    && getComputedStyle(e).visibility !== 'hidden';
  const label = e => (e.id ? '#' + e.id : e.className || e.tagName) + ' ' +
                     e.textContent.trim().slice(0, 24);
  const out = {overflowX: document.documentElement.scrollWidth > vw + 1, hidden: [],
               small: [], targets: [], bodyPx: null, contrast: (CONTRAST)()};
  if (document.body.classList.contains('page-step')) {
    const barTop = bar ? bar.getBoundingClientRect().top : vh;
    const m = main.getBoundingClientRect();
    for (const sel of ['.progress-label', '.step-title', '.step-body', '.box-tip', '.box-warning',
                       'a[rel=prev]', 'a[rel=next]', '#read-aloud']) {
      const e = document.querySelector(sel);
      if (!e || (sel === '#read-aloud' && !shown(e))) continue;
      const r = e.getBoundingClientRect();
      const inMain = main.contains(e);
      const bottom = inMain ? Math.min(vh, barTop, m.bottom) : vh;
      const top = inMain ? m.top : 0;
      if (!shown(e) || r.top < top - 1 || r.bottom > bottom + 1 || r.left < -1 || r.right > vw + 1)
        out.hidden.push(sel);
    }
    out.bodyPx = parseFloat(getComputedStyle(document.querySelector('.step-body')).fontSize);
  }
  for (const e of main.querySelectorAll('*')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own && shown(e) && parseFloat(getComputedStyle(e).fontSize) < 22)
      out.small.push(label(e) + ' ' + getComputedStyle(e).fontSize);
  }
  for (const e of document.querySelectorAll('a.btn, button.btn, a.tile')) {
    if (!shown(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.width < 64 || r.height < 64) out.targets.push(label(e) + ` ${r.width}x${r.height}`);
  }
  return out;
}
""".replace("CONTRAST", CONTRAST_JS.strip())


def kiosk_paths(server) -> list[str]:
    """Every kiosk page of the pack the server imported: home, attract, each guide's overview,
    steps and end screen."""
    data = Path(server.process.args[server.process.args.index("--data") + 1])
    conn = db.connect(data / db.DB_NAME)
    try:
        guides = [(g.slug, g.step_count) for g in guide_store.list_guides(conn)]
    finally:
        conn.close()
    paths = ["/", "/attract"]
    for slug, steps in guides:
        paths += [f"/guides/{slug}", f"/guides/{slug}/done"]
        paths += [f"/guides/{slug}/{n}" for n in range(1, steps + 1)]
    return paths


def problems(found: dict, min_body: int) -> list[str]:
    wrong = [f"hidden or covered: {', '.join(found['hidden'])}"] if found["hidden"] else []
    wrong += [f"text under 22 px: {s}" for s in found["small"][:3]]
    wrong += [f"touch target under 64 px: {s}" for s in found["targets"][:3]]
    wrong += [f"contrast under 7:1: {c}" for c in found["contrast"][:3]]
    if found["overflowX"]:
        wrong.append("scrolls sideways")
    if found["bodyPx"] is not None and found["bodyPx"] < min_body:
        wrong.append(f"step text {found['bodyPx']} px < {min_body} px")
    return wrong


@pytest.mark.parametrize("size", list(SCREENS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_kiosk_page_fits_the_screen(browser, shipped_server, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=True,
                                  locale="vi-VN")
    page = context.new_page()
    page.goto(f"{shipped_server.url}/attract")  # the kiosk mark: pages render as on the kiosk
    paths = kiosk_paths(shipped_server)
    assert len(paths) > 20
    bad = {}
    for path in paths:
        page.goto(f"{shipped_server.url}{path}")
        wrong = problems(page.evaluate(MEASURE_JS), SCREENS[size])
        if wrong:
            bad[path] = wrong
    context.close()
    assert bad == {}


def test_larger_text_still_works_on_a_step(browser, shipped_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True)
    page = context.new_page()
    page.goto(f"{shipped_server.url}/attract")
    step = next(p for p in kiosk_paths(shipped_server) if p.endswith("/1"))
    page.goto(f"{shipped_server.url}{step}")
    size = "parseFloat(getComputedStyle(document.querySelector('.step-body')).fontSize)"
    before = page.evaluate(size)
    page.locator("#text-larger").tap()
    larger = page.evaluate(size)
    page.locator("#text-smaller").tap()
    page.locator("#text-smaller").tap()
    smaller = page.evaluate(size)
    context.close()
    assert smaller < before < larger
