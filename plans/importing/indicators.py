"""Indicators with their quarterly values for one financial year."""

from django.db import transaction
from django.db.models import Max

from lscb.fiscal import year_label
from lscb.spreadsheets.headings import normalise
from lscb.spreadsheets.progress import reporter
from lscb.spreadsheets.reader import read_table

from ..models import Indicator, IndicatorValue
from .common import (
    IGNORED,
    Preview,
    Row,
    cell_getter,
    change,
    describe,
    heading_year,
    match_columns,
    normalised_name,
    parse_number,
    sample_workbook,
)

QUARTERS = {1: "apr jun", 2: "jul sep", 3: "oct dec", 4: "jan mar"}
LONG_MONTHS = {1: "april june", 2: "july september", 3: "october december", 4: "january march"}
HEADINGS = {
    "name": ["indicator", "measure", "name", "indicator name", "measure name",
             "performance indicator", "performance measure", "kpi", "pi"],
    "unit": ["unit", "units", "unit of measure"],
    "polarity": ["polarity", "higher or lower is better", "direction", "good is",
                 "good performance is", "higher is better", "better is", "direction of improvement"],
    "target": ["target", "goal"],
    "previous_year_end": ["eoy", "end of year", "previous year end", "year end", "previous year",
                          "last year", "outturn", "eoy outturn", "end of year outturn"],
    "description": ["description", "definition", "notes"],
    **{f"q{q}": [f"q{q}", f"quarter {q}", f"qtr {q}", f"q{q} {QUARTERS[q]}",
                 f"q{q} {LONG_MONTHS[q]}", QUARTERS[q], LONG_MONTHS[q],
                 LONG_MONTHS[q].replace(" ", " to "), f"q{q} actual"] for q in (1, 2, 3, 4)},
    IGNORED: ["direction of travel", "dot", "rag", "rag rating", "latest", "trend",
              "against target"],
}
LABELS = {"name": "Indicator", "unit": "Unit", "polarity": "Polarity", "target": "Target",
          "previous_year_end": "EoY", "description": "Description",
          **{f"q{q}": f"Q{q}" for q in (1, 2, 3, 4)}}
FIELDS = ["unit", "polarity", "target", "previous_year_end", "description"]
HIGHER, LOWER = Indicator.Polarity.HIGHER, Indicator.Polarity.LOWER


def parse_polarity(value):
    """(polarity or None, error): "Higher is better", "lower", "↑", "▼"…"""
    raw = str(value or "").strip()
    if not raw:
        return None, None
    if raw[0] in "↑▲⬆+":
        return HIGHER, None
    if raw[0] in "↓▼⬇":
        return LOWER, None
    key = normalise(raw)
    if key.startswith(("high", "up", "increas", "more", "bigger", "h ")) or key == "h":
        return HIGHER, None
    if key.startswith(("low", "down", "decreas", "reduc", "less", "fewer", "smaller", "l ")) \
            or key == "l":
        return LOWER, None
    return None, f"'{raw[:40]}' is not a direction (write Higher or Lower is better)"


