"""Screenshots of one kiosk step page at every screen size the kiosk is tested on, for
docs/kiosk-screens.md: what a team sees before buying a screen.

    .venv/bin/python scripts/screenshots.py [--step /guides/kich-hoat-vneid/1] [--out docs/screens]

Starts the server on a fresh data directory (it imports the shipped content), drives Debian's
Chromium (never a downloaded browser) and writes step-<width>x<height>.png.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import start  # noqa: E402

SIZES = [(800, 480), (1024, 600), (1280, 800), (1920, 1080), (720, 1280)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", default="/guides/kich-hoat-vneid/1")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("cần Chromium của Debian: sudo apt-get install chromium", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = start(Path(tmp) / "data")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                for width, height in SIZES:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(f"{server.url}/attract")  # the kiosk mark: the page as on the kiosk
                    page.goto(f"{server.url}{args.step}")
                    path = args.out / f"step-{width}x{height}.png"
                    page.screenshot(path=str(path))
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
                    page.close()
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
