"""What the subgroup pages read and write, kept out of the views. Every
function works in a constant number of queries."""

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lscb.models import Agency, Member

from .attendance import expected_members
from .models import Attendance, GroupMembership


def current_memberships(group, day=None):
    day = day or timezone.localdate()
    return group.memberships.current(day).select_related("member__agency").order_by(
        "member__agency__name", "member__name")


def with_attendance_counts(meetings):
    return meetings.annotate(
        invited=Count("attendances"),
        attended=Count("attendances", filter=Q(attendances__status__in=Attendance.ATTENDED)),
    )


def register(board, show_past=False):
    """[(agency or None, [members])] with each member's groups; current members unless
    ``show_past``. Agencies without members are listed too."""
    today = timezone.localdate()
    spells = GroupMembership.objects.select_related("subgroup").order_by("subgroup__name")
    members = Member.objects.for_board(board).select_related("agency").prefetch_related(
        Prefetch("memberships", queryset=spells)).order_by("order", "name")
    if not show_past:
        members = members.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    by_agency = {}
    for member in members:
        member.is_past = bool(member.end_date and member.end_date < today)
        member.not_started = bool(member.start_date and member.start_date > today)
        member.spells = [s for s in member.memberships.all()
                         if member.is_past or not (s.end_date and s.end_date < today)]
        by_agency.setdefault(member.agency_id, []).append(member)
    rows = [(a, by_agency.get(a.pk, [])) for a in Agency.objects.for_board(board)]
    if None in by_agency:
        rows.append((None, by_agency[None]))
    return rows


def save_member(form):
    """Save a member; one who leaves also leaves the groups they still sit on."""
    member = form.save()
    end_open_spells(member)
    return member


def end_open_spells(member):
    """A member who leaves also leaves the groups they still sit on, on the same day."""
    if member.end_date:
        member.memberships.filter(end_date__isnull=True).update(end_date=member.end_date)
        member.memberships.filter(end_date__gt=member.end_date).update(end_date=member.end_date)


def attendance_rows(meeting):
    """[(member, record or None, expected)]: the meeting's register plus anyone expected on
    the day who is not on it yet (e.g. added to the group after the meeting was recorded).
    ``expected`` is False for someone on the register who was not a member on the day."""
    records = {r.member_id: r for r in meeting.attendances.select_related("member__agency")}
    expected = {m.pk: m for m in expected_members(meeting)}
    rows = [(r.member, r, r.member_id in expected) for r in records.values()]
    rows += [(m, None, True) for pk, m in expected.items() if pk not in records]
    return sorted(rows, key=lambda row: (row[0].agency.name if row[0].agency else "~",
                                         row[0].name))


@transaction.atomic
def save_attendance(meeting, rows, entries):
    """Store (member, status, deputy) ``entries`` for the meeting's ``rows``."""
    records = {member.pk: record for member, record, _expected in rows}
    changed, new = [], []
    for member, status, deputy in entries:
        record = records[member.pk]
        if record is None:
            new.append(Attendance(meeting=meeting, member=member, status=status,
                                  deputy_name=deputy))
        elif (record.status, record.deputy_name) != (status, deputy):
            record.status, record.deputy_name = status, deputy
            changed.append(record)  # only real changes, so the history has no empty edits
    bulk_update_with_history(changed, Attendance, ["status", "deputy_name"])
    bulk_create_with_history(new, Attendance)


def start_register(meeting):
    """A new meeting's register: everyone expected, marked absent until told otherwise."""
    bulk_create_with_history([
        Attendance(meeting=meeting, member=member, status=Attendance.Status.ABSENT)
        for member in expected_members(meeting)
    ], Attendance)


@transaction.atomic
def delete_meeting(meeting):
    """Delete a meeting recorded by mistake with its register. The history of edits keeps
    both (simple_history records each deletion), so nothing is lost for good."""
    for record in meeting.attendances.all():
        record.delete()
    meeting.delete()

