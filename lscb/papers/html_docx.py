"""Word from the same source as the PDF: the paper's body HTML (the very template the
preview shows and WeasyPrint prints) walked into python-docx.

One path for every paper, so the Word file cannot drift from the PDF: headings become
Word heading styles (h2 → Heading 1 and the contents field, h3 → Heading 2, h4 →
Heading 3), tables keep their header rows (repeated on each page), their column widths
(written to the grid, which LibreOffice reads, and to each cell, which Word reads) and
their RAG shading; inline SVG charts become PNG pictures (cairosvg); the contents
``<nav>`` becomes a TOC field that Word updates on opening. Elements hidden from
readers (``aria-hidden``, ``screen-only``) are left out. Text is written literally:
nothing typed by a user is ever interpreted.
"""

import base64
import io
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from .docx import TEXT_WIDTH, NarrativeWriter, Paper, Rag, _set

SVG = re.compile(r"<svg\b.*?</svg>", re.S | re.I)
PX = 0.2646  # mm per CSS pixel
# Relative widths of a table's columns by the class of its header cell.
WIDTHS = {"col-narrow": 1, "col-medium": 2.6, "col-wide": 5}
SKIP_CLASSES = {"screen-only", "draft-mark", "d-print-none"}
BLOCKS = {"section", "div", "figure", "figcaption", "dl", "article", "header", "footer"}


def svg_png(svg):
    """(png bytes, width in mm) of an inline SVG chart; None if it cannot be drawn."""
    import cairosvg

    width = re.search(r'\bwidth="([\d.]+)', svg)
    try:
        png = cairosvg.svg2png(bytestring=svg.encode(), scale=2)
    except Exception:  # a chart that cannot be drawn is left out, never a failed download
        return None
    return png, (float(width.group(1)) * PX if width else 160)


