"""Board isolation: a user of board A never sees board B's data, in pages, searches,
exports (CSV, XLSX, Word, the board archive), PDFs, calendar feeds and htmx fragments;
B's objects give 404, never 403 and never the data.

Board A is the permission matrix's (its ``objects`` fixture, one of every object);
board B gets one of every object too, with the same slugs, references and years as A,
and "Zanzibar" in every text. A's business manager and chair are also members of B
(viewer, and chair of B's group with A's group's slug): the hardest case, a user
who could switch to B, with A as the current board.
"""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from actions.models import PlanImport, UpdateEvidence
from lscb.middleware import SESSION_KEY
from lscb.models import BoardUser, Challenge, ChallengeEvidence, Role, SafeguardingPartner
from plans.models import CaseReview, Indicator, IndicatorValue, Recommendation, Risk, Source
from reporting.annual.services import start_report
from reporting.exports.tables import TABLES
from reporting.models import (
    AnnualReportApproval,
    AnnualReportSection,
    BudgetLine,
    CalendarFeed,
    PaperJob,
    QuarterSnapshot,
    Section11Evidence,
    Section11Rating,
    Section11Return,
    Section11Round,
    Section11Standard,
    SnapshotRow,
)
from subgroups.models import Attendance, GroupMembership, Meeting, SubgroupFunction

from . import factories as f
from . import test_permission_matrix as matrix
from .conftest import shared
from .fake_pdf import pdf_with_text

objects = matrix.objects  # board A: one of every object (the permission matrix's fixture)

MARK = "Zanzibar"
UPDATE_DATE = dt.date(2015, 9, 1)


pytestmark = pytest.mark.usefixtures("shared_world")  # A and B are made once (read only)


def build_shared(world):
    objects = matrix.make_objects(world["board"], world["plan"], world["own_action"],
                                  world["groups"], world["users"])
    return {"objects": objects,
            "bravo": make_bravo(world["other_board"], world["users"], objects)}


@pytest.fixture
def bravo(request, other_board, users, objects):
    return shared(request, "bravo") or make_bravo(other_board, users, objects)


