"""Filters of the survey list."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from lean_portal.ordering import OrderingFilter
from registries.filters.common import OrganisationScopedFilter, year_filter_choices
from registries.models import Survey


class SurveyFilter(OrganisationScopedFilter):
    q = django_filters.CharFilter(label="Поиск", method="search")
    method = django_filters.ChoiceFilter(label="Способ", choices=Survey.Method.choices, empty_label="Все способы")
    year = django_filters.ChoiceFilter(
        label="Год проведения", choices=year_filter_choices, field_name="held_on__year", empty_label="Все годы"
    )
    o = OrderingFilter(
        label="Сортировка",
        fields=(("held_on", "held_on"), ("organisation__short_name", "organisation")),
        field_labels={
            "held_on": "Дата проведения",
            "organisation": "Организация",
        },
        empty_label="Сначала новые",
    )

    class Meta:
        model = Survey
        fields = ["q", "organisation", "method", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(service__icontains=value))
