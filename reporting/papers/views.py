"""The papers' pages. Each paper's HTML preview, PDF and Word file come from its one
declaration in ``registry``: ``paper_views`` makes the three views from it and a
function that finds, for the user's board, what the paper is about."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Max, Min, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from actions.models import ProgressUpdate
from lscb import paging
from lscb.access import board_required, get_for_board, manager_required, visible_agencies
from lscb.editing import edit, takes_form
from lscb.fiscal import Quarter, pick_year
from lscb.fiscal import default_quarter as fiscal_default_quarter
from lscb.papers.docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from lscb.papers.download import attachment
from lscb.papers.fingerprint import code_version, stored_copy
from lscb.sessions import keep_idle
from lscb.widgets import plain_bootstrap
from plans.access import board_plan
from plans.models import BusinessPlan, Source
from reporting.agencies.services import agency_year_choice
from reporting.models import AnnualReport, PaperJob, PlanPaperLayout, QuarterCommentary
from reporting.planner.services import planner_items
from reporting.quarters.services import FrozenCopyMissing, frozen_copy, snapshot_for
from subgroups.models import Subgroup

from . import background, preview, registry
from . import quarterly as quarterly_paper
from .board_paper import commentary_frozen
from .forms import CommentaryForm, PlanLayoutForm, PresetLayoutForm, QuarterForm
from .meeting import body_choices, meeting_for
from .plan_layout import layout_for
from .quarterly import PARTS, quarter_actions, theme_actions_html, with_details, with_quarter_updates


def paper_views(paper, subject):
    """(page, pdf, docx) views of ``paper``. ``subject(request, **url_kwargs)`` returns
    the arguments of ``paper.context``, every record fetched for the user's board."""

    @require_safe
    @board_required
    def page(request, **kwargs):
        return render(request, paper.page, paper.context(*subject(request, **kwargs)))

    @require_safe
    @board_required
    def pdf(request, **kwargs):
        return paper.pdf_download(paper.context(*subject(request, **kwargs)))

    @require_safe
    @board_required
    def docx(request, **kwargs):
        return paper.word_download(paper.context(*subject(request, **kwargs)))

    return page, pdf, docx


def _group(request, slug):
    groups = Subgroup.objects.select_related("chair", "vice_chair", "accountable_to")
    return request.board, get_for_board(request, groups, slug=slug)


workplan, workplan_pdf, workplan_docx = paper_views(registry.WORKPLAN, _group)
business_plan, business_plan_pdf, business_plan_docx = paper_views(  # a draft: the business manager's alone
    registry.BUSINESS_PLAN, lambda request, slug: (request.board, board_plan(request, slug)))


@require_safe
@board_required
def agency(request, pk):
    """An agency's record for a financial year of the board's (a year picker above it)."""
    record = get_for_board(request, visible_agencies(request), pk=pk)
    choice = agency_year_choice(request)
    if choice.redirect:
        return redirect(request.path + choice.redirect)
    context = registry.AGENCY.context(request.board, record, choice.year)
    return render(request, registry.AGENCY.page, {**context, "years": choice.links})


@require_safe
@board_required
def agency_pdf(request, pk):
    """An agency's record as a PDF, for a year of the board's: any other year asked for
    redirects to the nearest one, so a copy is stored only for the board's own years."""
    record = get_for_board(request, visible_agencies(request), pk=pk)
    choice = agency_year_choice(request)
    if choice.redirect:
        return redirect(request.path + choice.redirect)
    context = registry.AGENCY.context(request.board, record, choice.year)
    return registry.AGENCY.pdf_download(context)


tracker, tracker_pdf, _ = paper_views(
    registry.TRACKER, lambda request, pk: (request.board, get_for_board(request, Source, pk=pk)))
annual_preview, _, annual_docx = paper_views(
    registry.ANNUAL, lambda request, year: (get_for_board(request, AnnualReport, year=year),))


# The quarterly report: which plan and quarter, and a closed quarter's frozen copies.

def default_quarter(plan):
    """The last completed quarter, held inside the plan's period (a past plan opens on its
    last quarter, a plan not started yet on its first)."""
    return fiscal_default_quarter((plan.start_year, plan.end_year), timezone.localdate())


def chosen_plan(request, required=True):
    slug = request.GET.get("plan")
    if slug:
        return board_plan(request, slug)
    plan = BusinessPlan.objects.current(request.board)
    if plan is None and required:
        raise Http404("This board has no business plan yet.")
    return plan


def report_years(plan):
    """The years a report can be asked for: the plan's period and a year either side,
    widened to every year the plan has progress in (an imported plan's history)."""
    first, last = plan.start_year - 1, plan.end_year + 1
    span = ProgressUpdate.objects.standing().filter(  # rare: read from the update_year index
        Q(year__lt=first) | Q(year__gt=last), action__plan=plan,
    ).aggregate(first=Min("year"), last=Max("year"))
    first, last = min(first, span["first"] or first), max(last, span["last"] or last)
    return range(first, last + 1)


