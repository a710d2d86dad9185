"""The themes editor at /plans/<slug>/themes/ (served in the plans namespace): add,
rename, renumber and reorder a plan's themes and sub-sections with buttons (no
drag-only control), delete an empty theme or merge one with actions into another, and
renumber action references after previewing them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from lscb.access import board_required, get_for_board, is_manager, manager_required
from lscb.editing import edit, takes_form
from lscb.history import field_changes
from lscb.lookups import id_value
from plans.access import board_plan, writable_plan
from plans.forms import MergeForm, ThemeForm
from plans.models import Theme
from plans.themes import move, next_number, reading_order, save_theme, siblings

from . import themes as services


def editor_url(plan, theme=None, direction=""):
    """The editor; after a change to ``theme``, with focus back on that theme's button
    for the same direction (``autofocus``: browsers ignore it if the address has a
    #fragment), so a keyboard user can press it again."""
    url = reverse("plans:themes", args=[plan.slug])
    if theme is None:
        return url
    return f"{url}?moved={theme.pk}" + (f"&direction={direction}" if direction else "")


def plan_theme(request, plan, pk):
    return get_for_board(request, Theme.objects.filter(plan=plan).select_related("parent"), pk=pk)


@board_required
@require_safe
def theme_list(request, slug):
    plan = board_plan(request, slug)
    themes = reading_order(plan.themes.select_related("sponsor", "parent"))
    counts = services.theme_counts(plan)
    levels = {}
    for theme in themes:
        theme.action_count = counts.get(theme.pk, 0)
        levels.setdefault(theme.parent_id, []).append(theme)
    for row in levels.values():  # first and last at each level have no up / down button
        row[0].is_first, row[-1].is_last = True, True
    can_edit = is_manager(request) and not plan.is_archived
    history = Theme.history.filter(plan_id=plan.pk)
    return render(request, "plans/themes.html", {
        "plan": plan, "themes": themes, "can_edit": can_edit,
        "moved": id_value(request.GET.get("moved")), "direction": request.GET.get("direction"),
        "renumber_count": len(services.reference_changes(plan)) if can_edit else 0,
        "changes": field_changes(history, Theme, describe=lambda r: f"Theme {r.number}")})


@takes_form
@manager_required
def theme_new(request, slug):
    plan = writable_plan(request, slug)
    parent = Theme.objects.filter(plan=plan, parent__isnull=True,
                                  pk=id_value(request.GET.get("parent"))).first()
    return edit(request, ThemeForm, plan=plan, done=editor_url(plan),
                template="plans/theme_form.html", saved="Theme {0.number} “{0.title}” added.",
                initial={"number": next_number(plan, parent), "parent": parent},
                context={"plan": plan, "heading": "Add a sub-section" if parent else "Add a theme"})


@takes_form
@manager_required
def theme_edit(request, slug, pk):
    plan = writable_plan(request, slug)
    theme = plan_theme(request, plan, pk)
    return edit(request, ThemeForm, instance=theme, plan=plan,
                save=lambda form: save_theme(form, theme.number),
                done=lambda saved: editor_url(plan, saved), template="plans/theme_form.html",
                saved="Theme {0.number} “{0.title}” saved.",
                context={"plan": plan, "heading": f"Edit theme {theme}"})


@require_POST
@manager_required
def theme_move(request, slug, pk):
    """One place up or down among its siblings (its number swaps with its neighbour's)."""
    plan = writable_plan(request, slug)
    theme = plan_theme(request, plan, pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    neighbour = move(theme, step) if step else None
    if neighbour is None:
        messages.error(request, f"Theme {theme.number} cannot move that way.")
    else:
        theme.refresh_from_db()
        messages.success(request, f"“{theme.title}” is now theme {theme.number}. Action "
                                  "references keep their numbers until you renumber them.")
    return redirect(editor_url(plan, theme, request.POST.get("direction") if neighbour else ""))


@takes_form
@manager_required
def theme_delete(request, slug, pk):
    plan = writable_plan(request, slug)
    theme = plan_theme(request, plan, pk)
    if request.method == "POST":
        try:
            services.delete_theme(theme)
        except services.ThemeNotEmpty as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Theme {theme.number} “{theme.title}” deleted.")
        return redirect(editor_url(plan))
    return render(request, "plans/theme_delete.html", {
        "plan": plan, "theme": theme, "action_count": theme.actions.count(),
        "section_count": theme.sections.count()})


@takes_form
@manager_required
def theme_merge(request, slug, pk):
    plan = writable_plan(request, slug)
    theme = plan_theme(request, plan, pk)
    form = MergeForm(request.POST or None, theme=theme)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["into"]
        try:
            moved = services.merge_theme(theme, target)
        except services.ThemeNotEmpty as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"Theme {theme.number} merged into {target}: {moved} "
                                      "action(s) moved. Renumber their references if you wish.")
            return redirect(editor_url(plan))
    return render(request, "plans/theme_merge.html", {
        "plan": plan, "theme": theme, "form": form, "action_count": theme.actions.count(),
        "siblings": siblings(theme)})


@takes_form
@manager_required
def theme_references(request, slug):
    """Preview the action references that would follow their themes' numbers; apply them
    on confirmation."""
    plan = writable_plan(request, slug)
    if request.method == "POST":
        applied = services.apply_reference_changes(plan, request.POST.get("preview", ""))
        if applied is None:
            messages.error(request, "The plan changed since the preview: check the new "
                                    "references again.")
            return redirect("plans:theme_references", slug=plan.slug)
        messages.success(request, f"{len(applied)} action reference(s) renumbered.")
        return redirect(editor_url(plan))
    changes = services.reference_changes(plan)
    return render(request, "plans/theme_references.html", {
        "plan": plan, "changes": changes, "preview": services.signature(changes)})
