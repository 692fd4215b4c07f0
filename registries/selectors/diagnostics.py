"""Reads of culture self-diagnostics: the table of ratings by year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from lean_portal.formats import round_half_up
from orgs.models import Organisation
from registries.models import (
    CultureDiagnostic,
    DiagnosticRating,
    DiagnosticStatement,
)

# --- Culture self-diagnostics: years × statements ---------------------------------------------------


@dataclass
class DiagnosticsTable:
    years: list[int]
    diagnostics: list[CultureDiagnostic]
    rows: list[tuple[DiagnosticStatement, list[Decimal | None]]]
    averages: list[Decimal | None]


def diagnostics_table(organisation: Organisation) -> DiagnosticsTable:
    """An organisation's self-diagnostics, year over year: three queries."""
    diagnostics = list(CultureDiagnostic.objects.filter(organisation=organisation).order_by("year"))
    years = [d.year for d in diagnostics]
    scores: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in DiagnosticRating.objects.filter(diagnostic__organisation=organisation).values(
        "statement_id", "diagnostic__year", "score"
    ):
        scores[row["statement_id"]][row["diagnostic__year"]] = row["score"]
    offered = DiagnosticStatement.objects.of_municipality(organisation.municipality_id)
    statements = DiagnosticStatement.objects.filter(
        Q(pk__in=offered.filter(is_active=True)) | Q(pk__in=list(scores))
    ).order_by("position", "id")
    rows = [(s, [scores[s.pk].get(y) for y in years]) for s in statements]
    averages = []
    for index in range(len(years)):
        values = [r[1][index] for r in rows if r[1][index] is not None]
        averages.append(round_half_up(sum(values) / len(values), 1) if values else None)
    return DiagnosticsTable(years, diagnostics, rows, averages)
