"""Adding, editing and archiving actions, and the year-end review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lscb import once
from lscb.access import board_required, can_update_action, get_for_board, manager_required
from lscb.editing import takes_form
from plans.access import board_plan as readable_plan
from plans.access import writable_plan

from .forms import ActionForm
from .forms_yearend import YearEndForm
from .models import Action
from .services import EditConflict, archive, create_action, save_action
from .yearend import YearEndError, open_actions, year_end


@takes_form
@manager_required
def action_create(request, slug):
    plan = writable_plan(request, slug)
    if answered := once.replayed(request):
        return answered
    form = ActionForm(request.POST or None, plan=plan, initial={"theme": request.GET.get("theme")})
    if request.method == "POST" and form.is_valid():
        return once.save_once(request, lambda: create_action(form),
                              done=lambda action: action.get_absolute_url(),
                              saved="Action {0.reference} added.")
    return render(request, "actions/action_form.html", {"form": form, "plan": plan})


@takes_form
@board_required
def action_edit(request, pk):
    action = get_for_board(request, Action.objects.select_related("plan", "theme"), pk=pk
    )
    if not can_update_action(request, action):
        raise PermissionDenied("You can only edit actions your groups own.")
    if answered := once.replayed(request):
        return answered
    form = ActionForm(request.POST or None, instance=action, plan=action.plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data["version"]  # required: never "whatever is current"
        try:
            return once.save_once(request, lambda: save_action(form, expected),
                                  done=lambda saved: saved.get_absolute_url(),
                                  saved="Action {0.reference} saved.")
        except EditConflict as clash:
            conflict = clash
            # Keep what this user typed; the next save deliberately replaces the newer version.
            data = request.POST.copy()
            data["version"] = clash.current.version
            form = ActionForm(data, instance=clash.current, plan=action.plan)
            form.is_valid()
    context = {"form": form, "plan": action.plan, "action": action, "conflict": conflict}
    return render(request, "actions/action_form.html", context, status=409 if conflict else 200)


@require_POST
@manager_required
def action_archive(request, pk):
    action = get_for_board(request, Action.objects.select_related("plan"), pk=pk)
    if action.is_read_only:
        raise PermissionDenied("This action's plan is archived: it can be read but not changed.")
    restore = request.POST.get("restore") == "1"
    archive(action, archived=not restore)
    verb = "restored" if restore else "archived"
    messages.success(request, f"Action {action.reference} {verb}.")
    return redirect(action)


@takes_form
@manager_required
def plan_year_end(request, slug):
    """The year-end review of the live plan: keep, complete or drop every open action."""
    plan = readable_plan(request, slug)
    if answered := once.replayed(request):
        return answered
    if not plan.is_live:
        return render(request, "actions/year_end.html", {"plan": plan, "form": None},
                      status=409 if request.method == "POST" else 200)
    actions = list(open_actions(plan))
    form = YearEndForm(request.POST or None, plan=plan, actions=actions)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def apply():
            return year_end(
                plan, form.decisions(), user=request.user, target=data["target"],
                title=data["title"], start_year=data["start_year"], end_year=data["end_year"],
                go_live=data["go_live"], approved_by=data["approved_by"],
            ).target

        try:
            return once.save_once(
                request, apply, done=lambda target: target.get_absolute_url(),
                saved=lambda target: f"Year-end done: {len(actions)} action(s) decided; "
                f"the kept ones are carried into {target.title}.")
        except YearEndError as problem:
            error = str(problem)
    return render(request, "actions/year_end.html",
                  {"plan": plan, "form": form, "error": error},
                  status=409 if error else 200)
