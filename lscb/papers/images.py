"""Images the board uploads for its papers (its logo): checked for type and size, SVG
rebuilt from an allow-list, and embedded in papers as data: URIs so the static-only PDF
renderer never fetches anything.

An SVG is a program as much as a picture (scripts, event handlers, links, external
images and style sheets). The sanitiser parses it with defusedxml (no DTD, no
entities) and builds a new document from the elements, attributes and CSS properties
on the lists below; anything else is dropped, and the only URL kept is a reference
to an element of the same file (``url(#gradient)``, ``href="#shape"``).
"""

import base64
import io
import re
import xml.etree.ElementTree as ET

import tinycss2
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 1024 * 1024
MAX_PIXELS = 4000
MAX_ELEMENTS = 5000

ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "style",
}
TEXT_ELEMENTS = {"title", "desc", "text", "tspan", "style"}
PRESENTATION = {
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "opacity", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "letter-spacing", "stop-color", "stop-opacity",
    "clip-path", "clip-rule", "mask", "display", "visibility", "color",
}
ATTRIBUTES = PRESENTATION | {
    "id", "class", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx",
    "fy", "fr", "width", "height", "viewBox", "points", "transform", "offset",
    "gradientUnits", "gradientTransform", "spreadMethod", "preserveAspectRatio", "version",
    "dx", "dy", "rotate", "textLength", "lengthAdjust", "clipPathUnits", "maskUnits",
    "maskContentUnits", "style", "href", "role", "aria-label",
}
LOCAL_URL = re.compile(r"^url\(\s*['\"]?#[\w.:-]+['\"]?\s*\)$")
SAFE_VALUE = re.compile(r"^[^<>\\]*$")
SIMPLE_SELECTOR = re.compile(r"^[\s\w.#,:>*-]+$")


class ImageRefused(ValueError):
    """Why an upload cannot be the logo, in words for the form field."""


def _local(tag):
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _safe_value(value):
    """A presentation value with no way out of the file: local url(#id) only."""
    value = value.strip()
    lowered = value.lower()
    if "url(" in lowered:
        return value if LOCAL_URL.match(value) else None
    if any(word in lowered for word in ("javascript:", "expression", "data:", "@import")):
        return None
    return value if SAFE_VALUE.match(value) else None


def _declarations(text):
    """The allowed ``property: value`` pairs of a style attribute or rule, as text."""
    kept = []
    for item in tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration" or item.lower_name not in PRESENTATION:
            continue
        value = _safe_value(tinycss2.serialize(item.value))
        if value:
            kept.append(f"{item.lower_name}: {value}")
    return "; ".join(kept)


def _style_sheet(text):
    """A <style> block with simple selectors and allowed declarations only (no @rules)."""
    rules = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        body = _declarations(tinycss2.serialize(rule.content))
        if body and SIMPLE_SELECTOR.match(selector):
            rules.append(f"{selector} {{ {body} }}")
    return "\n".join(rules)


def _attributes(element):
    kept = {}
    for name, value in element.attrib.items():
        if name == f"{{{XLINK_NS}}}href":
            name = "href"
        elif name.startswith("{"):
            continue
        if name not in ATTRIBUTES:
            continue
        if name == "href":
            if re.match(r"^#[\w.:-]+$", value.strip()):
                kept["href"] = value.strip()
        elif name == "style":
            style = _declarations(value)
            if style:
                kept["style"] = style
        else:
            safe = _safe_value(value)
            if safe is not None:
                kept[name] = safe
    return kept


def _copy(source, parent, counter):
    """Copy an allowed element and its allowed children under ``parent``; None if dropped."""
    name = _local(source.tag) if isinstance(source.tag, str) else None
    if name not in ELEMENTS or not source.tag.startswith(f"{{{SVG_NS}}}"):
        return None
    counter[0] += 1
    if counter[0] > MAX_ELEMENTS:
        raise ImageRefused(f"The SVG has more than {MAX_ELEMENTS} elements: simplify it.")
    element = ET.SubElement(parent, f"{{{SVG_NS}}}{name}", _attributes(source))
    if name == "style":
        element.text = _style_sheet(source.text or "")
        return element
    if name in TEXT_ELEMENTS:
        element.text = source.text
    for child in source:
        copied = _copy(child, element, counter)
        if copied is not None and name in TEXT_ELEMENTS:
            copied.tail = child.tail
    return element


def sanitise_svg(content):
    """A clean copy of an SVG (bytes), or ImageRefused."""
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True,
                          forbid_external=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise ImageRefused("This is not a readable SVG file.") from error
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ImageRefused("This is not an SVG image (its outer element is not <svg>).")
    ET.register_namespace("", SVG_NS)
    clean = ET.Element(f"{{{SVG_NS}}}svg", _attributes(root))
    counter = [1]
    for child in root:
        _copy(child, clean, counter)
    return ET.tostring(clean, encoding="utf-8", xml_declaration=True)


def check_png(content):
    """Refuse a PNG that is not one, is damaged, or is too large to print."""
    from PIL import Image, UnidentifiedImageError

    if not content.startswith(PNG_SIGNATURE):
        raise ImageRefused("This is not a PNG image.")
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if image.format != "PNG":
                raise ImageRefused("This is not a PNG image.")
            if width > MAX_PIXELS or height > MAX_PIXELS:
                raise ImageRefused(f"The image is {width} × {height} pixels: at most "
                                   f"{MAX_PIXELS} × {MAX_PIXELS}, please.")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ImageRefused("This PNG image is damaged.") from error
    return content


def clean_logo(name, content):
    """(extension, clean bytes) for an uploaded logo: PNG as it is, SVG rebuilt."""
    if len(content) > MAX_BYTES:
        raise ImageRefused(f"The file is {len(content) // 1024} KB: at most "
                           f"{MAX_BYTES // 1024} KB, please.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "png":
        return "png", check_png(content)
    if extension == "svg":
        return "svg", sanitise_svg(content)
    raise ImageRefused("Upload a PNG or SVG image (a file ending .png or .svg).")


def content_type(name):
    return "image/svg+xml" if name.lower().endswith(".svg") else "image/png"


def data_uri(content, mime):
    """The image inside the page itself: nothing for the renderer or browser to fetch."""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def stored_data_uri(stored):
    """A stored image (a FileField's file, read through Django's storage) as a data: URI;
    None without one, or when the file has gone from storage."""
    if not stored:
        return None
    try:
        with stored.open("rb") as image:
            return data_uri(image.read(), content_type(stored.name))
    except OSError:
        return None
