"""Import a year's attendance at the board's (or a group's) meetings, in either shape boards
publish it:

- a summary per agency or seat (agency, % attended, attended, invited) with no meeting
  dates: kept as AttendanceSummary rows, one per seat, as printed;
- a grid per meeting (a row per seat or member, a column per meeting date, cells ✓ / D /
  A / blank / -): the meetings and their registers, with members added for seats the
  board does not have yet.

Seats are distinct: two rows "Voluntary sector" are two seats, not one. Re-importing a
file changes what differs and adds nothing twice. All or nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lscb.fiscal import financial_year_of, year_label, year_range
from lscb.models import Agency, Member, lines
from lscb.spreadsheets.headings import match_headings, normalise
from lscb.spreadsheets.preview import Preview, Row
from lscb.spreadsheets.reader import read_table
from lscb.spreadsheets.samples import sample_workbook

from ..models import Attendance, AttendanceSummary, Meeting, Subgroup
from .words import (
    HEADINGS,
    LABELS,
    NOT_EXPECTED,
    heading_date,
    read_cell,
    read_count,
    read_percent,
)

SUMMARY, GRID = "summary", "grid"


@dataclass
class Seat:
    """One row of the file: a seat (or a named member) and what the file says of it."""

    label: str  # as written, with "(2)" for the second seat written the same way
    seat: str
    occurrence: int
    agency: object = None
    role: str = ""
    attended: int | None = None
    invited: int | None = None
    percent: object = None
    marks: dict = field(default_factory=dict)  # meeting date -> status (grid)


def _text(value):
    return str(value or "").strip() if not hasattr(value, "year") else value.strftime("%d/%m/%Y")


class AgencyMatcher:
    def __init__(self, board):
        self.index = {}
        for agency in Agency.objects.for_board(board):
            for name in (agency.name, agency.short_name):
                if name:
                    self.index.setdefault(normalise(name), agency)

    def find(self, text):
        key = normalise(text)
        bare = normalise(key.replace("representative", "").replace(" rep", ""))
        return self.index.get(key) or self.index.get(bare)


def build_preview(data, name, board, year, subgroup=None):
    """Parse the file for financial ``year`` (2012 for 2012/13) and the board's meetings
    (``subgroup`` None) or a group's, and compare it with what is stored."""
    header, body = read_table(data, name)
    keys = ["percent" if "%" in str(h) or "per cent" in str(h).lower() else h for h in header]
    columns, unknown = match_headings([k if isinstance(k, str) else "" for k in keys], HEADINGS)
    dates = {i: heading_date(h) for i, h in enumerate(header) if i not in columns.values()}
    dates = {i: d for i, d in dates.items() if d is not None}
    shape = GRID if dates else SUMMARY
    preview = Preview(ignored_columns=[str(h) for i, h in enumerate(header) if h and i not in
                                       columns.values() and i not in dates])
    preview.shape, preview.year, preview.subgroup = shape, year, subgroup
    preview.meetings = sorted({d for d, _exact in dates.values()})
    if "agency" not in columns and "seat" not in columns:
        preview.problems.append((1, "Agency", "There is no Agency or Seat column. Name the "
                                 "column of agencies 'Agency' (or 'Organisation', 'Seat', "
                                 "'Member')."))
        return preview
    start, end = year_range(year)
    for index, (day, exact) in dates.items():
        if not start <= day <= end:
            preview.problems.append((1, str(_text(header[index])), (
                f"a meeting on {day:%d/%m/%Y} is not in {year_label(year)}: choose the year "
                "the table is for")))
        if not exact:
            preview.warnings.append((1, str(_text(header[index])), (
                f"no day given: the meeting is dated 1 {day:%B %Y}")))
    if shape == SUMMARY and not any(k in columns for k in ("percent", "attended", "invited")):
        preview.problems.append((1, "Attended", "There is no column of attendance: give "
                                 "'% attended', 'Attended' and 'Invited', or one column per "
                                 "meeting headed by its date."))
    if preview.problems:
        return preview
    seats = _read_seats(preview, body, columns, dates, AgencyMatcher(board))
    compare = _compare_grid if shape == GRID else _compare_summary
    compare(preview, board, year, subgroup, seats, name)
    if not preview.rows and not preview.problems:
        preview.problems.append((1, "Agency", "No row names an agency or seat."))
    return preview


