"""Filters of the self-diagnostics list."""

from __future__ import annotations

import django_filters

from lean_portal.ordering import OrderingFilter
from registries.filters.common import OrganisationScopedFilter, year_filter_choices
from registries.models import CultureDiagnostic


class DiagnosticFilter(OrganisationScopedFilter):
    year = django_filters.ChoiceFilter(label="Год", choices=year_filter_choices, empty_label="Все годы")
    o = OrderingFilter(
        label="Сортировка",
        fields=(("year", "year"), ("organisation__short_name", "organisation")),
        field_labels={
            "year": "Год",
            "organisation": "Организация",
        },
        empty_label="Сначала новые",
    )

    class Meta:
        model = CultureDiagnostic
        fields = ["organisation", "year"]
