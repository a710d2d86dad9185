"""Restoring a board archive trusts nothing in it (H1). Each attack is a crafted archive:
a board "east" is exported, removed, and its archive edited before it is restored into
an installation that still holds the boards "north" and "south". Each edited archive is
restored with ``accept_unsigned`` (the operator said yes), so only the checks of the
records themselves stand between the attacker and the installation."""

import copy
import datetime as dt
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from actions.models import Action
from lscb.models import Board, BoardUser, Challenge, Role
from reporting.exports.archive import ArchiveError, board_querysets, export_board
from reporting.models import QuarterSnapshot, ReportReceipt

from .. import factories as f

User = get_user_model()


@pytest.fixture
def east_archive(users, own_action, django_capture_on_commit_callbacks):
    """The archive of a board "east" that is no longer installed; north and south are."""
    east = f.make_board("east", name="East LSCB", short_name="East LSCB")
    manager = f.make_user("eastmanager", east, Role.MANAGER)
    group = f.make_subgroup(east, "East Learning", slug="east-learning")
    group.leads.add(manager)
    theme = f.make_theme(f.make_plan(east, slug="east-plan"), "1")
    action = f.make_action(theme, "1.1", owners=[group])
    f.make_update(action, author=manager)
    agency = f.make_agency(east, "East Police")
    Challenge.objects.create(board=east, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                             agency=agency, issue="Attendance")
    item = f.make_report(east, title="S.11", recipient="board",
                                        frequency="annually", months=[3])
    receipt = f.make_receipt(item, due_date=dt.date(2016, 3, 31))
    receipt.file.save("s11.pdf", ContentFile(b"%PDF-1.4 east"))
    snapshot = QuarterSnapshot(board=east, plan=theme.plan, year=2015, quarter=1,
                               html='<section class="cover"><h1>Q1</h1><a href="#x">x</a></section>')
    snapshot.pdf.save("east-q1.pdf", ContentFile(b"%PDF-1.4 q1"), save=True)
    data = export_board(east)
    for stored in [receipt.file.name, snapshot.pdf.name]:
        default_storage.delete(stored)
    remove(east)
    User.objects.filter(username="eastmanager").delete()
    return data


def remove(board):
    """Every record of the board gone, as in an installation it was never restored into
    (progress updates cannot be deleted through the app, so straight from the tables)."""
    for _name, queryset in reversed(board_querysets(board)[1:]):
        for field in queryset.model._meta.many_to_many:
            field.remote_field.through.objects.filter(
                **{f"{field.m2m_field_name()}__in": list(queryset.values_list("pk", flat=True))}
            ).delete()
        queryset._raw_delete(queryset.db)


def import_board(data, accept_unsigned=False):
    from reporting.exports.restore import import_board as restore

    return restore(data, accept_unsigned=accept_unsigned)


def manifest(parts):
    from reporting.exports.archive import manifest as signed

    return signed(parts)


def unpack(data):
    archive = zipfile.ZipFile(io.BytesIO(data))
    payload = json.loads(archive.read("board.json"))
    files = {n: archive.read(n) for n in archive.namelist() if n.startswith("files/")}
    return payload, files


def pack(payload, files, signed=True):
    """The edited archive, with a manifest re-signed by this installation (as if the
    attacker had the SECRET_KEY), or with none (``signed=False``)."""
    parts = {"board.json": json.dumps(payload).encode(), **files}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        if signed:
            archive.writestr("manifest.json", json.dumps(manifest(parts)))
    return out.getvalue()


def edited(data, change, signed=True):
    payload, files = unpack(data)
    change(payload["records"], files)
    return pack(payload, files, signed)


def record(records, section, **match):
    return next(item for item in records[section]
                if all(item["fields"].get(k) == v for k, v in match.items()))


def refused(data, message, capture):
    boards, users, files = Board.objects.count(), User.objects.count(), media_files()
    with capture(execute=True) as callbacks, pytest.raises(ArchiveError, match=message):
        import_board(data, accept_unsigned=True)
    assert callbacks == []  # nothing waits to be written
    assert (Board.objects.count(), User.objects.count(), media_files()) == (boards, users, files)
    assert not Board.objects.filter(slug="east").exists()


def media_files():
    from django.conf import settings

    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root.parent)) for p in root.parent.rglob("*") if p.is_file())


# --- the attacks of the report ----------------------------------------------------------

