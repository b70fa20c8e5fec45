"""Uploaded SVG: an allowlist of static drawing elements and attributes, refused otherwise.

An SVG opened on its own is a document that can run script, load from outside and rewrite its
own links (<animate>, <set>); the static export serves it with no CSP to stop that. A blocklist
misses spellings (`java&#9;script:`, CSS escapes, a DOCTYPE in UTF-16), so only what a drawing
needs passes: shapes, text, gradients, clips, masks, simple filters, links to #ids inside the
file. Nothing is rewritten: a file is kept byte for byte or refused with the reason.
Pure: no Flask, no media rows; media.check_image turns SvgError into its MediaError.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from kiosk.problems import N_, Explained

SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "symbol", "use", "switch", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feDropShadow",
    "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge",
    "feMergeNode", "feMorphology", "feOffset",
})

ATTRIBUTES = frozenset({
    # structure, geometry and accessibility
    "id", "class", "style", "version", "viewBox", "preserveAspectRatio", "transform",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
    "width", "height", "d", "points", "pathLength", "role", "aria-label", "aria-hidden",
    "aria-labelledby", "aria-describedby", "focusable", "lang", "xml:lang", "xml:space",
    "href", "xlink:href", "requiredFeatures", "systemLanguage",
    # painting
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "opacity", "color", "display", "visibility", "overflow", "paint-order",
    "vector-effect", "shape-rendering", "color-interpolation", "color-interpolation-filters",
    "mix-blend-mode", "isolation", "transform-origin", "clip-path", "clip-rule", "mask", "filter",
    # text
    "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch",
    "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing",
    "word-spacing", "text-decoration", "writing-mode", "direction", "unicode-bidi", "dx", "dy",
    "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing", "side",
    # paint servers, clips, masks, markers
    "gradientUnits", "gradientTransform", "spreadMethod", "offset", "stop-color", "stop-opacity",
    "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits",
    "maskContentUnits", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient",
    "marker-start", "marker-mid", "marker-end",
    # filter primitives
    "filterUnits", "primitiveUnits", "in", "in2", "result", "mode", "operator", "k1", "k2", "k3",
    "k4", "type", "values", "tableValues", "slope", "intercept", "amplitude", "exponent",
    "stdDeviation", "edgeMode", "radius", "flood-color", "flood-opacity", "media",
})

# Whatever can turn a value into a fetch or a script once a browser has normalised it.
_ACTIVE = re.compile(r"javascript:|vbscript:|data:|@import|expression\(|-moz-binding|behavior:")
_FRAGMENT = re.compile(r"#[A-Za-z_][\w.:-]*")
_DECLARATION = re.compile(r"<\?xml\s[^>]*\?>")
_ENCODING = re.compile(r"encoding\s*=\s*['\"]([^'\"]*)")
_UTF8 = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


class SvgError(Explained):
    """An SVG we do not keep; the message (a msgid and values: str() is the Vietnamese) says why,
    without the file name."""


def check(data: bytes) -> None:
    """Refuse an SVG unless it is UTF-8, has no DOCTYPE, and uses only allowed parts.

    Raises:
        SvgError: the first thing not allowed, named.
    """
    text = _text(data)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise SvgError(N_("SVG hỏng (%(why)s)"), why=exc) from exc
    if root.tag not in (f"{{{SVG_NS}}}svg", "svg"):
        raise SvgError(N_("không phải tệp SVG"))
    if not root.get("viewBox"):
        raise SvgError(N_("SVG cần thuộc tính viewBox để co giãn theo màn hình"))
    for element in root.iter():
        tag = _element_name(element.tag)
        for attr, value in element.attrib.items():
            _check_attribute(_attribute_name(attr), value)
        if tag == "style":
            _check_css("<style>", element.text or "")


def _text(data: bytes) -> str:
    """The file as text, UTF-8 only, with no DOCTYPE, ENTITY or processing instruction.

    Checked on the decoded text, so no other encoding (UTF-16, UTF-32, a declared Latin-1) can
    hide a DOCTYPE from the check while the XML parser still reads it.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SvgError(N_("SVG phải được lưu với mã UTF-8")) from exc
    declared = _DECLARATION.match(text)
    encoding = _ENCODING.search(declared.group()) if declared else None
    if "\x00" in text or (encoding and encoding.group(1).lower() not in _UTF8):
        raise SvgError(N_("SVG phải được lưu với mã UTF-8"))
    lower = text.lower()
    if "<!doctype" in lower or "<!entity" in lower:
        raise SvgError(N_("SVG không được có DOCTYPE hay ENTITY"))
    # <?xml-stylesheet?> loads CSS or XSLT from anywhere; the XML declaration is the only one kept.
    if "<?" in text[declared.end() if declared else 0:]:
        raise SvgError(N_("SVG không được có chỉ thị xử lý (<?…?>) ngoài dòng khai báo XML"))
    return text


def _element_name(tag: str) -> str:
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    if namespace not in ("", SVG_NS) or local not in ELEMENTS:
        raise SvgError(N_("SVG không được chứa thẻ <%(tag)s>"), tag=local)
    return local


def _attribute_name(attr: str) -> str:
    namespace, _, local = attr[1:].rpartition("}") if attr.startswith("{") else ("", "", attr)
    prefix = {"": "", _XLINK_NS: "xlink:", _XML_NS: "xml:"}.get(namespace)
    if local.lower().startswith("on"):
        raise SvgError(N_("SVG không được có thuộc tính sự kiện %(name)s"), name=local)
    if prefix is None:
        raise SvgError(N_("SVG không được có thuộc tính riêng của chương trình vẽ (%(name)s, "
                          "%(namespace)s); hãy lưu dạng SVG thường (Plain SVG)"),
                       name=local, namespace=namespace)
    name = prefix + local
    if name not in ATTRIBUTES:
        raise SvgError(N_("SVG không được có thuộc tính %(name)s"), name=name)
    return name


def _check_attribute(name: str, value: str) -> None:
    if name in ("href", "xlink:href"):
        if not _FRAGMENT.fullmatch(value.strip()):
            raise SvgError(N_("SVG chỉ được liên kết tới phần tử bên trong (#id)"))
        return
    _check_css(name, value)


def _check_css(where: str, value: str) -> None:
    """A style sheet, style attribute or presentation value: no escapes, url(#id) only."""
    if "\\" in value:
        # CSS escapes spell url( or @import so no check can read them; drawings never need one.
        raise SvgError(N_("SVG không được dùng ký tự thoát (\\) trong %(where)s"), where=where)
    for target in _url_targets(value):
        if not _FRAGMENT.fullmatch(target):
            raise SvgError(N_("SVG không được tham chiếu ra ngoài (%(where)s)"), where=where)
    # Browsers drop tabs, newlines and spaces inside a scheme: compare without them.
    squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
    if _ACTIVE.search(squeezed):
        raise SvgError(N_("SVG không được tham chiếu ra ngoài (%(where)s)"), where=where)


def _url_targets(value: str) -> list[str]:
    """What each url(…) in a CSS value points at, quotes removed; one pass, no regex to backtrack.

    An unclosed url( counts with the rest of the value as its target, so it is refused too.
    """
    targets, lower, pos = [], value.lower(), 0
    while (start := lower.find("url(", pos)) != -1:
        end = value.find(")", start)
        if end == -1:
            end = len(value)
        targets.append(value[start + 4:end].strip().strip("'\"").strip())
        pos = end
    return targets