class BodyWriter(NarrativeWriter):
    def __init__(self, paper, images):
        super().__init__(paper, heading_level=1)
        self.images = images
        self.skip = 0  # depth inside an element left out
        self.stack = []  # (tag, skipped?) of open elements
        self.caption_parts = None
        self.cell_fill = None
        self.col_weights = []
        self.after_cover = False
        self.title_seen = False
        self.dt = False

    # -- elements -------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag in ("img", "br", "hr", "input", "meta", "link"):
            if not self.skip:
                self._void(tag, attrs)
            return
        hidden = (attrs.get("aria-hidden") == "true" or classes & SKIP_CLASSES
                  or (tag == "nav" and "contents" in classes))
        self.stack.append((tag, bool(hidden)))
        if self.skip or hidden:
            self.skip += 1
            if tag == "nav" and not (self.skip - 1):
                self.paper.contents()
                self.after_cover = True
            return
        if tag == "section" and "cover" in classes:
            self._break()
        elif tag in ("h1", "h2", "h3", "h4"):
            self._heading_start(tag)
        elif tag == "caption" and self.table is not None:
            self.caption_parts = []
        elif tag in ("td", "th") and self.table is not None:
            super().handle_starttag(tag, list(attrs.items()))
            if self.table and len(self.table) == 1 and tag == "th":
                self.col_weights.append(next(
                    (w for c, w in WIDTHS.items() if c in classes), 3))
            self.cell_fill = None
        elif tag == "span":
            rag = next((c[4:] for c in classes if c.startswith("rag-")), None)
            if rag and self.cell is not None:
                self.cell_fill = rag
            elif rag:
                self.run_rag = rag
        elif tag == "table":
            super().handle_starttag(tag, [])
            self.col_weights = []
            self.caption_parts = None
            self.table_caption = ""
        elif tag == "dt":
            self._break()
            self.bold += 1
            self.dt = True
        elif tag == "dd":
            pass
        elif tag in BLOCKS:
            self._break()
            if "update" in classes:
                self.block_style = "Update"
        else:
            super().handle_starttag(tag, list(attrs.items()))

    def handle_endtag(self, tag):
        if tag in ("img", "br", "hr", "input", "meta", "link"):
            return
        while self.stack:
            open_tag, _hidden = self.stack.pop()
            if self.skip:
                self.skip -= 1
                if open_tag == "nav" and not self.skip:
                    self.page_break_next = True  # the contents stand on their own page
                if open_tag == tag:
                    return
                continue
            if open_tag == tag:
                break
        else:
            return
        if tag == "section":
            self._break()
            if self.after_cover is False and self.title_seen:
                self.after_cover = True
                self.page_break_next = True
        elif tag in ("h1", "h2", "h3", "h4"):
            self._heading_end()
        elif tag == "caption" and self.caption_parts is not None:
            self.table_caption = " ".join("".join(self.caption_parts).split())
            self.caption_parts = None
        elif tag in ("td", "th") and self.cell is not None:
            self.cell.append(self.cell_fill)
            super().handle_endtag(tag)
        elif tag == "table":
            super().handle_endtag(tag)
        elif tag == "dt":
            self.bold = max(0, self.bold - 1)
            self._paragraph().add_run(": ").bold = True
            self.dt = False
        elif tag == "dd":
            self._break()
        elif tag == "span":
            self.run_rag = None
        elif tag in BLOCKS:
            self._break()
            self.block_style = None
        else:
            super().handle_endtag(tag)

    def handle_data(self, data):
        if self.skip:
            return
        if self.caption_parts is not None:
            self.caption_parts.append(data)
            return
        if self.run_rag and self.table is None and data.strip():
            paragraph = self._paragraph()
            if paragraph.runs:
                paragraph.add_run(" ")
            self.paper.rag_run(paragraph, self.run_rag, data.strip())
            return
        super().handle_data(data)

    # -- pieces ---------------------------------------------------------------------
    page_break_next = False
    run_rag = None
    block_style = None
    heading_tag = None

    def _paragraph(self):
        fresh = self.par is None
        paragraph = super()._paragraph()
        if fresh:
            if self.block_style and paragraph._p.style is None:
                paragraph._p.get_or_add_pPr().style = self.paper.style_id(self.block_style)
            if self.page_break_next:
                paragraph.paragraph_format.page_break_before = True
                self.page_break_next = False
        return paragraph

    def _heading_start(self, tag):
        self._break()
        self.heading_tag = tag
        self.heading_text = []

    def _heading_end(self):
        text = " ".join("".join(self.heading_text).split())
        tag, self.heading_tag = self.heading_tag, None
        if not text:
            return
        if tag == "h1":
            self.title_seen = True
            self.paper.doc.add_paragraph(text, style="Title")
        else:
            heading = self.paper.heading(text, level=int(tag[1]) - 1)
            if self.page_break_next:
                heading.paragraph_format.page_break_before = True
                self.page_break_next = False
        self._break()

    def _void(self, tag, attrs):
        if tag == "br":
            super().handle_starttag(tag, [])
        elif tag == "img":
            self._picture(attrs)

    def _picture(self, attrs):
        key = attrs.get("data-docx-image")
        if key is not None:
            image = self.images.get(int(key))
            if image:
                png, width = image
                self._break()
                self.paper.doc.add_picture(io.BytesIO(png), width=min(Mm(width), TEXT_WIDTH))
            return
        src = attrs.get("src") or ""
        match = re.match(r"data:image/(png|jpeg);base64,(.+)", src)
        if match:
            self._break()
            self.paper.doc.add_picture(io.BytesIO(base64.b64decode(match.group(2))), width=Mm(50))

    def _write_table(self):
        rows = self.table
        caption = getattr(self, "table_caption", "")
        weights = self.col_weights
        self.table = None
        rows = [row for row in rows if row]
        if not rows:
            return
        width = max(len(r) for r in rows)
        header = all(cell[1] for cell in rows[0]) and len(rows[0]) == width

        def value(cell):
            text = re.sub(r"[ \t\r\f\v]+", " ", "".join(cell[0])).strip()
            fill = cell[2] if len(cell) > 2 else None
            return Rag(fill, text) if fill else text

        body = [[value(c) for c in row] for row in (rows[1:] if header else rows)]
        spans = [i for i, row in enumerate(body) if len(row) == 1 and width > 1]
        body = [row + [""] * (width - len(row)) for row in body]
        headers = [value(c) for c in rows[0]] if header else [""] * width
        if weights and len(weights) != width:
            weights = None
        table = self.paper.table(headers, body, widths=weights or None, caption=caption or None)
        fixed_grid(table)
        for index in spans:  # a theme's row across the table, as in the PDF
            cells = table.rows[index + 1].cells
            merged = cells[0].merge(cells[-1])
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)

    def heading_data(self, data):
        self.heading_text.append(data)


def fixed_grid(table):
    """Write each column's width into the table grid and fix the layout, so LibreOffice
    (which reads the grid) keeps the widths Word reads from the cells."""
    first = table.rows[0].cells
    grid = table._tbl.tblGrid
    for col, cell in zip(grid.findall(qn("w:gridCol")), first, strict=False):
        col.set(qn("w:w"), str(int(cell.width.twips)) if cell.width else col.get(qn("w:w")))
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblLayout", type="fixed")


def _heading_aware(writer_class):
    """Collect heading text instead of writing it as a paragraph."""
    original = writer_class.handle_data

    def handle_data(self, data):
        if self.heading_tag and not self.skip:
            self.heading_data(data)
            return
        original(self, data)

    writer_class.handle_data = handle_data
    return writer_class


_heading_aware(BodyWriter)


def update_fields_on_open(document):
    """Ask Word to update the contents (and page) fields when the file is opened."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        element = OxmlElement("w:updateFields")
        element.set(qn("w:val"), "true")
        settings.append(element)


def html_to_docx(html, *, board_name, title, subject="", marking=""):
    """The paper's body HTML as a .docx (bytes)."""
    images = {}

    def picture(match):
        image = svg_png(match.group(0))
        if image is None:
            return ""
        images[len(images)] = image
        return f'<img data-docx-image="{len(images) - 1}">'

    html = SVG.sub(picture, str(html))
    paper = Paper(board_name, title, subject=subject, marking=marking)
    writer = BodyWriter(paper, images)
    writer.feed(html)
    writer.close()
    update_fields_on_open(paper.doc)
    return paper.save()
