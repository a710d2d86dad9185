"""Who is expected at a meeting, and attendance by agency for a financial year.

A meeting's register is its Attendance records: one per member expected on
the day. A record counts towards a year's figures only while the person was a
member on the meeting date (their own start and end dates, and for a group's
meeting their spell on that group), so someone who joined in October is not
"invited" to June's meeting, and a leaver stops counting when they leave.
A deputy counts as attending; apologies and absence do not.

Years whose meetings were never recorded one by one have the table the board published
instead (AttendanceSummary, imported): each seat as written, with its attended, invited
and printed percentage. The tables below show both alike.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from lscb.fiscal import financial_year_of, nearest, pick_year, year_range
from lscb.models import Member, covers

from .models import Attendance, AttendanceSummary, GroupMembership, Meeting


def expected_members(meeting):
    """Members expected at ``meeting``: current on its date, of the board or of the group."""
    day = meeting.date
    if meeting.subgroup_id is None:
        members = Member.objects.for_board(meeting.board_id).exclude(
            board_role=Member.BoardRole.NONE).current(day).select_related("agency")
        return sorted(members, key=lambda m: (m.agency.name if m.agency else "", m.name))
    spells = GroupMembership.objects.filter(subgroup_id=meeting.subgroup_id).current(day) \
        .select_related("member__agency")
    members = {s.member.pk: s.member for s in spells
               if covers(s.member.start_date, s.member.end_date, day)}
    return sorted(members.values(), key=lambda m: (m.agency.name if m.agency else "", m.name))


@dataclass
class AgencyAttendance:
    agency: str  # the agency, or the seat as written (a member without an agency)
    attended: int | None = 0
    invited: int | None = 0
    printed: Decimal | None = None  # the percentage an imported table printed
    agency_id: int | None = None
    source: str = ""  # the file an imported row came from

    @property
    def percent(self):
        """Whole per cent, halves rounded up (5 of 8 is 63%), or as printed; None when
        nobody was invited."""
        if self.printed is not None:
            return int(self.printed.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if not self.invited:
            return None
        return (200 * self.attended + self.invited) // (2 * self.invited)

    def __str__(self):
        return f"{self.agency} {self.percent}% {self.attended} of {self.invited}"


def group_spells(board):
    """{(group id, member id): [(start, end), ...]} for every spell on the board's groups."""
    spells = {}
    rows = GroupMembership.objects.filter(subgroup__board=board).values_list(
        "subgroup_id", "member_id", "start_date", "end_date")
    for group_id, member_id, start, end in rows:
        spells.setdefault((group_id, member_id), []).append((start, end))
    return spells


def counts(record, spells):
    """Was the person a member on the day? (No spells at all on the group: trust the register.)"""
    member, meeting = record.member, record.meeting
    if not covers(member.start_date, member.end_date, meeting.date):
        return False
    if meeting.subgroup_id is None:
        return True
    periods = spells.get((meeting.subgroup_id, member.pk))
    return periods is None or any(covers(start, end, meeting.date) for start, end in periods)


def tally(records, spells):
    """(rows by agency in name order, overall) from attendance records."""
    totals = {}
    for record in records:
        if not counts(record, spells):
            continue
        member = record.member
        agency = member.agency
        # by agency; a member with none is a seat of their own, never lumped with others
        key = ("agency", agency.pk) if agency else ("member", member.pk)
        row = totals.setdefault(key, AgencyAttendance(
            agency.name if agency else member.name, agency_id=agency.pk if agency else None))
        row.invited += 1
        row.attended += record.status in Attendance.ATTENDED
    return in_order(list(totals.values()))


def in_order(rows):
    """(rows by name, overall): the overall figure counts the rows that give numbers."""
    rows = sorted(rows, key=lambda r: r.agency.lower())
    counted = [r for r in rows if r.invited is not None and r.attended is not None]
    overall = AgencyAttendance("All agencies", sum(r.attended for r in counted),
                               sum(r.invited for r in counted))
    return rows, overall


def summary_rows(summaries):
    return [AgencyAttendance(s.label, s.attended, s.invited, s.percent, s.agency_id, s.source)
            for s in summaries]


def _records(board, year):
    start, end = year_range(year)
    return Attendance.objects.filter(
        meeting__board=board, meeting__date__range=(start, end)
    ).select_related("member__agency", "meeting")


def attendance_by_agency(board, year, subgroup=None):
    """Attendance by agency at the board's meetings (``subgroup=None``) or a group's."""
    rows, _overall = tally(_records(board, year).filter(meeting__subgroup=subgroup),
                           group_spells(board))
    imported = AttendanceSummary.objects.filter(board=board, year=year, subgroup=subgroup)
    return in_order(rows + summary_rows(imported))


def attendance_tables(board, year, groups):
    """[(name, rows, overall)] for the board and each group that met (or has an imported
    table), in three queries."""
    by_body, imported = {}, {}
    for record in _records(board, year):
        by_body.setdefault(record.meeting.subgroup_id, []).append(record)
    for summary in AttendanceSummary.objects.filter(board=board, year=year):
        imported.setdefault(summary.subgroup_id, []).append(summary)
    spells = group_spells(board)

    def table(body):
        rows, _overall = tally(by_body.get(body, []), spells)
        return in_order(rows + summary_rows(imported.get(body, [])))

    tables = [("The board", *table(None))]
    for group in groups:
        if group.pk in by_body or group.pk in imported:
            tables.append((group.name, *table(group.pk)))
    return tables


def meetings_in_year(board, year, subgroup=None, all_groups=False):
    start, end = year_range(year)
    meetings = Meeting.objects.filter(board=board, date__range=(start, end))
    if not all_groups:
        meetings = meetings.filter(subgroup=subgroup)
    return meetings


def attendance_years(board):
    """The financial years the board has meetings or published attendance for."""
    days = Meeting.objects.filter(board=board).dates("date", "month")
    return {financial_year_of(day) for day in days} | set(
        AttendanceSummary.objects.filter(board=board).values_list("year", flat=True))


def year_choice(request):
    """The year picker of the meetings and attendance pages (``lscb.fiscal.pick_year``):
    the years with meetings or attendance and the current one, opening on the current
    financial year or, when it has none, the nearest year that has some."""
    years = attendance_years(request.board)
    today = financial_year_of(timezone.localdate())
    default = today if today in years or not years else nearest(today, years)
    return pick_year(request, years, default)
