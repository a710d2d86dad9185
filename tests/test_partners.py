"""Partnerships and agency representatives: the words a board's kind uses, the Section 11
cycle an agency runs (round opened → draft → submit → QA → action plan → next round),
challenge responses, progress updates on actions the agency leads, evidence files."""

import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import UpdateEvidence
from lscb.evidence import safe_name
from lscb.models import Board, BoardUser, Challenge, Role, SafeguardingPartner
from lscb.vocabulary import board_kind, checklist_for, partners_of, words_for
from reporting.models import Section11Evidence, Section11Rating, Section11Return, Section11Round
from reporting.section11.services import ensure_standards, round_status, start_return

from . import factories as f
from .fake_pdf import pdf_with_text


def make_rep(board, agency, username="rep", email="rep@example.org"):
    user = f.make_user(username, email=email)
    BoardUser.objects.create(board=board, user=user, role=Role.AGENCY_REP, agency=agency)
    return user


def pdf_upload(name="policy.pdf"):
    return SimpleUploadedFile(name, pdf_with_text("Safeguarding policy"), "application/pdf")


# --- words -----------------------------------------------------------------------------------

def test_each_kind_has_its_words(board):
    assert words_for(board).review == "Serious Case Review"
    assert words_for(board).chair == "LSCB Chair" and words_for(board).body == "board"
    scp = f.make_board("scp", kind=Board.Kind.SCP)
    assert board_kind(scp) == Board.Kind.SCP
    assert words_for(scp).body == "partnership" and words_for(scp).report == "Yearly Report"
    assert words_for(scp).review == "Child Safeguarding Practice Review"
    assert checklist_for(scp)[0] == "Working Together 2023"
    sab = f.make_board("sab", kind=Board.Kind.SAB)
    assert words_for(sab).review == "Safeguarding Adults Review"
    assert words_for(sab).chair == "Independent Chair" and words_for(sab).person == "adult"
    assert checklist_for(sab)[0].startswith("Care Act")
    assert checklist_for(f.make_board("other", kind=Board.Kind.OTHER))[0] == "Working Together 2018"


def test_partners_lead_first(board):
    la = f.make_agency(board, "Council")
    police = f.make_agency(board, "Constabulary")
    SafeguardingPartner.objects.create(board=board, agency=police)
    SafeguardingPartner.objects.create(board=board, agency=la, is_lead=True,
                                       delegated_name="Director of Children's Services")
    assert [p.agency.name for p in partners_of(board)] == ["Council", "Constabulary"]
    assert partners_of(f.make_board("empty")) == []


def test_pages_use_the_boards_words(login, users, board):
    board.kind = Board.Kind.SCP
    board.save()
    page = login(users["viewer"]).get(reverse("reporting:index")).content.decode()
    assert "partnership's papers" in page


# --- the Section 11 cycle --------------------------------------------------------------------

@pytest.fixture
def cycle(board, users):
    police = f.make_agency(board, "Constabulary")
    health = f.make_agency(board, "Hospital Trust")
    standards = ensure_standards(board)
    round_ = Section11Round.objects.create(board=board, title="Section 11 2015/16", year=2015,
                                           opened_on=dt.date(2015, 4, 1),
                                           closes_on=dt.date(2099, 6, 30))
    users["manager"].email = "manager@example.org"
    users["manager"].save()
    return {"police": police, "health": health, "standards": standards, "round": round_,
            "rep": make_rep(board, police), "other_rep": make_rep(board, health, "rep2",
                                                                   "rep2@example.org")}


def answers(standards, rating="green", **extra):
    data = {"completed_by": "DCI Jones, Safeguarding Lead"}
    for s in standards:
        data[f"rating_{s.pk}"] = rating
        data[f"evidence_{s.pk}"] = f"Evidence for {s.title}"
    data.update(extra)
    return data


