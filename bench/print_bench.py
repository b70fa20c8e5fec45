"""Benchmark the printables: 1 000 shop cards (a6x4) and 100 A4 heritage posters into one PDF each.

Each case runs in a fresh Python process so its peak RSS (ru_maxrss) is its own. Prints a table:

    .venv/bin/python bench/print_bench.py [--cards 1000] [--posters 100]

Targets (issue 4, on a 2-core PC): 1 000 cards in ≤ 3 s with peak RSS ≤ 150 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BANKS = ("970436", "970405", "970422", "970418", "970415")


def _peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (NaN where `resource` is missing: Windows)."""
    try:
        import resource
    except ImportError:
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def _cards(count: int) -> dict:
    from printables import CardSpec
    from printables.cards import shop_cards_pdf

    specs = [
        CardSpec(
            f"Tạp hoá Đông Hòa số {i} — hàng khô, rau quả", BANKS[i % len(BANKS)],
            f"{1000000000 + i * 7919}", f"Nguyễn Thị Hằng {i}", f"S{i:04d}", "Thôn Đông Hòa",
            amount=((i + 1) * 1000 if i % 3 == 0 else None),
            purpose=("Mua hàng" if i % 4 == 0 else None), demo=(i % 50 == 0),
        )
        for i in range(count)
    ]
    start = time.perf_counter()
    pdf = shop_cards_pdf(specs)
    return {"seconds": time.perf_counter() - start, "bytes": len(pdf),
            "pages": -(-count // 4)}


def make_photos(folder: Path) -> None:
    """A few different 12 MP JPEG photos, as a phone takes them (made outside the measurement)."""
    from PIL import Image, ImageDraw

    for i in range(4):
        image = Image.new("RGB", (4000, 3000), (120 + i * 20, 100, 80))
        ImageDraw.Draw(image).ellipse([800, 500, 3200, 2500], fill=(40, 90 + i * 30, 60))
        image.save(folder / f"photo{i}.jpg", "JPEG", quality=90)


def _posters(count: int, folder: Path) -> dict:
    from printables import PosterSpec
    from printables.posters import heritage_posters_pdf

    photos = [path.read_bytes() for path in sorted(folder.glob("photo*.jpg"))]
    summary = ("Đình làng được dựng vào thời Lê trung hưng, thờ Thành hoàng làng. Mái đình lợp "
               "ngói mũi hài, đầu đao cong vút; lễ hội làng mở vào mùng 10 tháng Giêng. ") * 2
    specs = [
        PosterSpec(f"http://192.168.1.10:8080/h/d{i:03d}", f"Di tích số {i}: Đình Đông Hòa",
                   f"Heritage site {i}", summary, "The communal house of the hamlet.",
                   photo=photos[i % len(photos)], hamlet="Thôn Đông Hòa",
                   commune="Xã Hòa Bình", province="Tỉnh Thái Nguyên")
        for i in range(count)
    ]
    start = time.perf_counter()
    pdf = heritage_posters_pdf(specs)
    return {"seconds": time.perf_counter() - start, "bytes": len(pdf), "pages": count}


def _run_case(case: str, count: int, folder: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    result = _cards(count) if case == "cards" else _posters(count, folder)
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--posters", type=int, default=100)
    parser.add_argument("--case", choices=("cards", "posters"), help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--photos", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--make-photos", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_photos:
        make_photos(args.make_photos)
        return
    if args.case:
        print(json.dumps(_run_case(args.case, args.count, args.photos)))
        return

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # Linux keeps ru_maxrss across fork and exec: the parent must stay small, so even the
        # test photos are made in a child of their own.
        subprocess.run([sys.executable, __file__, "--make-photos", tmp], check=True)
        for case, count in (("cards", args.cards), ("posters", args.posters)):
            out = subprocess.run(
                [sys.executable, __file__, "--case", case, "--count", str(count),
                 "--photos", tmp], capture_output=True, text=True, cwd=ROOT,
            )
            if out.returncode:
                sys.exit(f"{case} failed:\n{out.stderr}")
            rows.append((case, count, json.loads(out.stdout)))
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"{'case':<28} {'pages':>6} {'wall s':>8} {'per item ms':>12} {'peak RSS MB':>12}"
          f" {'PDF MB':>8}")
    for case, count, r in rows:
        label = f"{count} shop cards (a6x4)" if case == "cards" else f"{count} A4 posters"
        print(f"{label:<28} {r['pages']:>6} {r['seconds']:>8.2f} "
              f"{r['seconds'] / count * 1000:>12.1f} {r['peak_rss_mb']:>12.1f} "
              f"{r['bytes'] / 1e6:>8.2f}")


if __name__ == "__main__":
    main()
