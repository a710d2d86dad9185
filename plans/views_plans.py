"""Creating and editing plans, and moving them through their life: a draft is approved,
made live (archiving the plan before it) and finally archived, read-only."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from lscb.access import manager_required
from lscb.editing import edit, takes_form
from lscb.history import field_changes

from . import services
from .access import writable_plan
from .forms import MakeLiveForm, PlanForm
from .models import BusinessPlan


@takes_form
@manager_required
def plan_new(request):
    return edit(request, PlanForm, board=request.board, template="plans/plan_form.html",
                done=lambda plan: reverse("plans:themes", args=[plan.slug]),
                saved="{0.title} added as a draft. Now give it its themes.",
                context={"heading": "Add a business plan"})


@takes_form
@manager_required
def plan_edit(request, slug):
    plan = writable_plan(request, slug)
    return edit(request, PlanForm, instance=plan, board=request.board,
                template="plans/plan_form.html", done=lambda saved: saved.get_absolute_url(),
                saved="{0.title} saved.", context={
                    "heading": f"Edit {plan.title}", "plan": plan,
                    "changes": field_changes(plan.history.all(), BusinessPlan)})


@takes_form
@manager_required
def plan_make_live(request, slug):
    """Asks for confirmation (and the approval, if not recorded yet), then makes it live."""
    plan = writable_plan(request, slug)
    if plan.is_live:
        messages.info(request, f"{plan.title} is already the live plan.")
        return redirect(plan)
    needs_approval = plan.approved_on is None
    form = MakeLiveForm(request.POST or None) if needs_approval else None
    if request.method == "POST" and (form is None or form.is_valid()):
        approval = form.cleaned_data if form else {}
        replaced = services.make_live(plan, **approval)
        archived = "".join(f" {old.title} is archived." for old in replaced)
        messages.success(request, f"{plan.title} is now the live plan.{archived}")
        return redirect(plan)
    return render(request, "plans/plan_make_live.html", {
        "plan": plan, "form": form, "live": BusinessPlan.objects.current(request.board)})


@takes_form
@manager_required
def plan_archive(request, slug):
    plan = writable_plan(request, slug)
    if request.method == "POST":
        services.archive(plan)
        messages.success(request, f"{plan.title} is archived: it can still be read and "
                                  "printed, but no longer changed or chased.")
        return redirect(plan)
    return render(request, "plans/plan_archive.html", {"plan": plan})
