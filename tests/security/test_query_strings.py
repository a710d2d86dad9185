"""Hostile query strings are never a 500 (L4) nor a 400: years outside the board's, page sizes below
one or in the millions, and invalid forms never used to build a link."""

import pytest
from django.test import Client
from django.urls import reverse

from .. import factories as f

MAX_PER_PAGE = 500  # lscb.paging.MAX_PER_PAGE, the largest page the README gives
YEARS = ["9999/00", "0001/02", "-5", "2015/17", "abc", "2015/16\x00", "1" * 400]


@pytest.fixture
def manager(users):
    client = Client(raise_request_exception=False)
    client.force_login(users["manager"])
    return client


@pytest.mark.parametrize("year", YEARS)
def test_year_pickers_answer_any_year(manager, own_action, board, year):
    agency = f.make_agency(board)
    urls = ["/reports/planner/", "/reports/planner/year/", "/subgroups/meetings/",
            "/subgroups/attendance/", f"/reports/agencies/{agency.pk}/", "/plans/indicators/",
            "/reports/quarterly/", "/reports/quarters/compare/"]
    for url in urls:
        # issue 16: a year (or quarter) not offered redirects to the nearest one offered
        response = manager.get(url, {"year": year, "quarter": "7", "a": year, "b": "x"},
                               follow=True)
        assert response.status_code == 200, (url, response.status_code)
        assert len(response.redirect_chain) <= 1, (url, response.redirect_chain)


@pytest.mark.parametrize("per_page", ["-1", "0", "abc", "99999999999999999999", "1e9", ""])
def test_actions_table_clamps_the_page_size(manager, theme, per_page):
    for n in range(3):
        f.make_action(theme, f"1.{n + 1}")
    response = manager.get("/actions/", {"per_page": per_page, "page": "-3"})
    assert response.status_code == 200
    page = response.context["table"].page
    assert 1 <= page.paginator.per_page <= MAX_PER_PAGE


def test_a_huge_page_size_is_held_to_the_maximum(manager, theme):
    response = manager.get("/actions/", {"per_page": "100000000"})
    assert response.context["table"].paginator.per_page == MAX_PER_PAGE


def test_an_export_with_a_hostile_page_size_has_every_row(manager, theme):
    for n in range(3):
        f.make_action(theme, f"1.{n + 1}")
    response = manager.get("/actions/", {"per_page": "-1", "_export": "csv", "sort": "-reference"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["1.3", "1.2", "1.1"]


def test_clearing_a_groups_name_short_name_and_address_shows_errors(manager, groups):
    group = groups["own"]
    response = manager.post(reverse("subgroups:edit", args=[group.slug]), {
        "name": "", "short_name": "", "slug": "", "kind": "standing",
        "functions-TOTAL_FORMS": "0", "functions-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    assert group.get_absolute_url() in response.content.decode()  # Cancel goes to the saved group


@pytest.mark.parametrize("year", ["9999", "1999", "0"])
def test_a_section_11_round_year_is_bounded(manager, year):
    from reporting.models import Section11Round

    response = manager.post(reverse("reporting:s11_new"), {"title": f"Round {year}", "year": year})
    assert response.status_code == 200 and not Section11Round.objects.exists()
