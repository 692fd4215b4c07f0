"""Reads of contests: winners (the scoring library marks them)."""

from __future__ import annotations

from registries.models import (
    ContestEntry,
)

# --- Contests ----------------------------------------------------------------------------------


def winning_project_ids(year: int | None = None, project_ids=None) -> set[int]:
    """Projects that won a best-practice contest (of ``year`` when given; among ``project_ids``
    when given): one query."""
    entries = ContestEntry.objects.filter(is_winner=True, project__isnull=False)
    if year is not None:
        entries = entries.filter(contest__year=year)
    if project_ids is not None:
        entries = entries.filter(project_id__in=list(project_ids))
    return set(entries.values_list("project_id", flat=True))


def winning_suggestion_ids(year: int | None = None) -> set[int]:
    entries = ContestEntry.objects.filter(is_winner=True, suggestion__isnull=False)
    if year is not None:
        entries = entries.filter(contest__year=year)
    return set(entries.values_list("suggestion_id", flat=True))
