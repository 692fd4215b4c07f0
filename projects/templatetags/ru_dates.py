"""``{{ value|dmy }}``: ``{{ value|date:"d.m.Y" }}`` without Django's format machinery.

The ``date`` filter looks its format up among the locale's formats and builds a ``DateFormat`` for
every value, many times on a page of the status table; an f-string makes the same text for much
less (bench/README.md). Like ``date``, the filter receives aware datetimes in the current time
zone (``expects_localtime``); anything that is not a date goes to ``date`` itself."""

from __future__ import annotations

import datetime

from django import template
from django.template.defaultfilters import date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def dmy(value) -> str:
    if isinstance(value, datetime.date):  # datetimes too
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    return date(value, "d.m.Y")