def _read_seats(preview, body, columns, dates, agencies):
    seen, seats = {}, []
    for number, cells in body:
        def cell(key, cells=cells):
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        agency_text, seat_text = _text(cell("agency")), _text(cell("seat"))
        written = seat_text or agency_text
        marks = {}
        if not written:
            if any(_text(cells[i]) for i in dates if i < len(cells)) or any(
                    _text(cell(k)) for k in ("percent", "attended", "invited")):
                preview.problems.append((number, "Agency", "the row has figures but no agency "
                                         "or seat"))
            continue
        if written.lower() in ("total", "totals", "overall", "all agencies", "average"):
            continue  # the table's own total: the app works it out
        occurrence = seen[written.lower()] = seen.get(written.lower(), 0) + 1
        seat = Seat(label=written if occurrence == 1 else f"{written} ({occurrence})",
                    seat=written[:200], occurrence=occurrence, role=seat_text,
                    agency=agencies.find(agency_text) if agency_text else agencies.find(written))
        if len(written) > 200:
            preview.problems.append((number, "Seat", "longer than 200 characters"))
        for key, reader in (("attended", read_count), ("invited", read_count),
                            ("percent", read_percent)):
            value, error = reader(cell(key))
            if error:
                preview.problems.append((number, LABELS[key], error))
            setattr(seat, key, value)
        for index, (day, _exact) in dates.items():
            status, error = read_cell(cells[index] if index < len(cells) else "")
            if error:
                preview.problems.append((number, day.strftime("%d/%m/%Y"), error))
            elif status != NOT_EXPECTED:
                marks[day] = status
        seat.marks = marks
        _check_figures(preview, number, seat)
        seats.append((number, seat))
    return seats


def _check_figures(preview, number, seat):
    if seat.attended is not None and seat.invited is not None:
        if seat.attended > seat.invited:
            preview.problems.append((number, "Attended", f"{seat.attended} attended is more than "
                                     f"{seat.invited} invited"))
        elif seat.percent is not None and seat.invited and abs(
                seat.percent - Decimal(100 * seat.attended) / seat.invited) > 1:
            preview.warnings.append((number, "% attended", (
                f"{seat.percent}% is printed but {seat.attended} of {seat.invited} is "
                f"{round(100 * seat.attended / seat.invited)}%: the printed figure is kept")))


def _compare_summary(preview, board, year, subgroup, seats, name):
    stored = {(s.seat.lower(), s.occurrence): s for s in AttendanceSummary.objects.filter(
        board=board, year=year, subgroup=subgroup)}
    for number, seat in seats:
        values = {"seat": seat.seat, "agency": seat.agency, "attended": seat.attended,
                  "invited": seat.invited, "percent": seat.percent}
        existing = stored.pop((seat.seat.lower(), seat.occurrence), None)
        changes = [] if existing is None else [
            f"{LABELS.get(k, k)}: {getattr(existing, k) or '—'} → {v or '—'}"
            for k, v in values.items() if k != "seat" and getattr(existing, k) != v]
        preview.rows.append(Row(
            number=number, key=seat.label, values={**values, "occurrence": seat.occurrence},
            existing=existing, changes=changes,
            cells=[seat.label, seat.agency.name if seat.agency else "—",
                   "—" if seat.percent is None else f"{seat.percent}%",
                   _dash(seat.attended), _dash(seat.invited)]))
    preview.removed = list(stored.values())


def _member_key(seat):
    return seat.label.lower()


def _compare_grid(preview, board, year, subgroup, seats, name):
    start, end = year_range(year)
    members = {m.name.lower(): m for m in Member.objects.for_board(board)}
    records = {}
    for record in Attendance.objects.filter(
            meeting__board=board, meeting__subgroup=subgroup,
            meeting__date__range=(start, end)).select_related("meeting"):
        records[(record.member_id, record.meeting.date)] = record.status
    for number, seat in seats:
        member = members.get(_member_key(seat))
        changes = []
        if member is not None:
            for day, status in seat.marks.items():
                if records.get((member.pk, day)) != status:
                    changes.append(f"{day:%d %b %Y}: {records.get((member.pk, day)) or '—'} → "
                                   f"{status}")
        attended = sum(status in Attendance.ATTENDED for status in seat.marks.values())
        preview.rows.append(Row(
            number=number, key=seat.label, values={"seat": seat}, existing=member,
            changes=changes,
            cells=[seat.label, seat.agency.name if seat.agency else "—",
                   f"{round(100 * attended / len(seat.marks))}%" if seat.marks else "—",
                   str(attended), str(len(seat.marks))]))
    preview.removed = []
    known = set(Meeting.objects.filter(board=board, subgroup=subgroup, date__in=preview.meetings)
                .values_list("date", flat=True))
    preview.new_meetings = [d for d in preview.meetings if d not in known]


