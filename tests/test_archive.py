"""A whole board out as one archive, and back into an empty installation unchanged."""

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions.dating import withdraw
from actions.models import Action, ProgressUpdate, UpdateEvidence
from lscb.fiscal import Quarter
from lscb.models import (
    Agency,
    Board,
    BoardUser,
    Challenge,
    ChallengeEvidence,
    Member,
    Role,
    SafeguardingPartner,
)
from plans.models import BusinessPlan, Risk
from reporting.annual.services import start_report
from reporting.exports.archive import USER_FIELDS, ArchiveError, board_querysets, export_board
from reporting.exports.restore import import_board
from reporting.models import (
    BudgetLine,
    QuarterSnapshot,
    ReportingItem,
    ReportReceipt,
    Section11Evidence,
    Section11Rating,
    Section11Return,
    Section11Round,
    Section11Standard,
)
from reporting.quarters.services import close_quarter
from reporting.section11.services import start_return
from subgroups.models import Attendance, Meeting
from tests import factories as f


def everything(board):
    """Every record of the board as plain data (many-to-many included), and its files."""
    records = {}
    for name, queryset in board_querysets(board):
        rows = serializers.serialize("python", queryset.order_by("pk"))
        if name == "users":  # what an archive carries of a user
            for row in rows:
                row["fields"] = {key: row["fields"][key] for key in USER_FIELDS}
        for row in rows:  # a data version counts this installation's writes only, and a
            row["fields"].pop("data_version", None)  # restore draws new progress stamps
            row["fields"].pop("progress_stamp", None)  # (kept positions are not reused)
        records[name] = rows
    files = {}
    for receipt in ReportReceipt.objects.filter(item__board=board).exclude(file=""):
        files[receipt.file.name] = receipt.file.read()
    for snapshot in QuarterSnapshot.objects.filter(board=board):
        files[snapshot.pdf.name] = snapshot.pdf.read()
        files[snapshot.docx.name] = snapshot.docx.read()
    for model, path in [(UpdateEvidence, "update__action__board"),
                        (Section11Evidence, "section11_return__round__board"),
                        (ChallengeEvidence, "challenge__board")]:
        for evidence in model.objects.filter(**{path: board}):
            files[evidence.file.name] = evidence.file.read()
    return records, files


@pytest.fixture
def full_board(db):
    call_command("load_demo", verbosity=0)
    board = Board.objects.get(slug="cumbria")
    agency = Agency.objects.filter(board=board).first()
    member = Member.objects.filter(board=board).first()
    meeting = Meeting.objects.create(board=board, date=dt.date(2015, 6, 1), title="June board")
    Attendance.objects.create(meeting=meeting, member=member, status="deputy", deputy_name="D")
    round_ = Section11Round.objects.create(board=board, title="S11 2016/17", year=2016)
    standard = Section11Standard.objects.filter(board=board).first()
    s11 = Section11Return.objects.create(round=round_, agency=agency)
    rating = Section11Rating.objects.create(section11_return=s11, standard=standard, rating="red")
    rating.follow_up_actions.set(Action.objects.filter(board=board)[:2])
    # the partnership features: a return carried into the next round with an action plan
    # and a file, an agency representative, a partner, evidence on an update and a response
    rating.plan_what, rating.qa_rating = "Name a deputy", "red"
    rating.save()
    later = Section11Round.objects.create(board=board, title="S11 2017/18", year=2017)
    carried = start_return(later, agency)
    evidence = Section11Evidence(section11_return=carried, original_name="policy.pdf",
                                 uploaded_on=dt.date(2017, 5, 1), standard=standard)
    evidence.file.save("policy.pdf", ContentFile(b"%PDF-1.4 policy"), save=True)
    rep = get_user_model().objects.create_user("rep", email="rep@example.org")
    BoardUser.objects.create(board=board, user=rep, role=Role.AGENCY_REP, agency=agency)
    SafeguardingPartner.objects.create(board=board, agency=agency, is_lead=True)
    update = ProgressUpdate.objects.filter(action__board=board).first()
    on_update = UpdateEvidence(update=update, original_name="register.xlsx")
    on_update.file.save("register.xlsx", ContentFile(b"PK\x03\x04 sheet"), save=True)
    challenge = Challenge.objects.create(board=board, raised_on=dt.date(2015, 9, 1), raised_by="Chair",
                             agency=agency, issue="Attendance at the CSE group",
                                         response="A deputy attends", responded_on=dt.date(2015, 9, 9))
    answer = ChallengeEvidence(challenge=challenge, original_name="deputies.pdf",
                               uploaded_on=dt.date(2015, 9, 9))
    answer.file.save("deputies.pdf", ContentFile(b"%PDF-1.4 deputies"), save=True)
    report = start_report(board, 2015)
    BudgetLine.objects.create(report=report, kind="income", label="Police", agency=agency,
                              amount=Decimal("12500.50"))
    item = ReportingItem.objects.filter(board=board).first()
    receipt = f.make_receipt(item, due_date=dt.date(2016, 3, 31))
    receipt.file.save("s11.pdf", ContentFile(b"%PDF-1.4 the S11 report"))
    close_quarter(board, BusinessPlan.objects.get(board=board, slug="business-plan-2015-18"),
                  Quarter(2015, 2), None, "Closed")
    withdrawn = ProgressUpdate.objects.filter(action__board=board).order_by("pk").first()
    withdraw(withdrawn, None, "Posted on the wrong action")  # a withdrawal travels too
    risk = Risk.objects.filter(board=board).first()
    risk.residual_likelihood = 1
    risk.save()  # a second history row
    return board


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_record(full_board, tmp_path):
    before = everything(full_board)
    assert len(before[0]["action_history"]) >= 48 and len(before[0]["risk_history"]) > 4
    assert before[0]["board_history"] and len(before[0]["theme_history"]) >= 9
    assert before[0]["plan_history"]
    assert before[0]["updates"] and before[0]["attendance"] and len(before[1]) == 6
    assert before[0]["case_reviews"] and before[0]["partners"] and before[0]["s11_evidence"]
    assert before[0]["update_files"] and before[0]["challenge_files"]
    assert len(before[0]["snapshot_rows"]) == 48
    archive = tmp_path / "cumbria.zip"
    call_command("export_board", "cumbria", str(archive), verbosity=0)
    stamps = dict(Action.objects.values_list("pk", "progress_stamp"))

    call_command("flush", "--no-input", verbosity=0)  # an empty installation
    for name in before[1]:
        default_storage.delete(name)
    assert not Board.objects.exists()

    call_command("import_board", str(archive), verbosity=0)
    after = everything(Board.objects.get(slug="cumbria"))
    for name, rows in before[0].items():
        assert after[0][name] == rows, name
    assert after[1] == before[1]
    f.assert_latest_stored()
    restored = dict(Action.objects.values_list("pk", "progress_stamp"))
    assert restored.keys() == stamps.keys()
    assert not any(restored[pk] == stamp for pk, stamp in stamps.items())


