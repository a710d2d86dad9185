"""Every table of a board as a spreadsheet (CSV or XLSX), formula injection neutralised.

Each table is a name, a title and a function returning (headers, rows) for a
board in a constant number of queries. ``dataset`` turns one into a tablib
Dataset whose text cells cannot run as formulas when opened in Excel.
"""

from collections.abc import Callable
from dataclasses import dataclass

import tablib
from django.db.models import Prefetch

from actions.models import Action, ProgressUpdate
from lscb.fiscal import year_label
from lscb.models import Agency, Challenge, Member
from lscb.spreadsheets.export import neutralise
from plans.models import Indicator, IndicatorValue, Recommendation, Risk, Source
from reporting.models import BudgetLine, ReportingItem, ReportReceipt, Section11Rating
from subgroups.models import Attendance, GroupMembership, Subgroup


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    build: Callable


def _names(objects):
    return "; ".join(str(o) for o in objects)


def _carried_from(action):
    old = action.carried_over_from
    return f"{old.reference} ({old.plan})" if old else ""


def actions_table(board):
    headers = ["Plan", "Theme", "Ref", "Action", "Who (groups)", "Lead role", "When",
               "Due date", "Outcome", "Measures", "Source", "Risk", "RAG", "Last update",
               "Latest narrative", "Completed on", "Impact statement", "Impact evidence",
               "Archived", "Closed at year-end", "Closed on", "Why dropped", "Carried from"]
    actions = (Action.objects.filter(board=board).with_progress()
               .select_related("plan", "theme", "carried_over_from__plan")
               .prefetch_related("owners", "carried_into__plan").in_plan_order())
    rows = [[a.plan.title, str(a.theme), a.reference, a.description, _names(a.owners.all()),
             a.lead_role, a.due_label, a.due_date, a.outcome, a.measures, a.source, a.risk_note,
             a.rag, a.last_update_on, a.last_narrative or "", a.completed_on, a.impact_statement,
             a.impact_evidence, "yes" if a.archived else "no", a.closure_label, a.closed_on,
             a.closed_reason, _carried_from(a)] for a in actions]
    return headers, rows


def _withdrawal(withdrawal):
    if withdrawal is None:
        return [None, "", ""]
    return [withdrawal.at.replace(tzinfo=None), withdrawal.by_name, withdrawal.reason]


def updates_table(board):
    headers = ["Plan", "Ref", "Date", "Financial year", "Quarter", "RAG", "Narrative", "Author",
               "Recorded at", "Dating", "Why back-dated", "Withdrawn at", "Withdrawn by",
               "Why withdrawn"]
    updates = (ProgressUpdate.objects.filter(action__board=board)
               .select_related("action__plan", "author", "withdrawal")
               .order_by("action__plan_id", "action__sort_key", "date", "created_at", "pk"))
    rows = [[u.action.plan.title, u.action.reference, u.date, year_label(u.year),
             f"Q{u.quarter}", u.rag, u.narrative,
             u.author_name or (u.author.get_full_name() if u.author else ""),
             u.created_at.replace(tzinfo=None), u.dating, u.backdate_reason,
             *_withdrawal(u.withdrawn)] for u in updates]
    return headers, rows


def groups_table(board):
    headers = ["Group", "Short name", "Kind", "Accountable to", "Chair", "Vice-chair",
               "Meets", "Members"]
    groups = (Subgroup.objects.filter(board=board)
              .select_related("accountable_to", "chair", "vice_chair")
              .prefetch_related(Prefetch("memberships", queryset=GroupMembership.objects
                                         .select_related("member"))))
    rows = [[g.name, g.short_name, g.get_kind_display(), str(g.accountable_to or ""),
             str(g.chair or ""), str(g.vice_chair or ""), g.meeting_frequency,
             _names(m.member for m in g.memberships.all())] for g in groups]
    return headers, rows


def members_table(board):
    headers = ["Name", "Job title", "Agency", "Board role", "Start", "End", "Note"]
    members = Member.objects.filter(board=board).select_related("agency")
    rows = [[m.name, m.job_title, str(m.agency or ""), m.get_board_role_display(), m.start_date,
             m.end_date, m.note] for m in members]
    return headers, rows


def agencies_table(board):
    headers = ["Agency", "Short name", "Sector", "Statutory partner"]
    rows = [[a.name, a.short_name, a.sector, "yes" if a.is_statutory_partner else "no"]
            for a in Agency.objects.filter(board=board)]
    return headers, rows


def attendance_table(board):
    headers = ["Date", "Meeting of", "Member", "Agency", "Attendance", "Deputy"]
    records = (Attendance.objects.filter(meeting__board=board)
               .select_related("meeting__subgroup", "member__agency")
               .order_by("meeting__date", "meeting__pk", "member__name"))
    rows = [[r.meeting.date, str(r.meeting.subgroup or "The board"), r.member.name,
             str(r.member.agency or ""), r.get_status_display(), r.deputy_name] for r in records]
    return headers, rows


def planner_table(board):
    headers = ["Report", "Responsible group", "Subgroup activity", "What it tells the board",
               "To", "Frequency", "When"]
    items = ReportingItem.objects.filter(board=board).select_related(
        "responsible_group", "recipient_group")
    rows = [[i.title, str(i.responsible_group or ""), i.subgroup_activity, i.purpose,
             str(i.recipient_group or i.get_recipient_display()), i.get_frequency_display(),
             i.when_text] for i in items]
    return headers, rows