def _dash(value):
    return "—" if value is None else str(value)


@transaction.atomic
def apply_import(preview, board, name=""):
    """Write the year's attendance: all or nothing. Returns a sentence of what was done."""
    if not preview.ok:
        raise ValueError("An import with problems cannot be applied.")
    if preview.shape == SUMMARY:
        return _apply_summary(preview, board, name)
    return _apply_grid(preview, board, name)


def _apply_summary(preview, board, name):
    created = updated = 0
    for position, row in enumerate(preview.rows, start=1):
        values = dict(row.values)
        if row.existing is None:
            AttendanceSummary.objects.create(board=board, subgroup=preview.subgroup,
                                             year=preview.year, position=position, source=name,
                                             **values)
            created += 1
        elif row.changes or row.existing.position != position:
            for key, value in values.items():
                setattr(row.existing, key, value)
            row.existing.position, row.existing.source = position, name
            row.existing.save()
            updated += bool(row.changes)
    for summary in preview.removed:
        summary.delete()
    return (f"{created} seat{'s' if created != 1 else ''} added, {updated} updated, "
            f"{len(preview.removed)} removed, for {year_label(preview.year)}")


def _apply_grid(preview, board, name):
    meetings = {m.date: m for m in Meeting.objects.filter(
        board=board, subgroup=preview.subgroup, date__in=preview.meetings).order_by("pk")}
    for day in preview.meetings:
        if day not in meetings:
            meetings[day] = Meeting.objects.create(board=board, subgroup=preview.subgroup,
                                                   date=day, title=f"Imported from {name}"[:200])
    _, year_end = year_range(preview.year)
    added = marked = 0
    for row in preview.rows:
        seat = row.values["seat"]
        member = row.existing or Member.objects.filter(board=board,
                                                       name__iexact=seat.label[:120]).first()
        if member is None:
            member = Member.objects.create(
                board=board, name=seat.label[:120], agency=seat.agency, job_title=seat.role[:200],
                board_role=Member.BoardRole.MEMBER if preview.subgroup is None
                else Member.BoardRole.NONE,
                end_date=year_end if financial_year_of(timezone.localdate()) > preview.year
                else None,
                note=f"Added from the attendance file {name}"[:200])
            added += 1
        for day in preview.meetings:
            status = seat.marks.get(day)
            if status is None:
                Attendance.objects.filter(meeting=meetings[day], member=member).delete()
                continue
            Attendance.objects.update_or_create(meeting=meetings[day], member=member,
                                                defaults={"status": status})
            marked += 1
    return (f"{len(preview.meetings)} meeting{'s' if len(preview.meetings) != 1 else ''}, "
            f"{marked} attendance marks, {added} member{'s' if added != 1 else ''} added, "
            f"for {year_label(preview.year)}")


def body_named(board, text):
    """The body an import is for: None for the board ("board"), else the group with this
    slug, name, short name or alias. Raises LookupError when there is none."""
    if not text or text.strip().lower() in ("board", "the board"):
        return None
    key = normalise(text)
    for group in Subgroup.objects.for_board(board):
        names = [group.slug, group.name, group.short_name, *lines(group.aliases)]
        if any(n and normalise(n) == key for n in names):
            return group
    raise LookupError(text)


def sample():
    return sample_workbook(
        "Attendance", ["Agency", "Seat", "% attended", "Attended", "Invited"],
        [
            ("Agency or Seat (required)", "One row per seat, as your table lists them. Two "
             "seats of the same agency (two voluntary-sector members) are two rows, kept "
             "apart. An agency named as it is in the app is linked to its record."),
            ("% attended, Attended, Invited", "The year's figures as published: any of them. "
             "The printed percentage is kept as printed."),
            ("Or one column per meeting", "Instead of the figures: a column per meeting headed "
             "by its date (12/06/2012 or 12 June 2012), and in each cell ✓ (attended), D (a "
             "deputy attended), A (apologies), blank (did not attend) or - (not a member "
             "then). The meetings and their registers are recorded."),
            ("Year and body", "Chosen when uploading (or --year and --body on the command "
             "line): the financial year, and the board or one of its groups."),
            ("Total rows", "A row called Total or Overall is not read: the app works it out."),
        ],
        widths={"Agency": 40, "Seat": 30},
    )
