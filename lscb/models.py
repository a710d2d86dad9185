"""The board itself: boards, partner agencies, people, who may sign in, and
the challenge log. Every other record in the app hangs off a Board."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS as MONTH_NAMES
from simple_history.models import HistoricalRecords


def lines(text):
    """Split a one-item-per-line text field into its non-empty items."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


MONTHS = sorted(MONTH_NAMES.items())


def keeping_data_version(record, save_kwargs):
    """``save()``'s arguments leaving ``data_version`` out of an UPDATE: the number is only
    ever raised in the database (lscb.changes), so saving a record loaded earlier must not
    write its old number back."""
    if not record._state.adding and save_kwargs.get("update_fields") is None:
        save_kwargs["update_fields"] = [f.name for f in record._meta.concrete_fields
                                        if not f.primary_key and f.name != "data_version"]
    return save_kwargs


class Board(models.Model):
    class Kind(models.TextChoices):
        """What the board is in law; its kind will decide the words the app uses."""

        LSCB = "lscb", "Local Safeguarding Children Board"
        SCP = "scp", "Safeguarding Children Partnership"
        SAB = "sab", "Safeguarding Adults Board"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, help_text="For example “Cumbria LSCB”.")
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LSCB)
    area = models.CharField(max_length=120, blank=True, help_text="The local authority area.")
    introduction = models.TextField("What is the board", blank=True)
    vision = models.TextField(blank=True)
    vision_note = models.TextField(blank=True, help_text="How and when the vision was agreed.")
    values = models.TextField(blank=True, help_text="One value per line.")
    statutory_objectives = models.TextField(blank=True, help_text="One objective per line.")
    core_functions = models.TextField(blank=True, help_text="One function per line, in order.")
    independent_chair = models.ForeignKey(
        "Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scrutineer = models.CharField(
        "independent scrutineer", max_length=200, blank=True,
        help_text="Who provides the independent scrutiny of the arrangements. Their reports "
        "are kept with the inspections and reviews, each with its recommendations.")
    rapid_review_days = models.PositiveSmallIntegerField(
        "rapid review due after (working days)", default=15,
        help_text="Working days from the serious incident notification to the rapid review "
        "(15 in Working Together), English bank holidays excluded.")
    publication_months = models.PositiveSmallIntegerField(
        "review published within (months)", default=6,
        help_text="Months from the decision to hold a local review to its publication.")
    logo = models.FileField(upload_to="logos/", blank=True, max_length=200,
                            help_text="PNG or SVG, shown on the papers.")
    review_months = models.JSONField(
        "quarterly review months", default=list, blank=True,
        help_text="Months (1-12) in which the board reviews the plan's progress.")
    protective_marking = models.CharField(
        max_length=60, blank=True, help_text="Printed at the top and foot of every page of the "
        "papers, e.g. “OFFICIAL” or “OFFICIAL-SENSITIVE”.")
    created_at = models.DateTimeField(auto_now_add=True)
    data_version = models.PositiveBigIntegerField(
        default=0, editable=False,
        help_text="Goes up after every change to the board's records outside its business "
        "plans (lscb.changes): part of stored papers' fingerprints.")

    history = HistoricalRecords(excluded_fields=["created_at", "data_version"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        super().save(*args, **keeping_data_version(self, kwargs))

    def clean(self):
        chair = self.independent_chair
        if chair is not None and (self.pk is None or chair.board_id != self.pk):
            raise ValidationError({"independent_chair": "Choose a member of this board."})

    @property
    def value_list(self):
        return lines(self.values)

    @property
    def objective_list(self):
        return lines(self.statutory_objectives)

    @property
    def core_function_list(self):
        return lines(self.core_functions)

    def paper_marking(self, draft=False):
        """What the papers print at the top and foot of each page: the protective marking,
        and DRAFT for a draft plan's papers (e.g. “OFFICIAL – DRAFT”)."""
        return " – ".join(part for part in (self.protective_marking.strip(),
                                            "DRAFT" if draft else "") if part)

    @property
    def review_month_names(self):
        """In financial-year order (April first), as a board's year of meetings runs."""
        months = sorted((m for m in self.review_months or [] if m in MONTH_NAMES),
                        key=lambda m: (m - 4) % 12)
        return [str(MONTH_NAMES[m]) for m in months]


class BoardOwnedQuerySet(models.QuerySet):
    def for_board(self, board):
        return self.filter(board=board)


class BoardOwned(models.Model):
    """Abstract base for every top-level record: it belongs to exactly one board."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")

    objects = BoardOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class Agency(BoardOwned):
    """A partner organisation represented on the board."""

    class Sector(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        PROBATION = "probation", "Probation and justice"
        EDUCATION = "education", "Education"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        INDEPENDENT = "independent", "Independent / lay"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.OTHER)
    is_statutory_partner = models.BooleanField(default=False)
    relevant_agency_since = models.DateField(
        "named a relevant agency on", null=True, blank=True,
        help_text="For a partnership: the date the safeguarding partners named this agency "
        "in their published list of relevant agencies. Blank: not on the list.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="agency_unique_name_per_board")
        ]

    def __str__(self):
        return self.name


def covers(start, end, day):
    """Whether a spell from ``start`` to ``end`` (either blank: open) includes ``day``."""
    return (start is None or start <= day) and (end is None or end >= day)


def current_on(day, prefix=""):
    """The filter for the same rule in the database: ``start_date``/``end_date`` (under
    ``prefix``, e.g. "member__") cover ``day``."""
    return ((Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day}))
            & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})))


class CurrentQuerySet(models.QuerySet):
    """Records with a start and an end date: members, group memberships."""

    def current(self, on=None):
        return self.filter(current_on(on or timezone.localdate()))


class MemberQuerySet(CurrentQuerySet, BoardOwnedQuerySet):
    pass


class Member(BoardOwned):
    """A person who sits on the board (or only on its groups). Past members are
    kept with an end date, never deleted, so old attendance stays true."""

    class BoardRole(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        LAY_MEMBER = "lay_member", "Lay member"
        MEMBER = "member", "Member"
        ADVISER = "adviser", "Adviser"
        NONE = "none", "Not a board member"

    name = models.CharField(max_length=120)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    board_role = models.CharField(max_length=20, choices=BoardRole.choices, default=BoardRole.MEMBER)
    note = models.CharField(max_length=200, blank=True, help_text="E.g. “Chair of Education subgroup”.")
    email = models.EmailField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="member_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.job_title})" if self.job_title else self.name

    def clean(self):
        if self.agency_id and self.agency.board_id != self.board_id:
            raise ValidationError({"agency": "Choose an agency of this board."})


class SafeguardingPartner(BoardOwned):
    """One of a partnership's three safeguarding partners (the local authority, the
    integrated care board, the chief officer of police), the lead partner among them, and
    who the partner has delegated its functions to (Working Together 2023)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="partnerships")
    is_lead = models.BooleanField("lead safeguarding partner", default=False)
    lead_name = models.CharField(
        "lead representative", max_length=200, blank=True,
        help_text="The partner's lead representative, e.g. “Chief Executive”.")
    delegated_name = models.CharField(
        "delegated safeguarding partner", max_length=200, blank=True,
        help_text="Who the lead representative has delegated their functions to, e.g. "
        "“Director of Children's Services”.")
    since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "agency"], name="partner_once_per_board"),
        ]

    def __str__(self):
        return f"{self.agency}{' (lead partner)' if self.is_lead else ''}"

    def clean(self):
        if self.agency_id and self.board_id and self.agency.board_id != self.board_id:
            raise ValidationError({"agency": "Choose an agency of this board."})


