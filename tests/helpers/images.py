"""Small images for tests: plain PNGs, a phone photo with GPS in its EXIF, a large gradient photo,
and the rasterizer that turns our inline run-length SVG QR codes into a picture zxing can read."""

from __future__ import annotations

import io
import re

from PIL import Image, ImageDraw

from tests.helpers.packbuilder import jpeg


def png(color: str = "#0b3d91") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, "PNG")
    return out.getvalue()


def gps_jpeg() -> bytes:
    """A JPEG carrying a camera maker and a GPS position, as a phone camera writes them."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (21.0, 35.0, 40.0), 3: "E", 4: (105.0, 50.0, 30.0)})
    exif[0x8825] = gps
    return jpeg(exif=exif.tobytes())


def big_photo(size=(2000, 1500), fmt="JPEG", mode="RGB", **save) -> bytes:
    image = Image.linear_gradient("L").resize(size).convert(mode)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def svg_image(svg: str, scale: int = 6) -> Image.Image:
    """Rasterize the run-length SVG our pages inline (rect runs of height 1) for zxing."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, n in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        x, y, n = int(x), int(y), int(n)
        draw.rectangle([x * scale, y * scale, (x + n) * scale - 1, (y + 1) * scale - 1], fill=0)
    return image


def phone_jpeg(size=(4000, 3000), orientation: int = 6, quality: int = 95) -> bytes:
    """A 12 MP camera JPEG (~11 MB: noise keeps it as large as a real one) stored sideways, as
    phones write it: EXIF orientation `orientation`, a maker and a GPS position. The raw pixels'
    top-left quarter is red, so where it lands after turning shows the turn."""
    noise = Image.effect_noise(size, 40)
    image = Image.merge("RGB", (noise, noise.rotate(180),
                                noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    image.paste((220, 20, 20), (0, 0, size[0] // 2, size[1] // 2))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (21.0, 35.0, 40.0), 3: "E", 4: (105.0, 50.0, 30.0)})
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()