def test_a_user_made_superuser_comes_back_without_any_right(east_archive, users,
                                                           django_capture_on_commit_callbacks):
    def change(records, files):
        user = record(records, "users", username="eastmanager")
        user["fields"].update(is_superuser=True, is_staff=True, groups=[1], user_permissions=[1],
                              password="md5$salt$0123456789abcdef0123456789abcdef")
    with django_capture_on_commit_callbacks(execute=True):
        restored = import_board(edited(east_archive, change), accept_unsigned=True)
    user = User.objects.get(username="eastmanager")
    assert restored.board.slug == "east"
    assert not (user.is_superuser or user.is_staff or user.has_usable_password())
    assert not user.groups.exists() and not user.user_permissions.exists()
    assert not user.check_password(f.PASSWORD)


def test_a_membership_of_another_board_is_refused(east_archive, users, board,
                                                  django_capture_on_commit_callbacks):
    def change(records, files):
        record(records, "board_users", role="manager")["fields"]["board"] = board.pk
    refused(edited(east_archive, change), "board_users record .* points outside",
            django_capture_on_commit_callbacks)
    assert not BoardUser.objects.filter(board=board, user__username="eastmanager").exists()


def test_a_challenge_planted_in_another_boards_log_is_refused(east_archive, users, board,
                                                              django_capture_on_commit_callbacks):
    police = f.make_agency(board, "North Police")

    def change(records, files):
        planted = copy.deepcopy(records["challenges"][0])
        planted["pk"] = 9999
        planted["fields"].update(board=board.pk, agency=police.pk, issue="Planted")
        records["challenges"].append(planted)
    refused(edited(east_archive, change), "challenges record 9999 points outside",
            django_capture_on_commit_callbacks)
    assert not Challenge.objects.filter(issue="Planted").exists()


def test_a_reference_to_another_boards_record_is_refused(east_archive, users, board, groups,
                                                         django_capture_on_commit_callbacks):
    def change(records, files):
        records["actions"][0]["fields"]["owners"].append(groups["own"].pk)
    refused(edited(east_archive, change), "owners names subgroup",
            django_capture_on_commit_callbacks)

    def lead(records, files):
        records["subgroups"][0]["fields"]["leads"].append(users["manager"].pk)
    refused(edited(east_archive, lead), "leads names user", django_capture_on_commit_callbacks)


def test_history_planted_on_another_boards_action_is_refused(east_archive, users, own_action,
                                                             django_capture_on_commit_callbacks):
    """A history row names its action by id: one naming north's action would show in
    that action's history of edits."""
    def change(records, files):
        planted = copy.deepcopy(records["action_history"][0])
        planted["pk"] = 9999
        planted["fields"].update(id=own_action.pk, description="Planted history")
        records["action_history"].append(planted)
    refused(edited(east_archive, change), f"history of action {own_action.pk}, which it does not",
            django_capture_on_commit_callbacks)


@pytest.mark.parametrize("section, model", [("agencies", "auth.user"),
                                            ("users", "otp_totp.totpdevice"),
                                            ("challenges", "auth.group")])
def test_records_of_another_model_in_a_section_are_refused(east_archive, users, section, model,
                                                           django_capture_on_commit_callbacks):
    def change(records, files):
        records[section].append({"model": model, "pk": 777, "fields": {"name": "x"}})
    refused(edited(east_archive, change), "holds something that is not",
            django_capture_on_commit_callbacks)


def test_a_section_no_board_archive_has_is_refused(east_archive, users,
                                                   django_capture_on_commit_callbacks):
    def change(records, files):
        records["devices"] = [{"model": "otp_totp.totpdevice", "pk": 1, "fields": {}}]
    refused(edited(east_archive, change), "records no board archive has: devices",
            django_capture_on_commit_callbacks)


@pytest.mark.parametrize("name", ["../../lscb/settings.py", "/etc/cron.d/x", "reports/../x.py",
                                  "logos/x.py", "reports/2016/..\\x.pdf"])
def test_a_file_outside_its_folder_is_refused_and_nothing_is_written(
        east_archive, users, name, django_capture_on_commit_callbacks):
    def change(records, files):
        old = record(records, "receipts")["fields"]["file"]
        record(records, "receipts")["fields"]["file"] = name
        files[f"files/{name}"] = files.pop(f"files/{old}")
    refused(edited(east_archive, change), "not a file name the app writes",
            django_capture_on_commit_callbacks)


def test_files_are_written_only_after_the_commit(east_archive, users,
                                                 django_capture_on_commit_callbacks):
    """The report: files written before a refused record stayed on disk. A bad record
    late in the archive now leaves no file at all."""
    def change(records, files):
        records["annual_reports"].append({"model": "reporting.annualreport", "pk": 5,
                                          "fields": {"board": 424242, "year": 2015}})
    refused(edited(east_archive, change), "points outside", django_capture_on_commit_callbacks)


