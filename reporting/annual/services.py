"""The annual report: sections edited in the browser, appendices from the data."""

import datetime

from django.db import transaction
from django.utils import timezone

from actions.models import Action, UpdateEvidence
from lscb.fiscal import year_label, year_range
from lscb.models import Challenge, Member
from lscb.papers.markdown import render_markdown, word_count
from lscb.rag import RAG
from lscb.vocabulary import checklist_for, words_for
from plans.indicators import indicator_charts, indicator_rows
from plans.models import Risk, RiskSettings
from plans.risks import with_scheme
from reporting.models import (
    AnnualReport,
    AnnualReportSection,
    BudgetLine,
    Section11Evidence,
    Section11Round,
    SubgroupReport,
)
from reporting.section11.services import summary_grid
from subgroups.attendance import attendance_tables
from subgroups.models import Subgroup

from .signatories import first_signatories
from .templates import default_template

SECTION_ORDER = [key for key, _ in AnnualReportSection.Key.choices]
THIN_WORDS = 60

# What the statutory guidance asks the report to cover, and where it goes: by the board's
# kind (Working Together 2015, 2018, 2023 or the Care Act), see lscb/vocabulary.py.


@transaction.atomic
def start_report(board, year, template=None):
    """Create the year's report with the sections of ``template`` (by default the board's:
    an LSCB annual report, or a partnership's yearly report) and one update per active
    group. Sections already there are kept as they are."""
    report, created = AnnualReport.objects.get_or_create(
        board=board, year=year, defaults={"title": f"{words_for(board).report} {year_label(year)}"})
    if report.is_frozen:  # approved: no section or group added until it is reopened
        return report
    if created or template is not None:
        apply_template(report, template or default_template(board))
    if created:
        first_signatories(report)
    for group in Subgroup.objects.for_board(board).prefetch_related("functions"):
        SubgroupReport.objects.get_or_create(report=report, subgroup=group, defaults={
            "chair": group.chair.name if group.chair_id else "",
            "key_functions": "\n".join(f"- {fn.text}" for fn in group.functions.all()),
        })
    return report


def apply_template(report, template):
    """Add the template's sections the report does not have yet, after its own."""
    have = set(report.sections.values_list("key", flat=True))
    last = report.sections.order_by("-order").values_list("order", flat=True).first()
    order = -1 if last is None else last
    for key, title, generated in template.sections:
        if key in have:
            continue
        order += 1
        AnnualReportSection.objects.create(report=report, key=key, title=title,
                                           generated=generated, order=order)


@transaction.atomic
def move_section(section, step):
    """Move a section up (-1) or down (+1) by swapping with its neighbour."""
    sections = list(section.report.sections.order_by("order", "pk"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index + step
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    for order, item in enumerate(sections):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])


def training_actions(actions):
    """The plan's actions about training (by their words): the generated training section."""
    words = ("train", "learning and development", "workforce")
    return [a for a in actions if any(w in f"{a.description} {a.theme}".lower() for w in words)]


def case_reviews(board, year):
    """The case reviews and practice reviews the board tracks, with their recommendations."""
    from plans.models import Source

    kinds = [Source.Kind.SCR, Source.Kind.CSPR, Source.Kind.RAPID_REVIEW]
    return list(Source.objects.for_board(board).filter(kind__in=kinds)
                .prefetch_related("recommendations"))


def little_progress_text(board, year):
    """A first draft of 'areas of little progress' from red and amber actions at year end."""
    end = year_range(year)[1]
    actions = (Action.objects.for_board(board).active().with_progress(as_at=end)
               .filter(rag__in=[RAG.RED, RAG.AMBER]).select_related("plan").in_plan_order())
    lines = [f"- **{a.reference}** {a.description.splitlines()[0][:160]} "
             f"({RAG(a.rag).label}){': ' + a.last_narrative if a.last_narrative else ''}"
             for a in actions]
    return "\n".join(lines)


def checklist(report, sections, budget_lines, impact_count):
    status = {}
    for section in sections:
        words = word_count(section.body)
        status[section.key] = "empty" if not words else ("thin" if words < THIN_WORDS else "ok")
        if section.generated and not words:
            status[section.key] = "generated"
    status["budget"] = "ok" if budget_lines else "empty"
    status["impact"] = "ok" if impact_count else "empty"
    rows = []
    for label, keys in checklist_for(report.board)[1]:
        states = [status.get(k, "empty") for k in keys]
        state = "ok" if "ok" in states else ("thin" if "thin" in states else "empty")
        rows.append((label, state))
    return rows, status


