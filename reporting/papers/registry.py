"""Every paper the board prints, each declared once (``lscb.papers.declaration.Paper``):
what builds its context, the template of its body, the page around it on screen and its
file name. The PDF and the Word file are both made from the body (see lscb.papers). The
views, the background jobs, closing a quarter and ``manage.py render_report`` all render
through these declarations."""

from lscb.papers.declaration import Paper
from reporting.agencies.services import agency_context
from reporting.annual.services import annual_context
from reporting.sources.services import tracker_context

from .business_plan import business_plan_context
from .quarterly import quarterly_context
from .workplan import workplan_context

QUARTERLY = Paper(
    name="quarterly", context=quarterly_context, body="papers/quarterly_body.html",
    page="reporting/quarterly.html",
    filename=lambda c: f"{c['board'].slug}-quarterly-{c['quarter'].year}-q{c['quarter'].number}")

WORKPLAN = Paper(
    name="workplan", context=workplan_context, body="papers/workplan_body.html",
    page="reporting/workplan.html",
    filename=lambda c: f"{c['board'].slug}-{c['group'].slug}-work-plan")

BUSINESS_PLAN = Paper(
    name="business_plan", context=business_plan_context, body="papers/business_plan_body.html",
    page="reporting/business_plan.html",
    filename=lambda c: f"{c['board'].slug}-{c['plan'].slug}")

ANNUAL = Paper(
    name="annual", context=annual_context, body="papers/annual_body.html",
    page="reporting/annual_preview.html",
    filename=lambda c: f"{c['board'].slug}-annual-report-{c['report'].year}")

AGENCY = Paper(
    name="agency", context=agency_context, body="papers/agency_body.html",
    page="reporting/agency.html",
    filename=lambda c: f"{c['board'].slug}-agency-{c['agency'].pk}")

TRACKER = Paper(
    name="tracker", context=tracker_context, body="papers/tracker_body.html",
    page="plans/source_detail.html",
    filename=lambda c: f"{c['board'].slug}-tracker-{c['source'].pk}")
