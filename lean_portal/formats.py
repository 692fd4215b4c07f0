"""Numbers and dates the Russian way, and the one rounding rule of the portal's figures.

Every figure the portal shows or exports is rounded here, half up (2,45 → 2,5): the rule people
expect in official figures. Templates use the same functions through ``{% load portal %}``
(``|number``, ``|document_date``); a plain date is ``|date:"d.m.Y"`` in a template and
``short_date`` in Python.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

MONTHS_GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip


def round_half_up(value, places: int) -> Decimal:
    """``value`` rounded to ``places`` digits after the comma, halves away from zero."""
    if isinstance(value, float):
        value = str(value)  # the decimal the float was written as, not its binary expansion
    return Decimal(value).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def percent(part, whole, places: int = 1) -> Decimal:
    """``part`` of ``whole`` in per cent, rounded half up (``whole`` must not be 0)."""
    return round_half_up(Decimal(part) * 100 / Decimal(whole), places)


def number(value, digits: int = 2) -> str:
    """A number the Russian way: spaces between thousands, a comma, no trailing zeros; «—» for none."""
    if value is None or value == "":
        return "—"
    digits = int(digits)
    text = f"{round_half_up(value, digits):,.{digits}f}".replace(",", "\u00a0").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def short_date(value: datetime.date) -> str:
    """01.10.2026 — what ``|date:"d.m.Y"`` writes."""
    return value.strftime("%d.%m.%Y")


def document_date(value: datetime.date | None) -> str:
    """«30» сентября 2022 г. — how Russian official documents write a date."""
    if value is None:
        return "«___» __________ ____ г."
    if isinstance(value, datetime.datetime):
        value = value.date()
    return f"«{value.day:02d}» {MONTHS_GENITIVE[value.month - 1]} {value.year} г."
