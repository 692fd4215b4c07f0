"""Filters of the contest list."""

from __future__ import annotations

import django_filters

from lean_portal.ordering import OrderingFilter
from orgs.models import Organisation
from registries.filters.common import OrganisationScopedFilter, year_filter_choices
from registries.models import Contest


class ContestFilter(OrganisationScopedFilter):
    organisation = django_filters.ModelChoiceFilter(
        label="Организатор", queryset=Organisation.objects.none(), empty_label="Все организаторы"
    )
    year = django_filters.ChoiceFilter(label="Год", choices=year_filter_choices, empty_label="Все годы")
    o = OrderingFilter(
        label="Сортировка",
        fields=(("held_on", "held_on"), ("title", "title")),
        field_labels={
            "held_on": "Дата итогов",
            "title": "Название",
        },
        empty_label="Сначала новые",
    )

    class Meta:
        model = Contest
        fields = ["organisation", "year"]
