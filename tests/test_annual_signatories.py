"""Who signs the annual report off: one signatory per safeguarding partner (lead first) on a
partnership's yearly report, the independent chair on a board's annual report; the partners
added later with one button; a partnership's report approved only once every partner signed.
Adults boards start from the LSCB's sections in adults' words."""

import datetime as dt

import pytest
from django.urls import reverse

from lscb.models import SafeguardingPartner
from reporting.annual.services import start_report
from reporting.annual.signatories import (
    PartnersNotSigned,
    add_partner_signatories,
    partners_not_signed,
)
from reporting.annual.signoff import approve
from reporting.annual.templates import ADULTS, LSCB, PARTNERSHIP, default_template
from reporting.models import AnnualReport

from . import factories as f


def make_partners(board):
    """Three partners, the lead (the council) not first by name."""
    board.kind = "scp"
    board.save()
    police = f.make_agency(board, "A Police")
    council = f.make_agency(board, "B Council")
    icb = f.make_agency(board, "C Integrated Care Board")
    SafeguardingPartner.objects.create(board=board, agency=police, lead_name="Chief Constable")
    SafeguardingPartner.objects.create(board=board, agency=council, is_lead=True,
                                       lead_name="Chief Executive")
    SafeguardingPartner.objects.create(board=board, agency=icb)
    return police, council, icb


def rows(report):
    return [(s.name, s.role, s.agency.name if s.agency else None)
            for s in report.signatories.all()]


def test_a_partnerships_report_starts_with_one_signatory_per_partner_lead_first(board):
    make_partners(board)
    report = start_report(board, 2025)
    assert rows(report) == [
        ("Chief Executive", "B Council (lead safeguarding partner)", "B Council"),
        ("Chief Constable", "A Police", "A Police"),
        ("C Integrated Care Board", "Safeguarding partner", "C Integrated Care Board")]
    start_report(board, 2025)  # starting again adds nobody
    assert report.signatories.count() == 3


def test_a_board_starts_with_its_independent_chair_if_it_records_one(board):
    start_report(board, 2014)
    assert not AnnualReport.objects.get(board=board, year=2014).signatories.exists()
    chair = f.make_member(board, "Pat Chair", job_title="Independent Chair")
    board.independent_chair = chair
    board.save()
    report = start_report(board, 2015)
    assert rows(report) == [("Pat Chair", "Independent Chair", None)]


def test_add_the_partners_adds_only_the_missing_ones(board):
    police, council, icb = make_partners(board)
    report = start_report(board, 2025)
    report.signatories.filter(agency=police).update(name="Jo Bloggs")  # renamed: kept
    report.signatories.filter(agency=icb).delete()  # removed by the manager
    probation = f.make_agency(board, "D Probation")
    SafeguardingPartner.objects.create(board=board, agency=probation, lead_name="Head")
    added = add_partner_signatories(report)
    assert [s.agency for s in added] == [icb, probation]
    assert add_partner_signatories(report) == []
    assert [r[0] for r in rows(report)] == ["Chief Executive", "Jo Bloggs",
                                           "C Integrated Care Board", "Head"]


def test_a_partnerships_report_is_approved_only_when_every_partner_signed(board):
    police, council, icb = make_partners(board)
    report = start_report(board, 2025)
    report.signatories.exclude(agency=icb).update(signed_on=dt.date(2026, 6, 1))
    assert partners_not_signed(report) == ["C Integrated Care Board"]
    with pytest.raises(PartnersNotSigned, match="C Integrated Care Board has not signed"):
        approve(report, None, "Partners", dt.date(2026, 6, 2), None)
    report.refresh_from_db()
    assert report.status == "draft" and not report.approvals.exists()
    report.signatories.filter(agency=icb).update(signed_on=dt.date(2026, 6, 2))
    assert partners_not_signed(report) == []
    report.signatories.filter(agency=police).delete()  # a partner without a signatory
    assert partners_not_signed(report) == ["A Police"]


