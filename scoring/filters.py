"""List filters of scoring: every choice limited to what the user may read."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from lean_portal.ordering import OrderingFilter
from lean_portal.security import StrictFilterSet, YearFilter
from orgs.models import Sphere
from scoring.models import Assessment
from scoring.rubric import STATUS_CHOICES

NOT_LEAN = "not_lean"


class RankingFilter(StrictFilterSet):
    """Filters of the ranking of assessed projects (official assessments)."""

    q = django_filters.CharFilter(label="Поиск", method="search")
    status = django_filters.ChoiceFilter(
        label="Статус",
        choices=[*STATUS_CHOICES, (NOT_LEAN, "Не признан бережливым")],
        method="filter_status",
        empty_label="Все",
    )
    sphere = django_filters.ModelChoiceFilter(
        label="Сфера деятельности", field_name="project__sphere", queryset=Sphere.objects.all(), empty_label="Все"
    )
    year = YearFilter(label="Год оценки", field_name="assessed_on", lookup_expr="year")
    replicability = django_filters.ChoiceFilter(
        label="Тиражирование",
        choices=[("6.1", "6.1 — и в организациях другого профиля"), ("6.2", "6.2 — по профилю организации")],
        method="filter_replicability",
        empty_label="Все",
    )
    o = OrderingFilter(
        label="Сортировка",
        fields=(("total", "total"), ("assessed_on", "assessed_on"), ("project__title", "title")),
        field_labels={"total": "Балл", "assessed_on": "Дата оценки", "title": "Проект"},
        empty_label="По умолчанию: балл (по убыванию)",
    )

    class Meta:
        model = Assessment
        fields = ["q", "status", "sphere", "year", "replicability"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The regional list and the user's municipality's own spheres.
        self.filters["sphere"].queryset = Sphere.objects.available_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(project__title__icontains=value)
            | Q(project__organisation__short_name__icontains=value)
            | Q(project__process__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        if value == NOT_LEAN:
            return queryset.filter(is_lean=False)
        return queryset.filter(status=value)

    def filter_replicability(self, queryset, name, value):
        return queryset.filter(pk__in=Assessment.objects.filter(criteria__indicators__code=value).values("pk"))
