"""The risk register: one row per risk, matched on its reference, read under the board's
scoring scheme (likelihood × impact, a single score, or High/Medium/Low)."""

from django.db import transaction

from lscb.spreadsheets.headings import normalise
from lscb.spreadsheets.preview import Preview, Row
from lscb.spreadsheets.progress import reporter
from lscb.spreadsheets.reader import read_table
from lscb.spreadsheets.samples import sample_workbook

from ..models import Risk, RiskSettings
from ..scoring import SCHEMES, Scoring, fits, scheme
from .common import (
    IGNORED,
    cell_getter,
    change,
    describe,
    match_columns,
    parse_date,
    text,
)
from .ratings import IMPACT_WORDS, LIKELIHOOD_WORDS, highest, looks_like_levels, parse_part, parse_score

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
    "target_likelihood": ["target likelihood", "retained likelihood", "future likelihood"],
    "target_impact": ["target impact", "retained impact", "future impact"],
    "inherent_value": ["inherent score", "inherent risk score", "inherent rating", "inherent risk",
                       "inherent risk rating", "gross risk", "gross score", "initial risk",
                       "initial score", "original risk", "original score", "inherent",
                       "risk before controls", "inherent level"],
    "residual_value": ["residual score", "residual risk score", "residual rating", "residual risk",
                       "residual risk rating", "current risk", "current score", "current rating",
                       "current risk score", "net risk", "net score", "residual", "current",
                       "risk after controls", "residual level", "current level"],
    "target_value": ["target score", "target risk", "target rating", "retained risk",
                     "retained score", "retained rating", "target risk score", "target",
                     "future risk", "risk after further controls", "target level"],
    "score": ["score", "risk score", "rating", "risk rating", "total", "l x i", "lxi", "l i",
              "overall score", "risk level", "level", "overall risk"],
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
    IGNORED: ["rag", "rag status", "direction of travel", "trend"],
}
# "Likelihood" and "Impact" a second time: the residual rating after the controls; a
# second and third "Score": residual and target.
SECOND = {"inherent_likelihood": "residual_likelihood", "inherent_impact": "residual_impact",
          "score": "score_2", "score_2": "score_3"}
STAGES = ["inherent", "residual", "target"]
LABELS = {
    "theme": "Theme", "reference": "Ref", "description": "Risk",
    **{f"{s}_{p}": f"{s.capitalize()} {p}" for s in STAGES for p in ("likelihood", "impact")},
    **{f"{s}_value": f"{s.capitalize()} score" for s in STAGES},
    "current_controls": "Current controls", "further_controls": "Further controls",
    "by_when": "By when", "by_whom": "By whom", "status": "Status", "review_date": "Review date",
}
PARTS = [f"{s}_{p}" for s in STAGES for p in ("likelihood", "impact")]
RATINGS = PARTS[:4]  # inherent and residual likelihood and impact
VALUES = [f"{s}_value" for s in STAGES]
TEXTS = ["current_controls", "further_controls", "by_whom"]
DATES = ["by_when", "review_date"]
STATUS_WORDS = {
    Risk.Status.OPEN: ["open", "active", "live", "new", "ongoing", "current"],
    Risk.Status.MONITORING: ["monitoring", "monitor", "monitored", "watch", "tolerate",
                             "tolerated", "accepted", "reduced", "managed"],
    Risk.Status.CLOSED: ["closed", "close", "complete", "completed", "resolved", "archived"],
}


def parse_status(value):
    """(status or None, the words as written when they say more than a status). A status
    boards write in their own words ("Reduced – review in March") is kept as written, and
    its first word gives the status when it is one."""
    raw = text(value)
    key = normalise(raw)
    if not key:
        return None, ""
    for status, words in STATUS_WORDS.items():
        if key in words:
            return status, ""
    first = key.split(" ")[0]
    for status, words in STATUS_WORDS.items():
        if first in words:
            return status, raw[:200]
    return None, raw[:200]


