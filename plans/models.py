"""The business plan and the registers behind it: themes, the sources that
actions answer, performance indicators and the risk register."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from lscb.fiscal import Quarter, year_label, year_range
from lscb.models import BoardOwned, BoardOwnedQuerySet, Member, keeping_data_version
from lscb.refs import natural_key

from .scoring import DEFAULT, Scoring, scheme

RESERVED_SLUGS = {"new", "indicators", "risks", "sources"}  # pages under /plans/


class BusinessPlanQuerySet(BoardOwnedQuerySet):
    def live(self):
        return self.filter(status=BusinessPlan.Status.LIVE)

    def current(self, board):
        """The plan the board is working to: its live plan, or None. Every page, paper,
        chase list and command that means "the current plan" asks here, so a draft for
        next year never takes over."""
        return self.for_board(board).live().first()

    def live_period(self, board):
        """(first, last) financial years of the board's live plan, or None: what pickers
        open inside and what review and due dates must lie near."""
        return self.for_board(board).live().values_list("start_year", "end_year").first()

    def years(self, board):
        """Every financial year a plan of the board covers (drafts included)."""
        years = set()
        for first, last in self.for_board(board).values_list("start_year", "end_year"):
            years.update(range(first, last + 1))
        return years

    def visible_to(self, board, manager):
        """Plans a user of ``board`` may read: drafts are the business manager's alone."""
        plans = self.for_board(board)
        return plans if manager else plans.exclude(status=BusinessPlan.Status.DRAFT)


