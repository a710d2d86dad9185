"""The risk register: one row per risk, matched on its reference."""

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction

from lscb.spreadsheets.headings import normalise
from lscb.spreadsheets.progress import reporter
from lscb.spreadsheets.reader import read_table

from ..models import Risk
from .common import (
    IGNORED,
    Preview,
    Row,
    cell_getter,
    change,
    describe,
    match_columns,
    parse_date,
    text,
)

HEADINGS = {
    "theme": ["theme", "risk theme", "category", "risk category", "area", "risk area",
              "priority"],
    "reference": ["ref", "reference", "risk ref", "risk reference", "risk no", "risk number",
                  "no", "number", "risk id", "id"],
    "description": ["risk", "description", "risk description", "risk title", "the risk",
                    "risk identified", "risk event", "risk and consequence"],
    "inherent_likelihood": ["likelihood", "inherent likelihood", "l", "inherent l",
                            "probability", "gross likelihood", "initial likelihood",
                            "inherent risk likelihood", "likelihood inherent",
                            "inherent probability"],
    "inherent_impact": ["impact", "inherent impact", "i", "inherent i", "severity",
                        "consequence", "gross impact", "initial impact", "inherent risk impact",
                        "impact inherent", "inherent severity"],
    "residual_likelihood": ["residual likelihood", "residual l", "net likelihood",
                            "residual risk likelihood", "likelihood residual",
                            "residual probability", "current likelihood"],
    "residual_impact": ["residual impact", "residual i", "net impact", "residual risk impact",
                        "impact residual", "residual severity", "current impact"],
    "current_controls": ["current controls", "controls", "existing controls",
                         "controls in place", "mitigation", "mitigations", "current mitigation",
                         "existing mitigation", "current controls mitigation"],
    "further_controls": ["further controls", "further controls required", "further action",
                         "further actions", "further actions required", "further mitigation",
                         "additional controls", "planned actions", "actions", "action required"],
    "by_when": ["by when", "when", "due", "due date", "target date", "timescale", "deadline"],
    "by_whom": ["by whom", "by who", "who", "owner", "risk owner", "lead", "responsible",
                "action owner"],
    "status": ["status", "risk status"],
    "review_date": ["review date", "review", "next review", "next review date", "date of review",
                    "date for review", "review by"],
    IGNORED: ["score", "rating", "risk score", "risk rating", "inherent score", "residual score",
              "inherent risk score", "residual risk score", "inherent rating", "residual rating",
              "inherent risk", "residual risk", "rag", "total", "direction of travel", "trend",
              "l x i", "lxi", "l i"],
}
# "Likelihood" and "Impact" a second time: the residual rating after the controls.
SECOND = {"inherent_likelihood": "residual_likelihood", "inherent_impact": "residual_impact"}
LABELS = {
    "theme": "Theme", "reference": "Ref", "description": "Risk",
    "inherent_likelihood": "Inherent likelihood", "inherent_impact": "Inherent impact",
    "residual_likelihood": "Residual likelihood", "residual_impact": "Residual impact",
    "current_controls": "Current controls", "further_controls": "Further controls",
    "by_when": "By when", "by_whom": "By whom", "status": "Status", "review_date": "Review date",
}
RATINGS = ["inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"]
TEXTS = ["current_controls", "further_controls", "by_whom"]
DATES = ["by_when", "review_date"]
LIKELIHOOD_WORDS = {"rare": 1, "very unlikely": 1, "remote": 1, "unlikely": 2, "possible": 3,
                    "likely": 4, "probable": 4, "almost certain": 5, "very likely": 5,
                    "certain": 5}
IMPACT_WORDS = {"insignificant": 1, "negligible": 1, "minor": 2, "moderate": 3, "major": 4,
                "significant": 4, "severe": 5, "catastrophic": 5, "critical": 5, "extreme": 5}
STATUS_WORDS = {
    Risk.Status.OPEN: ["open", "active", "live", "new", "ongoing", "current"],
    Risk.Status.MONITORING: ["monitoring", "monitor", "monitored", "watch", "tolerate",
                             "tolerated", "accepted"],
    Risk.Status.CLOSED: ["closed", "close", "complete", "completed", "resolved", "archived"],
}


