"""The annual report the board writes: sections from templates, added, renamed,
reordered and removed; written or generated from the records; several signatories; a
draft marked DRAFT on every page with unwritten sections listed on screen only."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plans.models import Recommendation, Source
from reporting.annual.services import annual_context, start_report
from reporting.annual.templates import LSCB, PARTNERSHIP
from reporting.models import AnnualReportSignatory

from . import factories as f


@pytest.fixture
def report(board, plan, theme, groups):
    action = f.make_action(theme, "1.1", description="Train the workforce in neglect")
    f.make_update(action, "green", dt.date(2015, 9, 1), "Courses full")
    source = Source.objects.create(board=board, kind="scr", title="SCR Child A")
    Recommendation.objects.create(source=source, number="1", text="Share chronologies")
    return start_report(board, 2015)


def keys(report):
    return list(report.sections.order_by("order").values_list("key", flat=True))


def test_a_board_starts_from_the_lscb_template_and_a_partnership_from_its_own(report, board):
    assert keys(report) == [key for key, _t, _g in LSCB.sections] and len(LSCB.sections) >= 20
    board.kind = "scp"
    board.save()
    yearly = start_report(board, 2016)
    assert keys(yearly) == [key for key, _t, _g in PARTNERSHIP.sections]
    assert yearly.sections.get(key="independent_scrutiny").heading == "Independent scrutiny"


def test_generated_sections_print_records_and_unwritten_ones_are_listed_not_printed(report):
    report.sections.filter(key="foreword").update(body="Our year in brief.")
    context = annual_context(report)
    printed = [s.key for s in context["sections"]]
    assert "foreword" in printed and "training" in printed and "case_reviews" in printed
    assert "conclusions" not in printed
    assert "conclusions" in [s.key for s in context["unwritten"]]
    assert [a.reference for a in context["training_actions"]] == ["1.1"]
    assert [s.title for s in context["case_reviews"]] == ["SCR Child A"]


def test_manager_adds_renames_reorders_and_removes_sections(login, users, report):
    client = login(users["manager"])
    year = report.year
    response = client.post(reverse("reporting:annual_section_add", args=[year]),
                           {"heading": "Private fostering", "generated": ""})
    assert response.status_code == 302 and keys(report)[-1] == "private-fostering"
    again = client.post(reverse("reporting:annual_section_add", args=[year]),
                        {"heading": "Private fostering"})
    assert "already has a section of that name" in again.content.decode()
    client.post(reverse("reporting:annual_section_move", args=[year, "private-fostering"]),
                {"direction": "up"})
    assert keys(report)[-2] == "private-fostering"
    client.post(reverse("reporting:annual_section", args=[year, "foreword"]),
                {"title": "Foreword from the Independent Chair", "generated": "", "body": "Hello"})
    assert report.sections.get(key="foreword").heading == "Foreword from the Independent Chair"
    client.post(reverse("reporting:annual_section_remove", args=[year, "equality"]))
    assert "equality" not in keys(report)
    page = client.get(reverse("reporting:annual_edit", args=[year])).content.decode()
    assert "Foreword from the Independent Chair" in page and "Move up" in page


def test_templates_add_only_missing_sections(login, users, report):
    report.sections.filter(key="voice").delete()
    before = report.sections.count()
    login(users["manager"]).post(reverse("reporting:annual_template", args=[report.year]),
                                 {"template": "partnership"})
    added = report.sections.count() - before
    assert added == len({k for k, _t, _g in PARTNERSHIP.sections}
                        - {k for k, _t, _g in LSCB.sections})


def test_others_cannot_change_sections_or_signatories(login, users, report):
    year = report.year
    for role in ["viewer", "chair"]:
        client = login(users[role])
        assert client.post(reverse("reporting:annual_section_remove",
                                   args=[year, "foreword"])).status_code == 403
        assert client.post(reverse("reporting:annual_signatory_add", args=[year]),
                           {"name": "X"}).status_code == 403
    assert "foreword" in keys(report) and not AnnualReportSignatory.objects.exists()


def test_several_signatories_each_sign_off(login, users, report):
    client = login(users["manager"])
    url = reverse("reporting:annual_signatory_add", args=[report.year])
    for name, role in [("Ann Chair", "Independent Chair"), ("Bob Police", "Chief Constable"),
                       ("Cath Health", "ICB Chief Nurse")]:
        assert client.post(url, {"name": name, "role": role, "order": 0}).status_code == 302
    bob = AnnualReportSignatory.objects.get(name="Bob Police")
    client.post(reverse("reporting:annual_signatory", args=[report.year, bob.pk]),
                {"name": bob.name, "role": bob.role, "order": 0, "signed_on": "2016-07-01"})
    bob.refresh_from_db()
    assert bob.signed_on == dt.date(2016, 7, 1)
    bad = client.post(url, {"name": "", "order": 0})
    assert bad.status_code == 200 and AnnualReportSignatory.objects.count() == 3
    report.sections.filter(key="foreword").update(body="Foreword text")
    preview = client.get(reverse("reporting:annual_preview", args=[report.year])).content.decode()
    assert "Bob Police" in preview and "signed off 1 July 2016" in preview
    assert "awaiting sign-off" in preview  # a draft: not signed yet


def test_draft_preview_lists_unwritten_sections_on_screen(login, users, report):
    page = login(users["viewer"]).get(
        reverse("reporting:annual_preview", args=[report.year])).content.decode()
    assert "Not written yet (" in page and "Conclusions" in page


@pytest.mark.real_pdf
def test_draft_pdf_is_marked_on_every_page_and_prints_no_placeholders(report, settings, tmp_path):
    from reporting.papers.registry import ANNUAL

    settings.MEDIA_ROOT = tmp_path
    report.sections.filter(key="foreword").update(body="Our year in brief.")
    AnnualReportSignatory.objects.create(report=report, name="Ann Chair", role="Independent Chair")
    pdf, _cached = ANNUAL.pdf(ANNUAL.context(report))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Not written yet" not in text and "Conclusions" not in text
    for expected in ["Our year in brief.", "Ann Chair, Independent Chair", "Multi-agency training",
                     "SCR Child A", "Share chronologies"]:
        assert expected in text, expected
    # the DRAFT mark is drawn on every page
    assert all("DRAFT" in (page.extract_text() or "") for page in reader.pages)
