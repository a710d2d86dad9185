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

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import Truncator
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from lscb.rag import RAG

from .narrative import render_markdown

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TABLE_STYLE = "Table Grid"
HEADER_FILL = "D9E2F3"
# Pale fills behind black text: the word is always there, the colour only helps.
RAG_FILL = {"red": "F4B6B6", "amber": "FFD98A", "green": "C6E0B4", "complete": "BDD7EE",
            "not_started": "E7E6E6"}


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

    def __init__(self, board_name, title, subject=""):
        self.doc = Document()
        self.board_name, self.title = board_name, title
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
        p.style = self.doc.styles["Table Text"]
        if numeric:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if isinstance(value, Rag):
            fill = RAG_FILL.get(value.rating, fill)
            value = value.text
        add_text(p, "" if value is None else value, bold=bold or isinstance(value, Bold),
                 italic=italic)
        if fill:
            shade_cell(cell, fill)

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
        self.par = self.doc.add_paragraph(style=style)
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
            self.href = dict(attrs).get("href")
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

def action_line(paper, action, extra=(), more=True):
    """Reference, RAG (word on its colour), overdue flag, who and when: as the PDF."""
    p = paper.para(style="Action Line")
    p.add_run(action.reference).bold = True
    p.add_run(" ")
    paper.rag_run(p, action.rag)
    if getattr(action, "overdue_at_end", False):
        p.add_run(" ")
        paper.rag_run(p, "red", "Overdue")
    for item in extra:
        p.add_run(f" · {item}")
    p.add_run(f" · Who: {action.owner_label or '—'} · When: {action.due_label or '—'}")
    description = paper.para(action.description)
    description.paragraph_format.keep_with_next = more or None


def action_update(paper, action, show):
    p = paper.para(style="Update")
    if show == "quarter":
        update = action.quarter_update
        if update:
            who = f", {update.author_name}" if update.author_name else ""
            p.add_run(f"Update {day(update.date)}{who}: ").bold = True
            add_text(p, update.narrative or "(no narrative)")
        else:
            p.add_run("No update this quarter.").italic = True
            if action.last_narrative:
                add_text(p, f" Last update {day(action.last_update_on)}: {action.last_narrative}")
    elif action.last_narrative:
        p.add_run(f"Latest update {day(action.last_update_on)}: ").bold = True
        add_text(p, action.last_narrative)
    else:
        p.add_run("No update recorded.").italic = True


