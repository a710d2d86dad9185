"""Issue 16 item 3: every year picker offers the board's years, opens inside the live
plan's period, shows the period displayed and redirects a year not offered."""

import datetime as dt

import pytest
from django.test import RequestFactory

from lscb.fiscal import Quarter, board_years, default_quarter, default_year, nearest, pick_year
from subgroups.models import Meeting
from tests import factories as f


def test_defaults_are_held_inside_the_live_plan():
    today = dt.date(2026, 12, 1)
    assert default_year((2015, 2017), today) == 2017
    assert default_year((2026, 2028), today) == 2026
    assert default_year((2030, 2032), today) == 2030
    assert default_year(None, today) == 2026
    assert default_quarter((2015, 2017), today) == Quarter(2017, 4)
    assert default_quarter((2026, 2028), today) == Quarter(2026, 2)  # last completed
    assert default_quarter(None, dt.date(2026, 4, 10)) == Quarter(2025, 4)


def test_offered_years_have_no_gaps_and_the_nearest_wins():
    assert board_years({2015, 2017}, 2016) == [2015, 2016, 2017]
    assert board_years(set(), 2026) == [2026]
    assert nearest(2030, [2015, 2016, 2017]) == 2017
    assert nearest(1999, [2015, 2016, 2017]) == 2015


@pytest.mark.parametrize("asked, year, redirect", [
    ("", 2016, None), ("2015/16", 2015, None), ("2015", 2015, None),
    ("2026/27", 2017, "?year=2017%2F18"), ("1901/02", 2015, "?year=2015%2F16"),
    ("nonsense", 2016, "?year=2016%2F17"),
])
def test_pick_year(asked, year, redirect):
    request = RequestFactory().get("/", {"year": asked} if asked else {})
    choice = pick_year(request, {2015, 2016, 2017}, 2016)
    assert (choice.year, choice.redirect) == (year, redirect)
    assert [label for label, chosen in choice.links if chosen] == [choice.label]


PAGES = ["/plans/indicators/", "/reports/planner/", "/reports/planner/year/",
         "/subgroups/meetings/", "/subgroups/attendance/"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_open_in_the_plan_and_redirect_other_years(login, users, board, plan, url):
    """A 2015-18 plan on 1 December 2026: the pages open on 2017/18, not an empty year."""
    Meeting.objects.create(board=board, date=dt.date(2015, 6, 1))
    client = login(users["viewer"])
    page = client.get(url)
    text = page.content.decode()
    if url.startswith("/subgroups/"):  # the years of the board's meetings
        assert 'aria-current="page">2015/16<' in text
        last = "2015%2F16"
    else:
        assert 'aria-current="page">2017/18<' in text
        for label in ("2015/16", "2016/17", "2017/18"):
            assert f">{label}<" in text
        last = "2017%2F18"
    far = client.get(url, {"year": "2026/27"})
    assert far.status_code == 302 and far["Location"].endswith(f"?year={last}")
    assert client.get(far["Location"]).status_code == 200
    assert client.get(url, {"year": "1901/02"})["Location"].endswith("?year=2015%2F16")


def test_agency_record_and_pdf_have_the_year_picker(login, users, board, plan):
    agency = f.make_agency(board, "Constabulary")
    client = login(users["viewer"])
    page = client.get(f"/reports/agencies/{agency.pk}/").content.decode()
    assert 'aria-current="page">2017/18<' in page and "partner record 2017/18" in page
    assert "None<" not in page and "None " not in page.replace("None recorded", "")
    far = client.get(f"/reports/agencies/{agency.pk}/pdf/", {"year": "2030/31"})
    assert far.status_code == 302 and far["Location"].endswith("/pdf/?year=2017%2F18")
    pdf = client.get(f"/reports/agencies/{agency.pk}/pdf/", {"year": "2015/16"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_quarterly_report_opens_on_the_plans_last_quarter(login, users, board, plan):
    client = login(users["viewer"])
    page = client.get("/reports/quarterly/")
    assert page.status_code == 200
    assert page.context["quarter"] == default_quarter((2015, 2017))
    pdf = client.get("/reports/quarterly/pdf/", {"year": "2026/27", "quarter": "3"})
    assert pdf.status_code == 302
    assert client.get(pdf["Location"]).status_code == 200


def test_the_quarterly_report_offers_the_years_of_a_plans_history(
        login, users, board, plan, own_action):
    """An imported plan's updates from years outside its period widen the years offered
    (read from the update_year index); a withdrawn one does not."""
    from actions.dating import withdraw

    f.make_update(own_action, "green", dt.date(2010, 6, 1), "From the old tracker")
    late = f.make_update(own_action, "red", dt.date(2024, 6, 1), "Posted to the wrong plan")
    withdraw(late, users["manager"], "Wrong plan")
    page = login(users["viewer"]).get("/reports/quarterly/")
    years = [value for value, _label in page.context["form"].fields["year"].choices]
    assert years[0] == "2010/11" and years[-1] == f"{plan.end_year + 1}/{(plan.end_year + 2) % 100:02d}"
