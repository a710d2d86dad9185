"""Indicators with their quarterly values, target, previous year-end and printed direction
of travel for one financial year."""

from django.db import transaction
from django.db.models import Max

from lscb.fiscal import year_label
from lscb.spreadsheets.headings import normalise
from lscb.spreadsheets.preview import Preview, Row
from lscb.spreadsheets.progress import reporter
from lscb.spreadsheets.reader import read_table
from lscb.spreadsheets.samples import sample_workbook

from ..indicators import TRAVEL_WORDS, read_travel
from ..models import Indicator, IndicatorValue, IndicatorYear
from .common import (
    IGNORED,
    cell_getter,
    change,
    describe,
    heading_year,
    match_columns,
    normalised_name,
    parse_number,
    text,
    unit_written,
)

QUARTERS = {1: "apr jun", 2: "jul sep", 3: "oct dec", 4: "jan mar"}
LONG_MONTHS = {1: "april june", 2: "july september", 3: "october december", 4: "january march"}
HEADINGS = {
    "name": ["indicator", "measure", "name", "indicator name", "measure name",
             "performance indicator", "performance measure", "kpi", "pi"],
    "unit": ["unit", "units", "unit of measure"],
    "polarity": ["polarity", "higher or lower is better", "good is", "higher or lower",
                 "good performance is", "higher is better", "lower is better", "better is",
                 "direction of improvement", "better when", "good performance"],
    "direction": ["direction"],  # polarity or direction of travel: the values tell
    "travel": ["direction of travel", "dot", "trend", "travel", "performance trend",
               "direction of travel since last year"],
    "target": ["target", "goal"],
    "previous_year_end": ["eoy", "end of year", "previous year end", "year end", "previous year",
                          "last year", "outturn", "eoy outturn", "end of year outturn",
                          "previous year end outturn", "baseline"],
    "description": ["description", "definition", "notes"],
    **{f"q{q}": [f"q{q}", f"quarter {q}", f"qtr {q}", f"q{q} {QUARTERS[q]}",
                 f"q{q} {LONG_MONTHS[q]}", QUARTERS[q], LONG_MONTHS[q],
                 LONG_MONTHS[q].replace(" ", " to "), f"q{q} actual"] for q in (1, 2, 3, 4)},
    IGNORED: ["rag", "rag rating", "latest", "against target", "rag against target"],
}
LABELS = {"name": "Indicator", "unit": "Unit", "polarity": "Polarity", "target": "Target",
          "previous_year_end": "EoY", "description": "Description",
          "travel": "Direction of travel", "direction": "Direction",
          **{f"q{q}": f"Q{q}" for q in (1, 2, 3, 4)}}
INDICATOR_FIELDS = ["unit", "polarity", "description"]
YEAR_FIELDS = {"target": "target", "previous_year_end": "previous_year_end",
               "travel": "direction_as_printed"}
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


def _travel_words(values):
    """Whether a "Direction" column holds directions of travel (Improved, Same, Worse)."""
    words = {w for family in TRAVEL_WORDS.values() for w in family}
    return any(normalise(v) in words or normalise(v).split(" ")[0] in words for v in values if v)


def _columns(header, body):
    """The columns, with a "Direction" column read as polarity or travel by its values."""
    columns, ignored = match_columns(header, HEADINGS)
    if "direction" in columns:
        index = columns.pop("direction")
        values = [text(cells[index]) for _n, cells in body if index < len(cells)]
        kind = "travel" if _travel_words(values) else "polarity"
        columns.setdefault(kind, index)
    return columns, ignored


def build_preview(data, name, board, year, progress=None):
    """Parse the file and compare it with the board's indicators. Values are for financial
    year ``year`` (2015 for 2015/16): the quarters, the target, the end of the year before
    and the printed direction of travel. Nothing is written."""
    header, body = read_table(data, name)
    columns, ignored = _columns(header, body)
    quarters = [q for q in (1, 2, 3, 4) if f"q{q}" in columns]
    shown = [k for k in ["unit", "polarity", "target", "previous_year_end", "travel"]
             if k in columns]
    preview = Preview(
        columns=["Indicator"] + [LABELS[k] for k in shown]
        + [f"Q{q} {year_label(year)}" if year else f"Q{q}" for q in quarters] + ["Result"],
        ignored_columns=ignored)
    preview.asks = []  # names of new indicators whose polarity the file does not give
    if "name" not in columns:
        preview.problems.append((1, "Indicator", "There is no Indicator column. Name a column "
                                 "'Indicator', 'Measure' or 'Name'."))
        return preview
    _check_years(preview, header, columns, quarters, year)
    existing = {normalised_name(i.name): i for i in Indicator.objects.for_board(board)}
    stored = {(v.indicator_id, v.quarter): v.value
              for v in IndicatorValue.objects.filter(indicator__board=board, year=year)}
    years = {y.indicator_id: y for y in IndicatorYear.objects.filter(indicator__board=board,
                                                                        year=year)}
    reader = _RowReader(preview, columns, quarters, shown)
    seen = {}
    tick = reporter(progress, len(body), "Checked")
    for done, (number, cells) in enumerate(body, start=1):
        tick(done)
        row = reader.read(number, cells, seen)
        if row is None:
            continue
        indicator = existing.get(normalised_name(row.key))
        row.existing = indicator
        if indicator is not None:
            row.changes = _changes(indicator, years.get(indicator.pk), stored, row.values)
        elif "polarity" not in row.values:
            preview.asks.append(row.key)
        preview.rows.append(row)
    if not preview.rows and not preview.problems:
        preview.problems.append((1, "Indicator", "No row has an indicator name."))
    return preview


