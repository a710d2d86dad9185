"""One partner agency's record: attendance, Section 11, money, actions, challenges."""

from django.db.models import Q
from django.utils import timezone

from actions.models import Action
from lscb.fiscal import financial_year_of, year_label
from lscb.models import Challenge, Member
from plans.services import year_choice
from reporting.models import AnnualReport, BudgetLine, Section11Rating, Section11Round
from subgroups.attendance import attendance_tables, attendance_years
from subgroups.models import Subgroup


def agency_year_choice(request):
    """The year picker of an agency's record and its PDF: the board's plan years and the
    years it has meetings, attendance or an annual report (money) for."""
    board = request.board
    years = attendance_years(board) | set(
        AnnualReport.objects.for_board(board).values_list("year", flat=True))
    return year_choice(request, years)


def agency_context(board, agency, year=None):
    year = year if year is not None else financial_year_of(timezone.localdate())
    groups = list(Subgroup.objects.for_board(board))
    attendance = []
    for name, rows, _overall in attendance_tables(board, year, groups):
        # recorded meetings give one row per agency; an imported table one per seat
        attendance.extend((name, row) for row in rows if row.agency_id == agency.pk)
    latest_round = Section11Round.objects.filter(board=board).order_by("-year").first()
    ratings = []
    if latest_round:
        ratings = list(Section11Rating.objects.filter(
            section11_return__round=latest_round, section11_return__agency=agency
        ).select_related("standard").order_by("standard__number"))
    people = list(Member.objects.for_board(board).filter(agency=agency).current())
    led_groups = [g for g in groups if g.chair_id in {p.pk for p in people}
                  or g.vice_chair_id in {p.pk for p in people}]
    actions = list(
        Action.objects.for_board(board).active().filter(
            Q(owners__in=led_groups)).distinct().with_progress()
        .select_related("plan").prefetch_related("owners").in_plan_order()
    ) if led_groups else []
    money = list(BudgetLine.objects.filter(report__board=board, report__year=year, agency=agency))
    challenges = list(Challenge.objects.for_board(board).filter(agency=agency))
    return {
        "board": board, "agency": agency, "year": year, "year_label": year_label(year),
        "title": f"{agency.name}: partner record {year_label(year)}",
        "produced_on": timezone.localdate(), "attendance": attendance,
        "s11_round": latest_round, "ratings": ratings, "people": people,
        "led_groups": led_groups, "actions": actions, "money": money,
        "contribution": sum(b.amount for b in money if b.kind == BudgetLine.Kind.INCOME),
        "challenges": challenges,
        "open_challenges": [c for c in challenges if c.status == Challenge.Status.OPEN],
    }