def year_end_actions(board, year):
    end = year_range(year)[1]
    return list(Action.objects.for_board(board).active().with_progress(as_at=end)
                .filter(plan__start_year__lte=year, plan__end_year__gte=year)
                .select_related("plan", "theme").prefetch_related("owners").in_plan_order())


def annual_context(report):
    board, year = report.board, report.year
    all_sections = list(report.sections.all())
    for section in all_sections:
        section.html = render_markdown(section.body)
    # Only written (or generated) sections print; a draft lists the others on screen.
    sections = [s for s in all_sections if s.is_written]
    unwritten = [s for s in all_sections if not s.is_written]
    generated = {s.generated for s in sections if s.generated}
    # The groups' reports follow the planning section, or the last written one before it.
    keys = [s.key for s in all_sections]
    before = keys[:keys.index("planning") + 1] if "planning" in keys else keys
    written_before = [s.key for s in sections if s.key in before]
    groups_after = written_before[-1] if written_before else (
        sections[0].key if sections else None)
    group_reports = list(report.group_reports.select_related("subgroup"))
    for g in group_reports:
        for name in ("key_functions", "key_priorities", "achieved", "contribution", "successes"):
            setattr(g, f"{name}_html", render_markdown(getattr(g, name)))
    budget = list(report.budget_lines.select_related("agency"))
    income = [b for b in budget if b.kind == BudgetLine.Kind.INCOME]
    spend = [b for b in budget if b.kind == BudgetLine.Kind.EXPENDITURE]
    actions = year_end_actions(board, year)
    groups = list(Subgroup.objects.for_board(board))
    s11_round = Section11Round.objects.filter(board=board, year=year).first()
    s11 = summary_grid(s11_round) if s11_round else None
    start, end = year_range(year)
    members = Member.objects.for_board(board).exclude(
        board_role=Member.BoardRole.NONE).select_related("agency")
    members = [m for m in members if (m.start_date is None or m.start_date <= end)
               and (m.end_date is None or m.end_date >= start)]
    checklist_rows, _ = checklist(report, all_sections, budget, sum(1 for a in actions
                                                                 if a.impact_statement))
    return {
        "board": board, "report": report, "year": year, "year_label": year_label(year),
        "title": report.title or f"Annual Report {year_label(year)}",
        "produced_on": timezone.localdate(),
        "sections": sections, "unwritten": unwritten, "groups_after": groups_after,
        "generated": generated, "signatories": list(report.signatories.all()),
        "group_reports": group_reports,
        "is_draft": report.status == AnnualReport.Status.DRAFT,
        "income": income, "spend": spend, "totals": report.budget_totals(),
        "members": members,
        "attendance": attendance_tables(board, year, groups),
        "indicators": indicator_rows(board, year), "indicator_year_label": year_label(year),
        "indicator_charts": indicator_charts(board),
        "risks": with_scheme(list(Risk.objects.for_board(board).exclude(
            status=Risk.Status.CLOSED)), RiskSettings.scheme_for(board)),
        "s11_round": s11_round, "s11": s11,
        "actions": actions,
        "challenges": list(Challenge.objects.for_board(board).filter(
            raised_on__range=(start, end)).select_related("agency")),
        "checklist": checklist_rows,
        "training_actions": training_actions(actions) if "training" in generated else [],
        "case_reviews": case_reviews(board, year) if "case_reviews" in generated else [],
        "year_end": end,
        "evidence": evidence_list(board, year, s11_round),
    }


def evidence_list(board, year, s11_round=None):
    """The evidence files of the year (names and dates, not the files): those attached to
    progress updates dated in the year and to the year's Section 11 returns."""
    start, end = year_range(year)
    rows = [(e.update.date, f"Progress update on {e.update.action.reference}", e.original_name)
            for e in UpdateEvidence.objects.filter(
                update__action__board=board, update__date__range=(start, end))
            .select_related("update__action")]
    if s11_round is not None:
        rows += [(e.uploaded_on, f"Section 11 return of {e.section11_return.agency}",
                  e.original_name) for e in Section11Evidence.objects.filter(
                      section11_return__round=s11_round).select_related(
                          "section11_return__agency")]
    return sorted(rows, key=lambda row: (row[0], row[1], row[2]))


def year_choices(today=None):
    from lscb.fiscal import financial_year_of

    year = financial_year_of(today or datetime.date.today())
    return list(range(year - 12, year + 1))