def quarter_from_request(request, plan, planner=None):
    """(form, quarter, redirect): the quarter asked for, or the default when none is asked;
    ``redirect`` (a query string) when the year or quarter asked for is not offered: the
    nearest year offered, and the default quarter for a quarter that is not one."""
    years = report_years(plan)
    quarter = default_quarter(plan)
    bodies = body_choices(request.board, planner)
    if "year" in request.GET or "quarter" in request.GET:
        choice = pick_year(request, years, quarter.year)
        query = request.GET.copy()
        if choice.redirect or not query.get("year"):
            query["year"] = choice.label
        if query.get("quarter") not in ("1", "2", "3", "4"):
            query["quarter"] = str(quarter.number)
        if query != request.GET:
            return None, None, f"{request.path}?{query.urlencode()}"
        form = QuarterForm(request.GET, years=years, bodies=bodies)
        return plain_bootstrap(form), (form.quarter_value if form.is_valid() else None), None
    form = QuarterForm(initial={"year": quarter.year_label, "quarter": quarter.number,
                                "author": author_name(request.user)},
                       years=years, bodies=bodies)
    return plain_bootstrap(form), quarter, None


def author_name(user):
    return user.get_full_name() or user.username


def meeting_from(request, form, planner=None):
    """Who the paper is for, from the form (the planner's body when none is chosen)."""
    kwargs = form.meeting_kwargs() if form.is_bound and form.is_valid() else {}
    kwargs.setdefault("author", author_name(request.user))
    return meeting_for(request.board, **kwargs, items=planner)


def paper_query(request, plan, quarter):
    """The query string that asks for this paper again (its downloads, its commentary)."""
    params = {"plan": plan.slug, "year": quarter.year_label, "quarter": quarter.number}
    for key in (*QuarterForm.MEETING_FIELDS, "live"):
        if request.GET.get(key):
            params[key] = request.GET[key]
    return urlencode(params)


def frozen_snapshot(request, plan, quarter):
    """The closed quarter's snapshot, unless the live figures are asked for (?live=1)."""
    if quarter is None or request.GET.get("live") == "1":
        return None
    return snapshot_for(plan, quarter)


def frozen_response(request, snapshot, field, filename):
    """A closed quarter's stored PDF or Word copy; if the file has gone, say so on the list."""
    try:
        content = frozen_copy(snapshot, field)
    except FrozenCopyMissing as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('reporting:quarters')}?plan={snapshot.plan.slug}")
    content_type = "application/pdf" if field == "pdf" else DOCX_CONTENT_TYPE
    return attachment(content, content_type, filename)


@board_required
@require_safe
def quarterly(request):
    plan = chosen_plan(request, required=False)
    if plan is None:
        return render(request, registry.QUARTERLY.page, {"plan": None})
    planner = planner_items(request.board)  # for the form, the meeting and the paper
    form, quarter, elsewhere = quarter_from_request(request, plan, planner)
    if elsewhere:
        return redirect(elsewhere)
    context = {"form": form, "plan": plan, "quarter": quarter}
    snapshot = frozen_snapshot(request, plan, quarter)
    if quarter is not None:
        context["paper_query"] = paper_query(request, plan, quarter)
    if snapshot:  # a closed quarter: the report exactly as it was frozen
        context.update(snapshot=snapshot, frozen_html=mark_safe(snapshot.html), shown=True)
    elif quarter is not None:
        meeting = meeting_from(request, form, planner)
        opened = opened_in(request)
        key = preview.cache_key(background.quarterly_key(request.board, plan, quarter, meeting),
                                context["paper_query"], opened, ROWS_ON_DEMAND,
                                quarterly_paper.LONG_LIST, code_version(preview_body))
        body = preview.kept(key, lambda: preview_body(request, plan, quarter, meeting,
                                                      context["paper_query"], planner))
        context.update(body, meeting=meeting, shown=True)
    return render(request, registry.QUARTERLY.page, context, status=200 if quarter else 400)


def opened_in(request):
    """What the query string opens in the preview, as ``preview_rows`` and
    ``parts_on_demand`` read it (so junk values share one kept body)."""
    theme, part = request.GET.get("theme", ""), request.GET.get("part", "")
    return (theme if theme.isdigit() else "", part if part in PARTS else "",
            request.GET.get("all") == "1")


