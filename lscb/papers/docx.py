"""Word (.docx) versions of the quarterly report and the annual report.

Boards edit their papers before publishing, so these are built for editing:
real Heading 1/2/3 styles (navigation pane, table of contents), named table
styles with header rows that repeat on every page, the RAG rating always as
its word with shading behind it, A4 pages with the board's name in the header
and "Page x of y" in the footer.

They are built from the same context as the HTML preview and the PDF
(``quarterly_context`` and ``annual_context``) and hold the same sections in
the same order. python-docx writes text literally, so nothing is escaped:
user text such as ``<script>`` appears as typed. Markdown narratives (the
annual report's sections and group updates) go through the same sanitiser as
the PDF and are then turned into Word paragraphs, bullets, bold, italics and
links, never raw HTML.
"""

import datetime
import io
import re
from html.parser import HTMLParser

from django.utils import timezone
from django.utils.dateformat import format as date_format
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from lscb.papers.markdown import allowed_link, render_markdown
from lscb.rag import RAG

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TABLE_STYLE = "Table Grid"
HEADER_FILL = "D9E2F3"
# Pale fills behind black text: the word is always there, the colour only helps.
RAG_FILL = {"red": "F4B6B6", "amber": "FFD98A", "green": "C6E0B4", "complete": "BDD7EE",
            "not_started": "E7E6E6", "not_rated": "F2F2F2"}


def rag_label(value):
    try:
        return RAG(value).label
    except ValueError:
        return str(value or "")


def day(value, fmt="j M Y"):
    return date_format(value, fmt) if value else ""


def dash(value):
    return "—" if value is None or value == "" else str(value)


class Rag:
    """A table cell showing a RAG rating: its word (or ``text``) on its colour."""

    def __init__(self, rating, text=None):
        self.rating = str(rating or "")
        self.text = rag_label(rating) if text is None else text


class Bold(str):
    """A table cell written in bold (totals)."""


def _set(element, tag, **attrs):
    child = OxmlElement(tag)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    element.append(child)
    return child


def shade_cell(cell, fill):
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # w:shd comes before w:noWrap, w:tcMar, w:vAlign ... in CT_TcPr
    later = [tc_pr.find(qn(f"w:{t}")) for t in ("noWrap", "tcMar", "textDirection", "tcFitText",
                                                  "vAlign", "hideMark")]
    later = [el for el in later if el is not None]
    if later:
        later[0].addprevious(shd)
    else:
        tc_pr.append(shd)


def shade_run(run, fill):
    """Shading behind a word in running text (the RAG rating in an action's line)."""
    r_pr = run._r.get_or_add_rPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    later = [r_pr.find(qn(f"w:{t}")) for t in ("fitText", "vertAlign", "rtl", "cs", "em", "lang",
                                                 "eastAsianLayout", "specVanish", "oMath")]
    later = [el for el in later if el is not None]
    if later:
        later[0].addprevious(shd)
    else:
        r_pr.append(shd)


