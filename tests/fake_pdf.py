"""A fast stand-in for WeasyPrint, and small valid PDFs for stored files.

Laying a paper out with WeasyPrint takes 0.2–2 s; most tests only need to know that a
PDF comes back and what it says. ``FakeHTML`` replaces ``weasyprint.HTML`` (the
autouse fixture in conftest.py): it reads the final HTML's text (what a reader sees:
no ``<style>``, ``<script>`` or ``<head>``; the ``<title>`` goes to the metadata) and
writes a small, valid PDF that carries that text, so pypdf reads it back exactly
(any Unicode character of the Basic Multilingual Plane). The leak checks of
tests/test_isolation.py therefore still see every word of another board that would
reach a paper. Like WeasyPrint with the app's fetcher, it asks the fetcher for the
stylesheets and images the HTML links to, so a URL outside the static files is still
refused and logged.

Tests that read the layout itself (page numbers, tagging, page count, what CSS
generates, the fetcher's behaviour inside WeasyPrint) are marked ``real_pdf`` and get
WeasyPrint.
"""

import logging
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

logger = logging.getLogger("weasyprint")

LINES_PER_PAGE = 60
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
}
HIDDEN = {"head", "script", "style", "template", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Text(HTMLParser):
    """The visible text of a page, one line per block, and the URLs it links to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.title, self.links, self.hidden, self.in_title = [], [], [], 0, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and "stylesheet" in (attrs.get("rel") or ""):
            self.links.append(attrs["href"])
        elif tag == "img" and attrs.get("src"):
            self.links.append(attrs["src"])
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "title":
            self.in_title = True
        if tag in HIDDEN and tag not in VOID:
            self.hidden += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN:
            self.hidden -= 1

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "title":
            self.in_title = False
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def read_html(html):
    """(lines of visible text, title, linked URLs) of an HTML document."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip()
    return [line for line in lines if line], title, parser.links


# --- writing a PDF --------------------------------------------------------------------------

def _hex(text):
    """Text as two-byte codes (the code is the Unicode value; outside the BMP: U+FFFD)."""
    return "".join(f"{ord(c):04X}" if ord(c) <= 0xFFFF and not 0xD800 <= ord(c) <= 0xDFFF
                   else "FFFD" for c in text)


def _info_string(text):
    return f"<FEFF{_hex(text)}>"


def _to_unicode(high_bytes):
    """A ToUnicode CMap mapping each two-byte code to the same Unicode value."""
    ranges = [f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in sorted(high_bytes)]
    blocks = []
    for start in range(0, len(ranges), 100):
        chunk = ranges[start:start + 100]
        blocks.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks) + "\nendcmap\nCMapName currentdict /CMap defineresource pop\n"
            "end\nend\n").encode()


def _stream(data, extra=""):
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra.encode()) + data + b"\nendstream"


def pdf_with_text(lines, title="", lang="en-GB", lines_per_page=LINES_PER_PAGE):
    """A valid PDF (A4, uncompressed) showing ``lines``, with ``title`` in its metadata."""
    if isinstance(lines, str):
        lines = lines.splitlines() or [""]
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    high = {int(_hex(c)[:2], 16) for line in lines for c in line} | {0}
    objects = {
        1: f"<< /Type /Catalog /Pages 2 0 R /Lang {_info_string(lang)} >>".encode(),
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-H "
           b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Helvetica /CIDToGIDMap /Identity "
           b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
           b"/FontDescriptor 6 0 R /DW 500 >>",
        5: _stream(_to_unicode(high)),
        6: b"<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [0 -200 1000 900] "
           b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
        7: f"<< /Title {_info_string(title)} /Producer (LSCB Planner tests: fake renderer) >>"
           .encode(),
    }
    kids = []
    for n, page_lines in enumerate(pages):
        page_id, content_id = 8 + 2 * n, 9 + 2 * n
        kids.append(f"{page_id} 0 R")
        shown = "".join(f"<{_hex(line)}> Tj T*\n" for line in page_lines)
        content = f"BT /F1 9 Tf 12 TL 40 800 Td\n{shown}ET".encode()
        objects[page_id] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
                            ).encode()
        objects[content_id] = _stream(content)
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size,
                                                                                          xref)
    return bytes(out)


# --- the stand-in for weasyprint.HTML ---------------------------------------------------------

class FakeDocument:
    def __init__(self, lines, title):
        self.lines, self.title = lines, title
        self.pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
        self.pages = self.pages or [[]]

    def write_pdf(self, target=None, **_options):
        pdf = pdf_with_text(self.lines, self.title)
        if target is None:
            return pdf
        target.write(pdf)
        return None


class FakeHTML:
    """``weasyprint.HTML(string=..., base_url=..., url_fetcher=...)``, without the layout."""

    calls = 0

    def __init__(self, guess=None, *, string=None, base_url=None, url_fetcher=None, **_kwargs):
        if string is None:
            raise TypeError("the fake renderer takes HTML as string=")
        self.string, self.base_url, self.url_fetcher = string, base_url, url_fetcher

    def _fetch_links(self, links):
        if self.url_fetcher is None:
            return
        fetch = getattr(self.url_fetcher, "fetch", self.url_fetcher)
        for link in links:
            url = urljoin(self.base_url or "", link)
            try:
                fetch(url)
            except Exception as error:  # noqa: BLE001 - WeasyPrint logs and goes on, as here
                logger.warning("Failed to load %s: %s", url, error)

    def render(self, **_options):
        type(self).calls += 1
        lines, title, links = read_html(self.string)
        self._fetch_links(links)
        return FakeDocument(lines, title)

    def write_pdf(self, target=None, **options):
        return self.render(**options).write_pdf(target)