def _check_years(preview, header, columns, quarters, year):
    per_year = [k for k in ["target", "previous_year_end", "travel"] if k in columns]
    if year is None and (quarters or per_year):
        preview.problems.append((1, LABELS[(per_year or ["q1"])[0]] if per_year else "Q1",
                                 "Say which financial year the values are for (e.g. 2015/16): "
                                 "quarters, targets and year-ends belong to a year."))
        return
    for key in [*(f"q{q}" for q in quarters), "previous_year_end", "target"]:
        if key not in columns:
            continue
        named = heading_year(header[columns[key]])
        expected = year - 1 if key == "previous_year_end" else year
        if named is not None and named != expected:
            preview.problems.append((1, LABELS[key], (
                f"the column is headed '{header[columns[key]]}' but the values are being "
                f"imported for {year_label(year)}" + (
                    f" (so the previous year-end is {year_label(year - 1)})"
                    if key == "previous_year_end" else "")
                + ". Choose the year the spreadsheet is for, or correct the heading.")))


class _RowReader:
    def __init__(self, preview, columns, quarters, shown):
        self.preview, self.columns, self.quarters, self.shown = preview, columns, quarters, shown
        self.cell = cell_getter(columns)

    def problem(self, row, column, message):
        self.preview.problems.append((row, column, message))

    def read(self, number, cells, seen):
        cell, columns = self.cell, self.columns
        title = str(cell(cells, "name") or "").strip()
        if not title:
            if any(cell(cells, f"q{q}") not in ("", None) for q in self.quarters):
                self.problem(number, "Indicator", "the row has values but no indicator name")
            return None
        if len(title) > 200:
            self.problem(number, "Indicator", "the name is longer than 200 characters")
        key = normalised_name(title)
        if key in seen:
            self.problem(number, "Indicator", f"'{title[:60]}' is also on row {seen[key]}")
        seen[key] = number
        values, units = {}, set()
        if "unit" in columns:
            unit = text(cell(cells, "unit"))
            if len(unit) > 40:
                self.problem(number, "Unit", "the unit is longer than 40 characters")
            if unit:
                values["unit"] = unit[:40]
        if "polarity" in columns:
            polarity, error = parse_polarity(cell(cells, "polarity"))
            if error:
                self.problem(number, LABELS["polarity"], error)
            if polarity:
                values["polarity"] = polarity
        for key_ in ["target", "previous_year_end"]:
            if key_ in columns:
                number_, error = parse_number(cell(cells, key_))
                units.add(unit_written(cell(cells, key_)))
                if error:
                    self.problem(number, LABELS[key_], error)
                if number_ is not None:
                    values[key_] = number_
        if "travel" in columns and text(cell(cells, "travel")):
            printed = text(cell(cells, "travel"))[:40]
            if read_travel(printed) is None:
                self.preview.warnings.append((number, LABELS["travel"], (
                    f"'{printed}' is not a direction of travel the app reads (Improved, Same, "
                    "Worse, ↑, ↓, →): it is kept as printed")))
            values["travel"] = printed
        if "description" in columns and cell(cells, "description"):
            values["description"] = str(cell(cells, "description"))
        actuals = {}
        for q in self.quarters:
            number_, error = parse_number(cell(cells, f"q{q}"))
            units.add(unit_written(cell(cells, f"q{q}")))
            if error:
                self.problem(number, f"Q{q}", error)
            if number_ is not None:
                actuals[q] = number_
        units.discard("")
        if "unit" not in values and len(units) == 1:
            values["written_unit"] = units.pop()  # "23%": the unit, unless the file gives one
        shown = [title] + [_show(k, values) for k in self.shown]
        shown += [describe(actuals.get(q)) for q in self.quarters]
        return Row(number=number, key=title, values={**values, "quarters": actuals}, cells=shown)


