"""``|dmy`` renders what ``|date:"d.m.Y"`` renders."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template

UTC = datetime.UTC
VALUES = [
    datetime.date(2026, 3, 7),
    datetime.date(999, 12, 31),
    datetime.datetime(2026, 9, 30, 12, 0),  # naive
    datetime.datetime(2026, 9, 30, 18, 30, tzinfo=UTC),  # the next day in Novokuznetsk (UTC+7)
    datetime.datetime(2026, 12, 31, 23, 59, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow")),
    None,
    "",
    "не дата",
    0,
]


@pytest.mark.parametrize("value", VALUES)
def test_dmy_is_the_date_filter(value):
    fast = Template('{% load ru_dates %}{{ value|dmy }}|{{ value|dmy|default:"—" }}')
    slow = Template('{{ value|date:"d.m.Y" }}|{{ value|date:"d.m.Y"|default:"—" }}')
    context = Context({"value": value})
    assert fast.render(context) == slow.render(context)


def test_aware_datetimes_are_shown_in_the_current_time_zone():
    value = datetime.datetime(2026, 9, 30, 18, 30, tzinfo=UTC)
    assert Template("{% load ru_dates %}{{ value|dmy }}").render(Context({"value": value})) == "01.10.2026"
