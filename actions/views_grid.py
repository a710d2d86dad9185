"""The bulk update grid: a quarter's progress for many actions posted at once.

Each row is its own ``ProgressUpdateForm`` (so every rule of a single update applies),
validated on its own: the valid rows are saved, the invalid ones stay on screen with
what was typed and their errors beside them. Rows left blank are skipped. The page's
one-off key makes a double submit save nothing twice.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lscb import once
from lscb.access import board_required, can_update_action, is_chair, is_manager, led_subgroup_ids
from lscb.rag import RAG
from plans.models import BusinessPlan

from .filters import ActionFilter
from .forms import ProgressUpdateForm
from .models import Action, ProgressUpdate
from .services import post_progress

GRID_LIMIT = 150  # rows on one grid: filter by group or theme for more
GRID_FILTERS = ("q", "plan", "owner", "theme", "no_update")


def grid_actions(request, filterset):
    """The actions this user may update that the filters select, in plan order."""
    queryset = (filterset.qs.exclude(plan__status=BusinessPlan.Status.ARCHIVED)
                .exclude(rag=RAG.COMPLETE).filter(completed_on__isnull=True))
    if not is_manager(request):
        queryset = queryset.filter(owners__in=led_subgroup_ids(request))
    actions = list(queryset.distinct()[:GRID_LIMIT + 1])
    more = len(actions) > GRID_LIMIT
    actions = [a for a in actions[:GRID_LIMIT] if can_update_action(
        request, a, owner_ids={g.pk for g in a.owners.all()})]
    return actions, more


def typed_in(data, action):
    """Whether anything was typed in the action's row (its date is always filled in): a
    row with only a reason or an impact statement is checked, never dropped unseen."""
    prefix = f"a{action.pk}-"
    return any(key.startswith(prefix) and key != f"{prefix}date" and str(value).strip()
               for key, value in data.items())


SHOWN = {"rag", "date", "narrative", "impact_statement", "impact_evidence", "impact_review_on"}


def make_form(action, data=None, manager=False):
    form = ProgressUpdateForm(data, prefix=f"a{action.pk}", action=action, manager=manager)
    for name, field in form.fields.items():
        css = "form-select form-select-sm" if name == "rag" else "form-control form-control-sm"
        field.widget.attrs["class"] = css
    # any field the update form gains later shows in the row too
    form.extra_fields = [form[name] for name in form.fields if name not in SHOWN]
    return form


def saved_by(submission, action, form):
    """The update the first copy of this grid saved for this row, if any."""
    form.is_valid()
    data = form.cleaned_data
    return (ProgressUpdate.objects.filter(
        action=action, author_id=submission.user_id, created_at__gte=submission.created_at,
        rag=data.get("rag", ""), narrative=data.get("narrative", ""))
        .order_by("-pk").first())


@require_http_methods(["GET", "POST"])
@board_required
def update_grid(request):
    manager = is_manager(request)
    if not (manager or is_chair(request)):
        raise PermissionDenied("Only the business manager and group chairs post updates.")
    queryset = (Action.objects.for_board(request.board).visible_to(manager)
                .for_listing(narrative=True))  # each row shows the latest update's text
    filterset = ActionFilter(request.GET, queryset=queryset, board=request.board, manager=manager)
    actions, more = grid_actions(request, filterset)
    rows = [{"action": a, "form": make_form(a, manager=manager), "saved": None} for a in actions]
    if request.method == "POST":
        first = once.earlier(request)
        touched = [row for row in rows if typed_in(request.POST, row["action"])]
        for row in touched:
            row["form"] = make_form(row["action"], request.POST, manager=manager)
        if first is None:
            try:
                with transaction.atomic():
                    ticket = once.claim(request)
                    for row in touched:
                        if row["form"].is_valid():
                            row["saved"] = post_progress(row["action"], row["form"], request.user)
                    saved = sum(1 for row in touched if row["saved"])
                    message = f"{saved} progress update{'s' if saved != 1 else ''} saved."
                    once.settle(ticket, request.get_full_path(), message)
                    if not saved:  # every row refused: nothing written, not even the key
                        transaction.set_rollback(True)
            except once.AlreadySubmitted as again:
                first = again.submission
        if first is not None:  # a second copy: show what the first saved, save nothing
            for row in touched:
                row["saved"] = saved_by(first, row["action"], row["form"])
        invalid = [row for row in touched if not row["saved"]]
        for row in invalid:
            for name in row["form"].errors:
                if name in row["form"].fields:
                    attrs = row["form"].fields[name].widget.attrs
                    attrs["class"] += " is-invalid"
                    attrs["aria-invalid"] = "true"
                    attrs["aria-describedby"] = f"{row['form'][name].auto_id}-error"
        saved = [row for row in touched if row["saved"]]
        if not invalid:
            if saved:
                messages.success(request, f"{len(saved)} progress update"
                                 f"{'s' if len(saved) != 1 else ''} saved.")
            else:
                messages.info(request, "Nothing to save: choose a rating or write a narrative "
                              "in the rows you want to update.")
            return redirect(request.get_full_path())
        return render(request, "actions/update_grid.html", {
            "filter": filterset, "rows": rows, "more": more, "saved_count": len(saved),
            "invalid_count": len(invalid), "grid_filters": GRID_FILTERS,
        })
    return render(request, "actions/update_grid.html", {
        "filter": filterset, "rows": rows, "more": more, "grid_filters": GRID_FILTERS,
    })
