"""The bank's filters: one set for the page and the API (search, sphere, process, status, municipality, order)."""

from __future__ import annotations

import re

import django_filters
from django import forms

from lean_portal.search import SEPARATOR, normalise
from lean_portal.security import StrictFilterSet
from orgs.models import Municipality, Sphere
from projects.models import Goal, Project
from scoring.models import Assessment
from scoring.rubric import STATUS_CHOICES

SORTS = {
    "score": (("-total", "project_id"), "по баллу оценки"),
    "replications": (("-replication_count", "-total", "project_id"), "по числу тиражирований"),
    "new": (("-assessed_on", "-project_id"), "сначала новые"),
    "title": (("project__title", "project_id"), "по названию"),
}
DEFAULT_SORT = "score"


class SphereChoice(forms.ModelChoiceField):
    def label_from_instance(self, sphere: Sphere) -> str:
        return f"{sphere.name} ({sphere.municipality})" if sphere.municipality_id else sphere.name


class SphereFilter(django_filters.ModelChoiceFilter):
    field_class = SphereChoice


class PracticeFilter(StrictFilterSet):
    q = django_filters.CharFilter(label="Поиск по названию, процессу и целям", method="search")
    sphere = SphereFilter(
        label="Сфера деятельности",
        field_name="project__sphere",
        queryset=Sphere.objects.select_related("municipality").order_by("municipality__name", "position", "name"),
        empty_label="Все",
    )
    process = django_filters.CharFilter(label="Процесс", method="filter_process")
    status = django_filters.ChoiceFilter(label="Статус", field_name="status", choices=STATUS_CHOICES, empty_label="Все")
    municipality = django_filters.ModelChoiceFilter(
        label="Муниципальное образование",
        field_name="project__organisation__municipality",
        to_field_name="slug",
        queryset=Municipality.objects.all(),
        empty_label="Все",
    )
    sort = django_filters.ChoiceFilter(
        label="Порядок",
        choices=[(key, label) for key, (_, label) in SORTS.items()],
        empty_label=None,
        method="sort_by",
    )

    class Meta:
        model = Assessment
        fields = ["q", "sphere", "process", "status", "municipality", "sort"]

    def search(self, queryset, name, value):
        """Title and process (е/ё and case alike) or a goal's name: one id list the query semi-joins."""
        if not normalise(value):
            return queryset
        by_text = Project.objects.search(value).order_by().values("pk")
        by_goal = Goal.objects.search(value).order_by().values("project_id")
        return queryset.filter(project_id__in=by_text.union(by_goal))

    def filter_process(self, queryset, name, value):
        """The process only: the part of ``search_text`` after the title."""
        text = normalise(value)
        if not text:
            return queryset
        return queryset.filter(project__search_text__regex=re.escape(SEPARATOR) + ".*" + re.escape(text))

    def sort_by(self, queryset, name, value):
        return queryset  # applied last, in ``qs``: the default order needs it too

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        return queryset.order_by(*SORTS[sort or DEFAULT_SORT][0])