def _score_columns(columns):
    """Generic "Score" columns assigned to the stages the file does not name."""
    generic = [k for k in ("score", "score_2", "score_3") if k in columns]
    free = [f"{s}_value" for s in STAGES if f"{s}_value" not in columns]
    if len(generic) == 1 and "residual_value" in free:
        free = ["residual_value"] + [f for f in free if f != "residual_value"]
    for key, stage in zip(generic, free, strict=False):
        columns[stage] = columns.pop(key)
    for key in generic:
        columns.pop(key, None)


def guess_scheme(columns, body):
    """The scheme a register seems to use, for a board that has not said."""
    if not any(k in columns for k in VALUES) or any(k in columns for k in PARTS):
        return SCHEMES[Scoring.MATRIX_5]
    values = [cells[i] for _n, cells in body for k, i in columns.items()
              if k in VALUES and i < len(cells)]
    if looks_like_levels(values):
        return SCHEMES[Scoring.LEVELS]
    top = highest(values)
    code = Scoring.SCORE_9 if top <= 9 else Scoring.SCORE_16 if top <= 16 else Scoring.SCORE_25
    return SCHEMES[code]


def build_preview(data, name, board, progress=None, scoring=None):
    """Parse the file and compare it with the board's register. ``scoring`` is how the
    register is scored (default: the board's setting, or a guess from the file when the
    board has none). Nothing is written."""
    header, body = read_table(data, name)
    columns, ignored = match_columns(header, HEADINGS, SECOND)
    _score_columns(columns)
    setting = RiskSettings.objects.filter(board=board).first()
    chosen = scheme(scoring) if scoring else (
        scheme(setting.scoring) if setting else guess_scheme(columns, body))
    preview = Preview(columns=["Theme", "Ref", "Risk", "Inherent", "Residual", "Target",
                               "Status", "Result"], ignored_columns=ignored)
    preview.scheme = chosen
    preview.scheme_guessed = not scoring and setting is None
    _set_aside(preview, columns, header, chosen)
    _required(preview, columns, chosen)
    if preview.problems:
        return preview
    existing = {r.reference: r for r in Risk.objects.for_board(board)}
    _check_others_fit(preview, existing, body, columns, chosen)
    reader = _RiskReader(preview, columns, chosen, existing)
    tick = reporter(progress, len(body), "Checked")
    for done, (number, cells) in enumerate(body, start=1):
        tick(done)
        reader.read(number, cells)
    if not preview.rows and not preview.problems:
        preview.problems.append((1, "Risk", "No row has a reference and a risk."))
    return preview


def _set_aside(preview, columns, header, chosen):
    """Columns the scheme does not read: scores the app works out from likelihood ×
    impact, or likelihood and impact on a register scored with one number."""
    unread = VALUES if chosen.is_matrix else PARTS
    for key in unread:
        if key in columns:
            preview.ignored_columns.append(str(header[columns.pop(key)]))


def _required(preview, columns, chosen):
    needed = [("reference", "'Ref' or 'Reference'"), ("description", "'Risk' or 'Description'")]
    if chosen.is_matrix:
        needed += [("inherent_likelihood", "'Likelihood' or 'Inherent likelihood'"),
                   ("inherent_impact", "'Impact' or 'Inherent impact'")]
    for key, wording in needed:
        if key not in columns:
            preview.problems.append((1, LABELS[key], f"There is no {LABELS[key]} column. Name "
                                     f"a column {wording}."))
    if not chosen.is_matrix and not any(k in columns for k in VALUES):
        preview.problems.append((1, "Score", "There is no score column (Score, Inherent risk, "
                                 "Current risk, Residual score…) for a register scored as "
                                 f"“{chosen.label}”."))
    if chosen.is_matrix and "inherent_likelihood" not in columns and any(
            k in columns for k in ("inherent_value", "residual_value")):
        preview.problems.append((1, "Score", "The register has scores but no likelihood and "
                                 "impact: choose “A single score” as how it is scored."))
    if chosen.is_matrix and not ("residual_likelihood" in columns and "residual_impact" in columns):
        preview.warnings.append((1, "Residual", "There are no residual likelihood and impact "
                                 "columns: new risks get their inherent rating as the residual "
                                 "one, and the register's residual ratings are kept."))
    elif not chosen.is_matrix and "residual_value" not in columns:
        preview.warnings.append((1, "Residual", "There is no residual (current) score: new "
                                 "risks get their inherent score as the residual one."))
    elif not chosen.is_matrix and "inherent_value" not in columns:
        preview.warnings.append((1, "Inherent", "There is one score only: it is read as the "
                                 "current (residual) rating, and new risks get it as their "
                                 "inherent rating too."))


