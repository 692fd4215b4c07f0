"""Reads every register shares: the year choices."""

from __future__ import annotations

from django.utils import timezone


def current_year() -> int:

    return timezone.localdate().year


def year_choices(start: int = 2022) -> list[int]:
    return list(range(max(current_year(), start) + 1, start - 1, -1))