def parse_rating(value, words):
    """(1-5 or None, error): 3, "3.0", "4 - Likely", "Likely (4)", "Almost certain"."""
    raw = text(value)
    if not raw:
        return None, None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = None
    if number is not None:
        if number == number.to_integral_value() and 1 <= number <= 5:
            return int(number), None
        return None, f"'{raw[:40]}' is not a rating from 1 to 5"
    m = re.match(r"^([1-5])\s*[-–:(=]", raw) or re.search(r"\(([1-5])\)\s*$", raw)
    if m:
        return int(m.group(1)), None
    if normalise(raw) in words:
        return words[normalise(raw)], None
    return None, f"'{raw[:40]}' is not a rating from 1 to 5"


def parse_status(value):
    key = normalise(text(value))
    if not key:
        return None, None
    for status, words in STATUS_WORDS.items():
        if key in words:
            return status, None
    return None, f"'{text(value)[:40]}' is not a status (write Open, Monitoring or Closed)"


def build_preview(data, name, board, progress=None):
    """Parse the file and compare it with the board's register. Nothing is written."""
    header, body = read_table(data, name)
    columns, ignored = match_columns(header, HEADINGS, SECOND)
    preview = Preview(columns=["Theme", "Ref", "Risk", "Inherent", "Residual", "Status",
                               "Result"], ignored_columns=ignored)
    for key, wording in [("reference", "'Ref' or 'Reference'"), ("description", "'Risk' or "
                         "'Description'"), ("inherent_likelihood", "'Likelihood' or 'Inherent "
                         "likelihood'"), ("inherent_impact", "'Impact' or 'Inherent impact'")]:
        if key not in columns:
            preview.problems.append((1, LABELS[key], f"There is no {LABELS[key]} column. Name a "
                                     f"column {wording}."))
    if preview.problems:
        return preview
    residual = "residual_likelihood" in columns and "residual_impact" in columns
    if not residual:
        preview.warnings.append((1, "Residual", "There are no residual likelihood and impact "
                                 "columns: new risks get their inherent rating as the residual "
                                 "one, and the register's residual ratings are kept."))
    existing = {r.reference: r for r in Risk.objects.for_board(board)}
    cell = cell_getter(columns)
    seen = {}
    theme = "General"
    tick = reporter(progress, len(body), "Checked")
    for done, (number, cells) in enumerate(body, start=1):
        tick(done)
        theme = text(cell(cells, "theme")) or theme
        reference = text(cell(cells, "reference"))
        description = text(cell(cells, "description"))
        if not reference and not description:
            continue  # a theme heading or a spacer row

        def problem(column, message, n=number):
            preview.problems.append((n, column, message))

        if not reference:
            problem("Ref", "the risk has no reference")
            continue
        if len(reference) > 20:
            problem("Ref", f"'{reference[:30]}' is too long for a reference (20 characters)")
        if reference in seen:
            problem("Ref", f"reference {reference} is also used on row {seen[reference]}")
        seen[reference] = number
        if not description:
            problem("Risk", "the risk has no description")
        if len(theme) > 200:
            problem("Theme", "the theme is longer than 200 characters")
        values = {"theme": theme[:200], "description": description}
        for key in RATINGS:
            if key not in columns:
                continue
            rating, error = parse_rating(cell(cells, key), LIKELIHOOD_WORDS if key.endswith(
                "likelihood") else IMPACT_WORDS)
            if error:
                problem(LABELS[key], error)
            elif rating is None:
                problem(LABELS[key], "a rating from 1 to 5 is needed")
            values[key] = rating
        if not residual and reference not in existing:
            values["residual_likelihood"] = values["inherent_likelihood"]
            values["residual_impact"] = values["inherent_impact"]
        for key in TEXTS:
            if key in columns:
                values[key] = text(cell(cells, key))
        if len(values.get("by_whom", "")) > 200:
            problem("By whom", "longer than 200 characters")
        for key in DATES:
            if key in columns:
                day, error, warning = parse_date(cell(cells, key))
                if error:
                    problem(LABELS[key], error)
                if warning:
                    preview.warnings.append((number, LABELS[key], warning))
                values[key] = day
        if "status" in columns:
            status, error = parse_status(cell(cells, "status"))
            if error:
                problem("Status", error)
            if status:
                values["status"] = status
        risk = existing.get(reference)
        changes = []
        if risk is not None:
            changes = [change(LABELS[key], getattr(risk, key), new)
                       for key, new in values.items() if getattr(risk, key) != new]

        def rating(prefix, risk=risk, values=values):
            li = [values.get(f"{prefix}_{k}", getattr(risk, f"{prefix}_{k}", None))
                  for k in ("likelihood", "impact")]
            return f"{li[0]}×{li[1]} = {li[0] * li[1]}" if None not in li else "—"

        status = values.get("status") or (risk.status if risk else Risk.Status.OPEN)
        preview.rows.append(Row(
            number=number, key=reference, values=values, existing=risk, changes=changes,
            cells=[theme, reference, describe(description), rating("inherent"),
                   rating("residual"), Risk.Status(status).label]))
    if not preview.rows and not preview.problems:
        preview.problems.append((1, "Risk", "No row has a reference and a risk."))
    return preview