class Role(models.TextChoices):
    MANAGER = "manager", "Business manager"
    CHAIR = "chair", "Subgroup chair / lead"
    AGENCY_REP = "agency_rep", "Agency representative"
    VIEWER = "viewer", "Board member / viewer"


class BoardUser(models.Model):
    """A user's membership of a board and their role on it. A chair's groups
    are the subgroups whose ``leads`` include the user."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="users")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="representatives",
        help_text="For an agency representative: the agency they represent.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="one_role_per_user_per_board"),
            models.CheckConstraint(condition=~Q(role="agency_rep") | Q(agency__isnull=False),
                                   name="agency_rep_has_agency"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.board}"

    def clean(self):
        if self.role == Role.AGENCY_REP and not self.agency_id:
            raise ValidationError({"agency": "Choose the agency this person represents."})
        if self.agency_id and self.agency.board_id != self.board_id:
            raise ValidationError({"agency": "Choose an agency of this board."})

    @property
    def is_manager(self):
        return self.role == Role.MANAGER

    @property
    def is_chair(self):
        return self.role == Role.CHAIR

    @property
    def is_agency_rep(self):
        return self.role == Role.AGENCY_REP


class Challenge(BoardOwned):
    """A challenge the board or its chair raises with a partner agency."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        ESCALATED = "escalated", "Escalated"

    raised_on = models.DateField()
    raised_by = models.CharField(max_length=200, help_text="E.g. “Independent Chair”.")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="challenges")
    issue = models.TextField()
    response_due = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.CharField(max_length=200, blank=True,
                                    help_text="Who answered for the agency.")

    class Meta:
        ordering = ["-raised_on", "pk"]

    def __str__(self):
        return f"Challenge to {self.agency} ({self.raised_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("admin:lscb_challenge_change", args=[self.pk])

    @property
    def is_overdue(self):
        return (
            self.status == self.Status.OPEN
            and self.response_due is not None
            and self.response_due < timezone.localdate()
        )


class ChallengeEvidence(models.Model):
    """A file the agency attached to its response to a challenge."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="evidence/challenges/%Y/", max_length=200)
    original_name = models.CharField(max_length=200)
    uploaded_on = models.DateField()

    board_path = "challenge__board"

    class Meta:
        ordering = ["challenge", "pk"]

    def __str__(self):
        return self.original_name


class Submission(models.Model):
    """A form sent once: the one-off key its page carried and what came of it, so that the
    same form sent twice or three times (a double click, a resend after a slow answer) is
    stored once and answered the same way each time (see :mod:`lscb.once`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    target = models.CharField(max_length=500, blank=True, help_text="Where the first answer went.")
    message = models.CharField(max_length=500, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="submission_once")]

    def __str__(self):
        return f"{self.user} {self.key[:8]}…"