def test_agency_drafts_submits_and_the_manager_assures(client, login, users, cycle):
    round_, police, standards = cycle["round"], cycle["police"], cycle["standards"]
    url = reverse("reporting:s11_return", args=[round_.pk, police.pk])
    rep = login(cycle["rep"])
    assert "Status: draft" in rep.get(url).content.decode()  # opening it starts a draft
    assert round_status(round_)[0]["state"] == "draft"  # Constabulary first by name
    # a draft: half the standards answered, one amber without a plan, a file
    first = standards[0]
    data = answers(standards[:4], "green")
    data[f"rating_{first.pk}"] = "amber"
    data["files"] = pdf_upload()
    assert rep.post(url, {**data, "save": "1"}).status_code == 302
    ret = Section11Return.objects.get(round=round_, agency=police)
    assert ret.status == "draft" and ret.completed_by == "DCI Jones, Safeguarding Lead"
    assert ret.evidence_files.get().original_name == "policy.pdf"
    # submitting says what is missing and keeps what was typed
    refused = rep.post(url, {**answers(standards[:4]), f"rating_{first.pk}": "amber",
                             "submit": "1"})
    body = refused.content.decode()
    assert refused.status_code == 200 and "cannot be submitted yet" in body
    assert "is not rated" in body and "say what the agency will do" in body
    ret.refresh_from_db()
    assert ret.status == "draft"
    full = answers(standards, **{f"rating_{first.pk}": "amber",
                                 f"plan_what_{first.pk}": "Board-level safeguarding lead named",
                                 f"plan_who_{first.pk}": "Chief Superintendent",
                                 f"plan_by_{first.pk}": "2016-03-31", "submit": "1"})
    mail.outbox.clear()
    assert rep.post(url, full).status_code == 302
    ret.refresh_from_db()
    assert ret.status == "submitted" and ret.submitted_on is not None and not ret.is_late
    assert [m.to for m in mail.outbox] == [["manager@example.org"]]  # the manager is told
    # the manager moderates: a QA rating and comment per standard
    manager = login(users["manager"])
    page = manager.get(url).content.decode()
    assert "QA rating" in page and "Board-level safeguarding lead named" in page
    qa = {**full, f"qa_rating_{first.pk}": "red", f"qa_{first.pk}": "No evidence",
          "save": "1"}
    qa.pop("submit")
    assert manager.post(url, qa).status_code == 302
    rating = Section11Rating.objects.get(section11_return=ret, standard=first)
    assert rating.qa_rating == "red" and rating.rating == "amber" and rating.needs_plan
    grid = manager.get(reverse("reporting:s11_round", args=[round_.pk])).content.decode()
    assert "QA: Red" in grid and "Hospital Trust" in grid and "Not started" in grid

    # next round: starts from the agency's answers, files and shows last round's plan
    nxt = Section11Round.objects.create(board=round_.board, title="Section 11 2017/18",
                                        year=2017, closes_on=dt.date(2015, 1, 1))
    rep = login(cycle["rep"])
    next_url = reverse("reporting:s11_return", args=[nxt.pk, police.pk])
    page = rep.get(next_url).content.decode()
    assert "started from Constabulary's answers" in page
    assert "Board-level safeguarding lead named" in page  # last round's plan, shown
    assert "progress on the last round" in page
    new = Section11Return.objects.get(round=nxt, agency=police)
    assert new.status == "draft" and new.carried_from == ret and new.is_late
    assert new.ratings.count() == len(standards)
    assert new.ratings.get(standard=first).evidence == f"Evidence for {first.title}"
    assert new.evidence_files.get().file.name == ret.evidence_files.get().file.name
    # after the deadline it is still open, and a submission is marked late
    late = answers(standards, **{f"rating_{first.pk}": "green",
                                 f"plan_progress_{first.pk}": "Lead named in May",
                                 "submit": "1"})
    assert rep.post(next_url, late).status_code == 302
    new.refresh_from_db()
    assert new.is_submitted and new.is_late
    assert new.ratings.get(standard=first).plan_progress == "Lead named in May"


def test_representatives_never_see_another_agencys_return(login, cycle):
    round_ = cycle["round"]
    start_return(round_, cycle["health"])
    health_file = Section11Evidence(section11_return=start_return(round_, cycle["health"]),
                                    original_name="h.pdf", uploaded_on=dt.date(2015, 5, 1))
    health_file.file.save("h.pdf", pdf_upload("h.pdf"), save=True)
    rep = login(cycle["rep"])
    assert rep.get(reverse("reporting:s11_return",
                           args=[round_.pk, cycle["health"].pk])).status_code == 404
    assert rep.post(reverse("reporting:s11_return", args=[round_.pk, cycle["health"].pk]),
                    answers(cycle["standards"])).status_code == 404
    assert rep.get(reverse("reporting:s11_evidence", args=[health_file.pk])).status_code == 404
    page = rep.get(reverse("reporting:s11_round", args=[round_.pk])).content.decode()
    assert "Hospital Trust" not in page and "Constabulary" in page
    assert rep.get(reverse("reporting:agency", args=[cycle["health"].pk])).status_code == 404
    assert "Hospital Trust" not in rep.get(reverse("reporting:agencies")).content.decode()
    assert rep.get(reverse("reporting:data_table", args=["section11", "csv"])).status_code == 403
    assert Section11Return.objects.filter(agency=cycle["health"]).count() == 1


