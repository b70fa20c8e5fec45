"""Hostile uploads: SVG that could run script or load from outside (an allowlist refuses it), a
small photo that decodes to hundreds of MB, and more photos in one request than a form needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import media

ROOT = Path(__file__).resolve().parent.parent
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"' \
    ' viewBox="0 0 10 10">'


def svg(body: str, head: str = HEAD) -> bytes:
    return (head + body + "</svg>").encode()


# -- SVG -------------------------------------------------------------------------------------

# Marked "old": passed the blocklist this allowlist replaced.
HOSTILE_SVG = {
    "entity-encoded javascript link": svg('<a xlink:href="&#106;avascript:alert(1)"><rect/></a>'),
    "old: animate turns a link into javascript": svg(
        '<a href="#x"><animate attributeName="href" to="java&#9;script:alert(1)"/><rect/></a>'),
    "old: set turns a link into javascript": svg(
        '<a href="#x"><set attributeName="href" to="java&#10;script:alert(1)"/><rect/></a>'),
    "old: UTF-16 DOCTYPE with an entity": (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY e "x">]>'
        + HEAD + "<text>&e;</text></svg>").encode("utf-16"),
    "old: UTF-16 without a BOM": ('<?xml version="1.0" encoding="UTF-16LE"?>' + HEAD
                                  + "</svg>").encode("utf-16-le"),
    "DOCTYPE after a long comment": svg("", "<!--" + "x" * 5000 + '--><!DOCTYPE svg [<!ENTITY '
                                        'e "x">]>' + HEAD),
    "old: DOCTYPE without entities after a long comment": svg(
        "", "<!--" + "x" * 5000 + "--><!DOCTYPE svg>" + HEAD),
    "old: latin-1 declared": svg("", '<?xml version="1.0" encoding="ISO-8859-1"?>' + HEAD),
    "foreignObject": svg('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p>'
                         "</foreignObject>"),
    "old: XHTML element in the drawing": svg(
        '<meta xmlns="http://www.w3.org/1999/xhtml" http-equiv="refresh" content="0;url=http://evil/"/>'),
    "external image": svg('<image href="http://evil/x.png" width="10" height="10"/>'),
    "data: image": svg('<image xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
    "onbegin handler": svg('<rect onbegin="alert(1)"/>'),
    "entity-encoded javascript in use": svg('<use xlink:href="&#106;avascript:alert(1)"/>'),
    "tab-split javascript in a fill": svg('<rect fill="url(java&#9;script:alert(1))"/>'),
    "data: in a style": svg('<rect style="fill: url(data:image/png;base64,AAAA)"/>'),
    "unclosed url(": svg('<rect style="fill: url(http://evil/x"/>'),
    "@import in <style>": svg('<style>@import "http://evil/x.css";</style>'),
    "old: animation element": svg('<rect><animate attributeName="x" to="1" dur="1s"/></rect>'),
    "onload on the root": svg("", HEAD.replace("<svg ", '<svg onload="alert(1)" ')),
    "script": svg("<script>alert(1)</script>"),
    "old: stylesheet processing instruction": svg(
        "", '<?xml-stylesheet href="http://evil/x.css"?>' + HEAD),
    "old: CSS escape hides url()": svg('<rect style="fill: u\\72 l(http://evil/x)"/>'),
    "old: CSS escape hides @import": svg('<style>@\\69mport "http://evil/x.css";</style>'),
    "style url to outside": svg("<style>rect { fill: url(http://evil/x) }</style>"),
    "use of an outside file": svg('<use href="http://evil/x.svg#a"/>'),
    "old: unknown namespace attribute": svg('<rect xmlns:ev="http://www.w3.org/2001/xml-events" '
                                            'ev:event="click"/>'),
    "filter image from outside": svg('<filter id="f"><feImage href="http://evil/x.png"/></filter>'),
}


@pytest.mark.parametrize("data", HOSTILE_SVG.values(), ids=HOSTILE_SVG.keys())
def test_hostile_svg_is_refused_with_a_reason(data):
    with pytest.raises(media.MediaError, match=r"^x\.svg: (SVG|không phải)"):
        media.check_image("x.svg", data)


def shipped_svgs() -> list[Path]:
    return sorted([*(ROOT / "content").rglob("*.svg"), *(ROOT / "static").rglob("*.svg")])


def test_there_are_shipped_svgs_to_check():
    assert len(shipped_svgs()) > 50


@pytest.mark.parametrize("path", shipped_svgs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_svg_passes(path):
    assert media.check_image(path.name, path.read_bytes()).ext == "svg"


@pytest.mark.parametrize("body", [
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
    '<rect fill="url(#g)" style="stroke: url(\'#g\'); opacity: .5" width="5" height="5"/>',
    '<g id="a" transform="translate(1 1)"><circle r="2"/></g><use xlink:href="#a" x="3"/>',
    '<title>Bước 1</title><text x="1" y="5" font-family="sans-serif">Chạm vào <tspan>đây'
    "</tspan></text>",
])
def test_ordinary_drawing_passes(body):
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + svg(body)
    assert media.check_image("x.svg", data).data == data
