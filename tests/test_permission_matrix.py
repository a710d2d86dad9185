"""Every URL pattern × every role × GET and POST, with the expected outcome
declared in one table. A URL added without an entry here makes the test fail.

Roles: anonymous, viewer, chair of the owning group, chair of another group,
business manager, and the business manager of another board. Outcomes:
"login" (redirect to sign in), "ok" (200), "done" (302 after a successful
write or a redirect to the right page), 403, 404, 405 (method not allowed).
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse

from actions.models import PlanImport, UpdateEvidence
from lscb.models import BoardUser, Challenge, ChallengeEvidence, Role, SafeguardingPartner
from plans.models import CaseReview, Indicator, Recommendation, Risk, Source
from reporting.annual.services import start_report
from reporting.models import (
    AnnualReportApproval,
    CalendarFeed,
    PaperJob,
    QuarterSnapshot,
    Section11Evidence,
    Section11Return,
    Section11Round,
    Section11Standard,
)
from subgroups.models import Attendance, GroupMembership, Meeting

from . import factories as f
from .conftest import shared
from .fake_pdf import pdf_with_text

ROLES = ["anonymous", "viewer", "chair", "other_chair", "manager", "outsider"]


def codes(spec):
    """'login ok ok ok ok 404' -> {role: expected}."""
    parts = spec.split()
    assert len(parts) == len(ROLES), spec
    return dict(zip(ROLES, parts, strict=True))


READ = "login ok ok ok ok ok"  # a page of the user's own board
READ_OBJECT = "login ok ok ok ok 404"  # an object of board A
NO_POST = "login 405 405 405 405 405"
NO_POST_OBJECT = "login 405 405 405 405 405"
MANAGER_FORM = "login 403 403 403 ok ok"  # manager of any board sees the form (for their board)
MANAGER_OBJECT_FORM = "login 403 403 403 ok 404"
OWNER_OBJECT_FORM = "login 403 ok 403 ok 404"

# url name: (kwargs key, GET, POST)
MATRIX = {
    "dashboard": (None, READ, NO_POST),
    "login": (None, "ok done done done done done", "ok done done done done done"),
    "logout": (None, "login 405 405 405 405 405", "login login login login login login"),
    # everyone changes their own password (an empty POST shows the form's errors)
    "password_change": (None, READ, "login ok ok ok ok ok"),
    "switch_board": (None, "login 405 405 405 405 405", "login 404 404 404 404 404"),
    # administrators only (none of these roles is one): see tests/test_board_setup.py
    "board_new": (None, "login 403 403 403 403 403", "login 403 403 403 403 403"),
    # a set-password link that is not valid: the page says so, to anyone
    "password_reset_confirm": ("reset", "ok ok ok ok ok ok", "ok ok ok ok ok ok"),
    "password_reset_complete": (None, "ok ok ok ok ok ok", "405 405 405 405 405 405"),
    "board:settings": (None, READ, NO_POST),
    "board:edit": (None, MANAGER_FORM, MANAGER_FORM),
    "board:partner_new": (None, MANAGER_FORM, MANAGER_FORM),
    "board:partner_edit": ("partner", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "board:people": (None, "login 403 403 403 ok ok", "login 403 403 403 405 405"),
    "board:person_new": (None, MANAGER_FORM, MANAGER_FORM),
    "board:person_edit": ("person", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "board:person_remove": ("person", MANAGER_OBJECT_FORM, "login 403 403 403 done 404"),
    "board:person_send_link": ("person", "login 405 405 405 405 405", "login 403 403 403 done 404"),
    "health": (None, "ok ok ok ok ok ok", "405 405 405 405 405 405"),
    # viewers get an explanation (GET) or 403 (POST); the others are two-factor confirmed
    "two_factor_setup": (None, "login ok ok ok ok ok", "login 403 done done done done"),
    "two_factor_verify": (None, "login ok done done done done", "login 403 ok ok ok ok"),
    "two_factor_recovery": (None, "login ok ok ok ok ok", "login 403 done done done done"),
    "plans:list": (None, READ, NO_POST),
    "plans:detail": ("plan", READ_OBJECT, NO_POST_OBJECT),
    "plans:new": (None, MANAGER_FORM, MANAGER_FORM),
    "plans:edit": ("plan", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "plans:year_end": ("plan", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "plans:make_live": ("draft", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "plans:archive": ("draft", MANAGER_OBJECT_FORM, "login 403 403 403 done 404"),
    "plans:themes": ("plan", READ_OBJECT, NO_POST_OBJECT),
    "plans:theme_new": ("plan", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "plans:theme_edit": ("theme", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "plans:theme_actions": ("theme", READ_OBJECT, NO_POST_OBJECT),
    "plans:theme_move": ("theme", "login 405 405 405 405 405", "login 403 403 403 done 404"),
    "plans:theme_delete": ("theme", MANAGER_OBJECT_FORM, "login 403 403 403 done 404"),
    "plans:theme_merge": ("theme", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    # no preview posted: nothing applied, back to the preview
    "plans:theme_references": ("plan", MANAGER_OBJECT_FORM, "login 403 403 403 done 404"),
    "plans:indicators": (None, READ, NO_POST),
    "plans:indicator_import": (None, MANAGER_FORM, MANAGER_FORM),
    "plans:indicator_import_template": (None, "login 403 403 403 ok ok", "login 403 403 403 405 405"),
    # "secret-token" is no upload waiting in this session: 404 even for a manager
    "plans:indicator_import_preview": ("token", "login 403 403 403 404 404", "login 403 403 403 404 404"),
    "plans:risk_import": (None, MANAGER_FORM, MANAGER_FORM),
    "plans:risk_import_template": (None, "login 403 403 403 ok ok", "login 403 403 403 405 405"),
    "plans:risk_import_preview": ("token", "login 403 403 403 404 404", "login 403 403 403 404 404"),
    "plans:indicator_new": (None, MANAGER_FORM, MANAGER_FORM),
    "plans:indicator_edit": ("indicator", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "plans:indicator_values": ("indicator", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "plans:risks": (None, READ, NO_POST),
    "plans:risk_new": (None, MANAGER_FORM, MANAGER_FORM),
    "plans:risk_scoring": (None, MANAGER_FORM, MANAGER_FORM),
    "plans:risk": ("risk", READ_OBJECT, NO_POST_OBJECT),
    "plans:risk_edit": ("risk", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "plans:sources": (None, READ, NO_POST),
    "plans:source_new": (None, MANAGER_FORM, MANAGER_FORM),
    "plans:source": ("source", READ_OBJECT, NO_POST_OBJECT),
    "plans:source_pdf": ("source", READ_OBJECT, NO_POST_OBJECT),
    "plans:source_edit": ("source", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "actions:list": (None, READ, NO_POST),
    "actions:my_work_plan": (None, READ, NO_POST),
    "actions:updates_due": (None, "login 403 403 403 ok ok", "login 403 403 403 405 405"),
    "actions:update_grid": (None, "login 403 ok ok ok ok", "login 403 done done done done"),
    "actions:create": ("plan", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "actions:detail": ("action", READ_OBJECT, NO_POST_OBJECT),
    "actions:edit": ("action", OWNER_OBJECT_FORM, OWNER_OBJECT_FORM),
    "actions:archive": ("action", "login 405 405 405 405 405", "login 403 403 403 done 404"),
    "actions:post_update": ("action", "login 403 done 403 done 404", OWNER_OBJECT_FORM),
    "actions:impact_review": ("action", "login 405 405 405 405 405", OWNER_OBJECT_FORM),
    "actions:import": (None, MANAGER_FORM, MANAGER_FORM),
    # a POST confirms the import (the preview's choices all have defaults)
    "actions:import_preview": ("import", MANAGER_OBJECT_FORM, "login 403 403 403 done 404"),
    "actions:import_template": (None, "login 403 403 403 ok ok", "login 403 403 403 405 405"),
    "actions:withdraw_update": ("update", "login 405 405 405 405 405",
                                "login 403 403 403 done 404"),
    "subgroups:list": (None, READ, NO_POST),
    "subgroups:detail": ("group", READ_OBJECT, NO_POST_OBJECT),
    "subgroups:new": (None, MANAGER_FORM, MANAGER_FORM),
    "subgroups:edit": ("group", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "subgroups:group_members": ("group", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "subgroups:structure": (None, READ, NO_POST),
    "subgroups:members": (None, READ, NO_POST),
    "subgroups:member_new": (None, MANAGER_FORM, MANAGER_FORM),
    "subgroups:member_edit": ("member", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "subgroups:agency_new": (None, MANAGER_FORM, MANAGER_FORM),
    "subgroups:agency_edit": ("agency", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "plans:indicator": ("indicator", READ_OBJECT, NO_POST_OBJECT),
    "subgroups:meetings": (None, READ, NO_POST),
    # chairs may record their own group's meetings; the other board's manager has no groups here
    "subgroups:meeting_new": (None, "login 403 ok ok ok ok", "login 403 ok ok ok ok"),
    "subgroups:meeting": ("meeting", READ_OBJECT, OWNER_OBJECT_FORM),
    "subgroups:meeting_edit": ("meeting", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "subgroups:meeting_delete": ("meeting", MANAGER_OBJECT_FORM, "login 403 403 403 done 404"),
    "subgroups:attendance": (None, READ, NO_POST),
    "subgroups:attendance_import": (None, MANAGER_FORM, MANAGER_FORM),
    "subgroups:attendance_import_template": (None, "login 403 403 403 ok ok",
                                             "login 403 403 403 405 405"),
    # "secret-token" is no upload waiting in this session: 404 even for a manager
    "subgroups:attendance_import_preview": ("token", "login 403 403 403 404 404",
                                            "login 403 403 403 404 404"),
    "reporting:index": (None, READ, NO_POST),
    "reporting:quarterly": (None, READ, NO_POST),
    # a big plan's preview loads these with its query string: without one, a clear 400
    "reporting:quarterly_theme_actions": ("quarterly_theme", "login 400 400 400 400 404", NO_POST),
    "reporting:quarterly_part": ("part", "login 400 400 400 400 404", NO_POST),  # B has no plan
    "reporting:quarters": (None, "login ok ok ok ok 404", NO_POST),  # B has no plan
    "reporting:quarter_close": (None, "login 403 403 403 404 404", "login 403 403 403 404 404"),
    "reporting:quarter_compare": (None, "login ok ok ok ok 404", NO_POST),
    "reporting:quarter_pdf": ("snapshot", READ_OBJECT, NO_POST_OBJECT),
    "reporting:quarterly_pdf": (None, "login ok ok ok ok 404", NO_POST),  # B has no plan
    "reporting:quarterly_docx": (None, "login ok ok ok ok 404", NO_POST),  # B has no plan
    "reporting:annual_docx": ("year", READ_OBJECT, NO_POST_OBJECT),
    "reporting:planner": (None, READ, NO_POST),
    "reporting:planner_year": (None, READ, NO_POST),
    "reporting:planner_new": (None, MANAGER_FORM, MANAGER_FORM),
    "reporting:planner_edit": ("item", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:receipt": ("due", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:receipt_file": ("receipt", READ_OBJECT, NO_POST_OBJECT),
    "reporting:calendar": (None, READ, NO_POST),
    "reporting:challenges": (None, READ, NO_POST),
    "reporting:agencies": (None, READ, NO_POST),
    "reporting:agency": ("agency", READ_OBJECT, NO_POST_OBJECT),
    "reporting:agency_pdf": ("agency", READ_OBJECT, NO_POST_OBJECT),
    "reporting:board_archive": (None, "login 403 403 403 ok ok", "login 405 405 405 405 405"),
    "reporting:data_table": ("table", READ, NO_POST),
    "reporting:annual": (None, READ, NO_POST),
    "reporting:annual_start": (None, "login 405 405 405 405 405", "login 403 403 403 done done"),
    "reporting:annual_edit": ("year", READ_OBJECT, NO_POST_OBJECT),
    "reporting:annual_section": ("section", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:annual_section_add": ("year", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:annual_template": ("year", "login 405 405 405 405 405", "login 403 403 403 done 404"),
    "reporting:annual_section_move": ("section", "login 405 405 405 405 405",
                                      "login 403 403 403 done 404"),
    "reporting:annual_section_remove": ("spare_section", "login 405 405 405 405 405",
                                        "login 403 403 403 done 404"),
    "reporting:annual_signatory_add": ("year", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:annual_signatories_partners": ("year", "login 405 405 405 405 405",
                                              "login 403 403 403 done 404"),
    "reporting:annual_signatory": ("signatory", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:annual_group": ("group_report", OWNER_OBJECT_FORM, OWNER_OBJECT_FORM),
    "reporting:annual_budget": ("year", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:annual_preview": ("year", READ_OBJECT, NO_POST_OBJECT),
    "reporting:annual_pdf": ("year", "login 405 405 405 405 405", "login done done done done 404"),
    "reporting:annual_job": ("job", READ_OBJECT, NO_POST_OBJECT),
    "reporting:annual_job_file": ("job", "login 404 404 404 404 404", NO_POST_OBJECT),
    "reporting:paper_job": ("paper_job", READ_OBJECT, NO_POST_OBJECT),
    "reporting:paper_job_file": ("paper_job", "login 404 404 404 404 404", NO_POST_OBJECT),
    "reporting:annual_approve": ("year", "login 405 405 405 405 405", "login 403 403 403 done 404"),
    "reporting:annual_approved": ("year", "login 404 404 404 404 404", NO_POST_OBJECT),
    # the report is a draft: nothing to reopen (a message, back to the report)
    "reporting:annual_reopen": ("year", "login 405 405 405 405 405", "login 403 403 403 done 404"),
    "reporting:annual_approval_pdf": ("approval", READ_OBJECT, NO_POST_OBJECT),
    "reporting:s11": (None, READ, NO_POST),
    "reviews:list": (None, READ, NO_POST),
    "reviews:detail": ("review", READ_OBJECT, NO_POST_OBJECT),
    "reviews:new": (None, MANAGER_FORM, MANAGER_FORM),
    "reviews:edit": ("review", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:s11_new": (None, MANAGER_FORM, MANAGER_FORM),
    "reporting:s11_standard_new": (None, MANAGER_FORM, MANAGER_FORM),
    "reporting:s11_standard_edit": ("standard", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:s11_round": ("round", READ_OBJECT, NO_POST_OBJECT),
    "reporting:s11_return": ("s11_return", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:s11_remind": ("round", "login 405 405 405 405 405", "login 403 403 403 done 404"),
    "reporting:s11_evidence": ("s11_evidence", "login 403 403 403 ok 404", NO_POST_OBJECT),
    "reporting:challenge_respond": ("challenge", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:challenge_file": ("challenge_file", "login 403 403 403 ok 404", NO_POST_OBJECT),
    "actions:update_file": ("update_file", READ_OBJECT, NO_POST_OBJECT),
    "reporting:challenge_new": (None, MANAGER_FORM, MANAGER_FORM),
    "reporting:challenge_edit": ("challenge", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    "reporting:calendar_reset": (None, "login 405 405 405 405 405", "login done done done done done"),
    "reporting:calendar_revoke": (None, "login 405 405 405 405 405", "login done done done done done"),
    "reporting:calendar_feed": ("token", "ok ok ok ok ok ok", "405 405 405 405 405 405"),
    "reporting:workplan": ("group", READ_OBJECT, NO_POST_OBJECT),
    "reporting:business_plan": ("plan", READ_OBJECT, NO_POST_OBJECT),
    "reporting:business_plan_pdf": ("plan", READ_OBJECT, NO_POST_OBJECT),
    "reporting:workplan_pdf": ("group", READ_OBJECT, NO_POST_OBJECT),
    "reporting:workplan_docx": ("group", READ_OBJECT, NO_POST_OBJECT),
    "reporting:business_plan_docx": ("plan", READ_OBJECT, NO_POST_OBJECT),
    "reporting:plan_layout": ("plan", MANAGER_OBJECT_FORM, MANAGER_OBJECT_FORM),
    # without a quarter there is nothing to comment on (the view test posts a real one)
    "reporting:quarter_commentary": (None, "login 403 403 403 404 404", "login 403 403 403 404 404"),
}


def url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(x for x in [namespace, pattern.namespace] if x) or None
                if pattern.namespace != "admin":
                    yield from walk(pattern.url_patterns, ns)
            else:
                yield ":".join(x for x in [namespace, pattern.name] if x) if pattern.name else str(
                    pattern.pattern)

    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_url_has_an_entry():
    missing = [name for name in url_names() if name not in MATRIX]
    stale = [name for name in MATRIX if name not in url_names()]
    assert missing == [], f"add these URLs to MATRIX: {missing}"
    assert stale == [], f"remove these from MATRIX: {stale}"


pytestmark = pytest.mark.usefixtures("shared_world")  # the records below, made once


def build_shared(world):
    return {"objects": make_objects(world["board"], world["plan"], world["own_action"],
                                    world["groups"], world["users"])}


@pytest.fixture
def objects(request, board, plan, own_action, groups, users):
    """One of every object of board A, by the URL keyword arguments that name it."""
    return shared(request, "objects") or make_objects(board, plan, own_action, groups, users)


def make_objects(board, plan, own_action, groups, users):
    indicator = Indicator.objects.create(board=board, name="Re-referrals")
    risk = Risk.objects.create(board=board, theme="T", reference="R1", description="d",
                               inherent_likelihood=1, inherent_impact=1, residual_likelihood=1,
                               residual_impact=1)
    source = Source.objects.create(board=board, kind="ofsted", title="Ofsted 2015")
    Recommendation.objects.create(source=source, number="1")
    item = f.make_report(board, title="S.11", recipient="board",
                                        frequency="annually", months=[3])
    receipt = f.make_receipt(item, due_date=dt.date(2016, 3, 31))
    receipt.file.save("s11.pdf", ContentFile(pdf_with_text("S.11 report")))
    batch = PlanImport(board=board, user=users["manager"], original_name="p.csv", plan=plan)
    batch.file.save("p.csv", ContentFile(b"Action\nDo it\n"))
    feed = CalendarFeed.objects.create(board=board, user=users["manager"], token="secret-token")
    annual = start_report(board, 2015)
    annual.sections.create(key="spare", title="Spare", order=99)
    signatory = annual.signatories.create(name="Independent Chair")
    approval = AnnualReportApproval(report=annual, approved_by="Chair", approved_on=dt.date(2016, 7, 1),
                                    content_hash="x")
    approval.pdf.save("approved.pdf", ContentFile(pdf_with_text("Approved report")), save=True)
    job = PaperJob.objects.create(board=board, annual_report=annual)
    paper_job = PaperJob.objects.create(board=board, paper="quarterly", plan=plan,
                                        quarter_year=2015, quarter_number=2, content_hash="x")
    round_ = Section11Round.objects.create(board=board, title="S11 2015/16", year=2015)
    standard = Section11Standard.objects.create(board=board, number=1, title="Leadership")
    meeting = Meeting.objects.create(board=board, subgroup=groups["own"], date=dt.date(2015, 6, 1))
    snapshot = QuarterSnapshot(board=board, plan=plan, year=2015, quarter=1, html="<p>Q1</p>")
    snapshot.pdf.save("q1.pdf", ContentFile(pdf_with_text("Q1 report")), save=True)
    member = f.make_member(board, "Pat", agency=f.make_agency(board, "Constabulary"))
    GroupMembership.objects.create(subgroup=groups["own"], member=member)  # the group's pages
    Attendance.objects.create(meeting=meeting, member=member, status="absent")  # show people
    draft = f.make_plan(board, title="Business Plan 2018-21", slug="draft", start_year=2018,
                        end_year=2020)
    person = BoardUser.objects.get(user=f.make_user("robin", board, Role.VIEWER,
                                                    email="robin@example.org"))
    empty_theme = f.make_theme(plan, "2", "Early Help")
    challenge = Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1),
                                         raised_by="Chair", agency=f.make_agency(board),
                                         issue="Attendance")
    # an agency representative of another agency than the challenged one: sees the plan as a
    # viewer does, and neither the challenge, nor the return, nor their files
    rep = f.make_user("rep", board, Role.VIEWER)
    BoardUser.objects.filter(user=rep, board=board).update(role=Role.AGENCY_REP,
                                                           agency=member.agency)
    users["rep"] = rep
    ret = Section11Return.objects.create(round=round_, agency=challenge.agency)
    s11_file = Section11Evidence(section11_return=ret, original_name="policy.pdf",
                                 uploaded_on=dt.date(2015, 9, 1))
    s11_file.file.save("policy.pdf", ContentFile(pdf_with_text("Policy")), save=True)
    challenge_file = ChallengeEvidence(challenge=challenge, original_name="answer.pdf",
                                       uploaded_on=dt.date(2015, 9, 2))
    challenge_file.file.save("answer.pdf", ContentFile(pdf_with_text("Answer")), save=True)
    posted = f.make_update(own_action, "green", dt.date(2015, 9, 1))
    update_file = UpdateEvidence(update=posted, original_name="minutes.pdf")
    update_file.file.save("minutes.pdf", ContentFile(pdf_with_text("Minutes")), save=True)
    partner = SafeguardingPartner.objects.create(board=board, agency=challenge.agency)
    review = CaseReview.objects.create(board=board, pseudonym="Child A",
                                       notified_on=dt.date(2015, 9, 1))
    return {
        "review": {"pk": review.pk},
        "partner": {"pk": partner.pk},
        "s11_evidence": {"pk": s11_file.pk}, "challenge_file": {"pk": challenge_file.pk},
        "update_file": {"pk": update_file.pk},
        "plan": {"slug": plan.slug}, "action": {"pk": own_action.pk},
        "update": {"pk": own_action.pk, "update_pk": posted.pk},
        "group": {"slug": groups["own"].slug}, "indicator": {"pk": indicator.pk},
        "risk": {"pk": risk.pk}, "source": {"pk": source.pk}, "item": {"pk": item.pk},
        "due": {"pk": receipt.recipient_id, "due": "2016-03-31"}, "receipt": {"pk": receipt.pk},
        "import": {"pk": batch.pk}, "token": {"token": feed.token},
        "challenge": {"pk": challenge.pk}, "meeting": {"pk": meeting.pk},
        "member": {"pk": member.pk}, "agency": {"pk": challenge.agency_id},
        "round": {"pk": round_.pk}, "standard": {"pk": standard.pk},
        "year": {"year": 2015}, "section": {"year": 2015, "key": "foreword"},
        "spare_section": {"year": 2015, "key": "spare"},
        "signatory": {"year": 2015, "pk": signatory.pk},
        "group_report": {"year": 2015, "slug": groups["own"].slug}, "job": {"pk": job.pk},
        "paper_job": {"pk": paper_job.pk},
        "s11_return": {"pk": round_.pk, "agency_pk": challenge.agency_id},
        "snapshot": {"pk": snapshot.pk},
        "approval": {"year": 2015, "pk": approval.pk},
        "table": {"name": "risks", "fmt": "xlsx"},
        "draft": {"slug": draft.slug}, "person": {"pk": person.pk},
        "theme": {"slug": plan.slug, "pk": empty_theme.pk},
        "quarterly_theme": {"pk": empty_theme.pk}, "part": {"name": "exceptions"},
        "reset": {"uidb64": "MQ", "token": "not-a-token"},
    }


def outcome(response):
    if response.status_code == 302:
        return "login" if response["Location"].startswith("/accounts/login/") else "done"
    return "ok" if response.status_code == 200 else str(response.status_code)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(client, users, objects, name):
    key, get_spec, post_spec = MATRIX[name]
    url = reverse(name, kwargs=objects[key] if key else None)
    problems = []
    for method, spec in [("get", get_spec), ("post", post_spec)]:
        for role, expected in codes(spec).items():
            client.logout()
            if role != "anonymous":
                client.force_login(users[role])
            response = getattr(client, method)(url)
            got = outcome(response)
            if got != expected:
                problems.append(f"{method.upper()} as {role}: expected {expected}, got {got}")
    assert problems == [], f"{name} ({url}): " + "; ".join(problems)


# The agency representative (of an agency that is neither the challenged one nor the one
# whose return and files the matrix holds) gets what a viewer gets, except:
REP = {
    "two_factor_setup": ("ok", "done"),  # two-factor sign-in, as chairs
    "two_factor_verify": ("done", "ok"),
    "two_factor_recovery": ("ok", "done"),
    "reporting:s11_return": ("404", "404"),  # another agency's return: not there
    "reporting:s11_evidence": ("404", "405"),
    "reporting:challenge_respond": ("404", "404"),
    "reporting:challenge_file": ("404", "405"),
    "reporting:agency": ("404", "405"),  # another agency's page
    "reporting:agency_pdf": ("404", "405"),
}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_agency_representative_matrix(client, users, objects, name):
    key, get_spec, post_spec = MATRIX[name]
    expected = REP.get(name, (codes(get_spec)["viewer"], codes(post_spec)["viewer"]))
    url = reverse(name, kwargs=objects[key] if key else None)
    client.force_login(users["rep"])
    got = (outcome(client.get(url)), outcome(client.post(url)))
    assert got == expected, f"{name} ({url}) as an agency representative"
