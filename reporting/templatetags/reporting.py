"""Template helpers of the reporting pages."""

from __future__ import annotations

import datetime

from django import template

from lean_portal.formats import short_date

register = template.Library()


@register.filter
def isodate(value: str | None) -> str:
    """A snapshot's ISO date («2026-10-01») the Russian way: 01.10.2026."""
    if not value:
        return "—"
    try:
        return short_date(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)