def quarterly_document(context, snapshot=None):
    """The quarterly Business Plan monitoring report as .docx bytes."""
    board, plan, quarter = context["board"], context["plan"], context["quarter"]
    previous, following = context["previous"], context["following"]
    summary = context["summary"]
    paper = Paper(board.name, context["title"], f"{plan.title}, {quarter}")
    note = None
    if snapshot is not None:
        note = (f"{quarter} was closed on {day(snapshot.closed_at, 'j F Y')}; the report as it "
                f"was frozen then is the PDF. This Word copy is worked out from the records as "
                f"they stand today, as at {day(quarter.end, 'j F Y')}.")
    paper.title_block([
        ("Plan", plan.title),
        ("Quarter", f"{quarter} ({quarter.months_label})"),
        ("For", "The Business Group"),
        ("Produced", day(context["produced_on"], "j F Y")),
    ], note=note)
    paper.contents()

    paper.heading("1. RAG summary by theme", new_page=True)
    paper.para(f"Position of the {summary['total']} actions of {plan.title} at the end of "
               f"{quarter} ({day(quarter.end, 'j F Y')}). Each action's rating is its latest "
               f"update on or before that date.")
    rags = [rag for rag, _ in summary["counts"]]
    headers = ["Theme", *[Rag(rag) for rag in rags], "Overdue", "Total"]
    numeric = range(1, len(headers))
    paper.table(
        [h.text if isinstance(h, Rag) else h for h in headers],
        [[str(s["theme"]), *[n for _, n in s["summary"]["counts"]], s["summary"]["overdue"],
          s["summary"]["total"]] for s in context["sections"]],
        totals=[["All themes", *[n for _, n in summary["counts"]], summary["overdue"],
                 summary["total"]]],
        widths=[5] + [1.6] * (len(headers) - 1), numeric=numeric,
        caption=f"Actions by RAG rating, {quarter}")
    # the RAG columns' headers carry their colour as well as their word
    table = paper.doc.tables[-1]
    for i, rag in enumerate(rags, start=1):
        shade_cell(table.rows[0].cells[i], RAG_FILL[str(rag)])

    paper.heading("2. Exceptions: red, amber and overdue", new_page=True)
    for action in context["exceptions"]:
        action_line(paper, action)
        action_update(paper, action, "latest")
    if not context["exceptions"]:
        paper.para(f"No action is red, amber or overdue at the end of {quarter}.")

    paper.heading(f"3. RAG movement since {previous}", new_page=True)
    if context["moves"]:
        paper.table(
            ["Ref", "Action", str(previous), str(quarter), "Movement"],
            [[a.reference, Truncator(a.description).words(18, truncate=" …"), Rag(a.prev_rag),
              Rag(a.rag), (a.movement or "").capitalize()] for a in context["moves"]],
            widths=[1.2, 6, 1.8, 1.8, 1.8],
            caption=f"Actions whose rating changed between {day(previous.end)} and "
                    f"{day(quarter.end)}")
    else:
        paper.para(f"No rating changed since {previous}.")

    paper.heading("4. Progress by theme", new_page=True)
    for section in context["sections"]:
        paper.heading(str(section["theme"]), level=2)
        counts = " · ".join(f"{rag.label} {n}" for rag, n in section["summary"]["counts"])
        paper.para(f"{counts} · Overdue {section['summary']['overdue']}", italic=True)
        for action in section["actions"]:
            action_line(paper, action)
            action_update(paper, action, "quarter")
        if not section["actions"]:
            paper.para("No actions in this theme.")

    paper.heading(f"5. Actions due in {following} ({following.months_label})", new_page=True)
    if context["due_next"]:
        paper.table(
            ["Ref", "Action", "Who", "When", "RAG"],
            [[a.reference, Truncator(a.description).words(25, truncate=" …"), a.owner_label,
              a.due_label, Rag(a.rag)] for a in context["due_next"]],
            widths=[1.2, 6, 3, 2, 1.6])
    else:
        paper.para(f"No open actions are due in {following}.")

    paper.heading("6. Reports due under the reporting planner", new_page=True)
    for q, rows in context["reports_due"]:
        paper.heading(f"{q} ({q.months_label})", level=2)
        if rows:
            paper.table(
                ["Due", "Report", "From", "To"],
                [[day(date, "F Y"), item.title,
                  item.responsible_group.name if item.responsible_group else "—",
                  item.get_recipient_display()] for date, item in rows],
                widths=[2, 5, 3.5, 3])
        else:
            paper.para("No planner reports are due.")
    return paper.save()


GROUP_PARTS = [
    ("key_functions", "Key functions"),
    ("key_priorities", "Key priorities this year"),
    ("achieved", "Were they achieved?"),
    ("contribution", "How the work contributed to the board's priorities"),
    ("successes", "Key successes"),
]


def money(value):
    return floatformat(value, 2)