def add_field(paragraph, instruction, placeholder=""):
    """A complex field (PAGE, NUMPAGES, TOC ...) with a cached result Word replaces."""
    _set(paragraph.add_run()._r, "w:fldChar", fldCharType="begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _set(paragraph.add_run()._r, "w:fldChar", fldCharType="separate")
    paragraph.add_run(placeholder)
    _set(paragraph.add_run()._r, "w:fldChar", fldCharType="end")


def add_text(paragraph, text, bold=False, italic=False, style=None):
    """Runs for ``text``, keeping its line breaks (as the PDF's ``linebreaksbr``/pre-wrap)."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    run = None
    for i, line in enumerate(lines):
        run = paragraph.add_run(line, style=style)
        run.bold = bold or None
        run.italic = italic or None
        if i < len(lines) - 1:
            run.add_break()
    return run


class Paper:
    """A Word document with the papers' layout: title block, contents, headings, tables."""

    def __init__(self, board_name, title, subject="", marking=""):
        self.doc = Document()
        self.board_name, self.title, self.marking = board_name, title, marking
        self.toc = None
        self.toc_entries = []
        self._page_setup()
        self._styles()
        self._header_footer()
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = title, board_name, board_name
        props.subject, props.comments, props.keywords = subject, "", ""
        props.language, props.category = "en-GB", "Board paper"
        now = timezone.now().astimezone(datetime.UTC).replace(tzinfo=None)
        props.created = props.modified = now
        props.revision = 1

    # -- set-up -------------------------------------------------------------------------
    def _page_setup(self):
        for section in self.doc.sections:
            section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
            section.left_margin = section.right_margin = MARGIN
            section.top_margin = section.bottom_margin = MARGIN
            section.header_distance = section.footer_distance = Mm(10)

    def _styles(self):
        styles = self.doc.styles
        lang = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"
                                   f"/{qn('w:lang')}")
        if lang is not None:
            lang.set(qn("w:val"), "en-GB")
        for tag in self.doc.settings.element.findall(qn("w:themeFontLang")):
            tag.set(qn("w:val"), "en-GB")
        normal = styles["Normal"]
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        for name in ("Heading 1", "Heading 2", "Heading 3"):
            styles[name].paragraph_format.keep_with_next = True
        table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = Pt(9)
        table_text.paragraph_format.space_after = Pt(0)
        table_text.paragraph_format.line_spacing = 1.0
        meta = styles.add_style("Action Line", WD_STYLE_TYPE.PARAGRAPH)
        meta.base_style = normal
        meta.paragraph_format.space_before = Pt(8)
        meta.paragraph_format.space_after = Pt(2)
        meta.paragraph_format.keep_with_next = True
        update = styles.add_style("Update", WD_STYLE_TYPE.PARAGRAPH)
        update.base_style = normal
        update.paragraph_format.left_indent = Mm(5)

    def _header_footer(self):
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        tabs = header.paragraph_format.tab_stops
        for stop in self.doc.styles["Header"].paragraph_format.tab_stops:  # Letter-size stops
            tabs.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        tabs.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        header.add_run(self.board_name).bold = True
        header.add_run(f"\t{self.title}")
        for run in header.runs:
            run.font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        add_field(footer, "PAGE", "1")
        footer.add_run(" of ")
        add_field(footer, "NUMPAGES", "1")
        for run in footer.runs:
            run.font.size = Pt(9)
        if self.marking:  # the protective marking, centred at the top and foot of every page
            for part in (section.header, section.footer):
                line = part.paragraphs[0].insert_paragraph_before() if part is section.header \
                    else part.add_paragraph()
                line.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = line.add_run(self.marking)
                run.bold, run.font.size = True, Pt(9)

    # -- blocks -------------------------------------------------------------------------
    def title_block(self, rows, note=None):
        board = self.doc.add_paragraph(self.board_name, style="Subtitle")
        board.paragraph_format.space_before = Pt(120)  # a cover page, as the PDF's
        board.paragraph_format.space_after = Pt(2)
        self.doc.add_paragraph(self.title, style="Title")
        for label, value in rows:
            p = self.doc.add_paragraph()
            p.paragraph_format.space_after = Pt(2)
            p.add_run(f"{label}: ").bold = True
            add_text(p, value)
        if note:
            p = self.doc.add_paragraph(style="Intense Quote")
            add_text(p, note)

    def contents(self):
        """A table-of-contents field; until Word updates it, it lists the main headings."""
        heading = self.doc.add_paragraph("Contents", style="TOC Heading")
        heading.paragraph_format.page_break_before = True
        self.toc = self.doc.add_paragraph()
        add_field(self.toc, 'TOC \\o "1-2" \\h \\z \\u')

    def heading(self, text, level=1, new_page=False):
        if level == 1:
            self.toc_entries.append(text)
        heading = self.doc.add_heading(text, level=level)
        heading.paragraph_format.page_break_before = new_page or None
        return heading

    def para(self, text="", style=None, bold=False, italic=False):
        p = self.doc.add_paragraph(style=style)
        if text:
            add_text(p, text, bold=bold, italic=italic)
        return p

    def caption(self, text):
        p = self.doc.add_paragraph(text, style="Caption")
        p.paragraph_format.keep_with_next = True
        return p

    def table(self, headers, rows, *, widths=None, numeric=(), totals=(), caption=None,
              empty=None):
        """A table with a repeated header row; ``numeric`` columns right-aligned,
        ``Rag`` cells shaded, ``totals`` rows in bold at the foot."""
        if caption:
            self.caption(caption)
        rows = list(rows)
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        widths = widths or [1] * len(headers)
        scale = TEXT_WIDTH / sum(widths)
        widths = [int(w * scale) for w in widths]
        head = table.rows[0]
        tr_pr = head._tr.get_or_add_trPr()
        _set(tr_pr, "w:cantSplit")
        _set(tr_pr, "w:tblHeader", val="true")
        for i, text in enumerate(headers):
            self._cell(head.cells[i], text, widths[i], i in numeric, bold=True, fill=HEADER_FILL)
        body = rows + [[Bold(str(v)) if not isinstance(v, Rag) else v for v in row]
                       for row in totals]
        for row in body:
            cells = table.add_row().cells
            for i, value in enumerate(row):
                self._cell(cells[i], value, widths[i], i in numeric)
        if not rows and empty:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
            self._cell(merged, empty, TEXT_WIDTH, False, italic=True)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)
        return table

    def _cell(self, cell, value, width, numeric, bold=False, italic=False, fill=None):
        cell.width = width
        p = cell.paragraphs[0]
        # by its id: python-docx's style lookup by name costs ~10 ms a cell
        p._p.get_or_add_pPr().style = self.style_id("Table Text")
        if numeric:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if isinstance(value, Rag):
            fill = RAG_FILL.get(value.rating, fill)
            value = value.text
        add_text(p, "" if value is None else value, bold=bold or isinstance(value, Bold),
                 italic=italic)
        if fill:
            shade_cell(cell, fill)

    def style_id(self, name):
        ids = self.__dict__.setdefault("_style_ids", {})
        if name not in ids:
            ids[name] = self.doc.styles[name].style_id
        return ids[name]

    def rag_run(self, paragraph, rating, text=None):
        run = paragraph.add_run(rag_label(rating) if text is None else text)
        run.bold = True
        shade_run(run, RAG_FILL.get(str(rating), "FFFFFF"))
        return run

    def narrative(self, html, heading_level=2):
        """A narrative as the PDF prints it (Markdown sanitised by ``render_markdown``),
        as Word paragraphs: entities decoded, tags turned into styles, never raw HTML."""
        writer = NarrativeWriter(self, heading_level)
        writer.feed(str(html))
        writer.close()

    def markdown(self, text, heading_level=2):
        self.narrative(render_markdown(text), heading_level)

    def link(self, paragraph, url, text, bold=False, italic=False):
        """A hyperlink run; text only when ``url`` is not an http(s) or mailto address
        (a UNC or file link in a Word file leaks the reader's credentials on click)."""
        if allowed_link(url) is None:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            return run
        r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), r_id)
        paragraph._p.append(hyperlink)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        run.font.underline = True
        run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x99)
        hyperlink.append(run._r)
        return run

    def save(self):
        if self.toc is not None:  # the field's placeholder result: the main headings
            first = True
            for entry in self.toc_entries:
                if first:
                    target, first = self.toc, False
                    end = target.runs[-1]._r  # keep the field's end after the entries
                    target._p.remove(end)
                    target.add_run(entry)
                else:
                    target = self._paragraph_after(target)
                    target.add_run(entry)
            if not first:
                target._p.append(end)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _paragraph_after(self, paragraph):
        new = OxmlElement("w:p")
        paragraph._p.addnext(new)
        return Paragraph(new, paragraph._parent)


