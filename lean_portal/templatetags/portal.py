"""Template helpers shared by every app: Russian document dates, numbers, query strings."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template

register = template.Library()

MONTHS_GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip


def document_date(value: datetime.date | None) -> str:
    """«30» сентября 2022 г. — how Russian official documents write a date."""
    if value is None:
        return "«___» __________ ____ г."
    if isinstance(value, datetime.datetime):
        value = value.date()
    return f"«{value.day:02d}» {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


register.filter("document_date", document_date)


@register.filter
def number(value, digits: int = 2) -> str:
    """A number the Russian way: spaces between thousands, a comma, no trailing zeros."""
    if value is None or value == "":
        return "—"
    value = Decimal(value).quantize(Decimal(1).scaleb(-int(digits)))
    text = f"{value:,.{int(digits)}f}".replace(",", "\u00a0").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for sort links and pages)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
