"""What goes on a sheet: page sizes, canvases, cut marks, vector QR codes, photos and SVG.

Photos are downscaled to what the printer can use (200 dpi at the printed size) and embedded as
JPEG, so a phone photo does not make every poster 8 MB. SVG goes through svglib; any text inside
an SVG is switched to our embedded font so no unembedded base-14 font reaches the PDF.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageOps, UnidentifiedImageError
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib.units import inch, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from printables.fonts import Fonts
from printables.specs import LayoutError
from qr.messages import N_, Message

A3 = (297 * mm, 420 * mm)
A4 = (210 * mm, 297 * mm)
A5 = (148 * mm, 210 * mm)
A6 = (105 * mm, 148 * mm)
PAGE_SIZES = {"a3": A3, "a4": A4, "a5": A5, "a6": A6}

BLACK = (0.0, 0.0, 0.0)
GREY = (0.33, 0.33, 0.33)
LIGHT_GREY = (0.6, 0.6, 0.6)
RED = (0.75, 0.05, 0.05)
QUIET_MODULES = 4


def new_canvas(buffer: io.BytesIO, pagesize: tuple[float, float], fonts: Fonts, title: str) -> Canvas:
    """A canvas that writes a reproducible PDF whose only fonts are the embedded TTFs.

    invariant=1 fixes dates and IDs, so the same input gives the same bytes; initialFontName keeps
    reportlab from listing an unembedded Helvetica it would otherwise set up front.
    """
    canvas = Canvas(
        buffer,
        pagesize=pagesize,
        invariant=1,
        initialFontName=fonts.regular,
        initialFontSize=10,
        pageCompression=1,
    )
    canvas.setTitle(title)
    canvas.setCreator("Làng Số")
    canvas.setAuthor("Làng Số")
    return canvas


def qr_operators(matrix: Sequence[Sequence[bool]]) -> str:
    """PDF path operators for the dark modules, one `re` per horizontal run, in module units.

    Row 0 is the top row; y grows upwards as in PDF. Integers only, so the text is short and
    exact, and no float formatting is spent on thousands of rectangles.
    """
    n = len(matrix)
    ops = []
    for r, row in enumerate(matrix):
        y = n - 1 - r
        c = 0
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            ops.append(f"{start} {y} {c - start} 1 re")
    return "\n".join(ops)


def draw_qr(
    canvas: Canvas, matrix: Sequence[Sequence[bool]], x: float, y: float, size: float
) -> float:
    """Draw a QR matrix (quiet zone included) as a size×size vector square at (x, y) bottom-left.

    The whole square is painted white first so the quiet zone holds on any background; dark
    modules are merged into one rectangle per horizontal run, in a coordinate system scaled to
    one unit per module, to keep the PDF small and fast to write.
    Returns the module size in points.
    """
    n = len(matrix)
    module = size / n
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.translate(x, y)
    canvas.scale(module, module)
    ops = qr_operators(matrix)
    if ops:
        canvas.addLiteral(ops + "\nf")
    canvas.restoreState()
    return module


def qr_size_for(matrix: Sequence[Sequence[bool]], min_symbol: float, min_module: float) -> float:
    """Smallest total size (quiet zone included) meeting a symbol width and a module size."""
    n = len(matrix)
    symbol_modules = n - 2 * QUIET_MODULES
    module = max(min_module, min_symbol / symbol_modules)
    return module * n


def cut_marks(
    canvas: Canvas,
    page: tuple[float, float],
    xs: Sequence[float],
    ys: Sequence[float],
    length: float = 8 * mm,
) -> None:
    """Short ticks at the page edges on each cut line, plus a cross where inner cuts meet.

    Ticks reach from the paper edge inwards, so the part a printer can print (its unprintable
    border is ~4 mm) still shows where to cut.
    """
    width, height = page
    canvas.saveState()
    canvas.setStrokeColorRGB(*GREY)
    canvas.setLineWidth(0.5)
    for x in xs:
        canvas.line(x, 0, x, length)
        canvas.line(x, height - length, x, height)
    for y in ys:
        canvas.line(0, y, length, y)
        canvas.line(width - length, y, width, y)
    arm = 3 * mm
    for x in xs:
        for y in ys:
            canvas.line(x - arm, y, x + arm, y)
            canvas.line(x, y - arm, x, y + arm)
    canvas.restoreState()


PRINT_DPI = 200


def photo_reader(data: bytes, width: float, height: float,
                 what: Message) -> tuple[ImageReader, float]:
    """A JPEG ImageReader sized for a width×height box (points), and its aspect ratio (w / h).

    Raises:
        LayoutError: see fitted_jpeg.
    """
    jpeg, ratio = fitted_jpeg(data, width, height, what)
    return ImageReader(io.BytesIO(jpeg)), ratio


def fitted_jpeg(data: bytes, width: float, height: float, what: Message) -> tuple[bytes, float]:
    """Image bytes re-encoded as JPEG no larger than a width×height box (points) needs at 200 dpi.

    Returns the JPEG and the picture's aspect ratio (w / h); reportlab embeds JPEG as is.

    Raises:
        LayoutError: the bytes are not an image Pillow can read; the message names `what`.
    """
    limit = (max(1, round(width / inch * PRINT_DPI)), max(1, round(height / inch * PRINT_DPI)))
    try:
        image = Image.open(io.BytesIO(data))
        # JPEG can decode at 1/2, 1/4, 1/8 scale: a 12 MP phone photo then loads in a few ms.
        # Square request: the photo may still be rotated by its EXIF orientation.
        side = max(limit)
        image.draft("RGB", (side, side))
        ImageOps.exif_transpose(image, in_place=True)
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise LayoutError(N_("%(item)s: ảnh không đọc được (%(error)s)."), item=what,
                          error=str(exc)) from exc
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail(limit, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), image.width / image.height


def svg_drawing(data: bytes, font: str, what: Message) -> Drawing:
    """Parse SVG bytes into a reportlab Drawing whose text uses `font`.

    Raises:
        LayoutError: the SVG cannot be read; the message names `what`.
    """
    from svglib.svglib import svg2rlg  # imported here: only handouts need lxml and svglib

    try:
        drawing = svg2rlg(io.BytesIO(data))
    except Exception as exc:  # svglib raises lxml and its own errors alike
        raise LayoutError(N_("%(item)s: hình minh hoạ SVG không đọc được (%(error)s)."), item=what,
                          error=str(exc)) from exc
    if drawing is None or drawing.width <= 0 or drawing.height <= 0:
        raise LayoutError(N_("%(item)s: hình minh hoạ SVG không đọc được."), item=what)
    # The renderer starts from the drawing's initial font (Helvetica unless told), and would
    # list that unembedded base-14 font in the PDF even when no text is drawn.
    drawing.initialFontName = font
    _set_font(drawing, font)
    return drawing


def _set_font(node: object, font: str) -> None:
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            child.fontName = font
        elif isinstance(child, Group):
            _set_font(child, font)
