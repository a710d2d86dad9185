"""Word (.docx) downloads of the quarterly report and the annual report."""

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.oxml.ns import qn

from lscb.models import Challenge
from lscb.papers.docx import CONTENT_TYPE, RAG_FILL
from reporting.annual.services import start_report
from reporting.annual.templates import CLASSIC
from reporting.models import BudgetLine, QuarterSnapshot

from . import factories as f

SCRIPT = '<script>alert("x")</script> & <b>not bold</b>'
QUARTERLY = "/reports/quarterly/docx/?year=2015/16&quarter=2"


def open_docx(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == CONTENT_TYPE
    return docx.Document(io.BytesIO(response.content))


def headings(document, level=None):
    names = {f"Heading {level}"} if level else {"Heading 1", "Heading 2", "Heading 3"}
    return [p.text for p in document.paragraphs if p.style.name in names]


def all_text(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def fill(cell):
    shd = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return shd.get(qn("w:fill")) if shd is not None else None


def repeats_header(table):
    tr_pr = table.rows[0]._tr.find(qn("w:trPr"))
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


@pytest.fixture
def quarter_data(board, plan, theme, groups):
    second = f.make_theme(plan, "2", "Quality Assurance")
    worse = f.make_action(theme, "1.1", owners=[groups["own"]], due=dt.date(2016, 3, 1),
                          description="Develop a programme of appraisal")
    better = f.make_action(theme, "1.2", owners=[groups["other"]], due=dt.date(2015, 11, 1))
    late = f.make_action(second, "2.1", due=dt.date(2015, 8, 1), description=SCRIPT)
    f.make_action(second, "2.2", due=dt.date(2015, 12, 1))
    f.make_update(worse, "green", dt.date(2015, 6, 10), "Started well")
    f.make_update(worse, "red", dt.date(2015, 9, 10), "Chair unavailable since July")
    f.make_update(better, "amber", dt.date(2015, 6, 10), "Slipping")
    f.make_update(better, "green", dt.date(2015, 9, 30), "Back on track\nsecond line")
    f.make_update(late, "amber", dt.date(2015, 9, 1), SCRIPT)
    f.make_report(board, title="Indicators", recipient="business_group",
                                 frequency="quarterly")
    return second


def test_quarterly_docx_has_the_papers_sections_tables_and_text(login, users, quarter_data):
    response = login(users["viewer"]).get(QUARTERLY)
    assert response["Content-Disposition"] == 'attachment; filename="north-quarterly-2015-q2.docx"'
    document = open_docx(response)
    # the same sections as the PDF: built from the same body HTML
    assert headings(document, 1) == ["1. Summary", "2. Indicators and top risks",
                                     "3. Position by theme", "Appendix A. Progress by theme"]
    level2 = headings(document, 2)
    for expected in ["Commentary", "Key exceptions", "Indicator scorecard", "Top risks",
                     "Movement since Q1 2015/16", "Due in Q3 2015/16 (October–December 2015)",
                     "Reports due under the reporting planner", "1. Leadership and Governance",
                     "2. Quality Assurance"]:
        assert expected in level2, expected
    assert any(h.endswith("is asked to:") for h in level2)
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["Business Plan monitoring report Q2 2015/16"]
    text = all_text(document)
    for expected in ["North LSCB", "Chair unavailable since July", "No update this quarter",
                     "Develop a programme of appraisal", "Back on track", "Indicators",
                     "Overdue"]:
        assert expected in text, expected
    assert text.count(SCRIPT) >= 3  # description and narrative, literally, never escaped
    assert "&lt;" not in text and "&amp;" not in text
    # every table has a real style and a header row that repeats on each page
    assert document.tables
    for table in document.tables:
        assert table.style.name == "Table Grid"
        assert repeats_header(table)
    by_header = {t.rows[0].cells[0].text: t for t in document.tables}
    summary = by_header["Theme"]
    assert [c.text for c in summary.rows[0].cells] == [
        "Theme", "Red", "Amber", "Green", "Complete", "Not started", "Overdue", "Total"]
    assert [c.text for c in summary.rows[-1].cells][0] == "All themes"
    headline = by_header["Rating"]
    assert fill(headline.rows[0].cells[1]) in RAG_FILL.values()
    movement = next(t for t in document.tables if t.rows[0].cells[-1].text == "Movement")
    rows = {r.cells[0].text: r.cells for r in movement.rows[1:]}
    assert rows["1.1"][2].text == "Green" and fill(rows["1.1"][2]) == RAG_FILL["green"]
    assert rows["1.1"][3].text == "Red" and fill(rows["1.1"][3]) == RAG_FILL["red"]
    assert rows["1.1"][4].text == "Worse"  # the one word (lscb/glossary.py) the pages use too


def test_docx_page_setup_header_and_footer_fields(login, users, quarter_data):
    document = open_docx(login(users["viewer"]).get(QUARTERLY))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 20
    assert section.header.paragraphs[0].text.startswith("North LSCB")
    footer = section.footer._element
    instructions = [el.text.strip() for el in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Page 1 of 1" in section.footer.paragraphs[0].text
    body = [el.text for el in document.element.body.iter(qn("w:instrText"))]
    assert any(text.strip().startswith("TOC") for text in body)
    props = document.core_properties
    assert props.title == "Business Plan monitoring report Q2 2015/16"
    assert props.author == "North LSCB" and props.language == "en-GB"


def test_rag_word_is_shaded_in_running_text(login, users, quarter_data):
    document = open_docx(login(users["viewer"]).get(QUARTERLY))
    shaded = {}
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            shd = run._r.find(f"{qn('w:rPr')}/{qn('w:shd')}")
            if shd is not None:
                shaded.setdefault(run.text, set()).add(shd.get(qn("w:fill")))
    assert shaded["Red"] == {RAG_FILL["red"]} and shaded["Amber"] == {RAG_FILL["amber"]}


def test_bad_quarter_and_other_board(login, users, quarter_data):
    bad = login(users["viewer"]).get("/reports/quarterly/docx/?year=x")
    assert bad.status_code == 302  # issue 16: to the nearest quarter offered, never a 400
    assert login(users["outsider"]).get(QUARTERLY).status_code == 404
    response = login(users["outsider"]).get(QUARTERLY + "&plan=plan")
    assert response.status_code == 404  # board A's plan by its slug


def test_closed_quarter_says_so(login, users, board, plan, quarter_data):
    snapshot = QuarterSnapshot(board=board, plan=plan, year=2015, quarter=2, html="<p>Q2</p>")
    snapshot.pdf.save("q2.pdf", ContentFile(b"%PDF-1.4"), save=True)
    client = login(users["viewer"])
    text = all_text(open_docx(client.get(QUARTERLY)))
    assert "Q2 2015/16 was closed on" in text and "Chair unavailable since July" in text
    assert "was closed on" not in all_text(open_docx(client.get(QUARTERLY + "&live=1")))


def test_quarterly_docx_query_count_is_constant(login, users, plan, quarter_data, groups):
    client = login(users["viewer"])
    client.get(QUARTERLY)  # warm up sessions and caches

    def count():
        cache.clear()  # positions kept from the last download spare a lookup
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(QUARTERLY).status_code == 200
        return len(ctx)

    few = count()
    theme = plan.themes.get(number="1")
    for n in range(10):
        action = f.make_action(theme, f"1.{n + 10}", owners=[groups["own"], groups["other"]])
        f.make_update(action, "amber", dt.date(2015, 8, 1), f"Narrative {n}")
    assert count() == few


def test_quarterly_page_links_to_the_docx(login, users, quarter_data):
    body = login(users["viewer"]).get("/reports/quarterly/?year=2015/16&quarter=2").content
    assert b"Download Word (.docx)" in body
    assert reverse("reporting:quarterly_docx").encode() + b"?plan=plan&amp;year=2015%2F16" in body


@pytest.fixture
def annual(board, groups, own_action, other_action):
    f.make_update(own_action, "red", dt.date(2016, 2, 1), "No trainer available")
    f.make_update(other_action, "complete", dt.date(2016, 1, 10), "Done")
    other_action.impact_statement = "Reviews finish in 6 months, not 11"
    other_action.impact_evidence = "Case review tracker"
    other_action.save()
    police = f.make_agency(board, "Police")
    Challenge.objects.create(board=board, raised_on=dt.date(2015, 10, 1), raised_by="Chair",
                             agency=police, issue="Police attendance at CSE subgroup")
    report = start_report(board, 2015, template=CLASSIC)
    sections = {s.key: s for s in report.sections.all()}
    sections["foreword"].body = (
        "Our **foreword** with *care* and [a link](https://example.org/lscb).\n\n"
        "- first point\n- second point\n\n1. one\n2. two\n\n"
        "Code `<script>alert(1)</script>` stays literal. Fish & chips < 3.\n\n"
        "<script>alert(2)</script><img src=\"http://evil.example/x.png\">")
    sections["foreword"].save()
    sections["conclusions"].body = "### Looking back\n\nA good year."
    sections["conclusions"].save()
    group = report.group_reports.get(subgroup=groups["own"])
    group.chair, group.achieved = "Casey", "Yes:\n\n- all four\n- **five**"
    group.save()
    BudgetLine.objects.create(report=report, kind="income", label="Council",
                              amount=Decimal("120000"), agency=police)
    BudgetLine.objects.create(report=report, kind="expenditure", label="Staff",
                              amount=Decimal("100000.50"))
    return report


def test_annual_docx_has_every_section_in_the_pdfs_order(login, users, annual):
    response = login(users["viewer"]).get(reverse("reporting:annual_docx", args=[2015]))
    assert response["Content-Disposition"] == 'attachment; filename="north-annual-report-2015.docx"'
    document = open_docx(response)
    # only the written sections (the foreword and conclusions); the groups follow the
    # last written one before the planning section
    assert headings(document, 1)[:4] == [
        "Foreword", "Reports from the board's groups", "Conclusions", "Budget 2015/16"]
    assert headings(document, 1)[4:] == [
        "Appendix A: Membership 2015/16", "Appendix B: Attendance by agency",
        "Appendix C: Performance indicators", "Appendix D: Risk register",
        "Appendix E: Section 11 audit", "Appendix F: Challenge log",
        "Appendix G: Business plan actions at 31 March 2016"]
    level2 = headings(document, 2)
    assert "Learning and Improvement" in level2 and "Case Review Group" in level2
    assert "Looking back" in level2  # a Markdown heading inside a section
    assert "Were they achieved?" in headings(document, 3)
    for table in document.tables:
        assert table.style.name == "Table Grid" and repeats_header(table)
    text = all_text(document)
    for expected in ["Annual Report 2015/16", "No trainer available", "Police attendance at CSE",
                     "Impact: Reviews finish in 6 months, not 11", "Case review tracker",
                     "£120,000", "Total income", "Balance", "£19,999.50", "Council (Police)",
                     "Chair: Casey", "Fish & chips < 3."]:
        assert expected in text, expected


def test_annual_markdown_becomes_word_formatting_not_html(login, users, annual):
    document = open_docx(login(users["viewer"]).get(reverse("reporting:annual_docx", args=[2015])))
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs)
                 if p.text == "Foreword" and p.style.name == "Heading 1")
    foreword = paragraphs[start + 1:start + 8]
    first = foreword[0]
    assert first.text == "Our foreword with care and a link."
    assert [r.text for r in first.runs if r.bold] == ["foreword"]
    assert [r.text for r in first.runs if r.italic] == ["care"]
    links = first._p.findall(qn("w:hyperlink"))
    assert len(links) == 1
    target = first.part.rels[links[0].get(qn("r:id"))].target_ref
    assert target == "https://example.org/lscb"
    assert [(p.style.name, p.text) for p in foreword[1:5]] == [
        ("List Bullet", "first point"), ("List Bullet", "second point"),
        ("List Continue", "1. one"), ("List Continue", "2. two")]
    assert foreword[5].text == "Code <script>alert(1)</script> stays literal. Fish & chips < 3."
    text = all_text(document)
    for banned in ["alert(2)", "<img", "evil.example", "<p>", "<strong>", "&amp;", "&lt;"]:
        assert banned not in text, banned
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert "all four" in bullets and "five" in bullets


def test_annual_docx_permissions_and_buttons(login, users, annual):
    url = reverse("reporting:annual_docx", args=[2015])
    for role in ["viewer", "chair", "manager"]:
        assert login(users[role]).get(url).status_code == 200
    assert login(users["outsider"]).get(url).status_code == 404
    assert login(users["viewer"]).get(reverse("reporting:annual_docx", args=[2014])).status_code == 404
    assert login(users["viewer"]).post(url).status_code == 405
    for page in ["reporting:annual_edit", "reporting:annual_preview"]:
        body = login(users["viewer"]).get(reverse(page, args=[2015])).content.decode()
        assert f'href="{url}">Download Word (.docx)' in body


def test_every_paper_word_file_comes_from_its_body(login, users, board, plan, groups,
                                                   quarter_data):
    """One path: charts as pictures, the contents field updated on opening, table widths
    in the grid (LibreOffice) and the cells (Word), the plan and work plan in Word too."""
    client = login(users["viewer"])
    quarterly = open_docx(client.get(QUARTERLY))
    assert quarterly.inline_shapes  # the RAG chart (and heat map) as pictures
    update = quarterly.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    plan_doc = client.get(reverse("reporting:business_plan_docx", args=[plan.slug]))
    assert plan_doc.status_code == 200
    document = open_docx(plan_doc)
    actions = next(t for t in document.tables if t.rows[0].cells[0].text == "Ref")
    grid = [int(c.get(qn("w:w"))) for c in actions._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[0] < grid[1]  # the narrow reference column stays narrow
    layout = actions._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout is not None and layout.get(qn("w:type")) == "fixed"
    assert "Develop a programme of appraisal" in all_text(document)
    work = client.get(reverse("reporting:workplan_docx", args=[groups["own"].slug]))
    assert work.status_code == 200 and open_docx(work).paragraphs