def build_preview(data, name, board, year, progress=None):
    """Parse the file and compare it with the board's indicators. Quarterly values are
    for financial year ``year`` (2015 for 2015/16). Nothing is written."""
    header, body = read_table(data, name)
    columns, ignored = match_columns(header, HEADINGS)
    quarters = [q for q in (1, 2, 3, 4) if f"q{q}" in columns]
    preview = Preview(
        columns=["Indicator"] + [LABELS[k] for k in ["unit", "polarity", "target",
                                                     "previous_year_end"] if k in columns]
        + [f"Q{q} {year_label(year)}" if year else f"Q{q}" for q in quarters] + ["Result"],
        ignored_columns=ignored)
    if "name" not in columns:
        preview.problems.append((1, "Indicator", "There is no Indicator column. Name a column "
                                 "'Indicator', 'Measure' or 'Name'."))
        return preview
    for key in [*(f"q{q}" for q in quarters), "previous_year_end"]:
        if key not in columns or year is None:
            continue
        named = heading_year(header[columns[key]])
        expected = year if key.startswith("q") else year - 1
        if named is not None and named != expected:
            preview.problems.append((1, LABELS[key], (
                f"the column is headed '{header[columns[key]]}' but the values are being "
                f"imported for {year_label(year)}" + (
                    f" (so the previous year-end is {year_label(year - 1)})"
                    if key == "previous_year_end" else "")
                + ". Choose the year the spreadsheet is for, or correct the heading.")))
    existing = {normalised_name(i.name): i for i in Indicator.objects.for_board(board)}
    stored = {}
    for v in IndicatorValue.objects.filter(indicator__board=board, year=year):
        stored[(v.indicator_id, v.quarter)] = v.value
    cell = cell_getter(columns)
    seen = {}
    tick = reporter(progress, len(body), "Checked")
    for done, (number, cells) in enumerate(body, start=1):
        tick(done)
        title = str(cell(cells, "name") or "").strip()
        if not title:
            if any(cell(cells, f"q{q}") not in ("", None) for q in quarters):
                preview.problems.append((number, "Indicator", "the row has values but no "
                                         "indicator name"))
            continue
        problem = lambda column, message, n=number: preview.problems.append(  # noqa: E731
            (n, column, message))
        if len(title) > 200:
            problem("Indicator", "the name is longer than 200 characters")
        key = normalised_name(title)
        if key in seen:
            problem("Indicator", f"'{title[:60]}' is also on row {seen[key]}")
        seen[key] = number
        values = {}
        if "unit" in columns:
            unit = str(cell(cells, "unit") or "")
            if len(unit) > 40:
                problem("Unit", "the unit is longer than 40 characters")
            if unit:
                values["unit"] = unit[:40]
        if "polarity" in columns:
            polarity, error = parse_polarity(cell(cells, "polarity"))
            if error:
                problem("Polarity", error)
            if polarity:
                values["polarity"] = polarity
        for key_ in ["target", "previous_year_end"]:
            if key_ in columns:
                number_, error = parse_number(cell(cells, key_))
                if error:
                    problem(LABELS[key_], error)
                if number_ is not None:
                    values[key_] = number_
        if "description" in columns and cell(cells, "description"):
            values["description"] = str(cell(cells, "description"))
        actuals = {}
        for q in quarters:
            number_, error = parse_number(cell(cells, f"q{q}"))
            if error:
                problem(f"Q{q}", error)
            if number_ is not None:
                actuals[q] = number_
        indicator = existing.get(key)
        changes = []
        if indicator is not None:
            for key_, new in values.items():
                old = getattr(indicator, key_)
                if old != new:
                    changes.append(change(str(Indicator._meta.get_field(key_).verbose_name)
                                          .capitalize() if key_ != "previous_year_end"
                                          else "EoY", old, new))
            for q, new in actuals.items():
                old = stored.get((indicator.pk, q))
                if old != new:
                    changes.append(change(f"Q{q}", old, new))
        shown = [title] + [describe(values.get(k)) if k != "polarity" else
                           (Indicator.Polarity(values[k]).label if k in values else "—")
                           for k in ["unit", "polarity", "target", "previous_year_end"]
                           if k in columns]
        shown += [describe(actuals.get(q)) for q in quarters]
        preview.rows.append(Row(number=number, key=title, values={**values, "quarters": actuals},
                                cells=shown, existing=indicator, changes=changes))
    if not preview.rows and not preview.problems:
        preview.problems.append((1, "Indicator", "No row has an indicator name."))
    return preview


@transaction.atomic
def apply_import(preview, board, year, progress=None):
    """Create or update the indicators and their values for ``year``: all or nothing.
    A blank cell leaves what is stored. Returns (created, updated, values saved)."""
    if not preview.ok:
        raise ValueError("An import with problems cannot be applied.")
    created = updated = saved = 0
    order = (Indicator.objects.for_board(board).aggregate(m=Max("order"))["m"] or 0)
    stored = {(v.indicator_id, v.quarter): v
              for v in IndicatorValue.objects.filter(indicator__board=board, year=year)}
    new_values, changed_values = [], []
    tick = reporter(progress, len(preview.rows), "Saved")
    for done, row in enumerate(preview.rows, start=1):
        tick(done)
        values = dict(row.values)
        actuals = values.pop("quarters")
        indicator = row.existing
        if indicator is None:
            order += 1
            indicator = Indicator.objects.create(board=board, name=row.key, order=order, **values)
            created += 1
        elif row.changes:
            fields = [k for k, v in values.items() if getattr(indicator, k) != v]
            for key, value in values.items():
                setattr(indicator, key, value)
            if fields:
                indicator.save(update_fields=fields)
            updated += 1
        for q, value in actuals.items():
            current = stored.get((indicator.pk, q))
            if current is None:
                new_values.append(IndicatorValue(indicator=indicator, year=year, quarter=q,
                                                 value=value))
            elif current.value != value:
                current.value = value
                changed_values.append(current)
    IndicatorValue.objects.bulk_create(new_values, batch_size=500)
    IndicatorValue.objects.bulk_update(changed_values, ["value"], batch_size=500)
    saved = len(new_values) + len(changed_values)
    return created, updated, saved


def sample():
    return sample_workbook(
        "Indicators",
        ["Indicator", "Unit", "Higher or lower is better", "Target", "EoY",
         "Q1", "Q2", "Q3", "Q4", "Description"],
        [
            ("Indicator (required)", "The indicator's name, e.g. 'Re-referrals to children's "
             "social care within 12 months'. An indicator already on the register with the "
             "same name is updated, not added again. Also read: Measure, Name."),
            ("Unit", "E.g. %, per 10,000, days."),
            ("Higher or lower is better", "Higher or Lower (also 'Higher is better', ↑, ↓). "
             "Also read: Polarity, Direction."),
            ("Target", "A number; 23% is read as 23."),
            ("EoY", "The end-of-year value of the previous financial year "
             "(e.g. 'EoY 2014/15' when importing 2015/16)."),
            ("Q1 … Q4", "The actuals of the financial year you choose when uploading: "
             "numbers or percentages; leave a cell blank (or write n/a) when there is no value "
             "yet. A blank cell never removes a value already stored."),
            ("Description", "Optional: how the indicator is defined."),
        ],
        widths={"Indicator": 50, "Description": 40, "Higher or lower is better": 16},
    )
