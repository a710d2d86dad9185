"""A whole board as one archive (a zip of JSON plus attached files), with a signed
manifest; :mod:`reporting.exports.restore` brings it back.

The JSON is Django's own serialisation of every record that belongs to the board,
section by section in an order that can be loaded into an empty installation. Users
come with their names and e-mail addresses but never their password hashes, staff or
superuser flags, groups or permissions: after a restore each user sets a new password.

``manifest.json`` lists the SHA-256 of every part and an HMAC of that list made with
this installation's SECRET_KEY: an archive edited after it was made no longer matches,
and the restore says so (see :func:`verify_manifest`).
"""

import datetime
import hashlib
import io
import json
import zipfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.crypto import constant_time_compare, salted_hmac

from actions.models import Action, ProgressUpdate, UpdateWithdrawal
from lscb.models import Agency, Board, BoardUser, Challenge, Member
from plans.models import (
    BusinessPlan,
    Indicator,
    IndicatorValue,
    IndicatorYear,
    Recommendation,
    Risk,
    RiskSettings,
    Source,
    Theme,
)
from reporting.models import (
    AnnualReport,
    AnnualReportApproval,
    AnnualReportSection,
    BudgetLine,
    QuarterSnapshot,
    ReportingItem,
    ReportReceipt,
    Section11Rating,
    Section11Return,
    Section11Round,
    Section11Standard,
    SnapshotRow,
    SubgroupReport,
)
from subgroups.models import (
    Attendance,
    AttendanceSummary,
    GroupMembership,
    Meeting,
    Subgroup,
    SubgroupFunction,
)

FORMAT = "lscb-planner-board"
FORMAT_VERSION = 2
SIGNATURE_SALT = "lscb.board-archive"

# Every section a board archive may hold (parents before children), its model and the
# path from a record to its board. Nothing else is ever restored.
SECTIONS = [
    ("board", Board, "pk"),
    ("agencies", Agency, "board"),
    ("members", Member, "board"),
    ("board_users", BoardUser, "board"),
    ("subgroups", Subgroup, "board"),
    ("functions", SubgroupFunction, "subgroup__board"),
    ("memberships", GroupMembership, "subgroup__board"),
    ("meetings", Meeting, "board"),
    ("attendance", Attendance, "meeting__board"),
    ("attendance_summaries", AttendanceSummary, "board"),
    ("plans", BusinessPlan, "board"),
    ("themes", Theme, "board"),
    ("sources", Source, "board"),
    ("recommendations", Recommendation, "source__board"),
    ("actions", Action, "board"),
    ("updates", ProgressUpdate, "action__board"),
    ("update_withdrawals", UpdateWithdrawal, "update__action__board"),
    ("indicators", Indicator, "board"),
    ("indicator_values", IndicatorValue, "indicator__board"),
    ("indicator_years", IndicatorYear, "indicator__board"),
    ("risks", Risk, "board"),
    ("risk_settings", RiskSettings, "board"),
    ("challenges", Challenge, "board"),
    ("reporting_items", ReportingItem, "board"),
    ("receipts", ReportReceipt, "item__board"),
    ("s11_standards", Section11Standard, "board"),
    ("s11_rounds", Section11Round, "board"),
    ("s11_returns", Section11Return, "round__board"),
    ("s11_ratings", Section11Rating, "section11_return__round__board"),
    ("annual_reports", AnnualReport, "board"),
    ("annual_approvals", AnnualReportApproval, "report__board"),
    ("annual_sections", AnnualReportSection, "report__board"),
    ("group_reports", SubgroupReport, "report__board"),
    ("budget_lines", BudgetLine, "report__board"),
    ("quarter_snapshots", QuarterSnapshot, "board"),
    ("snapshot_rows", SnapshotRow, "snapshot__board"),
    ("action_history", Action.history.model, "board"),
    ("risk_history", Risk.history.model, "board"),
    ("board_history", Board.history.model, "id"),
    ("plan_history", BusinessPlan.history.model, "board"),
    ("theme_history", Theme.history.model, "board"),
]
# history of edits: {history model: the model whose records it describes}
HISTORY = {Action.history.model: Action, Risk.history.model: Risk, Board.history.model: Board,
           BusinessPlan.history.model: BusinessPlan, Theme.history.model: Theme}