def annual_document(context):
    """The annual report as .docx bytes: every section the PDF prints, in its order."""
    board, report, year_label = context["board"], context["report"], context["year_label"]
    year = context["year"]
    paper = Paper(board.name, context["title"], f"Annual report {year_label}")
    status = report.get_status_display()
    if report.approved_on:
        status += f", approved by {report.approved_by} on {day(report.approved_on, 'j F Y')}"
    paper.title_block([
        ("Financial year", f"{year_label} (1 April {year} to 31 March {year + 1})"),
        ("Status", status),
        ("Produced", day(context["produced_on"], "j F Y")),
    ])
    paper.contents()

    for number, section in enumerate(context["sections"]):
        paper.heading(section.title, new_page=number == 0)  # the narrative runs on
        if str(section.html).strip():
            paper.narrative(section.html, heading_level=2)
        else:
            paper.para("Not written yet.", italic=True)
        if section.key == "planning":
            paper.heading("Reports from the board's groups", new_page=True)
            for g in context["group_reports"]:
                paper.heading(g.subgroup.name, level=2)
                if g.chair:
                    p = paper.para()
                    p.add_run("Chair: ").bold = True
                    p.add_run(g.chair)
                for name, label in GROUP_PARTS:
                    if getattr(g, name):
                        paper.heading(label, level=3)
                        paper.narrative(getattr(g, f"{name}_html"), heading_level=4)

    totals = context["totals"]
    paper.heading(f"Budget {year_label}", new_page=True)
    paper.table(["Source", "£"],
                [[f"{b.label} ({b.agency})" if b.agency else b.label, money(b.amount)]
                 for b in context["income"]],
                totals=[["Total income", money(totals["income"])]],
                widths=[5, 1.5], numeric=[1], caption="Income", empty="None recorded.")
    paper.table(["Item", "£"], [[b.label, money(b.amount)] for b in context["spend"]],
                totals=[["Total expenditure", money(totals["expenditure"])],
                        ["Balance", money(totals["balance"])]],
                widths=[5, 1.5], numeric=[1], caption="Expenditure", empty="None recorded.")

    paper.heading(f"Appendix A: Membership {year_label}", new_page=True)
    paper.table(["Agency", "Role", "Name", "Board role"],
                [[dash(m.agency), m.job_title, m.name, m.get_board_role_display()]
                 for m in context["members"]],
                widths=[3, 3, 2.5, 2.5], empty="No members recorded.")

    paper.heading("Appendix B: Attendance by agency", new_page=True)
    for name, rows, overall in context["attendance"]:
        paper.heading(f"{name}: attendance by agency", level=2)
        paper.table(["Agency", "% attended", "Attended", "Invited"],
                    [[r.agency, f"{r.percent}%", r.attended, r.invited] for r in rows],
                    totals=[["Overall", f"{overall.percent}%", overall.attended, overall.invited]]
                    if overall.invited else (),
                    widths=[5, 1.5, 1.5, 1.5], numeric=[1, 2, 3], empty="No meetings recorded.")

    paper.heading("Appendix C: Performance indicators", new_page=True)
    rows = []
    for row in context["indicators"]:
        ind = row.indicator
        name = f"{ind.name} ({ind.unit})" if ind.unit else ind.name
        rows.append([f"{name}\n{ind.get_polarity_display()}", dash(ind.previous_year_end),
                     *[dash(v) for v in row.quarters], dash(ind.target),
                     row.direction or "Not enough data",
                     Rag(row.rag) if row.rag else "—"])
    paper.table(["Indicator", "EoY previous", "Q1", "Q2", "Q3", "Q4", "Target",
                 "Direction of travel", "Against target"], rows,
                widths=[4, 1.3, 1, 1, 1, 1, 1.2, 1.8, 1.6], numeric=range(1, 7),
                caption=f"Performance indicators {context['indicator_year_label']}",
                empty="No indicators yet.")

    paper.heading("Appendix D: Risk register", new_page=True)
    paper.table(["Ref", "Theme", "Risk", "Inherent", "Residual", "Status"],
                [[r.reference, r.theme, r.description, f"{r.inherent_score} ({r.inherent_band})",
                  f"{r.residual_score} ({r.residual_band})", r.get_status_display()]
                 for r in context["risks"]],
                widths=[1, 2, 5, 1.8, 1.8, 1.5], empty="No open risks.")

    paper.heading("Appendix E: Section 11 audit", new_page=True)
    if context["s11"]:
        standards, s11_rows = context["s11"][0], context["s11"][1]
        letters = {"green": "G", "amber": "A", "red": "R"}
        paper.table(
            ["Agency", *[str(s.number) for s in standards]],
            [[str(agency), *[Rag(c.rating, letters.get(c.rating, c.rating)) if c else "–"
                             for c in cells]] for agency, _ret, cells in s11_rows],
            widths=[4] + [1] * len(standards),
            caption=f"Compliance by agency and standard, {context['s11_round'].title} "
                    f"(G = fully compliant, A = partially, R = not compliant, – = not rated)",
            empty="No returns yet.")
        for s in standards:
            paper.para(f"{s.number}. {s.title}", style="List Continue")
    else:
        paper.para(f"No Section 11 audit round was recorded for {year_label}.")

    paper.heading("Appendix F: Challenge log", new_page=True)
    paper.table(["Raised", "To", "Issue", "Status", "Outcome"],
                [[day(c.raised_on), str(c.agency), c.issue, c.get_status_display(),
                  c.outcome or "—"] for c in context["challenges"]],
                widths=[1.6, 2.2, 4.5, 1.6, 3.5],
                empty=f"No challenges were raised in {year_label}.")

    paper.heading(f"Appendix G: Business plan actions at {day(context['year_end'], 'j F Y')}", new_page=True)
    for a in context["actions"]:
        action_line(paper, a, extra=[a.plan.title],
                    more=bool(a.last_narrative or a.impact_statement))
        if a.last_narrative:
            p = paper.para(style="Update")
            p.add_run(f"Latest update {day(a.last_update_on)}: ").bold = True
            add_text(p, a.last_narrative)
        if a.impact_statement:
            p = paper.para(style="Update")
            p.add_run("Impact: ").bold = True
            add_text(p, a.impact_statement)
            if a.impact_evidence:
                p.add_run(" Evidence: ").italic = True
                add_text(p, a.impact_evidence)
    if not context["actions"]:
        paper.para("No business plan covered this year.")
    return paper.save()
