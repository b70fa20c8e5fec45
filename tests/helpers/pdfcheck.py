"""Read PDFs back for the printables tests: pages, text, fonts, rasters and the QR codes in them.

Everything here inspects the output independently of how it was made: pypdf for structure and
text, pypdfium2 to rasterize, zxing-cpp to find and decode QR codes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image, ImageChops
from pypdf import PdfReader

MM_PER_PT = 25.4 / 72
BASE14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold",
    "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    """(width, height) of every page in whole millimetres."""
    return [
        (round(float(p.mediabox.width) * MM_PER_PT), round(float(p.mediabox.height) * MM_PER_PT))
        for p in reader(pdf).pages
    ]


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page with runs of whitespace collapsed to one space."""
    return [" ".join(p.extract_text().split()) for p in reader(pdf).pages]


@dataclass(frozen=True)
class FontInfo:
    name: str
    subtype: str
    embedded: bool


def fonts(pdf: bytes) -> list[FontInfo]:
    """Every font resource used on any page (also inside form XObjects)."""
    found: dict[str, FontInfo] = {}

    def visit(resources) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            name = str(font.get("/BaseFont", "")).lstrip("/")
            found[name] = FontInfo(name, str(font.get("/Subtype")), embedded)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in reader(pdf).pages:
        visit(page.get("/Resources"))
    return list(found.values())


def image_count(pdf: bytes) -> int:
    """Number of raster images placed on the pages."""
    return sum(len(page.images) for page in reader(pdf).pages)


def rasterize(pdf: bytes, dpi: int) -> list[Image.Image]:
    """Each page as an RGB image at `dpi`."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


@dataclass(frozen=True)
class FoundQr:
    """A decoded QR code and where it sits in the raster (symbol only, without quiet zone)."""

    text: str
    ec_level: str
    version: int
    left: float
    top: float
    right: float
    bottom: float
    upside_down: bool
    dpi: int

    @property
    def modules(self) -> int:
        return 17 + 4 * self.version

    @property
    def width_mm(self) -> float:
        return (self.right - self.left) / self.dpi * 25.4

    @property
    def height_mm(self) -> float:
        return (self.bottom - self.top) / self.dpi * 25.4

    @property
    def module_mm(self) -> float:
        return self.width_mm / self.modules

    @property
    def module_px(self) -> float:
        return (self.right - self.left) / self.modules


def find_qr(image: Image.Image, dpi: int) -> list[FoundQr]:
    """Decode every QR code in the image with zxing-cpp."""
    found = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        corners = code.position
        xs = [corners.top_left.x, corners.top_right.x, corners.bottom_left.x,
              corners.bottom_right.x]
        ys = [corners.top_left.y, corners.top_right.y, corners.bottom_left.y,
              corners.bottom_right.y]
        found.append(FoundQr(
            text=code.text, ec_level=code.ec_level, version=int(code.extra["Version"]),
            left=min(xs), top=min(ys), right=max(xs) + 1, bottom=max(ys) + 1,
            upside_down=code.orientation in (180, -180), dpi=dpi,
        ))
    return found


def dark_pixels(image: Image.Image, box: tuple[float, float, float, float],
                threshold: int = 200) -> int:
    """Pixels in box (left, top, right, bottom; clipped to the image) darker than threshold."""
    left, top, right, bottom = (round(v) for v in box)
    left, top = max(0, left), max(0, top)
    right, bottom = min(image.width, right), min(image.height, bottom)
    if right <= left or bottom <= top:
        return 0
    gray = image.crop((left, top, right, bottom)).convert("L")
    return sum(gray.histogram()[:threshold])


def red_pixels(image: Image.Image) -> int:
    """Pixels that are clearly red (the demo mark), not grey or black."""
    r, g, b = image.convert("RGB").split()
    mask = ImageChops.multiply(
        r.point(lambda v: 255 if v > 150 else 0),
        ImageChops.multiply(g.point(lambda v: 255 if v < 60 else 0),
                            b.point(lambda v: 255 if v < 60 else 0)),
    )
    return mask.histogram()[255]


def quiet_zone_dark_pixels(image: Image.Image, qr: FoundQr, modules: int = 4) -> int:
    """Dark pixels in the band of `modules` modules around the symbol (0 = quiet zone clear)."""
    band = qr.module_px * modules
    # Stay one pixel off the symbol edge: anti-aliasing of the outer modules bleeds into it.
    inner = (qr.left - 1.5, qr.top - 1.5, qr.right + 1.5, qr.bottom + 1.5)
    outer = (qr.left - band, qr.top - band, qr.right + band, qr.bottom + band)
    return (
        dark_pixels(image, (outer[0], outer[1], outer[2], inner[1]))
        + dark_pixels(image, (outer[0], inner[3], outer[2], outer[3]))
        + dark_pixels(image, (outer[0], inner[1], inner[0], inner[3]))
        + dark_pixels(image, (inner[2], inner[1], outer[2], inner[3]))
    )


def outer_strip_dark_pixels(image: Image.Image, dpi: int, mm_wide: float) -> int:
    """Dark pixels within mm_wide of any paper edge (where printers cannot print)."""
    px = dpi / 25.4 * mm_wide
    w, h = image.width, image.height
    return sum(dark_pixels(image, box) for box in
               ((0, 0, w, px), (0, h - px, w, h), (0, 0, px, h), (w - px, 0, w, h)))