def test_once_every_partner_signed_the_single_approval_still_works(board, users):
    from django.core.files.base import ContentFile

    from reporting.models import PaperJob

    make_partners(board)
    report = start_report(board, 2025)
    report.signatories.update(signed_on=dt.date(2026, 6, 1))
    job = PaperJob(board=board, annual_report=report, status="done", content_hash="abc")
    job.pdf.save("yearly.pdf", ContentFile(b"%PDF-1.4 fake"), save=True)
    approval = approve(report, job, "The three partners", dt.date(2026, 6, 2), users["manager"])
    report.refresh_from_db()
    assert report.status == "approved" and approval.approved_by == "The three partners"


def test_an_lscb_needs_no_partner_signatures(board):
    report = start_report(board, 2015)
    assert partners_not_signed(report) == []


def test_the_approve_page_says_which_partners_have_not_signed(board, login, users):
    make_partners(board)
    report = start_report(board, 2025)
    client = login(users["manager"])
    page = client.get(reverse("reporting:annual_edit", args=[2025])).content.decode()
    assert "can be approved only when every partner has signed it off" in page
    assert "Not signed off yet:</strong> B Council, A Police, C Integrated Care Board" in page
    response = client.post(reverse("reporting:annual_approve", args=[2025]),
                           {"approved_by": "Partners", "approved_on": "2026-06-02"}, follow=True)
    report.refresh_from_db()
    assert report.status == "draft"
    assert "agreed by its safeguarding partners: B Council, A Police, C Integrated Care " \
           "Board have not signed it off yet" in response.content.decode()
    report.signatories.update(signed_on=dt.date(2026, 6, 1))
    response = client.post(reverse("reporting:annual_approve", args=[2025]),
                           {"approved_by": "Partners", "approved_on": "2026-06-02"}, follow=True)
    assert "Produce the PDF" in response.content.decode()  # signed: now only the PDF is asked
    page = client.get(reverse("reporting:annual_edit", args=[2025])).content.decode()
    assert "Not signed off yet" not in page


@pytest.mark.parametrize("who, status", [("viewer", 403), ("chair", 403), ("manager", 302)])
def test_add_the_partners_button_by_role(board, login, users, who, status):
    police, council, icb = make_partners(board)
    report = start_report(board, 2025)
    report.signatories.all().delete()
    url = reverse("reporting:annual_signatories_partners", args=[2025])
    assert login(users[who]).get(url).status_code in (403, 405)
    response = login(users[who]).post(url)
    assert response.status_code == status
    assert report.signatories.count() == (3 if who == "manager" else 0)
    if who == "manager":
        page = login(users[who]).get(reverse("reporting:annual_edit", args=[2025]))
        assert "Add the partners as signatories" in page.content.decode()


def test_default_template_by_kind(board):
    for kind, template in [("lscb", LSCB), ("scp", PARTNERSHIP), ("sab", ADULTS),
                           ("other", LSCB)]:
        board.kind = kind
        assert default_template(board) is template, kind
    headings = dict((key, title) for key, title, _g in ADULTS.sections)
    assert [k for k, _t, _g in ADULTS.sections] == [k for k, _t, _g in LSCB.sections]
    assert headings["case_reviews"] == "Safeguarding Adults Reviews"
    assert "Care Act 2014" in headings["board"]
    assert not any("child" in title.lower() for title in headings.values())


def test_an_adults_board_report_starts_in_adults_words(board):
    board.kind = "sab"
    board.save()
    report = start_report(board, 2025)
    assert report.title == "Annual Report 2025/26"
    assert report.sections.get(key="case_reviews").heading == "Safeguarding Adults Reviews"


def test_the_word_copy_shows_each_partner_signed_or_awaiting(board, login, users):
    import io

    from docx import Document

    police, council, icb = make_partners(board)
    report = start_report(board, 2025)
    report.sections.filter(key="foreword").update(body="Our foreword.")
    report.signatories.filter(agency=council).update(signed_on=dt.date(2026, 6, 30))
    response = login(users["viewer"]).get(reverse("reporting:annual_docx", args=[2025]))
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Chief Executive, B Council (lead safeguarding partner) — signed off 30 June 2026" \
        in text
    assert "Chief Constable, A Police — awaiting sign-off" in text
    assert "C Integrated Care Board, Safeguarding partner — awaiting sign-off" in text