class NarrativeWriter(HTMLParser):
    """Sanitised narrative HTML (p, br, lists, strong/em, links, h3/h4, blockquote,
    tables) as Word paragraphs. Entities are decoded, so text comes out literally."""

    def __init__(self, paper, heading_level):
        super().__init__(convert_charrefs=True)
        self.paper, self.doc = paper, paper.doc
        self.heading_level = heading_level
        self.par = None
        self.bold = self.italic = self.quote = 0
        self.href = None
        self.heading = None
        self.lists = []  # [[tag, items so far, item started and not yet written]]
        self.table = None  # rows of [text, header?] while inside a table
        self.cell = None

    def _break(self):
        self.par = None

    def _paragraph(self):
        if self.par is not None:
            return self.par
        style = None
        prefix = ""
        if self.heading:
            level = self.heading_level + (self.heading == "h4")
            if level <= 4:
                style = f"Heading {level}"
        elif self.lists:
            kind, number, fresh = self.lists[-1]
            depth = min(len(self.lists), 3)
            suffix = "" if depth == 1 else f" {depth}"
            if fresh and kind == "ul":
                style = f"List Bullet{suffix}"
            else:
                style = f"List Continue{suffix}"
                if fresh:
                    prefix = f"{number}. "
            self.lists[-1][2] = False
        elif self.quote:
            style = "Quote"
        self.par = self.doc.add_paragraph()
        if style:
            self.par._p.get_or_add_pPr().style = self.paper.style_id(style)
        if self.heading and style is None:
            self.bold += 1  # too deep for a heading: bold text
            self.heading = "bold"
        if prefix:
            self.par.add_run(prefix)
        return self.par

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th") and self.table is not None:
            self.cell = [[], tag == "th"]
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag == "table":
            self._break()
            self.table = []
        elif tag in ("p", "blockquote", "h3", "h4", "ul", "ol", "li"):
            self._break()
            if tag == "blockquote":
                self.quote += 1
            elif tag in ("h3", "h4"):
                self.heading = tag
            elif tag in ("ul", "ol"):
                self.lists.append([tag, 0, False])
            elif tag == "li" and self.lists:
                self.lists[-1][1] += 1
                self.lists[-1][2] = True
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href = allowed_link(dict(attrs).get("href"))
        elif tag == "br":
            if self.cell is not None:
                self.cell[0].append("\n")
            elif self.par is not None and self.par.runs:
                self.par.runs[-1].add_break()

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.table[-1].append(self.cell)
            self.cell = None
        elif tag == "table" and self.table is not None:
            self._write_table()
        elif tag in ("p", "blockquote", "h3", "h4", "ul", "ol", "li"):
            self._break()
            if tag == "blockquote":
                self.quote = max(0, self.quote - 1)
            elif tag in ("h3", "h4"):
                if self.heading == "bold":
                    self.bold = max(0, self.bold - 1)
                self.heading = None
            elif tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            self.href = None

    def handle_data(self, data):
        if self.table is not None:
            if self.cell is not None:
                self.cell[0].append(data)
            return
        text = re.sub(r"\s+", " ", data)
        if self.par is None or not self.par.runs:
            text = text.lstrip()
        if not text:
            return
        paragraph = self._paragraph()
        bold, italic = self.bold > 0, self.italic > 0
        if self.href:
            self.paper.link(paragraph, self.href, text, bold, italic)
        else:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None

    def _write_table(self):
        rows = [[re.sub(r"[ \t\r\f\v]+", " ", "".join(parts)).strip() for parts, _ in row]
                for row in self.table if row]
        header_row = bool(self.table and self.table[0] and all(h for _, h in self.table[0]))
        self.table = None
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        if header_row:
            self.paper.table(rows[0], rows[1:])
        else:
            self.paper.table([""] * width, rows)


# -- the papers ----------------------------------------------------------------------------
