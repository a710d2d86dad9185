import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lscb import once, paging
from lscb.access import (
    board_required,
    can_post_update,
    can_update_action,
    get_for_board,
    is_manager,
)
from lscb.evidence import download
from lscb.fiscal import Quarter
from lscb.spreadsheets.export import SafeTableExport
from lscb.stored import kept_only_if_saved
from lscb.two_factor import confirm_first, needs_confirmation
from plans.models import Recommendation

from . import update_rows
from .dating import can_withdraw, withdraw
from .filters import ActionFilter
from .forms import ImpactReviewForm, ProgressUpdateForm, UpdateFilesForm, WithdrawForm
from .history import field_changes
from .models import Action, UpdateEvidence
from .services import post_progress, record_impact_review
from .tables import ActionTable

EXPORT_FORMATS = ("csv", "xlsx")


def updater_for(request):
    """A cheap per-row permission check for the table's rows (``table_rows``: each holds
    the ids of its owner groups)."""
    return lambda row: can_update_action(request, row, owner_ids=row.owner_ids)


@board_required
@require_safe
def action_list(request):
    manager = is_manager(request)
    queryset = Action.objects.for_board(request.board).visible_to(manager).for_listing()
    filterset = ActionFilter(request.GET, queryset=queryset, board=request.board, manager=manager)
    # no request here: paging.configure reads the order and page size (clamped) from it
    table = ActionTable(filterset.qs, can_update=updater_for(request),
                        filtered=filterset.is_filtering)
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        if needs_confirmation(request):
            return confirm_first(request, "two-factor not confirmed for a bulk download")
        paging.configure(request, table, paginate=False)
        exporter = SafeTableExport(export_format, table, exclude_columns=("update",))
        return exporter.response(f"{request.board.slug}-actions.{export_format}")
    paging.configure(request, table)
    return render(
        request,
        "actions/action_list.html",
        {"filter": filterset, "table": table, "export_formats": EXPORT_FORMATS},
    )


def get_action(request, pk):
    """The action with this id on the current board (404 for any other board), with what
    its page lists: its owners, and its recommendations and the copies it was carried
    forward to, each read only when the action has some (``with_links``)."""
    queryset = (
        Action.objects.for_board(request.board).visible_to(is_manager(request))
        .with_progress(narrative=False)  # the page lists the updates themselves
        .with_links()
        .select_related("plan", "theme__parent", "carried_over_from__plan")
        .prefetch_related("owners")
    )
    action = get_for_board(request, queryset, pk=pk)
    prefetch_related_objects([action], *links_to_read(action))
    return action


def links_to_read(action):
    """The prefetches of the action page's lists that hold something: most actions have no
    recommendation and no copy, and a prefetch that finds nothing still costs a query.
    The copies of a closed action are read whatever it has (``Action.carried_to``)."""
    if action.has_recommendations:
        yield Prefetch("recommendations", Recommendation.objects.select_related("source"))
    if action.has_copies or action.is_closed:
        yield Prefetch("carried_into", Action.objects.select_related("plan"))


def action_to_update(request, pk):
    """The action a progress update is posted to, with what the permission check, the form
    and the answer need (its plan). The page's progress subqueries and related lists are
    left out (they were most of a post's CPU); an htmx form shows the current rating, so
    it gets the progress too. The owners are read only if the permission check asks
    (a chair's, once: the business manager may post on any action)."""
    queryset = (Action.objects.for_board(request.board).visible_to(is_manager(request))
                .select_related("plan"))
    if request.htmx:
        queryset = queryset.with_progress()
    return get_for_board(request, queryset, pk=pk)


@require_safe
@board_required
def action_detail(request, pk):
    return action_page(request, pk)


