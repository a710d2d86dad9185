"""The board's groups (subgroups, panels, task-and-finish groups), who sits
on them, their meetings and attendance."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lscb.models import BoardOwned, CurrentQuerySet, Member


class Subgroup(BoardOwned):
    class Kind(models.TextChoices):
        STRATEGIC = "strategic", "Strategic group"
        STANDING = "standing", "Standing subgroup"
        STATUTORY = "statutory", "Statutory panel"
        TASK_AND_FINISH = "task_and_finish", "Task-and-finish group"
        LOCAL_AREA = "local_area", "Local area group"
        PARTNERSHIP = "partnership", "Partner body"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="E.g. “PMQAG”.")
    slug = models.SlugField(max_length=80)
    aliases = models.TextField(
        blank=True,
        help_text="Other names used for this group in plans, one per line "
        "(used to match “Who” text on import).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STANDING)
    accountable_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Leave empty when the group reports to the board itself.",
    )
    description = models.TextField(blank=True)
    chair = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="chair_of"
    )
    vice_chair = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="vice_chair_of"
    )
    meeting_frequency = models.CharField(max_length=100, blank=True)
    members = models.ManyToManyField(
        Member, through="GroupMembership", related_name="groups", blank=True
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_subgroups",
        help_text="Users (chairs and leads) who may update this group's actions.",
    )
    active_from = models.DateField(null=True, blank=True)
    active_until = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)


    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "slug"], name="subgroup_unique_slug"),
            models.UniqueConstraint(fields=["board", "name"], name="subgroup_unique_name"),
            models.CheckConstraint(
                condition=~Q(accountable_to=F("id")), name="subgroup_not_accountable_to_itself"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("subgroups:detail", args=[self.slug])

    @property
    def label(self):
        return self.short_name or self.name

    def ancestors(self):
        """Groups above this one, nearest first (stops on a cycle)."""
        seen, node = {self.pk}, self.accountable_to
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            yield node
            node = node.accountable_to

    def clean(self):
        parent = self.accountable_to
        if parent is None:
            return
        if parent.board_id != self.board_id:
            raise ValidationError({"accountable_to": "Choose a group of the same board."})
        if self.pk and (parent.pk == self.pk or any(a.pk == self.pk for a in parent.ancestors())):
            raise ValidationError(
                {"accountable_to": "A group cannot be accountable to itself or to a group "
                 "that reports to it."}
            )


class SubgroupFunction(models.Model):
    """One numbered function (term of reference) of a group."""

    subgroup = models.ForeignKey(Subgroup, on_delete=models.CASCADE, related_name="functions")
    number = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["subgroup", "number"]
        constraints = [
            models.UniqueConstraint(fields=["subgroup", "number"], name="function_unique_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class GroupMembership(models.Model):
    """Who sits on which group, and when."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        ADVISER = "adviser", "Adviser"

    subgroup = models.ForeignKey(Subgroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["subgroup", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subgroup", "member", "start_date"], name="membership_unique_spell"
            )
        ]

    def __str__(self):
        return f"{self.member.name} – {self.subgroup}"


class Meeting(BoardOwned):
    """A dated meeting of the board (no subgroup) or of one of its groups."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", "Ordinary meeting"
        EXTRAORDINARY = "extraordinary", "Extraordinary meeting"
        DEVELOPMENT = "development", "Development session"

    subgroup = models.ForeignKey(
        Subgroup, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    title = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["board", "date"])]

    def __str__(self):
        body = self.subgroup.name if self.subgroup_id else "Board"
        return f"{body} – {self.date:%d/%m/%Y}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        DEPUTY = "deputy", "Deputy sent"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    ATTENDED = {Status.PRESENT, Status.DEPUTY}

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices)
    deputy_name = models.CharField(max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_meeting")
        ]

    def __str__(self):
        return f"{self.member.name}: {self.get_status_display()}"

    @property
    def attended(self):
        return self.status in self.ATTENDED


class AttendanceSummary(BoardOwned):
    """One seat's attendance over a financial year at the board's meetings (no subgroup) or
    a group's, as the board published it: for years whose meetings were never recorded one
    by one. The seat is as written ("Voluntary sector representative"); a second seat of
    the same name is a second row (``occurrence`` 2), never merged into the first."""

    subgroup = models.ForeignKey(
        Subgroup, null=True, blank=True, on_delete=models.PROTECT, related_name="attendance_summaries"
    )
    year = models.PositiveIntegerField(help_text="Financial year, e.g. 2012 for 2012/13.")
    seat = models.CharField("agency or seat", max_length=200)
    occurrence = models.PositiveSmallIntegerField(default=1, help_text="2 for the second seat "
                                                  "written the same way, and so on.")
    agency = models.ForeignKey(
        "lscb.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.PositiveSmallIntegerField(null=True, blank=True)
    invited = models.PositiveSmallIntegerField(null=True, blank=True)
    percent = models.DecimalField("% attended, as printed", max_digits=5, decimal_places=1,
                                  null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Row order in the table.")
    source = models.CharField(max_length=255, blank=True, help_text="The file it came from.")

    class Meta:
        ordering = ["year", "subgroup", "position", "seat"]
        constraints = [
            models.UniqueConstraint(fields=["board", "year", "seat", "occurrence"],
                                    condition=Q(subgroup__isnull=True),
                                    name="summary_board_seat_once"),
            models.UniqueConstraint(fields=["subgroup", "year", "seat", "occurrence"],
                                    name="summary_group_seat_once"),
            models.CheckConstraint(condition=Q(attended__isnull=True) | Q(invited__isnull=True)
                                   | Q(attended__lte=F("invited")),
                                   name="summary_attended_within_invited"),
        ]

    def __str__(self):
        return f"{self.seat} {self.year}: {self.attended} of {self.invited}"

    @property
    def label(self):
        return self.seat if self.occurrence == 1 else f"{self.seat} ({self.occurrence})"
