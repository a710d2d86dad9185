"""Closed quarters: the frozen report and every action's position."""

from django.conf import settings
from django.db import models


class QuarterSnapshot(models.Model):
    """A closed quarter: every action's RAG and latest update, and the report, frozen.

    Closing is for ever: later edits to actions or updates never change a
    closed quarter's rows, its report page or its PDF.
    """

    board = models.ForeignKey("lscb.Board", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("plans.BusinessPlan", on_delete=models.CASCADE,
                             related_name="snapshots")
    year = models.PositiveSmallIntegerField(help_text="Financial year by its starting year.")
    quarter = models.PositiveSmallIntegerField()
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True,
                            help_text="E.g. “Reported to the Business Group on 14 July”.")
    html = models.TextField(help_text="The report page's body as it stood when closed.")
    pdf = models.FileField(upload_to="quarters/")
    docx = models.FileField(upload_to="quarters/", blank=True,
                            help_text="The Word copy made when the quarter was closed.")
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["plan", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "quarter"],
                                    name="quarter_closed_once_per_plan"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4),
                                   name="snapshot_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"{self.plan} – {self.quarter_value} (closed)"

    @property
    def quarter_value(self):
        from lscb.fiscal import Quarter

        return Quarter(self.year, self.quarter)


class SnapshotRow(models.Model):
    """One action as it stood when its quarter was closed."""

    snapshot = models.ForeignKey(QuarterSnapshot, on_delete=models.CASCADE, related_name="rows")
    action = models.ForeignKey("actions.Action", null=True, on_delete=models.SET_NULL,
                               related_name="+")
    order = models.PositiveIntegerField()
    theme = models.CharField(max_length=300)
    reference = models.CharField(max_length=20)
    description = models.TextField()
    owners = models.CharField(max_length=500, blank=True)
    due = models.CharField(max_length=200, blank=True)
    rag = models.CharField(max_length=20)
    overdue = models.BooleanField(default=False)
    update_date = models.DateField(null=True, blank=True)
    update_narrative = models.TextField(blank=True)

    class Meta:
        ordering = ["snapshot", "order"]

    def __str__(self):
        return f"{self.reference} {self.rag}"


class QuarterCommentary(models.Model):
    """The business manager's words on a quarter's report: the summary of the position and
    what the meeting is asked to decide or be assured of. Stored with the quarter and
    frozen with it: once the quarter is closed it cannot be edited (the closed report
    keeps the words it was closed with)."""

    board = models.ForeignKey("lscb.Board", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("plans.BusinessPlan", on_delete=models.CASCADE,
                             related_name="quarter_commentaries")
    year = models.PositiveSmallIntegerField(help_text="Financial year by its starting year.")
    quarter = models.PositiveSmallIntegerField()
    summary = models.TextField(
        "commentary", blank=True,
        help_text="The position in a few sentences: what went well, what is off track and why.")
    asks = models.TextField(
        "decisions or assurance sought", blank=True,
        help_text="One per line, e.g. “Note the position of the 5 red actions”.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["plan", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "quarter"],
                                    name="quarter_commentary_once_per_plan"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4),
                                   name="commentary_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"Commentary on {self.plan} {self.quarter_value}"

    @property
    def quarter_value(self):
        from lscb.fiscal import Quarter

        return Quarter(self.year, self.quarter)

    @property
    def ask_lines(self):
        return [line.strip(" -•\t") for line in self.asks.splitlines() if line.strip(" -•\t")]
