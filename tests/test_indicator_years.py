"""Issue 16 item 4: indicators across years: per-year target, previous year-end and
polarity, units, commentaries, direction of travel, the trend chart, validation."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from lscb.fiscal import Quarter
from plans.indicators import (
    IMPROVED,
    WORSE,
    indicator_history,
    indicator_rows,
    scorecard,
    trend_chart,
)
from plans.models import Indicator, IndicatorValue, IndicatorYear


def values(indicator, year, *figures):
    for q, value in enumerate(figures, start=1):
        if value is not None:
            IndicatorValue.objects.create(indicator=indicator, year=year, quarter=q,
                                          value=D(str(value)))


@pytest.fixture
def rereferrals(board):
    ind = Indicator.objects.create(board=board, name="Re-referrals", unit="%", polarity="lower",
                                   target=D(20), previous_year_end=D(24))
    values(ind, 2015, 23, 22, 21, 19)
    values(ind, 2016, 18, 20, None, None)
    return ind


def test_a_unit_written_as_percent_is_a_percentage(rereferrals):
    assert rereferrals.measure == Indicator.Measure.PERCENT
    assert rereferrals.display_unit == "%"
    money = Indicator.objects.create(board=rereferrals.board, name="Budget", unit="£")
    assert money.measure == "money" and money.display_unit == "£"
    rate = Indicator.objects.create(board=rereferrals.board, name="CP rate", unit="per 10,000")
    assert rate.measure == "number" and rate.display_unit == "per 10,000"


def test_previous_year_end_follows_the_year_before(rereferrals):
    """The standing previous year-end is for the first year only: 2016/17 starts from
    2015/16's Q4 (19), not the standing 24."""
    rows = {r.indicator.name: r for r in indicator_rows(rereferrals.board, 2016)}
    assert rows["Re-referrals"].previous_year_end == D(19)
    assert {r.indicator.name: r for r in indicator_rows(rereferrals.board, 2015)}[
        "Re-referrals"].previous_year_end == D(24)
    IndicatorYear.objects.create(indicator=rereferrals, year=2016, previous_year_end=D(18.5),
                                 target=D(15), polarity="higher")
    row = {r.indicator.name: r for r in indicator_rows(rereferrals.board, 2016)}["Re-referrals"]
    assert row.previous_year_end == D("18.5") and row.target == D(15)
    assert row.polarity_label == "Higher is better" and row.direction == IMPROVED
    assert {r.indicator.name: r for r in indicator_rows(rereferrals.board, 2015)}[
        "Re-referrals"].target == D(20)  # the other year keeps the standing target


def test_direction_against_previous_quarter_and_same_quarter_last_year(rereferrals):
    card = {f.indicator.name: f for f in scorecard(rereferrals.board, Quarter(2016, 2))}
    figure = card["Re-referrals"]
    assert figure.value == D(20) and figure.unit == "%" and figure.target == D(20)
    assert figure.previous_quarter == D(18) and figure.against_previous_quarter == WORSE
    assert figure.same_quarter_last_year == D(22) and figure.against_last_year == IMPROVED
    assert figure.rag == "green"
    first = indicator_history(rereferrals).figure(Quarter(2016, 1))
    assert first.previous_quarter == D(19)  # Q1 compares with the year before's Q4


def test_trend_chart_has_every_quarter_and_the_target_line(rereferrals):
    svg = trend_chart(indicator_history(rereferrals))
    assert svg.startswith("<svg") and 'stroke-dasharray="6 4"' in svg
    assert "Q1 2015/16: 23%" in svg and "Q2 2016/17: 20%" in svg
    assert svg.count("<circle") == 6
    assert trend_chart(indicator_history(Indicator.objects.create(
        board=rereferrals.board, name="Empty"))) == ""


def test_indicator_page_shows_years_commentary_and_chart(login, users, rereferrals):
    IndicatorValue.objects.filter(indicator=rereferrals, year=2016, quarter=2).update(
        commentary="A <b>spike</b> after the MASH launch")
    page = login(users["viewer"]).get(reverse("plans:indicator", args=[rereferrals.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text and "2016/17: target 20%, end of the year before 19%" in text
    assert "A &lt;b&gt;spike&lt;/b&gt; after the MASH launch" in text
    listing = login(users["viewer"]).get("/plans/indicators/?year=2016/17").content.decode()
    assert "Q2:</strong> A &lt;b&gt;spike" in listing
    assert login(users["outsider"]).get(
        reverse("plans:indicator", args=[rereferrals.pk])).status_code == 404


@pytest.mark.parametrize("field, value, error", [
    ("q1", "101", "A percentage lies between 0 and 100"),
    ("q2", "-50", "A percentage lies between 0 and 100"),
    ("target", "99999", "A percentage lies between 0 and 100"),
])
def test_percentages_outside_0_to_100_are_refused(login, users, rereferrals, field, value, error):
    client = login(users["manager"])
    url = reverse("plans:indicator_values", args=[rereferrals.pk]) + "?year=2017/18"
    response = client.post(url, {field: value})
    assert error in response.context["form"].errors[field][0]
    assert not IndicatorValue.objects.filter(year=2017).exists()
    rereferrals.allow_beyond_range = True
    rereferrals.save()
    assert client.post(url, {field: value}).status_code == 302


def test_counts_cannot_be_negative_and_commentary_needs_a_figure(login, users, board):
    visits = Indicator.objects.create(board=board, name="Visits", measure="number")
    client = login(users["manager"])
    url = reverse("plans:indicator_values", args=[visits.pk]) + "?year=2015/16"
    response = client.post(url, {"q1": "-1", "commentary_2": "Why it fell"})
    errors = response.context["form"].errors
    assert errors["q1"] == ["A count cannot be below 0."]
    assert errors["q2"] == ["Give the figure the commentary is about."]
    assert client.post(url, {"q1": "12", "commentary_1": "Two new visitors", "polarity": "lower",
                             "target": "10"}).status_code == 302
    saved = visits.values.get()
    assert saved.commentary == "Two new visitors"
    assert visits.years.get(year=2015).polarity == "lower"
    response = client.post(reverse("plans:indicator_edit", args=[visits.pk]), {
        "name": "Visits", "measure": "percent", "polarity": "higher", "target": "150",
        "order": 0})
    assert "A percentage lies between 0 and 100" in response.context["form"].errors["target"][0]