def preview_body(request, plan, quarter, meeting, query, planner):
    """The paper's HTML as the preview shows it, and what the page around it asks of it
    (``preview`` keeps it: plain values only)."""
    context = registry.QUARTERLY.context(request.board, plan, quarter, meeting,
                                         rows_for=preview_rows(request),
                                         open_parts={request.GET.get("part")}, planner=planner)
    context.update(paper_query=query)
    return {"body": mark_safe(render_to_string(registry.QUARTERLY.body, context)),
            "has_commentary": context["commentary"] is not None,
            "has_themes": bool(context["sections"])}


# A plan of more actions than this (as on the plan page) previews appendix A theme by
# theme when asked: htmx, or a link without JavaScript; ?all=1 shows every theme's
# actions. The summary is counted from every action either way, and the PDF and Word
# file always print them all. Its long lists of actions (key exceptions, movement, due
# next quarter: ``quarterly.PARTS``) open when asked too.
ROWS_ON_DEMAND = 300
PART_TEMPLATES = {"exceptions": "papers/_quarterly_exceptions.html",
                  "movement": "papers/_quarterly_movement.html",
                  "due-next": "papers/_quarterly_due_next.html"}


def preview_rows(request):
    """Which themes' actions the preview prints, as a function of how many open actions
    the plan has (``quarterly_context`` counts them as it reads them): every theme (None)
    up to ROWS_ON_DEMAND actions or with ?all=1, else the one opened by ?theme=, if any."""
    if request.GET.get("all") == "1":
        return None
    opened = request.GET.get("theme", "")

    def rows_for(count, themes):
        if count <= ROWS_ON_DEMAND:
            return None
        theme = themes.get(int(opened)) if opened.isdecimal() else None  # not "²"
        return [theme] if theme else []

    return rows_for


def fragment_subject(request):
    """(plan, quarter) of a fragment's query string: the board's plan, and a quarter the
    report offers, asked for in full (a fragment is never redirected to another one)."""
    plan = chosen_plan(request)
    _form, quarter, elsewhere = quarter_from_request(request, plan)
    if elsewhere or quarter is None or "year" not in request.GET:
        return plan, None
    if frozen_snapshot(request, plan, quarter):
        raise Http404("That quarter is closed: its report is the copy frozen then.")
    return plan, quarter


NO_QUARTER = "Choose a financial year and quarter the report offers."


@board_required
@require_safe
def quarterly_theme_actions(request, pk):
    """One theme's actions in appendix A, for the plan and quarter of the query string:
    what a big plan's preview loads when a theme is opened."""
    plan, quarter = fragment_subject(request)
    theme = get_object_or_404(plan.themes.all(), pk=pk)
    if quarter is None:
        return HttpResponseBadRequest(NO_QUARTER)

    def build():
        actions = quarter_actions(plan, quarter, [theme], whole=False)
        with_details(with_quarter_updates(actions, plan, quarter, [theme]), plan, [theme])
        return theme_actions_html(actions)

    return HttpResponse(fragment(request, plan, quarter, ("theme", theme.pk), build))


@board_required
@require_safe
def quarterly_part(request, name):
    """One of the summary's long lists (``PARTS``), as the paper prints it."""
    if name not in PART_TEMPLATES:
        raise Http404("No such part of the report.")
    plan, quarter = fragment_subject(request)
    if quarter is None:
        return HttpResponseBadRequest(NO_QUARTER)

    def build():
        context = registry.QUARTERLY.context(request.board, plan, quarter, rows_for=[],
                                             open_parts={name})
        return render_to_string(PART_TEMPLATES[name], context)

    return HttpResponse(fragment(request, plan, quarter, ("part", name), build))


def fragment(request, plan, quarter, what, build):
    """A fragment's HTML, kept like the preview's body (``preview``)."""
    key = preview.cache_key(background.quarterly_key(request.board, plan, quarter), what,
                            code_version(fragment))
    return preview.kept(key, build)


def quarterly_download(fmt):
    """The quarterly report as PDF or Word: a closed quarter's frozen copy, else live."""
    paper = registry.QUARTERLY

    @board_required
    @require_safe
    def download(request):
        plan = chosen_plan(request)
        planner = planner_items(request.board)  # for the form and the meeting
        form, quarter, elsewhere = quarter_from_request(request, plan, planner)
        if elsewhere:
            return redirect(elsewhere)
        if quarter is None:
            return render(request, paper.page, {"form": form, "plan": plan}, status=400)
        snapshot = frozen_snapshot(request, plan, quarter)
        name = f"{paper.filename({'board': request.board, 'quarter': quarter})}.{fmt}"
        if snapshot and (fmt == "pdf" or snapshot.docx):  # frozen when the quarter closed
            return frozen_response(request, snapshot, fmt, name)
        meeting = meeting_from(request, form, planner)
        if fmt == "pdf":  # found by its data's fingerprint; a big one renders in the queue
            key = background.quarterly_key(request.board, plan, quarter, meeting)
            content = stored_copy(key)
            if content is None and background.is_big(plan):
                job = background.start_quarterly_job(request.board, plan, quarter, key,
                                                     request.user, meeting)
                return redirect(job.status_url())
            if content is None:
                content = background.quarterly_pdf(request.board, plan, quarter, key, meeting)
            return attachment(content, "application/pdf", name)
        context = paper.context(request.board, plan, quarter, meeting, planner=planner)
        note = "" if snapshot is None else (
            f"{quarter} was closed on {snapshot.closed_at:%-d %B %Y}; the report as it was frozen "
            f"then is the PDF. This Word copy is worked out from the records as they stand today.")
        return attachment(paper.word(context, note=note), DOCX_CONTENT_TYPE, name)

    return download