BY_ID = ("pk", "id")  # paths that name the board itself by its id
# user fields an archive carries; everything else about a user is set by the restore
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "date_joined",
               "last_login")
# the files an archive carries (a history row keeps only the name a file had then)
FILE_FIELDS = {model: [f.name for f in model._meta.concrete_fields
                       if f.get_internal_type() in ("FileField", "ImageField")]
               for _, model, _ in SECTIONS if model not in HISTORY}
PATHS = {model: path for _, model, path in SECTIONS}


class ArchiveError(Exception):
    pass


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; an archive keeps them exact."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def user_fields(model):
    """The concrete fields and many-to-many fields of ``model`` that point at users."""
    User = get_user_model()
    single = [f.attname for f in model._meta.concrete_fields
              if f.is_relation and f.related_model is User]
    many = [f.name for f in model._meta.many_to_many if f.related_model is User]
    return single, many


def board_querysets(board):
    """[(section, queryset)]: the users the board's records name, then every section."""
    sections = []
    for name, model, path in SECTIONS:
        queryset = model._default_manager.filter(**{path: board.pk if path in BY_ID else board})
        if model in HISTORY:  # the history of records that still exist (and so are here)
            described = HISTORY[model]
            path = PATHS[described]
            queryset = queryset.filter(id__in=described._default_manager.filter(
                **{path: board.pk if path in BY_ID else board}).values("pk"))
        sections.append((name, queryset.order_by("pk")))
    user_ids = set()
    for _name, queryset in sections:
        single, many = user_fields(queryset.model)
        for attname in single:
            user_ids |= set(queryset.exclude(**{attname: None}).values_list(attname, flat=True))
        for field in many:
            user_ids |= set(queryset.exclude(**{field: None}).values_list(field, flat=True))
    users = get_user_model().objects.filter(pk__in=user_ids).order_by("pk")
    return [("users", users), *sections]


def export_board(board):
    """The archive as bytes."""
    records = {}
    for name, queryset in board_querysets(board):
        data = serializers.serialize("python", queryset)
        if name == "users":
            for item in data:
                item["fields"] = {key: item["fields"][key] for key in USER_FIELDS}
        records[name] = data
    parts = {"board.json": json.dumps(
        {"format": FORMAT, "version": FORMAT_VERSION, "slug": board.slug, "records": records},
        cls=ExactEncoder, ensure_ascii=False, indent=1).encode()}
    for _name, queryset in board_querysets(board)[1:]:
        for field in FILE_FIELDS.get(queryset.model, ()):  # history rows carry no files
            for obj in queryset.exclude(**{field: ""}):
                stored = getattr(obj, field)
                with stored.open("rb") as handle:
                    parts[f"files/{stored.name}"] = handle.read()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        archive.writestr("manifest.json", json.dumps(manifest(parts), indent=1))
    return out.getvalue()


def _signature(digests, secret=None):
    text = json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "parts": digests},
                      sort_keys=True)
    return salted_hmac(SIGNATURE_SALT, text, secret=secret, algorithm="sha256").hexdigest()


def manifest(parts):
    """The SHA-256 of every part, signed with this installation's SECRET_KEY."""
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in sorted(parts.items())}
    return {"format": FORMAT, "version": FORMAT_VERSION, "parts": digests,
            "signature": _signature(digests)}


def verify_manifest(parts, found):
    """Checks ``parts`` ({name: bytes}) against the archive's manifest (``found``, parsed
    JSON or None). Raises ArchiveError if a part is missing, extra or changed; returns
    whether the signature is this installation's (SECRET_KEY or a fallback): False means
    the archive was edited after it was made, or made by another installation."""
    if not isinstance(found, dict) or not isinstance(found.get("parts"), dict):
        return False
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in parts.items()}
    listed = found["parts"]
    if set(listed) != set(digests):
        extra = sorted(set(digests) ^ set(listed))
        raise ArchiveError(f"The archive does not match its manifest ({', '.join(extra[:3])}): "
                           "it was changed after it was made.")
    changed = [name for name in sorted(digests) if listed[name] != digests[name]]
    if changed:
        raise ArchiveError(f"{changed[0]} does not match the checksum in the archive's manifest: "
                           "the archive was changed after it was made.")
    signature = str(found.get("signature", ""))
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(signature, _signature(listed, secret)) for secret in secrets)
