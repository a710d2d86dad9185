import datetime as dt

import pytest

from lscb.fiscal import Quarter, day_label, financial_year_of, month_label, parse_year_label, year_label


@pytest.mark.parametrize(
    "day, year, quarter",
    [
        (dt.date(2016, 3, 31), 2015, 4),
        (dt.date(2016, 4, 1), 2016, 1),
        (dt.date(2015, 6, 30), 2015, 1),
        (dt.date(2015, 7, 1), 2015, 2),
        (dt.date(2015, 9, 30), 2015, 2),
        (dt.date(2015, 10, 1), 2015, 3),
        (dt.date(2015, 12, 31), 2015, 3),
        (dt.date(2016, 1, 1), 2015, 4),
        (dt.date(2016, 2, 29), 2015, 4),
        (dt.date(1999, 12, 31), 1999, 3),
        (dt.date(2000, 1, 1), 1999, 4),
    ],
)
def test_quarter_of_date(day, year, quarter):
    assert Quarter.of(day) == Quarter(year, quarter)
    assert financial_year_of(day) == year


def test_quarter_ranges_cover_the_year_without_gaps():
    q = Quarter(2015, 1)
    assert (q.start, q.end) == (dt.date(2015, 4, 1), dt.date(2015, 6, 30))
    days = 0
    for _ in range(4):
        assert q.next().start - q.end == dt.timedelta(days=1)
        days += (q.end - q.start).days + 1
        q = q.next()
    assert days == 366  # 2015/16 holds 29 February 2016
    assert Quarter(2015, 4).end == dt.date(2016, 3, 31)
    assert Quarter(2016, 4).start == dt.date(2017, 1, 1)


def test_quarter_navigation_crosses_year_ends():
    assert Quarter(2015, 4).next() == Quarter(2016, 1)
    assert Quarter(2016, 1).previous() == Quarter(2015, 4)
    assert str(Quarter(2015, 2)) == "Q2 2015/16"
    assert Quarter(2015, 3).months_label == "October–December 2015"


def test_quarter_number_is_validated():
    with pytest.raises(ValueError):
        Quarter(2015, 5)


def test_year_labels():
    assert year_label(2015) == "2015/16"
    assert year_label(1999) == "1999/00"
    assert year_label(2099) == "2099/00"
    assert parse_year_label("2015/16") == 2015
    assert parse_year_label("2015-16") == 2015
    assert parse_year_label("2015/2016") == 2015
    assert parse_year_label("1999/00") == 1999
    with pytest.raises(ValueError):
        parse_year_label("2015/17")
    with pytest.raises(ValueError):
        parse_year_label("Q2")


def test_date_labels():
    assert month_label(dt.date(2015, 12, 31)) == "December 2015"
    assert day_label(dt.date(2015, 7, 1)) == "1 July 2015"