quarterly_pdf = quarterly_download("pdf")
quarterly_docx = quarterly_download("docx")


# Papers rendered in the background (the annual report has its own pages).
# The job page polls every 2 seconds for 3 minutes at most, then offers a refresh link.
POLL_EVERY_SECONDS, MAX_POLLS = 2, 90


def get_job(request, pk):
    return get_for_board(request, PaperJob.objects.exclude(paper=registry.ANNUAL.name), pk=pk)


@require_safe
@board_required
def paper_job(request, pk):
    """The job's progress: the page, or (htmx) the fragment it polls."""
    job = get_job(request, pk)
    if request.htmx:
        keep_idle(request)
    asked = request.GET.get("poll")
    polls = 0 if asked is None else paging.bounded(asked, MAX_POLLS, 0, MAX_POLLS)
    template = "reporting/_job_status.html" if request.htmx else "reporting/paper_job.html"
    return render(request, template, {
        "job": job, "running": job.running,
        "next_poll": polls + 1 if job.running and polls < MAX_POLLS else None,
        "poll_every": POLL_EVERY_SECONDS})


@require_safe
@board_required
def paper_job_file(request, pk):
    job = get_job(request, pk)
    content = stored_copy(job.content_hash) if job.status == PaperJob.Status.DONE else None
    if content is None:
        raise Http404("Not ready")
    quarter = Quarter(job.quarter_year, job.quarter_number)
    name = registry.QUARTERLY.filename({"board": request.board, "quarter": quarter})
    return attachment(content, "application/pdf", f"{name}.pdf")
@board_required
@manager_required
@takes_form
def quarter_commentary(request):
    """The business manager's commentary and asks for a quarter; refused once the quarter
    is closed (the closed report keeps the words it was closed with)."""
    plan = chosen_plan(request)
    form, quarter, elsewhere = quarter_from_request(request, plan)
    if elsewhere:
        return redirect(elsewhere)
    if quarter is None or "year" not in request.GET:
        raise Http404("Choose the quarter the commentary is for.")
    back = f"{reverse('reporting:quarterly')}?{paper_query(request, plan, quarter)}"
    if commentary_frozen(plan, quarter):
        messages.error(request, f"{quarter} is closed: its commentary can no longer be changed.")
        return redirect(back)
    instance = QuarterCommentary.objects.filter(plan=plan, year=quarter.year,
                                                quarter=quarter.number).first()
    if instance is None:
        instance = QuarterCommentary(board=request.board, plan=plan, year=quarter.year,
                                     quarter=quarter.number)

    def save(commentary_form):
        commentary = commentary_form.save(commit=False)
        commentary.updated_by = request.user
        commentary.save()
        return commentary

    return edit(request, CommentaryForm, instance=instance, done=lambda _c: back, save=save,
                saved="Commentary for {0.quarter_value} saved.",
                template="reporting/quarter_commentary_form.html",
                context={"quarter": quarter, "plan": plan, "back_url": back})


@board_required
@manager_required
@takes_form
def plan_layout(request, slug):
    """The business manager chooses the Business Plan document's columns and orientation."""
    from django.db import transaction

    plan = board_plan(request, slug)
    columns, landscape = layout_for(plan)
    back = reverse("reporting:business_plan", args=[plan.slug])
    form = PlanLayoutForm(columns=columns, initial={"landscape": landscape})
    preset_form = PresetLayoutForm()
    if request.method == "POST":
        posted = PresetLayoutForm(request.POST) if "preset" in request.POST else \
            PlanLayoutForm(request.POST, columns=columns)
        if posted.is_valid():
            with transaction.atomic():
                PlanPaperLayout.objects.update_or_create(plan=plan, defaults={
                    "columns": posted.columns(), "landscape": posted.is_landscape()})
            messages.success(request, "The plan document's columns are saved.")
            return redirect(back)
        if isinstance(posted, PresetLayoutForm):
            preset_form = posted
        else:
            form = posted
    return render(request, "reporting/plan_layout_form.html",
                  {"form": form, "preset_form": preset_form, "plan": plan, "back_url": back})
