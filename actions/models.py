"""Numbered business-plan actions and their append-only progress updates."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lscb.fiscal import Quarter, day_label, financial_year_of, month_label, year_label, year_range
from lscb.fiscal.due import DATED, UNDATED, DuePrecision, period_end
from lscb.links import id_url
from lscb.models import BoardOwned, BoardOwnedQuerySet
from lscb.rag import RAG
from lscb.refs import natural_key
from plans.models import BusinessPlan, Recommendation, Theme
from subgroups.models import Subgroup

from .contradictions import flags as contradiction_flags


def rag_at(day):
    """An action's RAG at the end of ``day``, as an expression over actions: the stored
    latest (``actions.latest``) when no standing update is dated after ``day``, else the
    RAG of its latest standing update dated by then (a correlated subquery, run only
    for those actions); Not started before its first update."""
    by_then = ProgressUpdate.objects.latest_first(day).values("rag")[:1]
    return Case(When(Q(latest_on__isnull=True) | Q(latest_on__lte=day), then=F("latest_rag")),
                default=Coalesce(Subquery(by_then), Value(RAG.NOT_STARTED)),
                output_field=models.CharField())


class ActionQuerySet(BoardOwnedQuerySet):
    def active(self):
        return self.filter(archived=False)

    def chased(self):
        """Actions anyone is chased for: those of the live plan, not archived, and not
        closed at a year-end (carried forward or dropped)."""
        return self.active().not_closed().filter(plan__status=BusinessPlan.Status.LIVE)

    def visible_to(self, manager):
        """A draft plan's actions are the business manager's alone, like the draft."""
        return self if manager else self.exclude(plan__status=BusinessPlan.Status.DRAFT)

    def with_progress(self, as_at=None, prefix="", narrative=True):
        """Annotate the current RAG (``rag``), and the date and text of the latest update.

        With ``as_at``, only updates dated on or before that day count: the
        position at a quarter end. ``prefix`` names a second set of annotations
        (e.g. ``prev_rag``) for comparing two dates in one query. One correlated
        subquery per value keeps pages at a constant number of queries.
        ``narrative=False`` leaves out the latest update's text (``last_narrative``): a
        page that does not show it saves building that subquery, and the database
        running it for each row. The current RAG and date are columns either way (the
        latest update's subquery is built only when read: ~0.2 ms of CPU otherwise).
        """
        if as_at is None and not narrative:
            latest = None  # nothing reads it
        else:
            latest = ProgressUpdate.objects.latest_first(as_at)
        if as_at is None:  # the current position is stored on the action (actions.latest)
            position = {f"{prefix}rag": F("latest_rag"), f"{prefix}last_update_on": F("latest_on")}
        else:
            position = {
                f"{prefix}rag": rag_at(as_at),
                f"{prefix}last_update_on": Subquery(latest.values("date")[:1]),
            }
        if narrative:
            position[f"{prefix}last_narrative"] = Subquery(latest.values("narrative")[:1])
        return self.annotate(**position)

    def not_closed(self):
        """Not closed at a year-end (carried forward or dropped)."""
        return self.filter(closed_as=Closure.OPEN)

    def open(self):
        """Not completed, and not closed at a year-end: what can still be overdue."""
        return self.not_closed().filter(completed_on__isnull=True)

    def overdue(self, today=None):
        """Due before ``today`` and not complete (no completion date, and the current RAG
        is not Complete): the rule of ``Action.is_overdue``. Uses the ``rag`` annotation
        when the queryset has one (``with_progress``), else the stored latest update's."""
        today = today or timezone.localdate()
        late = self.open().filter(due_date__lt=today)
        if "rag" not in late.query.annotations:
            late = late.alias(rag=F("latest_rag"))
        return late.exclude(rag=RAG.COMPLETE)

    def due_between(self, start, end):
        return self.filter(due_date__gte=start, due_date__lte=end)

    def without_update_in(self, quarter: Quarter):
        return self.exclude(
            Exists(
                ProgressUpdate.objects.standing().filter(
                    action=OuterRef("pk"), year=quarter.year, quarter=quarter.number
                )
            )
        )

    def with_links(self, recommendations=True):
        """Annotate whether each action has copies carried forward from it
        (``has_copies``) and, unless ``recommendations`` is False, recommendations
        (``has_recommendations``): a page that lists them reads them only when there
        are some."""
        links = {"has_copies": Exists(Action.objects.filter(carried_over_from=OuterRef("pk")))}
        if recommendations:
            links["has_recommendations"] = Exists(
                Action.recommendations.through.objects.filter(action=OuterRef("pk")))
        return self.annotate(**links)

    def in_plan_order(self):
        """Plan by plan, each in theme order, then by reference (``plan_order_key`` sorts
        one plan's rows the same way in Python)."""
        return self.order_by("plan__start_year", "plan_id", "theme__sort_key", "sort_key")

    def for_listing(self, narrative=False):
        """What a list of actions shows: progress, owners, plan and theme, in a constant
        number of queries. (The actions table adds its Who and RAG sort keys only when it
        sorts by them: see ``actions.tables.SortKeyed``.) The latest update's text only
        with ``narrative`` (the update grid shows it; the other lists do not)."""
        return (
            self.with_progress(narrative=narrative)
            .select_related("plan", "theme")
            .prefetch_related("owners")
            .in_plan_order()
        )


class Closure(models.TextChoices):
    """How a year-end closed an action that was still open: never overdue, never chased."""

    OPEN = "", "Open"
    CARRIED = "carried", "Carried forward"
    DROPPED = "dropped", "Dropped"


STORED_LATEST = ("latest_rag", "latest_on", "progress_stamp")


class Action(BoardOwned):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=20, help_text="E.g. “4.5” or “1.1.1”.")
    sort_key = models.CharField(max_length=80, editable=False)
    description = models.TextField("action")
    outcome = models.TextField("what we are trying to achieve", blank=True)
    measures = models.TextField("to evidence this we will measure", blank=True)
    source = models.TextField(
        "source", blank=True, help_text="Where the action came from, as written."
    )
    risk_note = models.TextField("risk", blank=True)
    other_columns = models.JSONField(
        "other columns", default=list, blank=True,
        help_text="Columns of an imported plan the app has no field for: [heading, text] pairs, "
        "kept so that nothing in the board's own table is lost.",
    )
    owners = models.ManyToManyField(
        Subgroup, blank=True, related_name="actions", verbose_name="owner groups"
    )
    lead_role = models.CharField(
        max_length=500, blank=True, help_text="A lead role rather than a group, e.g. “Chair”."
    )
    lead_agency = models.ForeignKey(
        "lscb.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="led_actions",
        help_text="The partner agency that leads it: its representatives post its updates.")
    due_date = models.DateField(null=True, blank=True)
    due_precision = models.CharField(
        max_length=10, choices=DuePrecision.choices, default=DuePrecision.MONTH
    )
    due_text = models.CharField(
        max_length=200, blank=True, help_text="The due date as written, when it is not a plain date."
    )
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="actions")
    carried_over_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    archived = models.BooleanField(default=False)
    closed_as = models.CharField(
        "closed at year-end", max_length=10, choices=Closure.choices, default=Closure.OPEN,
        blank=True, help_text="Carried forward into the next plan, or dropped, at a year-end.",
    )
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField("why it was dropped", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    impact_statement = models.TextField(
        blank=True, help_text="What changed for children or practice."
    )
    impact_evidence = models.TextField(blank=True)
    impact_review_on = models.DateField(
        null=True, blank=True, help_text="When to ask the owner whether the change has held."
    )
    impact_held = models.BooleanField(null=True, blank=True)
    impact_review_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # the latest standing update's RAG and date (``ProgressUpdate.objects.latest_first``),
    # kept by actions.latest.refresh in the transaction that adds or withdraws an update,
    # so that pages read a column instead of a correlated subquery per action
    latest_rag = models.CharField(max_length=20, choices=RAG.choices, default=RAG.NOT_STARTED,
                                  editable=False)
    latest_on = models.DateField(null=True, blank=True, editable=False)
    # drawn at random by the same refresh, so it changes whenever any of the action's
    # updates may have: copies of what is worked out from them (its RAG at a past quarter
    # end, reporting.papers.positions) hold while it stays the same; random, so a number
    # never comes back, even for another action given a reused id
    progress_stamp = models.PositiveBigIntegerField(default=0, editable=False)

    # the stored latest update is derived, not edited: no history row says it "changed"
    history = HistoricalRecords(excluded_fields=["sort_key", "updated_at", *STORED_LATEST])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="action_unique_ref_per_plan"),
            models.CheckConstraint(
                condition=Q(due_precision__in=UNDATED, due_date__isnull=True)
                | Q(due_precision__in=DATED, due_date__isnull=False),
                name="action_due_date_matches_precision",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "sort_key"]),
            models.Index(fields=["board", "archived", "due_date"]),
        ]

    def __str__(self):
        return f"{self.reference} {self.description[:60]}"

    def get_absolute_url(self):
        return id_url("actions:detail", self.pk)

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(self.reference)
        # a month, quarter or year is due on its last day: one comparison for "overdue"
        self.due_date = period_end(self.due_date, self.due_precision)
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get(
                "force_insert"):
            # never write back the stored latest update as it was loaded: an update posted
            # since then (another request) would be overwritten by the stale copy
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name not in STORED_LATEST]
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            errors["theme"] = "Choose a theme of this plan."
        if self.due_precision in UNDATED:
            if self.due_date:
                errors["due_precision"] = ("Choose “a day”, “a month”, “a quarter” or “a "
                                           "financial year” for a due date.")
            elif not self.due_text:
                errors["due_text"] = "Say when the action is due, or give a date."
        elif not self.due_date:
            errors["due_date"] = "Give a due date, or choose “text only” and describe it."
        if errors:
            raise ValidationError(errors)

    @property
    def due_label(self):
        """When the action is due, as the plan writes it: "December 2015", "Q3 2015/16",
        "2015/16", "Quarterly"."""
        if self.due_date is not None and self.due_precision == DuePrecision.QUARTER:
            return str(Quarter.of(self.due_date))
        if self.due_date is not None and self.due_precision == DuePrecision.YEAR:
            return year_label(financial_year_of(self.due_date))
        if self.due_text:
            return self.due_text
        if self.due_date is None:
            return ""
        if self.due_precision == DuePrecision.MONTH:
            return month_label(self.due_date)
        return day_label(self.due_date)

    @property
    def due_wording(self):
        """The wording the plan used, when the label does not repeat it ("End of Q3")."""
        if self.due_text and self.due_text.strip().lower() != self.due_label.lower():
            return self.due_text
        return ""

    @property
    def current_rag(self):
        rag = getattr(self, "rag", None)
        if rag is None:
            latest = self.updates.standing().order_by("-date", "-created_at", "-pk").first()
            rag = latest.rag if latest else RAG.NOT_STARTED
        return RAG(rag)

    @property
    def is_complete(self):
        return self.completed_on is not None or self.current_rag == RAG.COMPLETE

    def is_overdue(self, today=None):
        """Due before ``today`` and not complete: the rule of ``ActionQuerySet.overdue``."""
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and not self.is_complete
                    and not self.is_closed)

    @property
    def is_closed(self):
        """Carried forward or dropped at a year-end: a terminal state, never chased."""
        return bool(self.closed_as)

    @property
    def carried_to(self):
        """The copy this action was carried forward to (the latest, if several)."""
        copies = list(self.carried_into.all())
        return copies[-1] if copies else None

    @property
    def closure_label(self):
        """"Carried forward to 1.3 (Business Plan 2018-21)" or "Dropped": the terminal state."""
        if self.closed_as == Closure.CARRIED:
            copy = self.carried_to
            return f"Carried forward to {copy.reference} ({copy.plan})" if copy else "Carried forward"
        if self.closed_as == Closure.DROPPED:
            return "Dropped"
        return ""

    @property
    def is_read_only(self):
        """An archived plan's actions, and actions closed at a year-end, are kept as they
        were: no edits, no updates."""
        return self.plan.is_archived or self.is_closed

    @property
    def contradictions(self):
        """What in its rating contradicts the facts (see actions/contradictions.py)."""
        return contradiction_flags(self)

    @property
    def owner_label(self):
        return owner_label(self.lead_role, [group.name for group in self.owners.all()])


