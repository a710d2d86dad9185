"""A whole board as one archive (a zip of JSON plus attached files), and back.

The JSON is Django's own serialisation of every record that belongs to the
board, in an order that can be loaded into an empty installation. Users come
with their names and e-mail addresses but never their password hashes: after a
restore each user sets a new password.
"""

import datetime
import io
import json
import zipfile

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from actions.models import Action, ProgressUpdate
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

FORMAT_VERSION = 1


class ArchiveError(Exception):
    pass


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; an archive keeps them exact."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def board_querysets(board):
    """Every model of a board's data, parents before children."""
    User = get_user_model()
    user_ids = set(BoardUser.objects.filter(board=board).values_list("user", flat=True))
    user_ids |= set(ProgressUpdate.objects.filter(action__board=board).exclude(author=None)
                    .values_list("author", flat=True))
    user_ids |= set(Subgroup.leads.through.objects.filter(subgroup__board=board)
                    .values_list("user", flat=True))
    for history in (Action.history.model, Risk.history.model, BusinessPlan.history.model,
                    Theme.history.model):
        user_ids |= set(history.objects.filter(board=board).exclude(history_user=None)
                        .values_list("history_user", flat=True))
    user_ids |= set(Board.history.model.objects.filter(id=board.pk).exclude(history_user=None)
                    .values_list("history_user", flat=True))
    return [
        ("users", User.objects.filter(pk__in=user_ids).order_by("pk")),
        ("board", Board.objects.filter(pk=board.pk)),
        ("agencies", Agency.objects.filter(board=board)),
        ("members", Member.objects.filter(board=board)),
        ("board_users", BoardUser.objects.filter(board=board)),
        ("subgroups", Subgroup.objects.filter(board=board).order_by("pk")),
        ("functions", SubgroupFunction.objects.filter(subgroup__board=board)),
        ("memberships", GroupMembership.objects.filter(subgroup__board=board)),
        ("meetings", Meeting.objects.filter(board=board)),
        ("attendance", Attendance.objects.filter(meeting__board=board)),
        ("attendance_summaries", AttendanceSummary.objects.filter(board=board)),
        ("plans", BusinessPlan.objects.filter(board=board).order_by("pk")),
        ("themes", Theme.objects.filter(board=board).order_by("pk")),
        ("sources", Source.objects.filter(board=board)),
        ("recommendations", Recommendation.objects.filter(source__board=board)),
        ("actions", Action.objects.filter(board=board).order_by("pk")),
        ("updates", ProgressUpdate.objects.filter(action__board=board).order_by("pk")),
        ("indicators", Indicator.objects.filter(board=board)),
        ("indicator_values", IndicatorValue.objects.filter(indicator__board=board)),
        ("indicator_years", IndicatorYear.objects.filter(indicator__board=board)),
        ("risks", Risk.objects.filter(board=board)),
        ("risk_settings", RiskSettings.objects.filter(board=board)),
        ("challenges", Challenge.objects.filter(board=board)),
        ("reporting_items", ReportingItem.objects.filter(board=board)),
        ("receipts", ReportReceipt.objects.filter(item__board=board)),
        ("s11_standards", Section11Standard.objects.filter(board=board)),
        ("s11_rounds", Section11Round.objects.filter(board=board)),
        ("s11_returns", Section11Return.objects.filter(round__board=board)),
        ("s11_ratings", Section11Rating.objects.filter(section11_return__round__board=board)),
        ("annual_reports", AnnualReport.objects.filter(board=board)),
        ("annual_sections", AnnualReportSection.objects.filter(report__board=board)),
        ("group_reports", SubgroupReport.objects.filter(report__board=board)),
        ("budget_lines", BudgetLine.objects.filter(report__board=board)),
        ("quarter_snapshots", QuarterSnapshot.objects.filter(board=board)),
        ("snapshot_rows", SnapshotRow.objects.filter(snapshot__board=board)),
        ("action_history", Action.history.model.objects.filter(board=board).order_by("pk")),
        ("risk_history", Risk.history.model.objects.filter(board=board).order_by("pk")),
        ("board_history", Board.history.model.objects.filter(id=board.pk).order_by("pk")),
        ("plan_history", BusinessPlan.history.model.objects.filter(board=board).order_by("pk")),
        ("theme_history", Theme.history.model.objects.filter(board=board).order_by("pk")),
    ]


FILE_FIELDS = [(Board, "logo"), (ReportReceipt, "file"), (AnnualReport, "approved_pdf"),
               (QuarterSnapshot, "pdf"), (QuarterSnapshot, "docx")]


def export_board(board):
    """The archive as bytes."""
    records = {}
    for name, queryset in board_querysets(board):
        data = serializers.serialize("python", queryset)
        if name == "users":
            for item in data:
                item["fields"]["password"] = "!"  # unusable: never export password hashes
                item["fields"]["groups"] = []
                item["fields"]["user_permissions"] = []
        records[name] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("board.json", json.dumps(
            {"format": "lscb-planner-board", "version": FORMAT_VERSION, "slug": board.slug,
             "records": records}, cls=ExactEncoder, ensure_ascii=False, indent=1))
        for model, field in FILE_FIELDS:
            for obj in model.objects.filter(**_board_filter(model, board)):
                stored = getattr(obj, field)
                if stored:
                    with stored.open("rb") as handle:
                        archive.writestr(f"files/{stored.name}", handle.read())
    return out.getvalue()


def _board_filter(model, board):
    if model is Board:
        return {"pk": board.pk}
    return {"item__board": board} if model is ReportReceipt else {"board": board}


@transaction.atomic
def import_board(data):
    """Restore an archive into this installation: all or nothing. Returns the board."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        payload = json.loads(archive.read("board.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ArchiveError(f"This is not an LSCB Planner board archive ({error}).") from error
    if payload.get("format") != "lscb-planner-board" or payload.get("version") != FORMAT_VERSION:
        raise ArchiveError("This archive was made by an incompatible version.")
    if Board.objects.filter(slug=payload["slug"]).exists():
        raise ArchiveError(f"A board with the slug {payload['slug']!r} already exists here.")
    User = get_user_model()
    deferred = []
    try:
        for name, items in payload["records"].items():
            if name == "users":
                taken = User.objects.filter(
                    username__in=[item["fields"]["username"] for item in items])
                if taken.exists():
                    raise ArchiveError(f"User {taken.first().username!r} already exists here.")
            objects = list(serializers.deserialize("json", json.dumps(items),
                                                   handle_forward_references=True))
            if objects:  # one query per kind of record, not one per record
                model = type(objects[0].object)
                clash = model._default_manager.filter(
                    pk__in=[obj.object.pk for obj in objects]).values_list("pk", flat=True)
                if clash:
                    raise ArchiveError(
                        f"This installation already holds a {model._meta.verbose_name} with "
                        f"id {clash[0]}: restore into an empty installation.")
            for obj in objects:
                obj.save()
                if obj.deferred_fields:
                    deferred.append(obj)
    except serializers.base.DeserializationError as error:
        raise ArchiveError(f"The archive's records could not be read ({error}).") from error
    for obj in deferred:
        obj.save_deferred_fields()
    for path in archive.namelist():
        if path.startswith("files/"):
            name = path.removeprefix("files/")
            if default_storage.exists(name):
                raise ArchiveError(f"A stored file {name!r} already exists here.")
            default_storage.save(name, ContentFile(archive.read(path)))
    return Board.objects.get(slug=payload["slug"])