def action_page(request, pk, form=None, status=200, review_form=None, files_form=None):
    """The action page; with ``form`` (or ``review_form``), showing that form's errors."""
    action = get_action(request, pk)
    updates = list(action.updates.select_related("author", "withdrawal")
                   .prefetch_related("files"))
    can_update = can_update_action(request, action)
    can_post = can_post_update(request, action)
    manager = is_manager(request)
    strip = [u for u in reversed(updates) if u.withdrawn is None][-12:]
    withdrawable = {u.pk for u in updates if can_withdraw(u, request.user, manager=manager)
                    and (manager or can_post)}
    context = {
        "action": action,
        "updates": updates,
        "strip": strip,
        "strip_html": update_rows.strip_html(strip),
        "history_html": update_rows.history_html(action, updates, withdrawable,
                                                 get_token(request)),
        "changes": field_changes(action),
        "can_update": can_update,
        "can_edit": can_update,
        "form": form or (ProgressUpdateForm(action=action, manager=manager) if can_post
                         else None),
        "files_form": files_form or (UpdateFilesForm() if can_post else None),
        "withdrawable": withdrawable,
        "withdraw_form": WithdrawForm(),
        "review_form": review_form or (ImpactReviewForm() if can_update and action.impact_review_on
                                       and action.impact_held is None else None),
    }
    return render(request, "actions/action_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
@board_required
def post_update(request, pk):
    """Add a progress update. Full-page POST/redirect, or an htmx fragment
    when posted inline from the table or the plan page.

    A GET from htmx returns the inline form (lists load it on demand, so a
    2,000-row plan does not carry 2,000 forms); a plain GET goes to the form
    on the action page.
    """
    action = action_to_update(request, pk)
    if not can_post_update(request, action):
        raise PermissionDenied("You can only update actions your groups own.")
    if request.method == "GET":
        if request.htmx:
            form = ProgressUpdateForm(prefix_id=f"a{action.pk}", action=action,
                                      manager=is_manager(request))
            return render(request, "actions/_update_form.html", {"action": action, "form": form})
        return redirect(action.get_absolute_url() + "#post-update-heading")
    if first := once.earlier(request):  # the same form again: the same answer, stored once
        return update_answer(request, action, first)
    form = ProgressUpdateForm(request.POST, prefix_id=f"a{action.pk}" if request.htmx else "",
                              action=action, manager=is_manager(request))
    files_form = UpdateFilesForm(request.POST, request.FILES)
    if form.is_valid() and files_form.is_valid():
        message = f"Progress update on {action.reference} saved."
        try:
            with kept_only_if_saved() as saved, transaction.atomic():
                ticket = once.claim(request)
                update = post_progress(action, form, request.user)
                for upload in files_form.cleaned_data["files"]:
                    evidence = UpdateEvidence(update=update, original_name=upload.name)
                    evidence.file.save(upload.name, upload, save=True)
                    saved.append(evidence.file.name)
                once.settle(ticket, action.get_absolute_url(), message, update.pk)
        except once.AlreadySubmitted as again:
            return update_answer(request, action, again.submission)
        if request.htmx:
            return saved_fragment(request, action, update)
        messages.success(request, message)
        return redirect(action)
    if request.htmx:
        return render(request, "actions/_update_form.html", {"action": action, "form": form})
    return action_page(request, pk, form=form, files_form=files_form)

def saved_fragment(request, action, update):
    """The panel's "saved" message, with the row's RAG, last update and flags swapped in
    place; the ``action-updated`` event lets the page recount its "no update" totals."""
    current = get_action(request, action.pk)  # the latest by date: a back-dated update is not
    response = render(request, "actions/_update_saved.html",
                      {"action": action, "update": update, "current": current})
    response["HX-Trigger"] = json.dumps({"action-updated": {
        "id": action.pk, "rag": current.rag,
        "thisQuarter": bool(current.last_update_on
                            and Quarter.current().contains(current.last_update_on)),
        "closed": current.is_complete,
    }})
    return response


def update_answer(request, action, submission):
    """What the first of several identical update posts was answered."""
    if request.htmx:
        update = action.updates.filter(pk=submission.object_id).first()
        if update is not None:
            return saved_fragment(request, action, update)
    return once.replay(request, submission)


@require_POST
@board_required
def impact_review(request, pk):
    """Record whether the change an action made has held."""
    action = get_action(request, pk)
    if not can_update_action(request, action):
        raise PermissionDenied("You can only review actions your groups own.")
    if answered := once.replayed(request):
        return answered
    form = ImpactReviewForm(request.POST)
    if not form.is_valid():
        return action_page(request, pk, review_form=form)
    return once.save_once(
        request, lambda: record_impact_review(action, form.cleaned_data["held"],
                                              form.cleaned_data["note"]),
        done=lambda reviewed: reviewed.get_absolute_url(),
        saved="Impact review of {0.reference} recorded.")


@require_safe
@board_required
def update_file(request, pk):
    """An evidence file on a progress update, to members of the board only."""
    evidence = get_for_board(request, UpdateEvidence, pk=pk)
    return download(evidence.file, evidence.original_name)


@require_POST
@board_required
def withdraw_update(request, pk, update_pk):
    """Withdraw a progress update, with a reason: the business manager any, its author
    within 24 hours. It stays on the page struck through; reports ignore it."""
    action = get_action(request, pk)
    update = action.updates.select_related("withdrawal").filter(pk=update_pk).first()
    if update is None:
        raise Http404("No such update.")
    manager = is_manager(request)
    if not can_withdraw(update, request.user, manager=manager) or not (
            manager or can_post_update(request, action)):
        raise PermissionDenied("Only the business manager, or the author within 24 hours, "
                               "can withdraw an update.")
    if answered := once.replayed(request):
        return answered
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the update is withdrawn: it was not withdrawn.")
        return redirect(action.get_absolute_url() + f"#update-{update.pk}")
    return once.save_once(
        request, lambda: withdraw(update, request.user, form.cleaned_data["reason"]),
        done=lambda withdrawal: action.get_absolute_url() + f"#update-{update.pk}",
        saved=lambda withdrawal: f"The update of {update.date:%-d %B %Y} on {action.reference} "
        "was withdrawn.")