def plan_order_key(themes):
    """A sort key for rows of one plan's actions, called with a row's theme id and sort
    key, that puts them in the order of ``in_plan_order``: for a big plan's rows read
    without an ORDER BY, which PostgreSQL is slow to sort by two text columns. ``themes``:
    the plan's themes (or those the rows are of)."""
    theme_keys = {theme.pk: theme.sort_key for theme in themes}
    return lambda theme_id, sort_key: (theme_keys[theme_id], sort_key)


def owner_label(lead_role, names):
    """Who leads an action, as lists write it: its lead role, then its owning groups' names
    (``Action.owner_label``, for rows that read the names without a manager per action)."""
    return " and ".join([lead_role, *names] if lead_role else names)


class AppendOnlyQuerySet(models.QuerySet):
    def standing(self):
        """Updates that count: every report, RAG and "latest update" ignores a withdrawn one."""
        # NOT EXISTS rather than a LEFT JOIN: inside the per-action subqueries, PostgreSQL
        # then probes the withdrawals' unique index instead of hashing the whole table
        return self.exclude(Exists(UpdateWithdrawal.objects.filter(update=OuterRef("pk"))))

    def latest_first(self, as_at=None):
        """THE definition of an action's latest update, for ``OuterRef("pk")`` of an
        action: its standing (not withdrawn) updates, dated on or before ``as_at`` when
        given, newest first. Every "latest update" and RAG roll-up reads from here."""
        latest = self.standing().filter(action=OuterRef("pk"))
        if as_at is not None:
            latest = latest.filter(date__lte=as_at)
        return latest.order_by("-date", "-created_at", "-pk")

    def newest_of(self, actions):
        """The standing updates of ``actions`` (a queryset), newest first. The actions are
        an EXISTS test per update, not a join, so that the database walks the
        update_newest_first index and stops at the slice taken, instead of sorting every
        update of the board."""
        return (self.standing().filter(Exists(actions.filter(pk=OuterRef("action_id"))))
                .order_by("-date", "-created_at", "-pk"))

    def update(self, **kwargs):
        raise TypeError("Progress updates are never changed: post a new update instead.")

    def delete(self):
        raise TypeError("Progress updates are never deleted.")


