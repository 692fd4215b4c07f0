"""Filters of the model site list."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from lean_portal.ordering import OrderingFilter
from orgs.models import Sphere
from registries.filters.common import OrganisationScopedFilter, year_filter_choices
from registries.models import ModelSite


class ModelSiteFilter(OrganisationScopedFilter):
    q = django_filters.CharFilter(label="Поиск", method="search")
    sphere = django_filters.ModelChoiceFilter(
        label="Сфера (направление)", queryset=Sphere.objects.all(), empty_label="Все сферы"
    )
    year = django_filters.ChoiceFilter(
        label="Год проверки", choices=year_filter_choices, field_name="audit_date__year", empty_label="Все годы"
    )
    o = OrderingFilter(
        label="Сортировка",
        fields=(("audit_date", "audit_date"), ("organisation__short_name", "organisation")),
        field_labels={
            "audit_date": "Дата проверки",
            "organisation": "Организация",
        },
        empty_label="Сначала новые",
    )

    class Meta:
        model = ModelSite
        fields = ["q", "organisation", "sphere", "year"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # The regional list and the user's municipality's own spheres.
        self.filters["sphere"].queryset = Sphere.objects.available_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(auditor__icontains=value) | Q(result__icontains=value))
