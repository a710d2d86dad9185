"""The second demo board: an invented Safeguarding Children Partnership ("Westmarch", a
place that does not exist) showing the partnership features: its three safeguarding
partners with the lead and delegated partners, its relevant agencies, independent scrutiny
whose recommendations actions answer, and an agency representative who completes the
police's Section 11 return and answers its challenge."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from lscb.models import Agency, Board, BoardUser, Challenge, Role, SafeguardingPartner
from plans.models import CaseReview, Recommendation, Source
from reporting.annual.services import start_report
from reporting.annual.signatories import add_partner_signatories
from reporting.models import Section11Round
from reporting.section11.services import ensure_standards

SLUG = "westmarch-scp"
DEMO = "[Demo data] "

PARTNERS = [  # agency, sector, lead?, lead representative, delegated to
    ("Westmarch Council", "local_authority", True, "Chief Executive",
     "Director of Children's Services"),
    ("Westmarch Integrated Care Board", "health", False, "Chief Executive",
     "Chief Nursing Officer"),
    ("Westmarch Police", "police", False, "Chief Constable", "Detective Superintendent, "
     "Public Protection"),
]
RELEVANT = [("Westmarch Academy Trust", "education"), ("Westmarch Probation Service", "probation"),
            ("Westmarch Youth Sports League", "voluntary")]


def load_partnership(sync, password, manager):
    """The Westmarch partnership (``sync`` is the demo loader's create-or-update)."""
    board = sync(Board, {"slug": SLUG}, {
        "name": "Westmarch Safeguarding Children Partnership (invented demo)",
        "short_name": "Westmarch SCP", "kind": Board.Kind.SCP, "area": "Westmarch (fictional)",
        "scrutineer": "Dr A. Example, Independent Scrutineer",
        "introduction": DEMO + "An invented partnership, to show the 2018/2023 arrangements."})
    named = datetime.date(2019, 9, 29)
    for name, sector, lead, lead_name, delegated in PARTNERS:
        agency = sync(Agency, {"board": board, "name": name},
                      {"sector": sector, "is_statutory_partner": True})
        sync(SafeguardingPartner, {"board": board, "agency": agency},
             {"is_lead": lead, "lead_name": lead_name, "delegated_name": delegated,
              "since": named})
    for name, sector in RELEVANT:
        sync(Agency, {"board": board, "name": name},
             {"sector": sector, "relevant_agency_since": named})
    scrutiny = sync(Source, {"board": board, "title": "Independent scrutiny report 2025"},
                    {"kind": Source.Kind.SCRUTINY, "date": datetime.date(2025, 7, 1),
                     "summary": DEMO + "How well the partners hear the voice of the child."})
    sync(Recommendation, {"source": scrutiny, "number": "1"},
         {"text": DEMO + "Partners should show how children's views changed their services."})
    today = timezone.localdate()
    for pseudonym, notified, held in [("Child W", today - datetime.timedelta(days=10), None),
                                      ("Sibling group M", today - datetime.timedelta(days=60),
                                       None),
                                      ("Child K", datetime.date(2026, 1, 12),
                                       datetime.date(2026, 1, 30))]:
        review = sync(CaseReview, {"board": board, "pseudonym": pseudonym},
                      {"notified_on": notified, "rapid_review_on": held,
                       "terms_of_reference": DEMO + "An invented case."})
        if held:
            sync(CaseReview, {"pk": review.pk}, {
                "decision": CaseReview.Decision.LOCAL, "decided_on": datetime.date(2026, 2, 16),
                "panel_view": DEMO + "The panel agreed with the decision.",
                "author": "Independent reviewer (invented)"})
    police = Agency.objects.get(board=board, name="Westmarch Police")
    sync(Challenge, {"board": board, "agency": police, "raised_on": datetime.date(2026, 5, 1)},
         {"raised_by": "Partnership Chair", "issue": DEMO + "Police attendance at strategy "
          "discussions fell below 70%.", "response_due": datetime.date(2026, 6, 30)})
    ensure_standards(board)
    sync(Section11Round, {"board": board, "title": "Section 11 2026/27"},
         {"year": 2026, "opened_on": datetime.date(2026, 9, 1),
          "closes_on": datetime.date(2027, 1, 31)})
    User = get_user_model()
    rep = sync(User, {"username": "agencyrep"}, {
        "first_name": "Avery", "last_name": "Police-Safeguarding-Lead",
        "email": "agencyrep@demo.invalid", "is_active": True})
    rep.set_password(password)
    rep.save()
    sync(BoardUser, {"board": board, "user": rep}, {"role": Role.AGENCY_REP, "agency": police})
    sync(BoardUser, {"board": board, "user": manager}, {"role": Role.MANAGER})
    load_yearly_report(board)
    return board


def load_yearly_report(board):
    """The 2025/26 yearly report, signed by the three partners (lead first); the lead partner
    has signed off, the others are awaited, so the report cannot be approved yet."""
    report = start_report(board, 2025)
    add_partner_signatories(report)  # a report kept from an earlier load gets any new partner
    report.sections.filter(key="foreword", body="").update(
        body=DEMO + "The yearly report of the Westmarch safeguarding partners for 2025/26: an "
        "invented partnership, to show one signatory per partner.")
    report.signatories.filter(agency__name="Westmarch Council", signed_on=None).update(
        signed_on=datetime.date(2026, 6, 30))
    return report
