"""QR test material: a varied set of real payloads, and a zxing reader for rendered codes."""

from __future__ import annotations

import random

import zxingcpp
from PIL import Image

from qr import banks, payloads, vietqr


def sample_payloads(count: int, seed: int = 3) -> list[str]:
    """Varied real payloads: VietQR static/dynamic/card across all banks, links and Wi-Fi."""
    rng = random.Random(seed)
    bins = [b.bin for b in banks.all_banks()]
    words = ["Tiền hàng", "Học phí", "Điện nước", "Ủng hộ", "HD", "thang", "đơn", "Cảm ơn"]
    out = []
    for i in range(count):
        kind = i % 10
        if kind < 7:
            card = kind == 6
            alphabet = "0123456789" if card else "0123456789ABCDEFGHJKMNPQRSTUVWXYZ"
            account = "".join(rng.choice(alphabet) for _ in range(rng.randint(6, 19)))
            amount = rng.choice([None, rng.randint(1, 10**rng.randint(1, 13) - 1)])
            purpose = " ".join(rng.choice(words) for _ in range(rng.randint(0, 3)))[:25] or None
            out.append(vietqr.payload(rng.choice(bins), account, amount, purpose,
                                      "card" if card else "account"))
        elif kind < 9:
            out.append(payloads.url_payload(f"https://langso.example.vn/h/{rng.randrange(10**6)}"))
        else:
            out.append(payloads.wifi_payload(f"Nha Van Hoa {i};x", f"mat:khau\\{i:04d}",
                                              hidden=bool(i % 2)))
    return out


def decode(image: Image.Image) -> list:
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
