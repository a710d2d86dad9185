"""Closed quarters: the list, closing one, its frozen PDF and comparing two quarters."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from lscb.access import board_required, get_for_board, is_manager, manager_required
from reporting.models import QuarterSnapshot
from reporting.papers.views import chosen_plan, default_quarter, frozen_response
from reporting.quarters.forms import (
    CloseQuarterForm,
    CompareForm,
    nearest_quarter,
    plan_quarters,
    quarter_key,
)
from reporting.quarters.services import AlreadyClosed, close_quarter, compare, snapshot_for


def _plan_quarter(request, plan):
    """The quarter named by ?q=YEAR-N among the plan's quarters, or 404."""
    quarters = {quarter_key(q): q for q in plan_quarters(plan)}
    quarter = quarters.get(request.GET.get("q", ""))
    if quarter is None:
        raise Http404("No such quarter in this plan.")
    return quarter


@require_safe
@board_required
def quarter_list(request):
    plan = chosen_plan(request)
    closed = {(s.year, s.quarter): s for s in
              QuarterSnapshot.objects.filter(plan=plan).select_related("closed_by")}
    today = timezone.localdate()
    rows = [{"quarter": q, "key": quarter_key(q), "snapshot": closed.get((q.year, q.number)),
             "started": q.start <= today, "ended": q.end < today}
            for q in plan_quarters(plan)]
    return render(request, "reporting/quarters.html", {
        "plan": plan, "rows": rows, "can_close": is_manager(request)})


@require_http_methods(["GET", "HEAD", "POST"])
@manager_required
def quarter_close(request):
    plan = chosen_plan(request)
    quarter = _plan_quarter(request, plan)
    back = f"{reverse('reporting:quarters')}?plan={plan.slug}"
    if snapshot_for(plan, quarter):
        messages.info(request, f"{quarter} is already closed.")
        return redirect(back)
    if quarter.start > timezone.localdate():
        messages.error(request, f"{quarter} has not started yet, so it cannot be closed.")
        return redirect(back)
    form = CloseQuarterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            close_quarter(request.board, plan, quarter, request.user, form.cleaned_data["note"])
        except AlreadyClosed as error:
            messages.info(request, str(error))
        else:
            messages.success(request, f"{quarter} is closed: its report is now frozen.")
        return redirect(back)
    return render(request, "reporting/quarter_close.html", {
        "plan": plan, "quarter": quarter, "form": form,
        "ended": quarter.end < timezone.localdate()})


@require_safe
@board_required
def quarter_pdf(request, pk):
    snapshot = get_for_board(request, QuarterSnapshot, pk=pk)
    quarter = snapshot.quarter_value
    return frozen_response(request, snapshot, "pdf",
                           f"{request.board.slug}-quarterly-{quarter.year}-q{quarter.number}"
                           "-closed.pdf")


@require_safe
@board_required
def quarter_compare(request):
    plan = chosen_plan(request)
    quarters = plan_quarters(plan)
    second = default_quarter(plan)  # the last completed quarter and the one before it
    if second not in quarters:
        second = quarters[-1]
    first = second.previous() if second.previous() in quarters else second.next()
    default = (min(first, second), max(first, second))
    if "a" in request.GET or "b" in request.GET:
        # a quarter outside the plan (or none) goes to the nearest one offered
        query = request.GET.copy()
        for name, fallback in zip("ab", default, strict=True):
            near = nearest_quarter(query.get(name), quarters, fallback)
            query[name] = quarter_key(near)
        if query != request.GET:
            return redirect(f"{request.path}?{query.urlencode()}")
        form = CompareForm(request.GET, quarters=quarters)
        pair = (form.cleaned_data["a"], form.cleaned_data["b"]) if form.is_valid() else None
    else:
        pair = default
        form = CompareForm(quarters=quarters,
                           initial={"a": quarter_key(pair[0]), "b": quarter_key(pair[1])})
    context = {"plan": plan, "form": form}
    if pair:
        result = compare(plan, *pair)
        changed = [c for c in result["changes"] if c.movement or c.new_update]
        show_all = request.GET.get("all") == "1"
        context.update(result, first=pair[0], second=pair[1], show_all=show_all,
                       shown=result["changes"] if show_all else changed,
                       unchanged=len(result["changes"]) - len(changed))
    return render(request, "reporting/quarter_compare.html", context,
                  status=200 if pair else 400)