def test_reminders_go_to_the_laggards(login, users, cycle):
    round_ = cycle["round"]
    ret = start_return(round_, cycle["police"])
    ret.status = "submitted"
    ret.save()
    mail.outbox.clear()
    response = login(users["manager"]).post(reverse("reporting:s11_remind", args=[round_.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["rep2@example.org"]]
    assert "Hospital Trust" in mail.outbox[0].body and "not started" in mail.outbox[0].body


# --- challenges ------------------------------------------------------------------------------

def test_agency_answers_its_challenge_only(login, users, cycle, board):
    mine = Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                                    agency=cycle["police"], issue="Attendance at the CSE group")
    theirs = Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1),
                                      raised_by="Chair", agency=cycle["health"],
                                      issue="Hospital discharge")
    rep = login(cycle["rep"])
    log = rep.get(reverse("reporting:challenges")).content.decode()
    assert "Attendance at the CSE group" in log and "Hospital discharge" not in log
    assert rep.get(reverse("reporting:challenge_respond", args=[theirs.pk])).status_code == 404
    url = reverse("reporting:challenge_respond", args=[mine.pk])
    bad = rep.post(url, {"response": "", "responded_on": "2015-08-01"})
    assert "cannot come before" in bad.content.decode() and "required" in bad.content.decode()
    mail.outbox.clear()
    done = rep.post(url, {"response": "Deputy named for each meeting",
                          "responded_on": "2015-09-20", "responded_by": "DCI Jones",
                          "files": pdf_upload("deputies.pdf")})
    assert done.status_code == 302
    mine.refresh_from_db()
    assert mine.response == "Deputy named for each meeting" and mine.files.count() == 1
    assert mail.outbox and "responded to a challenge" in mail.outbox[0].subject
    log = login(users["manager"]).get(reverse("reporting:challenges")).content.decode()
    assert "Deputy named for each meeting" in log and "deputies.pdf" in log


# --- progress updates on actions the agency leads --------------------------------------------

def test_agency_posts_updates_on_actions_it_leads_with_evidence(login, cycle, plan, theme,
                                                                own_action):
    from lscb.fiscal import financial_year_of

    year = financial_year_of(dt.date.today())  # a plan running now: updates dated today
    plan.start_year, plan.end_year = year - 1, year + 1
    plan.save()
    led = f.make_action(theme, "1.9", lead_agency=cycle["police"])
    rep = login(cycle["rep"])
    assert rep.get(reverse("actions:edit", args=[led.pk])).status_code == 403  # not edit
    assert rep.post(reverse("actions:post_update", args=[own_action.pk]),
                    {"rag": "green", "date": "2015-09-01"}).status_code == 403
    url = reverse("actions:post_update", args=[led.pk])
    refused = rep.post(url, {"rag": "green", "date": "2015-09-01", "narrative": "On track",
                             "files": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")})
    assert refused.status_code == 200 and "is not a file we accept" in refused.content.decode()
    assert not led.updates.exists()  # nothing saved
    today = dt.date.today().isoformat()  # only the business manager back-dates
    ok = rep.post(url, {"rag": "green", "date": today, "narrative": "Training delivered",
                        "files": pdf_upload("../../Register — Sept.pdf")})
    assert ok.status_code == 302

    evidence = UpdateEvidence.objects.get()
    assert evidence.original_name == "Register  Sept.pdf"  # no folders, no dash
    page = rep.get(reverse("actions:detail", args=[led.pk])).content.decode()
    assert evidence.original_name in page
    assert rep.get(reverse("actions:update_file", args=[evidence.pk]))["Content-Disposition"] \
        .startswith("attachment")


def test_evidence_files_are_sniffed_and_named_safely():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\Résumé.PDF") == "Resume.pdf"
    assert safe_name("") == "evidence"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("word/document.xml", "<x/>")
    from django import forms

    from lscb.evidence import check_upload
    assert check_upload(SimpleUploadedFile("a.docx", docx.getvalue())).name == "a.docx"
    with pytest.raises(forms.ValidationError):
        check_upload(SimpleUploadedFile("a.pdf", docx.getvalue()))  # a Word file named .pdf
    with pytest.raises(forms.ValidationError):
        check_upload(SimpleUploadedFile("a.html", b"<script>alert(1)</script>"))


def test_manager_records_partners_and_the_board_page_lists_them(login, users, board):
    council = f.make_agency(board, "Council", relevant_agency_since=None)
    school = f.make_agency(board, "Academy Trust", relevant_agency_since=dt.date(2019, 9, 29))
    client = login(users["manager"])
    assert client.post(reverse("board:partner_new"), {
        "agency": council.pk, "is_lead": "on", "lead_name": "Chief Executive",
        "delegated_name": "Director of Children's Services"}).status_code == 302
    again = client.post(reverse("board:partner_new"), {"agency": council.pk})
    assert "already a safeguarding partner" in again.content.decode()
    page = login(users["viewer"]).get(reverse("board:settings")).content.decode()
    assert "lead partner" in page and "Director of Children&#x27;s Services" in page
    assert school.name in page and "29 September 2019" in page


def test_the_annual_report_lists_the_years_evidence(login, users, board, own_action):
    from reporting.annual.services import evidence_list, start_report

    update = f.make_update(own_action, "green", dt.date(2015, 10, 1))
    evidence = UpdateEvidence(update=update, original_name="register.pdf")
    evidence.file.save("register.pdf", pdf_upload("register.pdf"), save=True)
    assert evidence_list(board, 2015) == [(dt.date(2015, 10, 1),
                                           f"Progress update on {own_action.reference}",
                                           "register.pdf")]
    assert evidence_list(board, 2016) == []
    start_report(board, 2015)
    page = login(users["viewer"]).get(reverse("reporting:annual_preview", args=[2015]))
    assert "Appendix H: Evidence received" in page.content.decode()
    assert "register.pdf" in page.content.decode()


def test_the_representatives_dashboard_lists_their_agencys_work(login, cycle, board, theme):
    led = f.make_action(theme, "1.7", lead_agency=cycle["police"])
    Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                             agency=cycle["police"], issue="Attendance")
    Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                             agency=cycle["health"], issue="Hospital discharge")
    page = login(cycle["rep"]).get(reverse("dashboard")).content.decode()
    assert "For Constabulary to do" in page and "Section 11 2015/16" in page
    assert "not started" in page and "awaiting your response" in page
    assert f"Action <a href=\"{led.get_absolute_url()}\">1.7</a>" in page
    assert reverse("reporting:s11_return", args=[cycle["round"].pk, cycle["health"].pk]) \
        not in page