@transaction.atomic
def apply_import(preview, board, user=None, source="", progress=None):
    """Create or update the risks: all or nothing. Each change is kept in the risk's
    history (who, when, old → new), as an edit in the app is. Returns (created, updated)."""
    if not preview.ok:
        raise ValueError("An import with problems cannot be applied.")
    created = updated = 0
    reason = f"Imported from {source}"[:100] if source else "Imported from a spreadsheet"
    tick = reporter(progress, len(preview.rows), "Saved")
    for done, row in enumerate(preview.rows, start=1):
        tick(done)
        risk = row.existing
        if risk is None:
            risk = Risk(board=board, reference=row.key)
            created += 1
        elif row.changes:
            updated += 1
        else:
            continue  # unchanged: no new history record
        for key, value in row.values.items():
            setattr(risk, key, value)
        risk._change_reason = reason
        if user is not None:
            risk._history_user = user
        risk.save()
    return created, updated


def sample():
    from openpyxl.worksheet.datavalidation import DataValidation

    from .common import sample_workbook

    headings = ["Theme", "Ref", "Risk", "Inherent likelihood", "Inherent impact",
                "Current controls", "Residual likelihood", "Residual impact", "Further controls",
                "By when", "By whom", "Status", "Review date"]
    ratings = DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                             allow_blank=True, error="A rating from 1 to 5")
    for column in "DEGH":
        ratings.add(f"{column}2:{column}1000")
    status = DataValidation(type="list", formula1='"Open,Monitoring,Closed"', allow_blank=True)
    status.add("L2:L1000")
    return sample_workbook(
        "Risk register", headings,
        [
            ("Theme", "The theme the risk is grouped under; a blank cell takes the theme of "
             "the row above (a row with only a theme is a heading)."),
            ("Ref (required)", "Unique on the register, e.g. R1 or 2.3. A risk already on the "
             "register with this reference is updated, and the change kept in its history."),
            ("Risk (required)", "The description of the risk. Also read: Description."),
            ("Inherent likelihood / impact", "1 to 5 (or words such as Likely, Major). "
             "A register with 'Likelihood' and 'Impact' twice is read as inherent, then residual."),
            ("Current controls, Further controls", "Text."),
            ("Residual likelihood / impact", "1 to 5, after the current controls."),
            ("By when, Review date", "31/12/2015, 'December 2015' (its last day) or 'Dec-15'. "
             "Wording that is not a date, such as 'Ongoing', is left empty."),
            ("By whom", "Text."),
            ("Status", "Open, Monitoring or Closed (blank: Open)."),
            ("Score, Rating, RAG", "Not read: the app works them out from the ratings."),
        ],
        widths={"Risk": 50, "Current controls": 40, "Further controls": 40, "Theme": 25},
        validations=[ratings, status],
    )