class BusinessPlan(BoardOwned):
    class Status(models.TextChoices):
        """draft → approved → live → archived. One live plan per board at a time."""

        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        LIVE = "live", "Live"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200, help_text="E.g. “Business Plan 2015-18”.")
    slug = models.SlugField(max_length=80)
    start_year = models.PositiveIntegerField(help_text="First financial year, e.g. 2015 for 2015/16.")
    end_year = models.PositiveIntegerField(help_text="Last financial year, e.g. 2017 for 2017/18.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.CharField("approving body", max_length=200, blank=True,
                                   help_text="E.g. “LSCB Board meeting”.")
    review_note = models.CharField(max_length=200, blank=True)
    introduction = models.TextField(blank=True)
    planning_process = models.TextField(blank=True)
    previous_plan = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_plans"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    data_version = models.PositiveBigIntegerField(
        default=0, editable=False,
        help_text="Goes up after every change to the plan's records: its themes, actions, "
        "their updates (lscb.changes); with the board's, part of its papers' fingerprints.")

    objects = BusinessPlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "data_version"])

    class Meta:
        ordering = ["-start_year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["board", "slug"], name="plan_unique_slug"),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_years_in_order"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "live"]) | Q(approved_on__isnull=False),
                name="plan_approved_has_date",
            ),
            models.UniqueConstraint(fields=["board"], condition=Q(status="live"),
                                    name="plan_one_live_per_board"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.slug])

    def save(self, *args, **kwargs):
        super().save(*args, **keeping_data_version(self, kwargs))

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_live(self):
        return self.status == self.Status.LIVE

    @property
    def is_archived(self):
        """An archived plan is read-only and never chased."""
        return self.status == self.Status.ARCHIVED

    @property
    def last_day(self):
        return year_range(self.end_year)[1]

    def reporting_quarter(self, day):
        """The quarter the plan is reported in on ``day``: the day's own quarter, held within
        the plan's period. A plan whose period has ended is still reported on in its last
        quarter until the board's year-end moves it on (Q4 is reported after March), so
        what is written then counts as written in that quarter."""
        return Quarter.of(min(day, self.last_day))

    @property
    def period_label(self):
        if self.start_year == self.end_year:
            return year_label(self.start_year)
        return f"{self.start_year}-{year_label(self.end_year)[-2:]}"

    @staticmethod
    def unique_slug(board, title):
        """A slug for a new plan of ``board``: free, and not the name of a page under /plans/."""
        base = slugify(title)[:70] or "plan"
        if base in RESERVED_SLUGS:
            base = f"{base}-plan"
        slug, n = base, 2
        while BusinessPlan.objects.filter(board=board, slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class Theme(BoardOwned):
    """A priority of a plan, or a sub-section of one ("2.2 Early Help")."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="sections"
    )
    number = models.CharField(max_length=20)
    sort_key = models.CharField(max_length=80, editable=False, db_index=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sponsor = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="sponsored_themes"
    )

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        ordering = ["plan", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="theme_unique_number_per_plan")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.number)
        super().save(*args, **kwargs)

    def clean(self):
        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": "A sub-section must be in the same plan."})


class Source(BoardOwned):
    """An inspection, review or audit whose recommendations actions answer."""

    class Kind(models.TextChoices):
        OFSTED = "ofsted", "Ofsted inspection"
        SCR = "scr", "Serious case review"
        CSPR = "cspr", "Child safeguarding practice review"
        RAPID_REVIEW = "rapid_review", "Rapid review"
        JTAI = "jtai", "Joint targeted area inspection"
        SECTION_11 = "section_11", "Section 11 finding"
        SCRUTINY = "scrutiny", "Independent scrutiny"
        SAR = "sar", "Safeguarding adults review"
        SELF_ASSESSMENT = "self_assessment", "Self-assessment"
        AUDIT = "audit", "Multi-agency audit"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    date = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["board", "title"], name="source_unique_title")
        ]

    def __str__(self):
        return self.title


class Recommendation(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="recommendations")
    number = models.CharField(max_length=20)
    sort_key = models.CharField(max_length=80, editable=False)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["source", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="recommendation_unique_number")
        ]

    def __str__(self):
        return f"{self.source} – recommendation {self.number}"

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.number)
        super().save(*args, **kwargs)


class Indicator(BoardOwned):
    """A performance indicator the board watches, with quarterly actuals."""

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Measure(models.TextChoices):
        PERCENT = "percent", "A percentage (%)"
        NUMBER = "number", "A number (a count or a rate)"
        MONEY = "money", "Money (£)"
        DAYS = "days", "Days"

    name = models.CharField(max_length=200)
    measure = models.CharField("what the figure is", max_length=10, choices=Measure.choices,
                               default=Measure.NUMBER)
    unit = models.CharField(max_length=40, blank=True,
                            help_text="For a number, what it counts: e.g. “per 10,000”.")
    allow_beyond_range = models.BooleanField(
        "may lie outside 0–100% or below 0", default=False,
        help_text="E.g. a percentage change, or a figure that can be negative.")
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    previous_year_end = models.DecimalField(
        "end-of-year value, previous year", max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="indicator_unique_name")
        ]

    def __str__(self):
        return self.name

    # units written in a table (or typed before there was a measure) that are a measure
    UNIT_MEASURES = {"%": Measure.PERCENT, "percent": Measure.PERCENT,
                     "per cent": Measure.PERCENT, "£": Measure.MONEY, "gbp": Measure.MONEY,
                     "days": Measure.DAYS, "day": Measure.DAYS}

    def save(self, *args, **kwargs):
        """A number written with "%", "£" or "days" as its unit is that measure."""
        measure = self.UNIT_MEASURES.get((self.unit or "").strip().lower())
        if measure and self.measure != measure and self.measure == self.Measure.NUMBER:
            self.measure = measure
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "measure"}
        super().save(*args, **kwargs)

    @property
    def display_unit(self):
        """The unit its figures print with: "%", "£", "days", or a number's unit words."""
        return {self.Measure.PERCENT: "%", self.Measure.MONEY: "£",
                self.Measure.DAYS: "days"}.get(self.measure, self.unit)

    def value_problem(self, value):
        """Why ``value`` cannot be a figure of this indicator, or None."""
        if value is None or self.allow_beyond_range:
            return None
        if self.measure == self.Measure.PERCENT and not 0 <= value <= 100:
            return "A percentage lies between 0 and 100 (tick “may lie outside 0–100%” on " \
                   "the indicator if this one may)."
        if self.measure in (self.Measure.NUMBER, self.Measure.DAYS) and value < 0:
            return "A count cannot be below 0."
        return None


class IndicatorYear(models.Model):
    """What the board's table says of an indicator for one financial year: the target, the
    end-of-year value of the year before, and the direction of travel as printed (kept
    beside the one the app works out). A year without one uses the indicator's own target
    and previous year-end."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveIntegerField(help_text="Financial year, e.g. 2015 for 2015/16.")
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    previous_year_end = models.DecimalField(
        "end-of-year value, previous year", max_digits=12, decimal_places=2, null=True, blank=True
    )
    direction_as_printed = models.CharField(
        "direction of travel as printed", max_length=40, blank=True,
        help_text="E.g. “Improved”, “↑”, as the board's table gave it.")
    polarity = models.CharField(
        max_length=10, choices=Indicator.Polarity.choices, blank=True,
        help_text="This year's, when it differs from the indicator's own.")

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_year_once")
        ]

    def __str__(self):
        return f"{self.indicator} {year_label(self.year)}"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveIntegerField(help_text="Financial year, e.g. 2015 for 2015/16.")
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    value = models.DecimalField(max_digits=12, decimal_places=2)
    commentary = models.TextField(blank=True, help_text="What is behind the figure.")

    class Meta:
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"], name="indicator_value_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="indicator_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: Q{self.quarter} {year_label(self.year)} = {self.value}"


RATING = [MinValueValidator(1), MaxValueValidator(5)]
SCORE = [MinValueValidator(1), MaxValueValidator(25)]


def _in_range(field, top):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": top}),
        name=f"risk_{field}_1_to_{top}")


class RiskSettings(BoardOwned):
    """How the board scores its risk register (one row per board; none means 5 × 5)."""

    scoring = models.CharField("how the register is scored", max_length=20,
                               choices=Scoring.choices, default=Scoring.MATRIX_5)

    class Meta:
        verbose_name_plural = "risk settings"
        constraints = [models.UniqueConstraint(fields=["board"], name="risk_settings_once")]

    def __str__(self):
        return f"{self.board}: {self.get_scoring_display()}"

    @property
    def label(self):
        return self.get_scoring_display()

    @classmethod
    def scheme_for(cls, board):
        code = cls.objects.filter(board=board).values_list("scoring", flat=True).first()
        return scheme(code)


class Risk(BoardOwned):
    """An entry in the board's risk register, rated before controls (inherent), now
    (residual or current) and once further controls are in place (target or retained).
    A rating is likelihood × impact, or a single score (or High/Medium/Low as 3/2/1) where
    the board's scheme has no likelihood and impact (see plans.scoring)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"

    theme = models.CharField(max_length=200, help_text="The risk theme it is grouped under.")
    reference = models.CharField(max_length=20)
    sort_key = models.CharField(max_length=80, editable=False)
    description = models.TextField()
    inherent_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    inherent_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    inherent_value = models.PositiveSmallIntegerField(
        "inherent score", null=True, blank=True, validators=SCORE,
        help_text="For a register scored with one number (or High/Medium/Low as 3/2/1).")
    current_controls = models.TextField(blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    residual_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    residual_value = models.PositiveSmallIntegerField("residual score", null=True, blank=True,
                                                      validators=SCORE)
    residual_note = models.TextField(
        "why the residual rating is above the inherent", blank=True,
        help_text="Needed when the rating now is higher than before controls.")
    further_controls = models.TextField("further controls required", blank=True)
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    target_value = models.PositiveSmallIntegerField(
        "target score", null=True, blank=True, validators=SCORE,
        help_text="The retained or target rating once the further controls are in place.")
    rating_query = models.CharField(
        max_length=200, blank=True,
        help_text="A rating the register queries, as written (e.g. a score of “9?”).")
    by_when = models.DateField(null=True, blank=True)
    by_whom = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    status_text = models.CharField("status as written", max_length=200, blank=True)
    review_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["board", "reference"], name="risk_unique_reference"),
            *(_in_range(f"{stage}_{part}", 5) for stage in ("inherent", "residual", "target")
              for part in ("likelihood", "impact")),
            *(_in_range(f"{stage}_value", 25) for stage in ("inherent", "residual", "target")),
        ]

    def __str__(self):
        return f"{self.reference} {self.description[:60]}"

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.reference)
        super().save(*args, **kwargs)

    @property
    def scheme(self):
        """The board's scoring scheme (pages set it once for all their risks)."""
        if getattr(self, "_scheme", None) is None:
            self._scheme = RiskSettings.scheme_for(self.board_id)
        return self._scheme

    @scheme.setter
    def scheme(self, value):
        self._scheme = value

    def score(self, stage):
        likelihood, impact = (getattr(self, f"{stage}_{p}") for p in ("likelihood", "impact"))
        if likelihood and impact:
            return likelihood * impact
        return getattr(self, f"{stage}_value")

    def rating(self, stage):
        return self.scheme.describe(getattr(self, f"{stage}_likelihood"),
                                    getattr(self, f"{stage}_impact"), self.score(stage),
                                    self.rating_query if stage in self.rating_query.lower()
                                    else "")

    inherent_score = property(lambda self: self.score("inherent"))
    residual_score = property(lambda self: self.score("residual"))
    target_score = property(lambda self: self.score("target"))
    inherent_band = property(lambda self: self.scheme.band(self.inherent_score))
    residual_band = property(lambda self: self.scheme.band(self.residual_score))
    inherent_rating = property(lambda self: self.rating("inherent"))
    residual_rating = property(lambda self: self.rating("residual"))
    target_rating = property(lambda self: self.rating("target"))

    @property
    def residual_rag(self):
        return self.scheme.rag(self.residual_score)

    @staticmethod
    def band(score):
        """Bands of a 5×5 matrix: 1-4 low, 5-9 medium, 10-16 high, 20-25 very high."""
        return DEFAULT.band(score)

from .reviews import CaseReview  # noqa: E402,F401  (its own module, a model of this app)
