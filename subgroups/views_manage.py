"""The board's structure and membership register (the business manager edits)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from lscb import once
from lscb.access import board_required, get_for_board, is_manager, manager_required
from lscb.editing import edit, takes_form
from lscb.lookups import id_value
from lscb.models import Agency, Member

from . import services
from .chart import outline, structure_chart_svg
from .forms import AgencyForm, FunctionFormSet, GroupMembershipForm, MemberForm, SubgroupForm
from .models import Subgroup


@require_safe
@board_required
def structure(request):
    today = timezone.localdate()
    groups = list(Subgroup.objects.for_board(request.board))
    active = [g for g in groups if not (g.active_until and g.active_until < today)]
    return render(request, "subgroups/structure.html", {
        "chart": mark_safe(structure_chart_svg(request.board, active)),  # escaping template
        "outline": outline(active), "ended": [g for g in groups if g not in active]})


@takes_form
@manager_required
def group_edit(request, slug=None):
    group = get_for_board(request, Subgroup, slug=slug) if slug else None
    return edit(request, SubgroupForm, instance=group, board=request.board,
                template="subgroups/group_form.html", done=lambda saved: saved.get_absolute_url(),
                saved="{0.name} saved.", formset=(FunctionFormSet, "functions"),
                context={"group": group})


@require_safe
@board_required
def register(request):
    """Agencies and their people, current by default, with the groups each sits on."""
    show_past = request.GET.get("past") == "1"
    return render(request, "subgroups/register.html", {
        "agencies": services.register(request.board, show_past),
        "show_past": show_past, "can_edit": is_manager(request)})


@takes_form
@manager_required
def member_edit(request, pk=None):
    member = get_for_board(request, Member, pk=pk) if pk else None
    return edit(request, MemberForm, instance=member, board=request.board,
                save=services.save_member, done="subgroups:members", saved="{0.name} saved.",
                context={"back": "subgroups:members",
                         "heading": f"Edit {member.name}" if member else "Add a member"})


@takes_form
@manager_required
def agency_edit(request, pk=None):
    agency = get_for_board(request, Agency, pk=pk) if pk else None
    return edit(request, AgencyForm, instance=agency, board=request.board,
                done="subgroups:members", saved="{0.name} saved.",
                context={"back": "subgroups:members",
                         "heading": f"Edit {agency.name}" if agency else "Add an agency"})


@takes_form
@manager_required
def group_members(request, slug):
    """Who sits on a group: add people and end memberships (nothing is deleted)."""
    group = get_for_board(request, Subgroup, slug=slug)
    spell_id = id_value(request.GET.get("spell"))
    spell = get_object_or_404(group.memberships, pk=spell_id) if spell_id else None
    if answered := once.replayed(request):
        return answered
    form = GroupMembershipForm(request.POST or None, instance=spell, group=group)
    if request.method == "POST" and form.is_valid():
        return once.save_once(request, form.save,
                              done=reverse("subgroups:group_members", args=[group.slug]),
                              saved=lambda _saved: f"Membership of {group.name} saved.")
    spells = group.memberships.select_related("member__agency").order_by(
        "end_date", "member__name")
    return render(request, "subgroups/group_members.html", {
        "group": group, "form": form, "spells": spells, "spell": spell,
        "today": timezone.localdate()})