def test_an_unreferenced_or_stray_file_is_refused(east_archive, users,
                                                  django_capture_on_commit_callbacks):
    refused(edited(east_archive, lambda r, f: f.update({"files/reports/2016/extra.pdf": b"x"})),
            "a file no record names", django_capture_on_commit_callbacks)
    payload, files = unpack(east_archive)
    files["evil.txt"] = b"x"
    refused(pack(payload, files), "which no board archive has", django_capture_on_commit_callbacks)


@pytest.mark.parametrize("section, field, value, message", [
    ("subgroups", "slug", "a b/../c", "slug"),
    ("plans", "slug", "<script>", "slug"),
    ("updates", "rag", "purple", "rag"),
    ("users", "username", "bad name\nx", "username"),
])
def test_invalid_values_are_refused(east_archive, users, section, field, value, message,
                                    django_capture_on_commit_callbacks):
    def change(records, files):
        records[section][0]["fields"][field] = value
    refused(edited(east_archive, change), f"not valid: {message}",
            django_capture_on_commit_callbacks)


def test_an_invalid_board_slug_is_refused(east_archive, users, django_capture_on_commit_callbacks):
    payload, files = unpack(east_archive)
    payload["slug"] = "../east"
    payload["records"]["board"][0]["fields"]["slug"] = "../east"
    refused(pack(payload, files), "no valid short name", django_capture_on_commit_callbacks)


@pytest.mark.parametrize("html", ['<script>alert(1)</script>', '<img src=x onerror="alert(1)">',
                                  '<a href="javascript:alert(1)">x</a>', '<p style="x">x</p>',
                                  '<svg><a href="//evil.example">x</a></svg>',
                                  '<iframe srcdoc="x"></iframe>', '<p onclick="x">x</p>'])
def test_stored_html_the_app_never_writes_is_refused(east_archive, users, html,
                                                     django_capture_on_commit_callbacks):
    def change(records, files):
        records["quarter_snapshots"][0]["fields"]["html"] = f"<section>{html}</section>"
    refused(edited(east_archive, change), "HTML the app never writes",
            django_capture_on_commit_callbacks)


# --- the manifest ---------------------------------------------------------------------------

def test_an_edited_archive_is_refused_without_the_operators_say_so(east_archive, users):
    original = zipfile.ZipFile(io.BytesIO(east_archive)).read("manifest.json")
    payload, files = unpack(east_archive)
    payload["records"]["challenges"][0]["fields"]["issue"] = "Edited"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:  # the edit, with the manifest as it was
        archive.writestr("board.json", json.dumps(payload))
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr("manifest.json", original)
    with pytest.raises(ArchiveError, match="board.json does not match the checksum"):
        import_board(out.getvalue(), accept_unsigned=True)
    payload, files = unpack(east_archive)
    payload["records"]["challenges"][0]["fields"]["issue"] = "Edited"
    parts = {"board.json": json.dumps(payload).encode(), **files}
    forged = dict(manifest(parts), signature="0" * 64)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        archive.writestr("manifest.json", json.dumps(forged))
    with pytest.raises(ArchiveError, match="not signed by this installation"):
        import_board(out.getvalue())
    assert not Board.objects.filter(slug="east").exists()


def test_the_command_says_whether_the_archive_is_signed(east_archive, users, tmp_path,
                                                        django_capture_on_commit_callbacks):
    path = tmp_path / "east.zip"
    path.write_bytes(edited(east_archive, lambda r, f: None, signed=True))
    unsigned = tmp_path / "unsigned.zip"
    payload, files = unpack(east_archive)
    unsigned.write_bytes(pack(payload, files, signed=False))
    with pytest.raises(CommandError, match="--accept-unsigned"):
        call_command("import_board", str(unsigned), verbosity=0)
    err = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_board", str(unsigned), "--accept-unsigned", stderr=err, stdout=err)
    assert "not signed by this installation" in err.getvalue()
    assert "Restored East LSCB (east)" in err.getvalue()


def test_the_untouched_archive_restores_with_its_files(east_archive, users,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        restored = import_board(east_archive)
    assert restored.signed
    receipt = ReportReceipt.objects.get(item__board=restored.board)
    assert receipt.file.read() == b"%PDF-1.4 east"
    assert Action.objects.filter(board=restored.board).count() == 1