def make_bravo(other_board, users, objects):
    """Board B with one of every object, and A's manager and chair as members of B."""
    b = other_board
    manager_b = users["outsider"]
    BoardUser.objects.create(board=b, user=users["manager"], role=Role.VIEWER)
    BoardUser.objects.create(board=b, user=users["chair"], role=Role.CHAIR)
    agency = f.make_agency(b, f"{MARK} Police")
    member = f.make_member(b, f"{MARK} Member", agency=agency, job_title=f"{MARK} Lead")
    group = f.make_subgroup(b, f"{MARK} Learning Group", slug="learning",
                            description=f"{MARK} group description")
    group.leads.add(users["chair"], manager_b)
    SubgroupFunction.objects.create(subgroup=group, number=1, text=f"{MARK} function")
    GroupMembership.objects.create(subgroup=group, member=member, start_date=dt.date(2015, 4, 1))
    plan = f.make_plan(b, title=f"{MARK} Business Plan", slug="plan",
                       introduction=f"{MARK} introduction")
    theme = f.make_theme(plan, "1", f"{MARK} Governance")
    action = f.make_action(theme, "1.1", owners=[group], description=f"{MARK} action to do",
                           outcome=f"{MARK} outcome", due=dt.date(2015, 12, 1))
    draft = f.make_plan(b, title=f"{MARK} Draft Plan", slug="draft", start_year=2018,
                        end_year=2020, introduction=f"{MARK} draft introduction")
    f.make_theme(draft, "1", f"{MARK} draft theme")
    f.make_action(theme, "1.2", owners=[group], description=f"{MARK} future action",
                  due=dt.date.today() + dt.timedelta(days=30))
    b_update = update_b = f.make_update(action, rag="red", date=UPDATE_DATE,
                             narrative=f"{MARK} update narrative", author=manager_b)
    indicator = Indicator.objects.create(board=b, name=f"{MARK} re-referrals")
    IndicatorValue.objects.create(indicator=indicator, year=2015, quarter=1, value=7)
    risk = Risk.objects.create(board=b, theme=f"{MARK} risk theme", reference="R1",
                               description=f"{MARK} risk", inherent_likelihood=5,
                               inherent_impact=5, residual_likelihood=4, residual_impact=4)
    source = Source.objects.create(board=b, kind="ofsted", title=f"{MARK} Ofsted 2015")
    Recommendation.objects.create(source=source, number="1", text=f"{MARK} recommendation")
    item = f.make_report(b, title=f"{MARK} S.11 report", recipient="board",
                                        frequency="monthly", months=list(range(1, 13)))
    receipt = f.make_receipt(item, due_date=dt.date(2016, 3, 31),
                                           received_on=dt.date(2016, 3, 30), note=f"{MARK} note")
    receipt.file.save("s11.pdf", ContentFile(pdf_with_text(f"{MARK} receipt")))
    batch = PlanImport(board=b, user=manager_b, original_name=f"{MARK}.csv", plan=plan)
    batch.file.save("p.csv", ContentFile(f"Action\n{MARK} import\n".encode()))
    feed = CalendarFeed.objects.create(board=b, user=manager_b, token="bravo-secret-token")
    annual = start_report(b, 2015)
    AnnualReportSection.objects.filter(report=annual).update(body=f"{MARK} section text")
    annual.sections.create(key="spare", title=f"{MARK} spare", order=99)
    signatory = annual.signatories.create(name=f"{MARK} signatory")
    BudgetLine.objects.create(report=annual, kind="income", label=f"{MARK} budget line",
                              agency=agency, amount=1000)
    job = PaperJob.objects.create(board=b, annual_report=annual, message=f"{MARK} job")
    paper_job = PaperJob.objects.create(board=b, paper="quarterly", quarter_year=2015,
                                        quarter_number=2, content_hash="b",
                                        message=f"{MARK} quarterly job")
    approval = AnnualReportApproval(report=annual, approved_by=f"{MARK} chair",
                                    approved_on=dt.date(2016, 7, 1), content_hash="x")
    approval.pdf.save("approved.pdf", ContentFile(pdf_with_text([f"{MARK} approved"])), save=True)
    round_ = Section11Round.objects.create(board=b, title=f"{MARK} S11 2015/16", year=2015)
    standard = Section11Standard.objects.create(board=b, number=1, title=f"{MARK} Leadership")
    s11_return = Section11Return.objects.create(round=round_, agency=agency)
    Section11Rating.objects.create(section11_return=s11_return, standard=standard,
                                   rating="red", evidence=f"{MARK} evidence")
    meeting = Meeting.objects.create(board=b, subgroup=group, date=dt.date(2015, 6, 1),
                                     title=f"{MARK} meeting", notes=f"{MARK} notes")
    Attendance.objects.create(meeting=meeting, member=member, status="present")
    snapshot = QuarterSnapshot(board=b, plan=plan, year=2015, quarter=1,
                               html=f"<p>{MARK} frozen</p>", content_hash="x")
    snapshot.pdf.save("q1.pdf", ContentFile(pdf_with_text(f"{MARK} frozen")), save=True)
    SnapshotRow.objects.create(snapshot=snapshot, action=action, order=1, theme=f"{MARK} theme",
                               reference="1.1", description=f"{MARK} frozen row", rag="red")
    challenge = Challenge.objects.create(board=b, raised_on=dt.date(2015, 9, 1),
                                         raised_by=f"{MARK} chair", agency=agency,
                                         issue=f"{MARK} attendance")
    # A has an update in the same quarter, so A's reports cover the quarter B's are in
    f.make_update(matrix_action(objects), date=UPDATE_DATE, narrative="Alpha narrative")
    # evidence files and a safeguarding partner of B
    update_file = UpdateEvidence(update=b_update, original_name=f"{MARK} minutes.pdf")
    update_file.file.save("m.pdf", ContentFile(pdf_with_text(f"{MARK} minutes")), save=True)
    s11_file = Section11Evidence(section11_return=s11_return, original_name=f"{MARK} p.pdf",
                                 uploaded_on=dt.date(2015, 9, 1))
    s11_file.file.save("p.pdf", ContentFile(pdf_with_text(f"{MARK} policy")), save=True)
    challenge_file = ChallengeEvidence(challenge=challenge, original_name=f"{MARK} a.pdf",
                                       uploaded_on=dt.date(2015, 9, 2))
    challenge_file.file.save("a.pdf", ContentFile(pdf_with_text(f"{MARK} answer")), save=True)
    partner = SafeguardingPartner.objects.create(board=b, agency=agency,
                                                 lead_name=f"{MARK} Chief")
    review = CaseReview.objects.create(board=b, pseudonym=f"{MARK} Child",
                                       notified_on=dt.date(2015, 9, 1),
                                       findings=f"{MARK} findings")
    return {
        "review": {"pk": review.pk},
        "update_file": {"pk": update_file.pk}, "s11_evidence": {"pk": s11_file.pk},
        "challenge_file": {"pk": challenge_file.pk}, "partner": {"pk": partner.pk},
        "plan": {"slug": plan.slug}, "action": {"pk": action.pk},
        "update": {"pk": action.pk, "update_pk": update_b.pk},
        "group": {"slug": group.slug}, "indicator": {"pk": indicator.pk},
        "risk": {"pk": risk.pk}, "source": {"pk": source.pk}, "item": {"pk": item.pk},
        "due": {"pk": receipt.recipient_id, "due": "2016-03-31"}, "receipt": {"pk": receipt.pk},
        "import": {"pk": batch.pk}, "token": {"token": feed.token},
        "challenge": {"pk": challenge.pk}, "meeting": {"pk": meeting.pk},
        "member": {"pk": member.pk}, "agency": {"pk": agency.pk},
        "round": {"pk": round_.pk}, "standard": {"pk": standard.pk},
        "year": {"year": 2015}, "section": {"year": 2015, "key": "foreword"},
        "spare_section": {"year": 2015, "key": "spare"},
        "signatory": {"year": 2015, "pk": signatory.pk},
        "group_report": {"year": 2015, "slug": group.slug}, "job": {"pk": job.pk},
        "paper_job": {"pk": paper_job.pk},
        "s11_return": {"pk": round_.pk, "agency_pk": agency.pk},
        "snapshot": {"pk": snapshot.pk},
        "approval": {"year": 2015, "pk": approval.pk},
        "table": {"name": "risks", "fmt": "xlsx"},
        "draft": {"slug": draft.slug}, "theme": {"slug": "plan", "pk": theme.pk},
        "quarterly_theme": {"pk": theme.pk}, "part": {"name": "exceptions"},
        "person": {"pk": BoardUser.objects.get(board=b, user=users["chair"]).pk},
        "reset": {"uidb64": "MQ", "token": "not-a-token"},
        "ids": {"group": group.pk, "plan": plan.pk, "theme": theme.pk,
                "spell": group.memberships.get().pk},
    }


