"""Filters of the training list."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from lean_portal.ordering import OrderingFilter
from lean_portal.search import normalise
from orgs.autocomplete import OrganisationChoiceFilter
from orgs.models import Organisation
from registries.filters.common import OrganisationScopedFilter, year_filter_choices
from registries.models import Training


class TrainingFilter(OrganisationScopedFilter):
    organisation = OrganisationChoiceFilter(
        label="Организация",
        queryset=Organisation.objects.none(),
        field_name="employee__organisation",
        empty_label="Все организации",
    )
    q = django_filters.CharFilter(label="Сотрудник", method="search")
    kind = django_filters.ChoiceFilter(label="Вид обучения", choices=Training.Kind.choices, empty_label="Все виды")
    year = django_filters.ChoiceFilter(
        label="Год окончания", choices=year_filter_choices, field_name="completed_on__year", empty_label="Все годы"
    )
    completed = django_filters.BooleanFilter(
        label="Завершено",
        field_name="completed_on",
        lookup_expr="isnull",
        exclude=True,
        widget=django_filters.widgets.BooleanWidget,
    )
    o = OrderingFilter(
        label="Сортировка",
        fields=(("started_on", "started_on"), ("completed_on", "completed_on"), ("employee__last_name", "employee")),
        field_labels={
            "started_on": "Дата начала",
            "completed_on": "Дата окончания",
            "employee": "Сотрудник",
        },
        empty_label="Сначала новые",
    )

    class Meta:
        model = Training
        fields = ["q", "organisation", "kind", "year"]

    def search(self, queryset, name, value):
        # The employee's name (е/ё and case alike, ``lean_portal.search``) or the training's organiser.
        text = normalise(value)
        if not text:
            return queryset
        return queryset.filter(Q(employee__search_text__contains=text) | Q(provider__icontains=value.strip()))
