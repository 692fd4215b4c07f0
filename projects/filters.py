"""The registry's filters (django-filter): organisation, kind, sphere, state, year, stage,
replication, overdue stages, text search and sorting."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from lean_portal.ordering import OrderingFilter
from lean_portal.security import StrictFilterSet
from orgs.autocomplete import OrganisationChoiceFilter
from orgs.models import Organisation, Sphere
from projects.models import STAGES, Goal, Project
from projects.selectors import overdue_q

YES_NO = [("yes", "Да"), ("no", "Нет")]
# Django's option template with its attributes' include written in (projects/templates/).
OPTION_TEMPLATE = "projects/widgets/select_option.html"


class RegistryFilterForm(forms.Form):
    """Bootstrap classes on the widgets, so that the registry renders its fields in its own
    markup (templates/projects/registry.html) with Django's widget templates; an option is one
    template, not two."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"
            if is_select:
                field.widget.option_template_name = OPTION_TEMPLATE

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class ProjectFilter(StrictFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="search", help_text="Название, процесс или цель")
    # Up to 6,000 organisations for the office: chosen by search, not listed (orgs/autocomplete.py).
    organisation = OrganisationChoiceFilter(
        label="Организация", queryset=Organisation.objects.none(), empty_label="Все организации"
    )
    kind = django_filters.ChoiceFilter(label="Вид проекта", choices=Project.Kind.choices, empty_label="Все виды")
    sphere = django_filters.ModelChoiceFilter(
        label="Сфера деятельности", queryset=Sphere.objects.all(), empty_label="Все сферы"
    )
    state = django_filters.ChoiceFilter(label="Состояние", choices=Project.State.choices, empty_label="Все состояния")
    year = django_filters.NumberFilter(label="Год начала", method="filter_year", min_value=2015, max_value=2100)
    stage = django_filters.ChoiceFilter(
        label="Этап по графику",
        choices=[(str(n), f"{n}. {name}") for n, name, _ in STAGES],
        method="filter_stage",
        empty_label="Любой этап",
    )
    replicated = django_filters.ChoiceFilter(
        label="Тиражированный", choices=YES_NO, method="filter_replicated", empty_label="Все"
    )
    overdue = django_filters.ChoiceFilter(
        label="Просроченный этап", choices=YES_NO, method="filter_overdue", empty_label="Все"
    )
    o = OrderingFilter(
        label="Сортировка",
        fields=(
            ("title", "title"),
            ("organisation__short_name", "organisation"),
            ("state", "state"),
            ("stage1_date", "start"),
            ("planned_stage_no", "stage"),
            ("created_at", "created"),
        ),
        field_labels={
            "title": "Название",
            "organisation__short_name": "Организация",
            "state": "Состояние",
            "stage1_date": "Дата начала",
            "planned_stage_no": "Этап",
            "created_at": "Дата создания",
        },
        empty_label="Сначала новые",
    )

    class Meta:
        model = Project
        form = RegistryFilterForm
        fields = ["q", "organisation", "kind", "sphere", "state", "year", "stage", "replicated", "overdue"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organisation"].queryset = Organisation.objects.visible_to(user).order_by("short_name")
        self.filters["sphere"].queryset = Sphere.objects.available_to(user)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # One id list (a UNION) the outer query semi-joins: on PostgreSQL each arm is a bitmap scan of
        # a trigram index on ``search_text`` (е/ё and case alike, ``lean_portal.search``), where
        # ``OR EXISTS(... LIMIT 1)`` ran a subquery for each of 60,000 projects.
        by_text = Project.objects.search(value)
        by_goal = Goal.objects.search(value)
        return queryset.filter(pk__in=by_text.order_by().values("pk").union(by_goal.order_by().values("project_id")))

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(approval_date__year=year) | Q(approval_date__isnull=True, stage1_date__year=year))

    def filter_stage(self, queryset, name, value):
        return queryset.filter(planned_stage_no=int(value))

    def filter_replicated(self, queryset, name, value):
        replicated = Q(replicates__isnull=False) | ~Q(replicates_source="")
        return queryset.filter(replicated) if value == "yes" else queryset.exclude(replicated)

    def filter_overdue(self, queryset, name, value):
        q = overdue_q(timezone.localdate())
        return queryset.filter(q) if value == "yes" else queryset.exclude(q)