def _check_others_fit(preview, existing, body, columns, chosen):
    """Risks already on the register that the file does not rate must still read under
    the chosen scheme, since it becomes the board's."""
    index = columns["reference"]
    in_file = {text(cells[index]) for _n, cells in body if index < len(cells)}
    misfits = [ref for ref, risk in existing.items() if ref not in in_file and not fits(risk, chosen)]
    if misfits:
        preview.problems.append((1, "Score", (
            f"risks {', '.join(sorted(misfits)[:10])} on the register are rated in another way "
            f"than “{chosen.label}”: include them in the file, or choose how the register is "
            "scored to match them.")))


class _RiskReader:
    def __init__(self, preview, columns, chosen, existing):
        self.preview, self.columns, self.scheme, self.existing = preview, columns, chosen, existing
        self.cell = cell_getter(columns)
        self.theme, self.seen = "General", {}

    def read(self, number, cells):
        cell, columns = self.cell, self.columns
        self.theme = text(cell(cells, "theme")) or self.theme
        reference = text(cell(cells, "reference"))
        description = text(cell(cells, "description"))
        if not reference and not description:
            return  # a theme heading or a spacer row

        def problem(column, message):
            self.preview.problems.append((number, column, message))

        if not reference:
            problem("Ref", "the risk has no reference")
            return
        if len(reference) > 20:
            problem("Ref", f"'{reference[:30]}' is too long for a reference (20 characters)")
        if reference in self.seen:
            problem("Ref", f"reference {reference} is also used on row {self.seen[reference]}")
        self.seen[reference] = number
        if not description:
            problem("Risk", "the risk has no description")
        if len(self.theme) > 200:
            problem("Theme", "the theme is longer than 200 characters")
        values = {"theme": self.theme[:200], "description": description}
        self._ratings(number, cells, values, problem, reference)
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
                    self.preview.warnings.append((number, LABELS[key], warning))
                values[key] = day
        if "status" in columns:
            status, written = parse_status(cell(cells, "status"))
            if status:
                values["status"] = status
            values["status_text"] = written
            if written and not status:
                self.preview.warnings.append((number, "Status", (
                    f"'{written[:40]}' is kept as written; the risk is "
                    f"{'open' if reference not in self.existing else 'left as it was'}")))
        self._row(number, reference, values)

    def _ratings(self, number, cells, values, problem, reference):
        chosen, queries = self.scheme, []
        for key in (PARTS if chosen.is_matrix else VALUES):
            if key not in self.columns:
                continue
            if chosen.is_matrix:
                rating, error = parse_part(self.cell(cells, key), chosen.size, LIKELIHOOD_WORDS
                                           if key.endswith("likelihood") else IMPACT_WORDS)
                query = ""
            else:
                rating, query, error = parse_score(self.cell(cells, key), chosen)
            if error:
                problem(LABELS[key], error)
            elif rating is None and not key.startswith("target"):
                problem(LABELS[key], "High, Medium or Low is needed" if chosen.is_levels else
                        f"a rating from 1 to {chosen.size} is needed" if chosen.is_matrix else
                        f"a score from 1 to {chosen.top} is needed")
            if query:
                stage = key.split("_")[0]
                queries.append(f"{stage} score written “{query}”")
                self.preview.warnings.append((number, LABELS[key], (
                    f"'{query}' is read as {rating}, and the query is noted on the risk")))
            values[key] = rating
        values["rating_query"] = "; ".join(queries).capitalize()
        if reference in self.existing:
            return
        pairs = [("residual", "inherent"), ("inherent", "residual")]
        for missing, source in pairs:
            keys = [f"{missing}_{p}" for p in ("likelihood", "impact")] if chosen.is_matrix \
                else [f"{missing}_value"]
            if all(values.get(k) is None for k in keys):
                for k in keys:
                    values[k] = values.get(k.replace(missing, source))

    def _row(self, number, reference, values):
        risk = self.existing.get(reference)
        if not self.scheme.is_matrix:  # one score: likelihood and impact are not kept
            values.update({k: None for k in PARTS})
        changes = []
        if risk is not None:
            changes = [change(LABELS.get(key, key.replace("_", " ").capitalize()),
                              getattr(risk, key), new)
                       for key, new in values.items() if getattr(risk, key) != new]
        probe = risk or Risk(board_id=None)
        shown = {}
        for stage in STAGES:
            likelihood = values.get(f"{stage}_likelihood", getattr(probe, f"{stage}_likelihood"))
            impact = values.get(f"{stage}_impact", getattr(probe, f"{stage}_impact"))
            value = values.get(f"{stage}_value", getattr(probe, f"{stage}_value"))
            score = likelihood * impact if likelihood and impact else value
            shown[stage] = self.scheme.describe(likelihood, impact, score)
        status = values.get("status") or (risk.status if risk else Risk.Status.OPEN)
        self.preview.rows.append(Row(
            number=number, key=reference, values=values, existing=risk, changes=changes,
            cells=[values["theme"], reference, describe(values["description"]),
                   *(shown[s] for s in STAGES), Risk.Status(status).label]))