EARLIEST_UPDATE = datetime.date(2000, 1, 1)


class ProgressUpdate(models.Model):
    """A dated RAG rating and narrative on an action. Append-only: a
    correction is a new update, and the full history stays visible."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(default=datetime.date.today)
    year = models.PositiveIntegerField(editable=False, help_text="Financial year of the date.")
    quarter = models.PositiveSmallIntegerField(editable=False)
    rag = models.CharField("RAG", max_length=20, choices=RAG.choices)
    narrative = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    backdate_reason = models.TextField(
        "why it is back-dated", blank=True,
        help_text="Only for a date before the previous quarter (business manager only).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="update_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(rag__in=[choice.value for choice in RAG]), name="update_rag_valid"
            ),
        ]
        indexes = [
            # an action's latest update (latest_first): read from the index, never sorted,
            # its RAG and date too (actions.latest.refresh) without reading the row
            models.Index(fields=["action", "-date", "-created_at", "-id", "rag"],
                         name="update_latest_per_action"),
            models.Index(fields=["action", "year", "quarter"]),
            # the board's latest updates (dashboard): newest first without sorting them all
            models.Index(fields=["-date", "-created_at", "-id"], name="update_newest_first"),
            # the rare updates dated outside a plan's years (the quarterly report's years):
            # two short index ranges instead of reading every update of every board
            models.Index(fields=["year"], name="update_year"),
        ]

    def __str__(self):
        return f"{self.action.reference} {self.date:%d/%m/%Y} {self.get_rag_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Progress updates are never changed: post a new update instead.")
        quarter = Quarter.of(self.date)
        self.year, self.quarter = quarter.year, quarter.number
        if self.author and not self.author_name:
            self.author_name = self.author.get_full_name() or self.author.get_username()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Progress updates are never deleted.")

    def earliest_date(self):
        """No update is dated before 1 January 2000, nor before its plan's first year
        began: such a date is a typing slip (0001-01-01), not the plan's history."""
        floor = EARLIEST_UPDATE
        start_year = self.action.plan.start_year if self.action_id else None
        if start_year and start_year > floor.year:
            floor = year_range(start_year)[0]
        return floor

    def clean(self):
        floor = self.earliest_date()
        if self.date and self.date < floor:
            why = "the first day of its plan" if floor > EARLIEST_UPDATE else "the earliest date"
            raise ValidationError({"date": f"An update cannot be dated before {day_label(floor)} "
                                           f"({why})."})

    @property
    def financial_quarter(self):
        return Quarter(self.year, self.quarter)

    @property
    def posted_in(self):
        """The quarter the update was written in, as its plan is reported
        (``BusinessPlan.reporting_quarter``: an ended plan's last quarter)."""
        return self.action.plan.reporting_quarter(timezone.localdate(self.created_at))

    @property
    def dating(self):
        """"" for an update dated in the quarter it was written in; "Late update for Q2
        2015/16" for one dated in the quarter before; "Back-dated" for anything earlier."""
        posted = self.posted_in
        if self.financial_quarter == posted:
            return ""
        if self.financial_quarter == posted.previous():
            return f"Late update for {self.financial_quarter}"
        if self.financial_quarter < posted:
            return "Back-dated"
        return ""

    @property
    def withdrawn(self):
        try:
            return self.withdrawal
        except UpdateWithdrawal.DoesNotExist:
            return None