def matrix_action(objects):
    from actions.models import Action

    return Action.objects.get(pk=objects["action"]["pk"])


def text_of(response):
    """Everything readable in a response: HTML, CSV, ICS, and inside PDFs and zips
    (XLSX, DOCX, the board archive)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return _text(body)


def _text(body):
    parts = [body.decode("utf-8", errors="ignore")]
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader

        # an unreadable PDF fails the test: its text could hide a leak
        reader = PdfReader(io.BytesIO(body), strict=True)
        parts += [page.extract_text() for page in reader.pages]
        parts.append(str(reader.metadata or ""))
    elif body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [_text(archive.read(name)) for name in archive.namelist()]
    return "\n".join(parts)


@pytest.fixture
def as_user(client, users, board):
    def _as(role):
        client.force_login(users[role])
        session = client.session
        session[SESSION_KEY] = board.pk  # A is the current board
        session.save()
        return client

    return _as


def get(client, url, htmx=False):
    return client.get(url, headers={"HX-Request": "true"} if htmx else {})


# every page A's manager or chair may read, with A's objects
READABLE = sorted(name for name, (_, get_spec, _) in matrix.MATRIX.items()
                  if "ok" in (matrix.codes(get_spec)["manager"], matrix.codes(get_spec)["chair"]))


@pytest.mark.parametrize("name", READABLE)
def test_pages_of_board_a_show_nothing_of_board_b(as_user, objects, bravo, name):
    key, get_spec, _ = matrix.MATRIX[name]
    url = reverse(name, kwargs=objects[key] if key else None)
    for role, htmx_too in (("manager", True), ("chair", False)):
        if matrix.codes(get_spec)[role] != "ok":
            continue
        client = as_user(role)
        for htmx in (False, True)[:1 + htmx_too]:
            response = get(client, url, htmx)
            assert response.status_code == 200, (role, url, htmx)
            assert MARK not in text_of(response), f"{url} as A's {role} shows board B's data"


def extra_urls(bravo):
    ids = bravo["ids"]
    urls = [
        # searches for words in B's texts (the search box repeats the words searched for)
        "/actions/?q=outcome", "/actions/?q=action", "/actions/?q=1.1", "/actions/?archived=on",
        "/actions/?_export=csv", "/actions/?_export=xlsx", "/actions/?_export=csv&q=action",
        f"/actions/?owner={ids['group']}", f"/actions/?plan={ids['plan']}",
        f"/actions/?theme={ids['theme']}", f"/actions/?owner={ids['group']}&_export=csv",
        "/plans/?archived=1", "/subgroups/members/?past=1",
        "/reports/quarterly/?plan=plan", "/reports/quarterly/?plan=plan&live=1",
        "/reports/quarterly/?year=2015/16&quarter=2",
        "/reports/quarterly/pdf/?year=2015/16&quarter=2",
        "/reports/quarterly/docx/?year=2015/16&quarter=2",
        "/reports/quarterly/parts/exceptions/?year=2015/16&quarter=2",
        "/reports/quarterly/parts/movement/?year=2015/16&quarter=2",
        "/reports/quarters/compare/?a=2015-1&b=2015-2",
        "/reports/quarters/compare/?a=2015-1&b=2015-2&all=1",
        "/reports/planner/?year=2015/16", "/reports/planner/year/?year=2015/16",
        "/reports/challenges/?status=open", "/subgroups/attendance/?year=2015/16",
        "/subgroups/meetings/?year=2015/16", f"/subgroups/meetings/new/?group={ids['group']}",
        f"/actions/new/plan/?theme={ids['theme']}",
    ]
    for name in TABLES:
        urls += [f"/reports/export/{name}.csv", f"/reports/export/{name}.xlsx"]
    return urls


def test_searches_filters_and_exports_of_board_a_show_nothing_of_board_b(as_user, objects,
                                                                          bravo):
    client = as_user("manager")
    leaks = []
    for url in extra_urls(bravo):
        response = get(client, url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if MARK in text_of(response):
            leaks.append(url)
    assert leaks == []


def test_board_b_objects_give_404_to_a_member_of_both_with_a_current(as_user, objects, bravo):
    """B's objects by id: 404 (never the data) for A's manager and chair, even though
    they belong to B too: pages show the current board only. Where the role is refused
    first (a chair on a manager's form), B's object gets exactly what an id that exists
    nowhere gets, so nothing tells that it exists. (URLs by slug or year name A's own
    objects of that slug or year: the sweep above covers them.)"""
    problems = []
    for role in ("manager", "chair"):
        client = as_user(role)
        for name, (key, _, _) in sorted(matrix.MATRIX.items()):
            if key is None or not any(k.endswith("pk") for k in bravo[key]):
                continue
            nowhere = {k: (999999 if k.endswith("pk") else v) for k, v in bravo[key].items()}
            for method in ("get", "post"):
                response = getattr(client, method)(reverse(name, kwargs=bravo[key]))
                missing = getattr(client, method)(reverse(name, kwargs=nowhere))
                where = f"{method.upper()} {name} as {role}: {response.status_code}"
                if MARK in text_of(response):
                    problems.append(f"{where} shows B's data")
                elif response.status_code != missing.status_code:
                    problems.append(f"{where}, but {missing.status_code} for no such object")
                elif role == "manager" and response.status_code not in (404, 405):
                    problems.append(f"{where}, not 404")
    spell = reverse("subgroups:group_members", kwargs={"slug": "learning"})
    response = as_user("manager").get(f"{spell}?spell={bravo['ids']['spell']}")
    if response.status_code != 404:
        problems.append(f"{spell}?spell=<B's> gave {response.status_code}")
    assert problems == []


def test_calendar_feed_of_board_a_has_no_board_b_events(client, users, board, objects, bravo):
    for role in ("manager", "chair"):
        feed, _ = CalendarFeed.objects.get_or_create(
            board=board, user=users[role], defaults={"token": f"alpha-{role}-token"})
        body = text_of(client.get(reverse("reporting:calendar_feed", args=[feed.token])))
        assert "BEGIN:VEVENT" in body and MARK not in body, role


@pytest.mark.parametrize("url", [
    "/actions/", "/actions/?q=outcome", "/actions/?_export=csv", "/actions/?_export=xlsx",
    "/reports/quarterly/pdf/?year=2015/16&quarter=2", "/reports/plan/plan/pdf/",
    "/reports/workplan/learning/pdf/", "/reports/export/board.zip",
    "/reports/calendar/bravo-secret-token.ics", "/reports/export/progress-updates.xlsx",
    "/reports/quarterly/docx/?year=2015/16&quarter=2", "/",
])
def test_control_board_b_sees_its_own_data(client, users, objects, bravo, url):
    """The same checks find B's data where it belongs: the tests above can see a leak."""
    client.force_login(users["outsider"])
    response = client.get(url)
    assert response.status_code == 200, url
    assert MARK in text_of(response), url


def test_an_unreadable_pdf_fails_the_leak_check():
    """A PDF the checks cannot read is a failure, never "no leak found"."""
    from pypdf.errors import PdfReadError

    assert MARK in _text(pdf_with_text(f"{MARK} in a readable PDF"))
    with pytest.raises(PdfReadError):
        _text(f"%PDF-1.4 {MARK} broken".encode())
