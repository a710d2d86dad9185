"""The quarterly Business Plan monitoring report and the PDF engine."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lscb.fiscal import Quarter
from lscb.papers.pdf import RefusedURL, check_url, static_file_url
from reporting.models import ReportingItem
from reporting.papers.quarterly import movement, quarterly_context
from reporting.papers.registry import QUARTERLY

from . import factories as f


@pytest.fixture
def report_data(board, plan, theme, groups):
    second = f.make_theme(plan, "2", "Quality Assurance")
    a = {
        "worse": f.make_action(theme, "1.1", owners=[groups["own"]], due=dt.date(2016, 3, 1),
                               description="Develop a programme of appraisal"),
        "better": f.make_action(theme, "1.2", owners=[groups["other"]], due=dt.date(2015, 11, 1)),
        "late": f.make_action(second, "2.1", due=dt.date(2015, 8, 1),
                              description="Review the QA framework"),
        "quiet": f.make_action(second, "2.2", due=dt.date(2015, 12, 1)),
    }
    f.make_update(a["worse"], "green", dt.date(2015, 6, 10), "Started well")
    f.make_update(a["worse"], "red", dt.date(2015, 9, 10), "Chair unavailable since July")
    f.make_update(a["better"], "amber", dt.date(2015, 6, 10), "Slipping")
    f.make_update(a["better"], "green", dt.date(2015, 9, 30), "Back on track")
    f.make_update(a["better"], "complete", dt.date(2015, 10, 2), "Done (next quarter)")
    f.make_update(a["quiet"], "green", dt.date(2015, 5, 1), "Q1 only")
    ReportingItem.objects.create(board=board, title="S.11 Audit", recipient="board",
                                 frequency="annually", months=[3])
    ReportingItem.objects.create(board=board, title="Indicators", recipient="business_group",
                                 frequency="quarterly")
    return a


def test_movement_rules():
    assert movement("red", "green") == "improved"
    assert movement("green", "amber") == "worsened"
    assert movement("not_started", "amber") == "new"
    assert movement("amber", "complete") == "completed"
    assert movement("green", "green") is None


def test_context_is_the_position_at_the_quarter_end(board, plan, report_data):
    context = quarterly_context(board, plan, Quarter(2015, 2))
    by_ref = {a.reference: a for s in context["sections"] for a in s["actions"]}
    assert by_ref["1.2"].rag == "green"  # the October "complete" is after the quarter end
    assert by_ref["1.1"].rag == "red" and by_ref["1.1"].movement == "worsened"
    assert by_ref["1.2"].movement == "improved"
    assert by_ref["2.1"].movement is None and by_ref["2.1"].overdue_at_end
    assert by_ref["2.2"].quarter_update is None
    assert by_ref["1.1"].quarter_update.narrative == "Chair unavailable since July"
    assert [a.reference for a in context["exceptions"]] == ["1.1", "2.1"]
    assert [a.reference for a in context["due_next"]] == ["1.2", "2.2"]
    assert dict(context["summary"]["counts"])["red"] == 1
    this_q, next_q = context["reports_due"]
    assert [item.title for _, item in this_q[1]] == ["Indicators"]
    assert [item.title for _, item in next_q[1]] == ["Indicators"]


def test_update_on_31_march_is_q4_and_1_april_is_q1(board, plan, theme):
    action = f.make_action(theme, "1.9", due=dt.date(2016, 6, 1))
    f.make_update(action, "amber", dt.date(2016, 3, 31), "Last day of Q4")
    f.make_update(action, "green", dt.date(2016, 4, 1), "First day of Q1")
    q4 = quarterly_context(board, plan, Quarter(2015, 4))
    q1 = quarterly_context(board, plan, Quarter(2016, 1))
    only = lambda ctx: ctx["sections"][0]["actions"][0]  # noqa: E731
    assert only(q4).quarter_update.narrative == "Last day of Q4" and only(q4).rag == "amber"
    assert only(q1).quarter_update.narrative == "First day of Q1" and only(q1).rag == "green"


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_html_preview_for_every_role(login, users, report_data):
    for role in ["manager", "chair", "viewer"]:
        response = login(users[role]).get("/reports/quarterly/?year=2015/16&quarter=2")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Business Plan monitoring report Q2 2015/16" in body
        assert "Chair unavailable since July" in body
        assert "No update this quarter" in body


def test_bad_quarter_is_a_clear_error(login, users, report_data):
    response = login(users["viewer"]).get("/reports/quarterly/?year=nonsense&quarter=9")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert login(users["viewer"]).get("/reports/quarterly/pdf/?year=x").status_code == 400


@pytest.mark.real_pdf
def test_pdf_download_has_every_section_and_is_tagged(login, users, report_data):
    response = login(users["chair"]).get("/reports/quarterly/pdf/?year=2015/16&quarter=2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader, text = pdf_text(response.content)
    for expected in ["1. Summary", "Key exceptions", "2. Indicators and top risks",
                     "3. Position by theme", "Movement since Q1 2015/16",
                     "Appendix A. Progress by theme", "Due in Q3 2015/16",
                     "Reports due under the reporting planner",
                     "Develop a programme of appraisal", "Chair unavailable since July",
                     "No update this quarter", "Page 2 of", "Indicators"]:
        assert expected in text, expected
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Business Plan monitoring report Q2 2015/16")


def test_unchanged_paper_is_not_rendered_twice(board, plan, report_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    context = quarterly_context(board, plan, Quarter(2015, 2))
    first, cached = QUARTERLY.pdf(context)
    assert not cached
    again, cached = QUARTERLY.pdf(context)
    assert cached and again == first
    f.make_update(report_data["quiet"], "amber", dt.date(2015, 9, 1), "Now slipping")
    changed = quarterly_context(board, plan, Quarter(2015, 2))
    _, cached = QUARTERLY.pdf(changed)
    assert not cached


def test_url_fetcher_allows_only_static_files(settings, tmp_path):
    css = static_file_url("css/print.css")
    assert check_url(css).name == "print.css"
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    for url in ["http://example.org/x.png", "https://169.254.169.254/latest/meta-data",
                "ftp://example.org/a", outside.as_uri(), "file:///etc/passwd",
                css.replace("print.css", "../../../../etc/passwd"), "file://evil.example/x.css"]:
        with pytest.raises(RefusedURL):
            check_url(url)


@pytest.mark.real_pdf
def test_user_text_is_escaped_in_html_and_pdf(login, users, theme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    payload = '<script>alert(1)</script><img src="http://evil.example/x.png"> & <b>bold</b>'
    action = f.make_action(theme, "1.1", description=payload, due=dt.date(2015, 9, 1))
    f.make_update(action, "red", dt.date(2015, 9, 1), payload)
    client = login(users["viewer"])
    html = client.get("/reports/quarterly/?year=2015/16&quarter=2").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src="http://evil.example' not in html
    pdf = client.get("/reports/quarterly/pdf/?year=2015/16&quarter=2").content
    _, text = pdf_text(pdf)
    assert "<script>alert(1)</script>" in text.replace("\n", "")
    assert '<img src="http://evil.example/x.png">' in text.replace("\n", "")


def test_another_boards_plan_is_not_found(login, users, report_data, plan):
    response = login(users["outsider"]).get(f"/reports/quarterly/?plan={plan.slug}")
    assert response.status_code == 404
    assert login(users["outsider"]).get(
        reverse("reporting:quarterly_pdf") + f"?plan={plan.slug}").status_code == 404
