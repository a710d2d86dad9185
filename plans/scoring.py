"""How a board scores its risk register, and what a score means under each scheme.

Registers are scored as likelihood × impact on a 5×5, 4×4 or 3×3 matrix, as a single score
(1–25, 1–16, 1–9) with no likelihood or impact written down, or as High / Medium / Low.
Each scheme has its own bands, and the bands give the RAG (Low green, Medium amber, High
and Very high red) and the colours of the heat map: a 12 is High on a 1–16 register and
Medium-to-high on 1–25, so one fixed 5×5 table cannot serve every board.
"""

from dataclasses import dataclass

from django.db import models


class Scoring(models.TextChoices):
    MATRIX_5 = "lxi_5", "Likelihood × impact, 5 × 5 (scores 1–25)"
    MATRIX_4 = "lxi_4", "Likelihood × impact, 4 × 4 (scores 1–16)"
    MATRIX_3 = "lxi_3", "Likelihood × impact, 3 × 3 (scores 1–9)"
    SCORE_25 = "score_25", "A single score, 1–25"
    SCORE_16 = "score_16", "A single score, 1–16"
    SCORE_9 = "score_9", "A single score, 1–9"
    LEVELS = "levels", "High, Medium or Low"


LOW, MEDIUM, HIGH, VERY_HIGH = "Low", "Medium", "High", "Very high"
BAND_RAG = {LOW: "green", MEDIUM: "amber", HIGH: "red", VERY_HIGH: "red"}
LEVEL_WORDS = {"low": 1, "l": 1, "medium": 2, "med": 2, "m": 2, "moderate": 2, "high": 3,
               "h": 3, "very high": 3, "significant": 3}
LEVEL_NAMES = {1: LOW, 2: MEDIUM, 3: HIGH}


@dataclass(frozen=True)
class Scheme:
    code: str
    size: int | None  # the matrix's side, for likelihood × impact
    top: int  # the highest score
    bands: tuple  # ((lowest score, band), …) highest first

    @property
    def label(self):
        return Scoring(self.code).label

    @property
    def is_matrix(self):
        return self.size is not None

    @property
    def is_levels(self):
        return self.code == Scoring.LEVELS

    def band(self, score):
        if score is None:
            return None
        return next(name for lowest, name in self.bands if score >= lowest)

    def rag(self, score):
        return BAND_RAG.get(self.band(score))

    def key(self):
        """The bands as people read them, for the page under the heat map."""
        ranges, upper = [], self.top
        for lowest, name in self.bands:
            ranges.append(f"{lowest}–{upper} {name.lower()}" if lowest != upper
                          else f"{lowest} {name.lower()}")
            upper = lowest - 1
        return ", ".join(reversed(ranges))

    def describe(self, likelihood, impact, score, query=""):
        """A rating as the register shows it: "4×3 = 12 (High)", "12 (High)", "High"."""
        if score is None:
            return "—"
        queried = " (queried)" if query else ""
        if self.is_levels:
            return f"{LEVEL_NAMES.get(score, score)}{queried}"
        band = self.band(score)
        if likelihood and impact:
            return f"{likelihood}×{impact} = {score} ({band}){queried}"
        return f"{score} ({band}){queried}"


_25 = ((20, VERY_HIGH), (10, HIGH), (5, MEDIUM), (1, LOW))
_16 = ((12, VERY_HIGH), (8, HIGH), (4, MEDIUM), (1, LOW))
_9 = ((6, HIGH), (3, MEDIUM), (1, LOW))
SCHEMES = {
    Scoring.MATRIX_5: Scheme(Scoring.MATRIX_5, 5, 25, _25),
    Scoring.MATRIX_4: Scheme(Scoring.MATRIX_4, 4, 16, _16),
    Scoring.MATRIX_3: Scheme(Scoring.MATRIX_3, 3, 9, _9),
    Scoring.SCORE_25: Scheme(Scoring.SCORE_25, None, 25, _25),
    Scoring.SCORE_16: Scheme(Scoring.SCORE_16, None, 16, _16),
    Scoring.SCORE_9: Scheme(Scoring.SCORE_9, None, 9, _9),
    Scoring.LEVELS: Scheme(Scoring.LEVELS, None, 3, ((3, HIGH), (2, MEDIUM), (1, LOW))),
}
DEFAULT = SCHEMES[Scoring.MATRIX_5]


def scheme(code):
    return SCHEMES.get(code, DEFAULT)


def fits(risk, chosen):
    """Whether ``risk``'s ratings can be read under the scheme ``chosen``."""
    for stage in ("inherent", "residual", "target"):
        parts = [getattr(risk, f"{stage}_{p}") for p in ("likelihood", "impact")]
        value = getattr(risk, f"{stage}_value")
        score = risk.score(stage)
        if chosen.is_matrix:
            if any(p and p > chosen.size for p in parts) or (value and not all(parts)):
                return False
        elif (chosen.is_levels and any(parts)) or (score and score > chosen.top):
            return False
    return True