def test_daily_reminders_chase_the_representatives(cycle, board):
    from reporting.reminders.services import send_reminders

    round_ = cycle["round"]
    round_.closes_on = dt.date(2015, 10, 10)
    round_.save()
    Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                             agency=cycle["police"], issue="Attendance",
                             response_due=dt.date(2015, 9, 30))
    ret = start_return(round_, cycle["health"])
    ret.status = "submitted"
    ret.save()
    mail.outbox.clear()
    send_reminders(board, dt.date(2015, 10, 1))
    by_address = {m.to[0]: m.body for m in mail.outbox}
    police = by_address["rep@example.org"]
    assert "Section 11 2015/16: not started; due by 10 October 2015" in police
    assert "response was due 30 Sep 2015" in police
    assert "rep2@example.org" not in by_address  # Health submitted and has no challenge
    mail.outbox.clear()
    send_reminders(board, dt.date(2015, 10, 1))  # once a day
    assert "rep@example.org" not in {m.to[0] for m in mail.outbox}


def test_papers_use_the_boards_words_without_a_request(board, plan, groups):
    from django.template.loader import render_to_string

    from reporting.papers.registry import BUSINESS_PLAN

    board.kind = Board.Kind.SCP
    board.introduction = "Three partners lead the arrangements."
    board.save()
    html = render_to_string(BUSINESS_PLAN.body, BUSINESS_PLAN.context(board, plan))
    assert "The Partnership's groups" in html and "board's groups" not in html
    assert "What is the partnership" in html and "What is the board" not in html


def test_scrutiny_recommendations_are_answered_by_actions(login, users, board, theme):
    from plans.models import Source

    client = login(users["manager"])
    form = client.get(reverse("plans:source_new")).content.decode()
    assert "Independent scrutiny" in form  # a kind of source the manager can choose
    scrutiny = Source.objects.create(board=board, kind=Source.Kind.SCRUTINY,
                                     title="Independent scrutiny 2025")
    rec = scrutiny.recommendations.create(number="1", text="Hear the voice of the child")
    f.make_action(theme, "1.4").recommendations.add(rec)
    page = client.get(reverse("plans:source", args=[scrutiny.pk])).content.decode()
    assert "Hear the voice of the child" in page and "1.4" in page
