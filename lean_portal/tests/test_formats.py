"""One formatting module (lean_portal.formats) with one rounding rule, half up, everywhere."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from lean_portal.formats import document_date, number, percent, round_half_up, short_date
from plan.indicators import Value
from plan.templatetags.plan_tags import figure
from registries.selectors.surveys import QuestionResult
from reporting.charts import goal_chart_svg


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("2.45"), 1, Decimal("2.5")),  # half-even would give 2.4
        (Decimal("2.35"), 1, Decimal("2.4")),
        (Decimal("0.125"), 2, Decimal("0.13")),  # half-even: 0.12
        (Decimal("-2.45"), 1, Decimal("-2.5")),  # away from zero
        (2.675, 2, Decimal("2.68")),  # the float as written, not 2.67499999…
        (7, 1, Decimal("7.0")),
    ],
)
def test_round_half_up(value, places, expected):
    assert round_half_up(value, places) == expected


def test_number_the_russian_way_rounded_half_up():
    assert number(Decimal("1234567.125")) == "1\u00a0234\u00a0567,13"
    assert number(Decimal("12.50")) == "12,5"
    assert number(Decimal("3.00")) == "3"
    assert number(Decimal("6.25"), 1) == "6,3"
    assert number(None) == "—"
    assert number("") == "—"


def test_template_filter_and_python_agree():
    rendered = Template("{% load portal %}{{ v|number:1 }}|{{ d|document_date }}").render(
        Context({"v": Decimal("0.45"), "d": datetime.date(2022, 9, 30)})
    )
    assert rendered == "0,5|«30» сентября 2022 г."
    assert document_date(None) == "«___» __________ ____ г."


def test_short_date_is_what_the_date_filter_writes():
    day = datetime.date(2026, 1, 5)
    assert short_date(day) == Template('{{ d|date:"d.m.Y" }}').render(Context({"d": day})) == "05.01.2026"


def test_plan_shares_survey_averages_and_charts_round_the_same_way():
    # 1 of 16 = 6.25 %: half up 6.3 (half-even would show 6.2).
    assert percent(1, 16) == Decimal("6.3")
    assert Value(numerator=1, denominator=16).value == Decimal("6.3")
    assert figure(Value(numerator=1, denominator=16).value, True) == "6,3\u00a0%"
    # Answers 1+2+2+2+2+2+2+2 = 15 of 8: 1.875 → 1.88.
    assert QuestionResult(question=None, answers=8, total=15).average == Decimal("1.88")
    svg = goal_chart_svg(name="Цель", unit="шт.", current=Decimal("0.125"), target=Decimal("2.125"), actuals=[])
    assert "2,13" in svg
