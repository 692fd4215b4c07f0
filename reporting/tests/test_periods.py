"""Pure date arithmetic of the deadlines (6.2, 6.3): every quarter, the year boundary."""

import datetime

import pytest

from reporting.periods import Quarter, days_word, quarterly_report_due, yearly_due


@pytest.mark.parametrize(
    ("quarter", "due"),
    [
        (1, datetime.date(2026, 4, 1)),
        (2, datetime.date(2026, 7, 1)),
        (3, datetime.date(2026, 10, 1)),
        (4, datetime.date(2027, 1, 1)),
    ],
)
def test_report_due_first_day_of_month_after_quarter(quarter, due):
    assert quarterly_report_due(Quarter(2026, quarter)) == due


def test_q4_report_is_due_on_first_january_of_next_year():
    assert quarterly_report_due(Quarter(2022, 4)) == datetime.date(2023, 1, 1)
    assert quarterly_report_due(Quarter(2099, 4)) == datetime.date(2100, 1, 1)


@pytest.mark.parametrize(
    ("quarter", "day", "months_after", "due"),
    [
        (4, 15, 1, datetime.date(2027, 1, 15)),
        (4, 10, 2, datetime.date(2027, 2, 10)),
        (1, 31, 1, datetime.date(2026, 4, 30)),  # April has 30 days: the last day
        (4, 31, 2, datetime.date(2027, 2, 28)),
        (3, 5, 0, datetime.date(2026, 9, 5)),
    ],
)
def test_report_due_follows_changed_rule(quarter, day, months_after, due):
    assert quarterly_report_due(Quarter(2026, quarter), day=day, months_after=months_after) == due


def test_self_assessment_deadlines():
    assert yearly_due(2026, month=11, day=20) == datetime.date(2026, 11, 20)
    assert yearly_due(2026, month=12, day=1) == datetime.date(2026, 12, 1)
    assert yearly_due(2027, month=2, day=30) == datetime.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 1), Quarter(2026, 1)),
        (datetime.date(2026, 3, 31), Quarter(2026, 1)),
        (datetime.date(2026, 4, 1), Quarter(2026, 2)),
        (datetime.date(2026, 9, 30), Quarter(2026, 3)),
        (datetime.date(2026, 12, 31), Quarter(2026, 4)),
    ],
)
def test_quarter_of_a_date(day, expected):
    assert Quarter.of(day) == expected


def test_quarter_bounds_labels_and_shifts():
    q = Quarter(2026, 4)
    assert (q.start, q.end) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert q.label == "IV квартал 2026 г."
    assert q.next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == q
    assert q.shift(-5) == Quarter(2025, 3)
    assert Quarter(2025, 3) < q
    with pytest.raises(ValueError, match="Квартал"):
        Quarter(2026, 5)


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1 день"), (3, "3 дня"), (5, "5 дней"), (11, "11 дней"), (21, "21 день"), (22, "22 дня")]
)
def test_days_word(n, text):
    assert days_word(n) == text
