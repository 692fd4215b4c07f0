"""Reads of suggestions: counts by organisation and state."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear

from orgs.models import Organisation
from registries.models import (
    Suggestion,
)

# --- Suggestions: counts per organisation and year ------------------------------------------------


@dataclass
class CountRow:
    organisation: str
    organisation_id: int
    cells: list[tuple[int, int]]  # (submitted, implemented) per year
    submitted: int = 0
    implemented: int = 0


def suggestion_counts(queryset) -> tuple[list[int], list[CountRow]]:
    """Suggestions submitted (by ``submitted_on``) and implemented (by ``implemented_on``), org × year.

    Two aggregate queries over the suggestions alone (grouped by organisation id and year, as
    tuples) and one for the organisations' names, whatever the data.
    """
    submitted = (
        queryset.annotate(y=ExtractYear("submitted_on"))
        .values_list("organisation_id", "y")
        .annotate(n=Count("id"))
        .order_by()
    )
    implemented = (
        queryset.filter(state=Suggestion.State.IMPLEMENTED, implemented_on__isnull=False)
        .annotate(y=ExtractYear("implemented_on"))
        .values_list("organisation_id", "y")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, tuple[dict[int, int], dict[int, int]]] = {}
    years: set[int] = set()
    for index, rows in ((0, submitted), (1, implemented)):
        for organisation_id, year, n in rows:
            years.add(year)
            counts.setdefault(organisation_id, ({}, {}))[index][year] = n
    names = dict(Organisation.objects.filter(pk__in=list(counts)).values_list("pk", "short_name"))
    years_sorted = sorted(years)
    result = []
    for org_id in sorted(counts, key=lambda pk: (names.get(pk, ""), pk)):
        by_submitted, by_implemented = counts[org_id]
        cells = [(by_submitted.get(y, 0), by_implemented.get(y, 0)) for y in years_sorted]
        result.append(
            CountRow(
                organisation=names.get(org_id, ""),
                organisation_id=org_id,
                cells=cells,
                submitted=sum(by_submitted.values()),
                implemented=sum(by_implemented.values()),
            )
        )
    return years_sorted, result


# --- Recognition (5.2.3) -------------------------------------------------------------------------


def count_by(queryset, group_field: str):
    return Coalesce(
        Subquery(queryset.values(group_field).annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()),
        Value(0),
    )
