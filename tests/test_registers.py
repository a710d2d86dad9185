"""Performance indicators and the risk register."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from plans.indicators import IMPROVED, SAME, WORSE, against_target, direction, indicator_rows
from plans.models import Indicator, IndicatorValue, Risk
from plans.risks import heat_map_svg
from plans.scoring import DEFAULT


@pytest.mark.parametrize("polarity, before, after, expected", [
    ("higher", D(50), D(60), IMPROVED), ("higher", D(60), D(50), WORSE),
    ("lower", D(60), D(50), IMPROVED), ("lower", D(50), D(60), WORSE),
    ("higher", D(5), D(5), SAME), ("lower", D(5), D(5), SAME),
    ("higher", None, D(5), None), ("lower", D(5), None, None),
])
def test_direction_of_travel(polarity, before, after, expected):
    assert direction(polarity, before, after) == expected


def test_rag_against_target():
    assert against_target("higher", D(95), D(90)) == "green"
    assert against_target("higher", D(85), D(90)) == "amber"
    assert against_target("higher", D(70), D(90)) == "red"
    assert against_target("lower", D(8), D(10)) == "green"
    assert against_target("lower", D(10.5), D(10)) == "amber"
    assert against_target(None, D(1), None) is None


def test_indicator_table_with_missing_quarters(board):
    ind = Indicator.objects.create(board=board, name="Re-referrals", unit="%", polarity="lower",
                                   target=D(20), previous_year_end=D(24))
    IndicatorValue.objects.create(indicator=ind, year=2015, quarter=1, value=D(23))
    IndicatorValue.objects.create(indicator=ind, year=2015, quarter=3, value=D(19))
    only_quarters = Indicator.objects.create(board=board, name="Visits", polarity="higher")
    IndicatorValue.objects.create(indicator=only_quarters, year=2015, quarter=2, value=D(10))
    IndicatorValue.objects.create(indicator=only_quarters, year=2015, quarter=4, value=D(8))
    rows = {r.indicator.name: r for r in indicator_rows(board, 2015)}
    assert rows["Re-referrals"].quarters == [D(23), None, D(19), None]
    assert rows["Re-referrals"].direction == IMPROVED and rows["Re-referrals"].rag == "green"
    assert len(rows["Re-referrals"].trend) == 3
    assert rows["Visits"].direction == WORSE and rows["Visits"].rag is None


def test_indicator_pages_and_values(login, users, board):
    client = login(users["manager"])
    client.post(reverse("plans:indicator_new"), {"name": "CP plans over 2 years", "unit": "%",
                                                 "polarity": "lower", "target": "5", "order": 0})
    ind = Indicator.objects.get()
    url = reverse("plans:indicator_values", args=[ind.pk]) + "?year=2015/16"
    response = client.post(url, {"q1": "6.5", "q2": "", "q3": "4", "q4": "abc"})
    assert "Enter a number" in response.content.decode()
    assert not IndicatorValue.objects.exists()  # nothing half-written
    client.post(url, {"q1": "6.5", "q3": "4"})
    assert list(ind.values.values_list("quarter", "value")) == [(1, D("6.5")), (3, D("4"))]
    page = login(users["viewer"]).get("/plans/indicators/?year=2015/16").content.decode()
    assert "CP plans over 2 years" in page and "6.5%" in page and "<polyline" in page
    assert login(users["chair"]).post(url, {"q1": "1"}).status_code == 403


@pytest.fixture
def risk(board):
    return Risk.objects.create(
        board=board, theme="Partnership", reference="R1", description="Partners disengage",
        inherent_likelihood=4, inherent_impact=4, residual_likelihood=3, residual_impact=3,
        review_date=dt.date(2015, 1, 1))


def test_risk_register_heat_map_and_overdue_review(login, users, risk):
    page = login(users["viewer"]).get("/plans/risks/").content.decode()
    assert "4×4 = 16 (High)" in page and "3×3 = 9 (Medium)" in page
    assert "Review overdue" in page and "<svg" in page
    svg = heat_map_svg([risk], DEFAULT)
    assert "Likelihood 3, impact 3: score 9 (Medium): R1" in svg


def test_rating_changes_are_kept(login, users, risk):
    client = login(users["manager"])
    data = {"theme": "Partnership", "reference": "R1", "description": "Partners disengage",
            "inherent_likelihood": 4, "inherent_impact": 4, "residual_likelihood": 2,
            "residual_impact": 3, "status": "open"}
    assert client.post(reverse("plans:risk_edit", args=[risk.pk]), data).status_code == 302
    page = client.get(reverse("plans:risk", args=[risk.pk])).content.decode()
    assert "Residual likelihood: 3 → 2" in page and "by manager" in page
    bad = dict(data, residual_impact=9)
    assert "less than or equal to 5" in client.post(
        reverse("plans:risk_edit", args=[risk.pk]), bad).content.decode()
    assert login(users["chair"]).get(reverse("plans:risk_edit", args=[risk.pk])).status_code == 403
    assert login(users["outsider"]).get(reverse("plans:risk", args=[risk.pk])).status_code == 404