@transaction.atomic
def apply_import(preview, board, user=None, source="", progress=None):
    """Create or update the risks: all or nothing, and the scheme the file was read under
    becomes the board's. Each change is kept in the risk's history (who, when, old → new),
    as an edit in the app is. Returns (created, updated)."""
    if not preview.ok:
        raise ValueError("An import with problems cannot be applied.")
    chosen = getattr(preview, "scheme", None)
    if chosen is not None:
        RiskSettings.objects.update_or_create(board=board, defaults={"scoring": chosen.code})
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

    headings = ["Theme", "Ref", "Risk", "Inherent likelihood", "Inherent impact",
                "Current controls", "Residual likelihood", "Residual impact", "Further controls",
                "Target likelihood", "Target impact", "By when", "By whom", "Status",
                "Review date"]
    ratings = DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                             allow_blank=True, error="A rating from 1 to 5")
    for column in "DEGHJK":
        ratings.add(f"{column}2:{column}1000")
    return sample_workbook(
        "Risk register", headings,
        [
            ("Theme", "The theme the risk is grouped under; a blank cell takes the theme of "
             "the row above (a row with only a theme is a heading)."),
            ("Ref (required)", "Unique on the register, e.g. R1 or 2.3. A risk already on the "
             "register with this reference is updated, and the change kept in its history."),
            ("Risk (required)", "The description of the risk. Also read: Description."),
            ("Scoring", "Choose in the preview how your register is scored: likelihood × "
             "impact on a 5×5, 4×4 or 3×3 matrix, a single score (1–25, 1–16, 1–9), or "
             "High/Medium/Low. The choice becomes the board's, and the heat map follows it."),
            ("Inherent likelihood / impact", "1 to 5 on a 5×5 matrix (or words such as Likely, "
             "Major). 'Likelihood' and 'Impact' twice are read as inherent, then residual."),
            ("Scores instead", "For a register scored with one number: Inherent score (or "
             "Inherent risk), Current or Residual score, Target or Retained risk; a single "
             "'Score' column is the current rating. '9?' is read as 9 and the query noted."),
            ("Current controls, Further controls", "Text."),
            ("Residual likelihood / impact", "After the current controls."),
            ("Target likelihood / impact", "Optional: once the further controls are in place."),
            ("By when, Review date", "31/12/2015, 'December 2015' (its last day) or 'Dec-15'. "
             "Wording that is not a date, such as 'Ongoing', is left empty."),
            ("By whom", "Text."),
            ("Status", "Open, Monitoring or Closed, or your own words (kept as written)."),
            ("Headings", "In any case style: CurrentControls, current_controls and Current "
             "controls are the same column."),
            ("RAG", "Not read: the app works it out from the ratings and the scheme's bands."),
        ],
        widths={"Risk": 50, "Current controls": 40, "Further controls": 40, "Theme": 25},
        validations=[ratings],
    )
