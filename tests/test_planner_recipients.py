"""Issue 16 item 6: a planner item goes to several bodies, each with its own frequency
and months; due dates, receipts, overdue flags, the year view, reminders and the calendar
feed are per recipient; existing items migrate; the Cumbria demo is entered that way."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from icalendar import Calendar

from reporting.models import ReportingItem, ReportingRecipient, ReportReceipt
from reporting.planner.services import dues_between, overdue_reports, planner_year
from reporting.reminders.calendar import build_calendar
from tests import factories as f

from .test_planner import recipients


@pytest.fixture
def scr(board, groups):
    """The Board twice a year, in May and November, and the Business Group quarterly."""
    return f.make_report(board, "Serious Case Review", responsible_group=groups["own"],
                         recipients=[
                             {"body": "board", "frequency": "twice_yearly", "months": [5, 11]},
                             {"body": "business_group", "frequency": "quarterly"}])


def test_each_recipient_has_its_own_due_dates(board, scr):
    (row,) = planner_year(board, 2015)
    got = [(d.to, d.due_date) for d in row["dues"]]
    assert got == [("The board", dt.date(2015, 5, 31)), ("Business Group", dt.date(2015, 6, 30)),
                   ("Business Group", dt.date(2015, 9, 30)), ("The board", dt.date(2015, 11, 30)),
                   ("Business Group", dt.date(2015, 12, 31)),
                   ("Business Group", dt.date(2016, 3, 31))]
    assert [(r.label, len(d)) for r, d in row["by_recipient"]] == [
        ("The board", 2), ("Business Group", 4)]
    assert scr.recipients_label == ("The board (twice a year: May, Nov); "
                                    "Business Group (quarterly: Jun, Sep, Dec, Mar)")
    q3 = dues_between(board, dt.date(2015, 10, 1), dt.date(2015, 12, 31))
    assert [(d.to, d.due_date.month) for d in q3] == [("The board", 11), ("Business Group", 12)]


def test_receipts_and_overdue_are_per_recipient(board, scr):
    board_recipient, group_recipient = scr.recipients.order_by("order")
    f.make_receipt(scr, dt.date(2015, 6, 30), recipient=group_recipient,
                   received_on=dt.date(2015, 6, 20))
    def overdue_this_year():
        return {(d.to, d.due_date) for d in overdue_reports(board, dt.date(2015, 7, 15))
                if d.due_date >= dt.date(2015, 4, 1)}

    assert overdue_this_year() == {("The board", dt.date(2015, 5, 31))}  # June's came in
    f.make_receipt(scr, dt.date(2015, 5, 31), recipient=board_recipient,
                   received_on=dt.date(2015, 5, 30))
    assert overdue_this_year() == set()


def test_a_twice_yearly_recipient_needs_two_months(board):
    recipient = ReportingRecipient(body="board", frequency="twice_yearly", months=[5])
    with pytest.raises(Exception, match="two months"):
        recipient.clean()


def test_manager_sets_several_recipients_and_records_each(login, users, board, groups, plan):
    client = login(users["manager"])
    response = client.post(reverse("reporting:planner_new"), {
        "title": "Child Death Review Data", "order": 0, **recipients(
            {"body": "board", "frequency": "annually", "months": ["11"]},
            {"body": "board", "frequency": "bimonthly"})})
    assert response.status_code == 302
    item = ReportingItem.objects.get(title="Child Death Review Data")
    annual, bimonthly = item.recipients.order_by("order")
    assert (annual.months, bimonthly.due_months()) == ([11], [5, 7, 9, 11, 1, 3])
    page = client.get("/reports/planner/?year=2015/16").content.decode()
    assert "Annually: Nov" in page and "Bimonthly: May, Jul, Sep, Nov, Jan, Mar" in page
    url = reverse("reporting:receipt", args=[bimonthly.pk, "2015-11-30"])
    assert client.post(url, {"received_on": "2015-11-20"}).status_code == 302
    assert ReportReceipt.objects.get().recipient == bimonthly
    dues = {(d.recipient.pk, d.due_date): d.received
            for d in planner_year(board, 2015)[0]["dues"]}
    assert dues[(bimonthly.pk, dt.date(2015, 11, 30))] is True
    assert dues[(annual.pk, dt.date(2015, 11, 30))] is False
    # a date the recipient is not due on, and another board's recipient: not found
    assert client.get(reverse("reporting:receipt", args=[annual.pk, "2015-07-31"])
                      ).status_code == 404
    other = f.make_report(f.make_board(), "Elsewhere")
    assert client.get(reverse("reporting:receipt", args=[other.recipients.get().pk,
                                                         "2016-03-31"])).status_code == 404
    year = client.get("/reports/planner/year/?year=2015/16").content.decode()
    assert year.count("Child Death Review Data") == 7  # 1 annual + 6 bimonthly


def test_an_item_needs_a_body_and_a_group_of_this_board(login, users, board, other_board):
    client = login(users["manager"])
    response = client.post(reverse("reporting:planner_new"), {
        "title": "Nowhere", "order": 0, **recipients()})
    assert "Give at least one body the report goes to." in response.content.decode()
    foreign = f.make_subgroup(other_board, "Their group", slug="theirs")
    response = client.post(reverse("reporting:planner_new"), {
        "title": "Nowhere", "order": 0, **recipients(
            {"body": "subgroup", "group": str(foreign.pk), "frequency": "quarterly"})})
    assert response.status_code == 200 and not ReportingItem.objects.exists()


def test_calendar_feed_has_an_event_per_recipient(board, users, scr):
    feed = Calendar.from_ical(build_calendar(board, users["manager"], "manager",
                                             dt.date(2015, 4, 1), "https://example.org"))
    summaries = sorted(str(e["summary"]) for e in feed.walk("VEVENT")
                       if str(e["uid"]).startswith("report-"))
    assert summaries.count("Report due: Serious Case Review to The board") == 4  # 2 years
    assert summaries.count("Report due: Serious Case Review to Business Group") == 8


@pytest.mark.django_db(transaction=True)
def test_existing_items_migrate_to_one_recipient_with_their_receipts():
    """The data migration: an item's single recipient, frequency and months become its
    first recipient, and its receipts belong to that recipient."""
    executor = MigrationExecutor(connection)
    before = [("reporting", "0007_papers_commentary_layout_sections_signatories"), *(
        node for node in executor.loader.graph.leaf_nodes() if node[0] != "reporting")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Board, Subgroup = old.get_model("lscb", "Board"), old.get_model("subgroups", "Subgroup")
    Item, Receipt = old.get_model("reporting", "ReportingItem"), old.get_model(
        "reporting", "ReportReceipt")
    board = Board.objects.create(name="North", short_name="North", slug="north")
    group = Subgroup.objects.create(board=board, name="Case Review Group", slug="crg")
    item = Item.objects.create(board=board, title="SCR", recipient="subgroup",
                               recipient_group=group, frequency="annually", months=[7])
    Receipt.objects.create(item=item, due_date=dt.date(2015, 7, 31),
                           received_on=dt.date(2015, 7, 1))
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    recipient = ReportingRecipient.objects.get(item_id=item.pk)
    assert (recipient.body, recipient.group_id, recipient.frequency, recipient.months) == (
        "subgroup", group.pk, "annually", [7])
    assert recipient.label == "Case Review Group"
    assert ReportReceipt.objects.get().recipient == recipient


def test_demo_items_go_to_several_bodies(db):
    from demo.loader import load

    board = load("demo-password-2015").board
    scr = ReportingItem.objects.get(board=board, title="Serious Case Review")
    assert [(r.body, r.frequency) for r in scr.recipients.order_by("order")] == [
        ("board", "twice_yearly"), ("business_group", "quarterly")]
    cdop = ReportingItem.objects.get(board=board, title="Child Death Review Data")
    assert [(r.frequency, r.due_months()) for r in cdop.recipients.order_by("order")] == [
        ("annually", [11]), ("bimonthly", [5, 7, 9, 11, 1, 3])]
    assert all(item.recipients.exists()
               for item in ReportingItem.objects.filter(board=board))


def test_an_archive_from_before_recipients_is_upgraded():
    from reporting.exports.restore import upgrade_planner

    records = {
        "reporting_items": [{"model": "reporting.reportingitem", "pk": 7, "fields": {
            "board": 1, "title": "SCR", "recipient": "board", "recipient_group": None,
            "frequency": "twice_yearly", "months": [5, 11]}}],
        "receipts": [{"model": "reporting.reportreceipt", "pk": 3, "fields": {
            "item": 7, "due_date": "2015-05-31"}}],
    }
    upgrade_planner(records)
    assert records["reporting_items"][0]["fields"] == {"board": 1, "title": "SCR"}
    assert records["reporting_recipients"] == [{
        "model": "reporting.reportingrecipient", "pk": 7, "fields": {
            "item": 7, "body": "board", "group": None, "frequency": "twice_yearly",
            "months": [5, 11], "order": 0}}]
    assert records["receipts"][0]["fields"]["recipient"] == 7


def test_an_items_recipients_come_with_their_groups_in_one_query(board, groups):
    """with_groups(): what prefetch_related("recipients__group") gives, in one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.models import ReportingItem, ReportingRecipient
    from reporting.planner.services import with_groups

    item = ReportingItem.objects.create(board=board, title="Quarterly report")
    for order, group in enumerate([groups["other"], None, groups["own"]]):
        ReportingRecipient.objects.create(item=item, group=group, order=order,
                                          body="" if group else ReportingItem.Body.BOARD)
    expected = [(r.pk, r.group) for r in
                ReportingItem.objects.prefetch_related("recipients__group").get(pk=item.pk)
                .recipient_list()]
    with CaptureQueriesContext(connection) as ctx:
        got = [(r.pk, r.group) for r in ReportingItem.objects.prefetch_related(with_groups())
               .get(pk=item.pk).recipient_list()]
    assert got == expected and len(got) == 3 and len(ctx.captured_queries) == 2
