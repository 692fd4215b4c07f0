"""Filters of the suggestion list."""

from __future__ import annotations

import django_filters

from lean_portal.ordering import OrderingFilter
from orgs.models import Employee
from registries.filters.common import OrganisationScopedFilter, year_filter_choices
from registries.models import Suggestion


class SuggestionFilter(OrganisationScopedFilter):
    q = django_filters.CharFilter(label="Поиск", method="search")
    state = django_filters.ChoiceFilter(label="Состояние", choices=Suggestion.State.choices, empty_label="Все")
    year = django_filters.ChoiceFilter(
        label="Год подачи", choices=year_filter_choices, field_name="submitted_on__year", empty_label="Все годы"
    )
    implemented_year = django_filters.ChoiceFilter(
        label="Год внедрения", choices=year_filter_choices, field_name="implemented_on__year", empty_label="Все годы"
    )
    author = django_filters.ModelChoiceFilter(
        label="Автор", queryset=Employee.objects.none(), field_name="authors", empty_label="Все авторы"
    )
    o = OrderingFilter(
        label="Сортировка",
        fields=(
            ("submitted_on", "submitted_on"),
            ("implemented_on", "implemented_on"),
            ("organisation__short_name", "organisation"),
            ("state", "state"),
        ),
        field_labels={
            "submitted_on": "Дата подачи",
            "implemented_on": "Дата внедрения",
            "organisation": "Организация",
            "state": "Состояние",
        },
        empty_label="Сначала новые",
    )

    class Meta:
        model = Suggestion
        fields = ["q", "organisation", "state", "year", "implemented_year", "author"]

    def search(self, queryset, name, value):
        return queryset.search(value)
