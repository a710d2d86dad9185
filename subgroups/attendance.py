"""Who is expected at a meeting, and attendance by agency for a financial year.

A meeting's register is its Attendance records: one per member expected on
the day. A record counts towards a year's figures only while the person was a
member on the meeting date (their own start and end dates, and for a group's
meeting their spell on that group), so someone who joined in October is not
"invited" to June's meeting, and a leaver stops counting when they leave.
A deputy counts as attending; apologies and absence do not.
"""

from dataclasses import dataclass

from lscb.fiscal import year_range
from lscb.models import Member, covers

from .models import Attendance, GroupMembership, Meeting


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
    agency: str
    attended: int = 0
    invited: int = 0

    @property
    def percent(self):
        """Whole per cent, halves rounded up (5 of 8 is 63%); None when nobody was invited."""
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
        agency = record.member.agency
        name = agency.name if agency else "No agency"
        row = totals.setdefault(name, AgencyAttendance(name))
        row.invited += 1
        row.attended += record.status in Attendance.ATTENDED
    rows = sorted(totals.values(), key=lambda r: r.agency.lower())
    overall = AgencyAttendance("All agencies", sum(r.attended for r in rows),
                               sum(r.invited for r in rows))
    return rows, overall


def _records(board, year):
    start, end = year_range(year)
    return Attendance.objects.filter(
        meeting__board=board, meeting__date__range=(start, end)
    ).select_related("member__agency", "meeting")


def attendance_by_agency(board, year, subgroup=None):
    """Attendance by agency at the board's meetings (``subgroup=None``) or a group's."""
    return tally(_records(board, year).filter(meeting__subgroup=subgroup), group_spells(board))


def attendance_tables(board, year, groups):
    """[(name, rows, overall)] for the board and each group that met, in two queries."""
    by_body = {}
    for record in _records(board, year):
        by_body.setdefault(record.meeting.subgroup_id, []).append(record)
    spells = group_spells(board)
    tables = [("The board", *tally(by_body.get(None, []), spells))]
    for group in groups:
        if group.pk in by_body:
            tables.append((group.name, *tally(by_body[group.pk], spells)))
    return tables


def meetings_in_year(board, year, subgroup=None, all_groups=False):
    start, end = year_range(year)
    meetings = Meeting.objects.filter(board=board, date__range=(start, end))
    if not all_groups:
        meetings = meetings.filter(subgroup=subgroup)
    return meetings