def _show(key, values):
    if key == "polarity":
        return Indicator.Polarity(values[key]).label if key in values else "—"
    if key == "unit" and "unit" not in values and "written_unit" in values:
        return values["written_unit"]
    return describe(values.get(key))


def _changes(indicator, this_year, stored, values):
    changes = []
    for key in INDICATOR_FIELDS:
        if key in values and getattr(indicator, key) != values[key]:
            label = str(Indicator._meta.get_field(key).verbose_name).capitalize()
            changes.append(change(label, getattr(indicator, key), values[key]))
    if "written_unit" in values and not indicator.unit:
        changes.append(change("Unit", "", values["written_unit"]))
    for key, field in YEAR_FIELDS.items():
        old = getattr(this_year, field) if this_year else (None if key != "travel" else "")
        if key in values and old != values[key]:
            changes.append(change(LABELS[key] if key != "travel" else "Printed direction",
                                  old or None, values[key]))
    for q, new in values["quarters"].items():
        old = stored.get((indicator.pk, q))
        if old != new:
            changes.append(change(f"Q{q}", old, new))
    return changes


@transaction.atomic
def apply_import(preview, board, year, progress=None, polarities=None):
    """Create or update the indicators and their values for ``year``: all or nothing.
    A blank cell leaves what is stored. ``polarities`` gives the polarity of each new
    indicator the file gives none for (default: higher is better).
    Returns (created, updated, values saved)."""
    if not preview.ok:
        raise ValueError("An import with problems cannot be applied.")
    polarities = polarities or {}
    created = updated = 0
    order = (Indicator.objects.for_board(board).aggregate(m=Max("order"))["m"] or 0)
    stored = {(v.indicator_id, v.quarter): v
              for v in IndicatorValue.objects.filter(indicator__board=board, year=year)}
    new_values, changed_values = [], []
    tick = reporter(progress, len(preview.rows), "Saved")
    for done, row in enumerate(preview.rows, start=1):
        tick(done)
        values = dict(row.values)
        actuals = values.pop("quarters")
        fields = {k: values[k] for k in INDICATOR_FIELDS if k in values}
        indicator = row.existing
        if "written_unit" in values and not (indicator and indicator.unit):
            fields.setdefault("unit", values["written_unit"])
        if indicator is None:
            order += 1
            fields.setdefault("polarity", polarities.get(row.key, HIGHER))
            indicator = Indicator.objects.create(board=board, name=row.key, order=order, **fields)
            created += 1
        elif row.changes:
            changed = [k for k, v in fields.items() if getattr(indicator, k) != v]
            for key, value in fields.items():
                setattr(indicator, key, value)
            if changed:
                indicator.save(update_fields=changed)
            updated += 1
        _save_year(indicator, year, values)
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
    return created, updated, len(new_values) + len(changed_values)


def _save_year(indicator, year, values):
    given = {field: values[key] for key, field in YEAR_FIELDS.items() if key in values}
    if not given:
        return
    this_year, _new = IndicatorYear.objects.get_or_create(indicator=indicator, year=year)
    changed = [f for f, v in given.items() if getattr(this_year, f) != v]
    for field, value in given.items():
        setattr(this_year, field, value)
    if changed:
        this_year.save(update_fields=changed)


def sample():
    return sample_workbook(
        "Indicators",
        ["Indicator", "Unit", "Higher or lower is better", "Target", "EoY",
         "Q1", "Q2", "Q3", "Q4", "Direction of travel", "Description"],
        [
            ("Indicator (required)", "The indicator's name, e.g. 'Re-referrals to children's "
             "social care within 12 months'. An indicator already on the register with the "
             "same name is updated, not added again. Also read: Measure, Name."),
            ("Unit", "E.g. %, £, days, number, per 10,000. Without it, figures written as 23% "
             "or £5,000 give the unit. 100% prints as 100%."),
            ("Higher or lower is better", "Higher or Lower (also 'Higher is better', ↑, ↓). "
             "Also read: Polarity. Without it, the preview asks for each new indicator."),
            ("Target", "The target for the financial year you choose when uploading; "
             "23% is read as 23."),
            ("EoY", "The end-of-year value of the year before it "
             "(e.g. 'EoY 2014/15' when importing 2015/16)."),
            ("Q1 … Q4", "The actuals of that financial year: numbers or percentages. Blank, "
             "n/a, N/A, Not Available, - or tbc mean no value; a blank cell never removes a "
             "value already stored."),
            ("Direction of travel", "As your table prints it: Improved, Same, Worse (or Better, "
             "No change, ↑, ↓, →). Kept beside the direction the app works out. A column "
             "headed just 'Direction' is read as polarity when it says Higher/Lower."),
            ("Description", "Optional: how the indicator is defined."),
        ],
        widths={"Indicator": 50, "Description": 40, "Higher or lower is better": 16,
                "Direction of travel": 16},
    )
