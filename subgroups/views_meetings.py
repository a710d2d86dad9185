"""Meetings and attendance."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb import once
from lscb.access import (
    board_required,
    get_for_board,
    is_manager,
    led_subgroup_ids,
    manager_required,
)
from lscb.editing import edit, takes_form
from lscb.fiscal import financial_year_of, year_label

from . import services
from .attendance import attendance_tables, meetings_in_year, year_choice
from .forms import AttendanceForm, MeetingForm
from .models import Attendance, Meeting, Subgroup


def can_record(request, subgroup_id):
    """The manager records any meeting; a chair only their own groups' meetings."""
    if is_manager(request):
        return True
    return subgroup_id is not None and subgroup_id in led_subgroup_ids(request)


@require_safe
@board_required
def meeting_list(request):
    choice = year_choice(request)
    if choice.redirect:
        return redirect(request.path + choice.redirect)
    year = choice.year
    meetings = services.with_attendance_counts(
        meetings_in_year(request.board, year, all_groups=True).select_related("subgroup")
    ).order_by("-date")
    return render(request, "subgroups/meetings.html", {
        "meetings": meetings, "year": year, "year_label": year_label(year),
        "years": choice.links,
        "can_add": is_manager(request) or bool(led_subgroup_ids(request))})


@takes_form
@board_required
def meeting_new(request):
    manager = is_manager(request)
    groups = Subgroup.objects.for_board(request.board)
    if not manager:
        groups = groups.filter(pk__in=led_subgroup_ids(request))
    groups = list(groups)
    if not (manager or groups):
        raise PermissionDenied("Only the business manager and group chairs record meetings.")
    if answered := once.replayed(request):
        return answered
    initial = {"subgroup": request.GET.get("group"), "date": timezone.localdate()}
    form = MeetingForm(request.POST or None, board=request.board, allowed_groups=groups,
                       allow_board=manager, initial=initial)
    if request.method == "POST" and form.is_valid():
        def record():
            meeting = form.save()
            services.start_register(meeting)
            return meeting

        return once.save_once(request, record,
                              done=lambda meeting: reverse("subgroups:meeting", args=[meeting.pk]),
                              saved="Meeting recorded: now mark who attended.")
    return render(request, "plans/register_form.html", {
        "form": form, "heading": "Record a meeting", "back": "subgroups:meetings"})


@takes_form
@board_required
def meeting_detail(request, pk):
    meeting = get_for_board(request, Meeting.objects.select_related("subgroup"), pk=pk)
    editable = can_record(request, meeting.subgroup_id)
    if request.method == "POST" and not editable:
        raise PermissionDenied("You can only record the meetings of groups you lead.")
    rows = services.attendance_rows(meeting)
    form = AttendanceForm(request.POST or None, rows=rows) if editable else None
    if request.method == "POST" and form.is_valid():
        services.save_attendance(meeting, rows, form.entries())
        messages.success(request, "Attendance saved.")
        return redirect("subgroups:meeting", pk=meeting.pk)
    recorded = [record for _member, record, _expected in rows if record]
    return render(request, "subgroups/meeting_detail.html", {
        "meeting": meeting, "records": recorded, "form": form, "invited": len(recorded),
        "attended": sum(r.status in Attendance.ATTENDED for r in recorded),
        "can_manage": is_manager(request),
        "year_label": year_label(financial_year_of(meeting.date))})


@require_safe
@board_required
def attendance(request):
    """The table every annual report prints: attendance by agency, for the board and each group."""
    choice = year_choice(request)
    if choice.redirect:
        return redirect(request.path + choice.redirect)
    year = choice.year
    tables = attendance_tables(request.board, year, Subgroup.objects.for_board(request.board))
    return render(request, "subgroups/attendance.html", {
        "tables": tables, "year": year, "year_label": year_label(year), "years": choice.links})


@takes_form
@manager_required
def meeting_edit(request, pk):
    """The business manager corrects a meeting's body, date, kind or title (its attendance
    is corrected on the meeting's page); every change is kept in the history of edits."""
    meeting = get_for_board(request, Meeting, pk=pk)
    return edit(request, MeetingForm, instance=meeting, board=request.board,
                allowed_groups=list(Subgroup.objects.for_board(request.board)), allow_board=True,
                done=lambda saved: reverse("subgroups:meeting", args=[saved.pk]),
                saved="Meeting corrected.", context={
                    "heading": f"Correct the meeting of {meeting}", "back": "subgroups:meetings"})


@takes_form
@manager_required
def meeting_delete(request, pk):
    """The business manager deletes a meeting recorded by mistake, with its attendance;
    the meeting and its register stay in the history of edits."""
    meeting = get_for_board(request, Meeting.objects.select_related("subgroup"), pk=pk)
    if request.method == "POST":
        year = year_label(financial_year_of(meeting.date))
        with transaction.atomic():
            services.delete_meeting(meeting)
        messages.success(request, f"The meeting of {meeting} was deleted (it stays in the "
                                  "history of edits).")
        return redirect(f"{reverse('subgroups:meetings')}?year={year}")
    return render(request, "subgroups/meeting_delete.html", {
        "meeting": meeting, "records": meeting.attendances.count()})
