"""Turn a payload string into a QR module matrix, PNG bytes or a compact SVG.

The only module that calls the QR encoder (the `qrcode` package); printables/ draws vector QR
from matrix() rows, so swapping the encoder touches nothing else.
"""

from __future__ import annotations

import functools
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError

__all__ = ["error_level", "matrix", "to_png", "to_svg"]

_EC_LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q,
              "H": ERROR_CORRECT_H}
_PURPOSE_LEVELS = {"payment": "M", "poster": "Q", "link": "M", "wifi": "M"}
# Trying all 8 masks and scoring each is ~80% of qrcode's time (≈180 codes/s instead of ≈900).
# Any mask gives a valid code; over ~1,100 sampled VietQR payloads no mask was consistently
# best and mask 6's ISO penalty averaged ~13% above the per-code best (docs/qr.md), so every
# code uses it. The decode tests (PNG and browser-rasterized SVG) guard this choice.
_MASK = 6
QUIET_ZONE = 4


def error_level(purpose: str) -> str:
    """Return the error-correction level for a use: M for payment/link/wifi, Q for posters.

    Raises:
        ValueError: unknown purpose.
    """
    try:
        return _PURPOSE_LEVELS[purpose]
    except KeyError:
        raise ValueError(
            f"Mục đích mã QR '{purpose}' không hợp lệ: chỉ {', '.join(_PURPOSE_LEVELS)}."
        ) from None


def _check(ec: str, border: int) -> None:
    if ec not in _EC_LEVELS:
        raise ValueError(f"Mức sửa lỗi '{ec}' không hợp lệ: chỉ L, M, Q hoặc H.")
    if border < 0:
        raise ValueError(f"Viền trắng {border} không hợp lệ: phải ≥ 0 (chuẩn là 4 ô).")


@functools.lru_cache(maxsize=512)
def _matrix(payload: str, ec: str, border: int) -> tuple[tuple[bool, ...], ...]:
    # Cached because a page, its PNG and its PDF often render the same payload in a row.
    code = qrcode.QRCode(error_correction=_EC_LEVELS[ec], border=border, mask_pattern=_MASK)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def matrix(payload: str, ec: str = "M", border: int = QUIET_ZONE) -> list[list[bool]]:
    """Return the QR code as rows of modules (True = dark), quiet zone of `border` included.

    Raises:
        ValueError: empty payload, bad level or border, or too much data for a QR code.
    """
    if not payload:
        raise ValueError("Không thể tạo mã QR từ nội dung rỗng.")
    _check(ec, border)
    try:
        rows = _matrix(payload, ec, border)
    except (DataOverflowError, ValueError):
        # qrcode reports "too much data" as either, depending on where fitting fails.
        raise ValueError(
            f"Nội dung quá dài cho một mã QR ({len(payload)} ký tự ở mức sửa lỗi {ec})."
        ) from None
    return [list(row) for row in rows]


def to_png(payload: str, ec: str = "M", scale: int = 8, border: int = QUIET_ZONE) -> bytes:
    """Return a black-on-white PNG, `scale` pixels per module.

    Raises:
        ValueError: as matrix(), or scale < 1.
    """
    from PIL import Image  # Pillow is only needed for PNG output

    if scale < 1:
        raise ValueError(f"Tỉ lệ phóng {scale} không hợp lệ: phải ≥ 1 điểm ảnh mỗi ô.")
    rows = matrix(payload, ec, border)
    size = len(rows)
    # Mode "1": 0 = black; one byte per module, then an exact integer nearest-neighbour upscale.
    data = bytes(0 if dark else 255 for row in rows for dark in row)
    image = Image.frombytes("L", (size, size), data).convert("1", dither=Image.Dither.NONE)
    if scale > 1:
        image = image.resize((size * scale, size * scale), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def svg_path(rows: list[list[bool]]) -> str:
    """Return SVG path data covering the dark modules: one "M x y h n v1 h-n z" per run."""
    commands = []
    for y, row in enumerate(rows):
        x, width = 0, len(row)
        while x < width:
            if row[x]:
                start = x
                while x < width and row[x]:
                    x += 1
                commands.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(commands)


def to_svg(payload: str, ec: str = "M", border: int = QUIET_ZONE) -> str:
    """Return a standalone <svg> element sized by CSS (viewBox in modules, no width/height).

    White background, dark modules as one path, crispEdges so browsers do not blur module
    edges; no XML declaration, so it can be inlined in HTML or saved as a .svg file.

    Raises:
        ValueError: as matrix().
    """
    rows = matrix(payload, ec, border)
    size = len(rows)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}"'
        f' shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{svg_path(rows)}"/></svg>'
    )