@pytest.mark.django_db
def test_archive_never_holds_password_hashes(full_board):
    payload = json.loads(zipfile.ZipFile(io.BytesIO(export_board(full_board))).read("board.json"))
    users = payload["records"]["users"]
    assert {u["fields"]["username"] for u in users} >= {"manager", "chair", "viewer"}
    assert all(set(u["fields"]) == set(USER_FIELDS) for u in users)  # no hash, flag or right


@pytest.mark.django_db
def test_restoring_over_existing_data_is_refused_and_writes_nothing(full_board):
    data = export_board(full_board)
    counts, boards = Action.objects.count(), Board.objects.count()
    with pytest.raises(ArchiveError, match="already exists"):
        import_board(data)
    Board.objects.filter(pk=full_board.pk).update(slug="renamed")
    with pytest.raises(ArchiveError, match="already exists here"):
        import_board(data)  # users clash
    assert Action.objects.count() == counts and Board.objects.count() == boards


@pytest.mark.django_db
def test_bad_archives_get_a_clear_error(tmp_path):
    with pytest.raises(ArchiveError, match="not an LSCB Planner board archive"):
        import_board(b"this is not a zip")
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("board.json", json.dumps({"format": "something-else"}))
    with pytest.raises(ArchiveError, match="incompatible"):
        import_board(bad.getvalue())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_board", str(tmp_path / "missing.zip"))
    with pytest.raises(CommandError, match="No board 'nowhere'"):
        call_command("export_board", "nowhere", str(tmp_path / "x.zip"))


def test_manager_downloads_the_archive_in_the_browser(login, users, own_action, board):
    response = login(users["manager"]).get(reverse("reporting:board_archive"))
    assert response["Content-Type"] == "application/zip"
    assert f'filename="{board.slug}-board-' in response["Content-Disposition"]
    payload = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("board.json"))
    assert payload["slug"] == board.slug
    assert [a["fields"]["reference"] for a in payload["records"]["actions"]] == ["1.1"]
    index = login(users["manager"]).get(reverse("reporting:index"))
    assert reverse("reporting:board_archive") in index.text


def test_other_roles_cannot_download_it(login, users, board):
    for role in ["viewer", "chair"]:
        assert login(users[role]).get(reverse("reporting:board_archive")).status_code == 403
    index = login(users["viewer"]).get(reverse("reporting:index"))
    assert reverse("reporting:board_archive") not in index.text