def receipts_table(board):
    headers = ["Report", "Due", "Received on", "Note", "File attached"]
    receipts = ReportReceipt.objects.filter(item__board=board).select_related("item").order_by(
        "due_date", "item__title")
    rows = [[r.item.title, r.due_date, r.received_on, r.note, "yes" if r.file else "no"]
            for r in receipts]
    return headers, rows


def indicators_table(board):
    headers = ["Indicator", "Unit", "Better when", "Target", "Previous year end",
               "Financial year", "Q1", "Q2", "Q3", "Q4"]
    indicators = Indicator.objects.filter(board=board).prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("year", "quarter")))
    rows = []
    for indicator in indicators:
        years = {}
        for value in indicator.values.all():
            years.setdefault(value.year, {})[value.quarter] = value.value
        for year, quarters in sorted(years.items()) or [(None, {})]:
            rows.append([indicator.name, indicator.unit, indicator.get_polarity_display(),
                         indicator.target, indicator.previous_year_end,
                         year_label(year) if year else "",
                         *[quarters.get(q) for q in range(1, 5)]])
    return headers, rows


def risks_table(board):
    headers = ["Theme", "Ref", "Risk", "Inherent likelihood", "Inherent impact",
               "Inherent score", "Current controls", "Residual likelihood", "Residual impact",
               "Residual score", "Further controls", "Target likelihood", "Target impact",
               "Target score", "Rating queried", "By when", "By whom", "Status",
               "Status as written", "Review date"]
    rows = [[r.theme, r.reference, r.description, r.inherent_likelihood, r.inherent_impact,
             r.inherent_score, r.current_controls, r.residual_likelihood, r.residual_impact,
             r.residual_score, r.further_controls, r.target_likelihood, r.target_impact,
             r.target_score, r.rating_query, r.by_when, r.by_whom, r.get_status_display(),
             r.status_text, r.review_date] for r in Risk.objects.filter(board=board)]
    return headers, rows


def recommendations_table(board):
    headers = ["Source", "Kind", "Date", "Recommendation", "Text", "Actions"]
    recommendations = (Recommendation.objects.filter(source__board=board)
                       .select_related("source").prefetch_related("actions")
                       .order_by("source__date", "source__pk", "sort_key"))
    rows = [[r.source.title, r.source.get_kind_display(), r.source.date, r.number, r.text,
             _names(a.reference for a in r.actions.all())] for r in recommendations]
    sources_without = Source.objects.filter(board=board, recommendations__isnull=True)
    rows += [[s.title, s.get_kind_display(), s.date, "", "", ""] for s in sources_without]
    return headers, rows


def challenges_table(board):
    headers = ["Raised", "Raised by", "Agency", "Issue", "Response due", "Response", "Status",
               "Outcome"]
    challenges = Challenge.objects.filter(board=board).select_related("agency")
    rows = [[c.raised_on, c.raised_by, str(c.agency), c.issue, c.response_due, c.response,
             c.get_status_display(), c.outcome] for c in challenges]
    return headers, rows


def section11_table(board):
    headers = ["Round", "Agency", "Standard", "Rating", "Evidence", "QA comment",
               "Follow-up actions"]
    ratings = (Section11Rating.objects.filter(section11_return__round__board=board)
               .select_related("section11_return__round", "section11_return__agency",
                               "standard").prefetch_related("follow_up_actions")
               .order_by("section11_return__round__year", "section11_return__agency__name",
                         "standard__number"))
    rows = [[r.section11_return.round.title, str(r.section11_return.agency), str(r.standard),
             r.get_rating_display(), r.evidence, r.qa_comment,
             _names(a.reference for a in r.follow_up_actions.all())] for r in ratings]
    return headers, rows


def budget_table(board):
    headers = ["Financial year", "Income or expenditure", "Line", "Agency", "Amount (£)"]
    lines = BudgetLine.objects.filter(report__board=board).select_related("report", "agency")
    rows = [[year_label(b.report.year), b.get_kind_display(), b.label,
             str(b.agency or ""), b.amount] for b in lines]
    return headers, rows


TABLES = {t.name: t for t in [
    Table("actions", "Actions (every plan, archived included)", actions_table),
    Table("progress-updates", "Progress updates", updates_table),
    Table("groups", "Subgroups and other groups", groups_table),
    Table("members", "Membership register", members_table),
    Table("agencies", "Agencies", agencies_table),
    Table("attendance", "Meeting attendance", attendance_table),
    Table("planner", "Reporting planner", planner_table),
    Table("receipts", "Reports received", receipts_table),
    Table("indicators", "Performance indicators", indicators_table),
    Table("risks", "Risk register", risks_table),
    Table("recommendations", "Inspection and review recommendations", recommendations_table),
    Table("challenges", "Challenge log", challenges_table),
    Table("section11", "Section 11 ratings", section11_table),
    Table("budget", "Budget lines", budget_table),
]}


def dataset(board, table):
    headers, rows = table.build(board)
    data = tablib.Dataset(headers=headers, title=table.title[:31])
    for row in rows:
        data.append([neutralise(cell) for cell in row])
    return data