class UpdateWithdrawal(models.Model):
    """A progress update taken back, with who and why. The update itself is never changed
    (updates are append-only): it stays on the page struck through, and every report from
    then on ignores it. A closed quarter's frozen rows are not touched."""

    update = models.OneToOneField(ProgressUpdate, on_delete=models.CASCADE,
                                  related_name="withdrawal")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)
    reason = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"Withdrawal of {self.update}"

    def save(self, *args, **kwargs):
        if self.by and not self.by_name:
            self.by_name = self.by.get_full_name() or self.by.get_username()
        super().save(*args, **kwargs)




class PlanImport(models.Model):
    """An uploaded spreadsheet waiting for the user to check its preview and confirm."""

    board = models.ForeignKey("lscb.Board", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")
    file = models.FileField(upload_to="imports/")
    original_name = models.CharField(max_length=255)
    plan = models.ForeignKey(BusinessPlan, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    plan_title = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import of {self.original_name}"

    def read(self):
        with self.file.open("rb") as handle:
            return handle.read()


class UpdateEvidence(models.Model):
    """A file attached to a progress update as evidence. Kept as long as its update is."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="evidence/updates/%Y/", max_length=200)
    original_name = models.CharField(max_length=200)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    board_path = "update__action__board"

    class Meta:
        ordering = ["update", "pk"]

    def __str__(self):
        return self.original_name
