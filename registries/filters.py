"""List filters of the registries; every choice list is limited to what the user may read."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from lean_portal.ordering import OrderingFilter
from lean_portal.search import normalise
from lean_portal.security import StrictFilterSet
from orgs.autocomplete import OrganisationChoiceFilter
from orgs.models import Employee, Organisation, Sphere
from registries.models import Contest, CultureDiagnostic, ModelSite, Suggestion, Survey, Training
from registries.selectors import year_choices

AUTHOR_SELECT_LIMIT = 300


def _years():
    return [(y, str(y)) for y in year_choices()]


class OrganisationScopedFilter(StrictFilterSet):
    """Sets the organisation (and employee) choices from the user's visible organisations.

    The organisation is chosen with the autocomplete widget (orgs.autocomplete): a plain
    ``<select>`` when the user sees few organisations, a search field when there are thousands
    (the office at region scale). The author is a ``<select>`` of employees only when there
    are at most ``AUTHOR_SELECT_LIMIT`` of them; otherwise it is typed (surname, or its start).
    """

    organisation = OrganisationChoiceFilter(
        label="Организация", queryset=Organisation.objects.none(), empty_label="Все организации"
    )

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user
        organisations = Organisation.objects.visible_to(user).order_by("short_name")
        self.filters["organisation"].queryset = organisations
        if "author" in self.filters:
            employees = (
                Employee.objects.filter(organisation__in=organisations)
                .select_related("organisation")
                .order_by("last_name", "first_name")
            )
            if len(employees[: AUTHOR_SELECT_LIMIT + 1]) <= AUTHOR_SELECT_LIMIT:
                self.filters["author"].queryset = employees
            else:
                self.filters["author"] = django_filters.CharFilter(
                    label="Автор (фамилия)", method=self.filter_author_name, field_name="authors"
                )

    def filter_author_name(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        links = Suggestion.authors.through.objects.filter(suggestion_id=OuterRef("pk"))
        if value.isdigit():
            return queryset.filter(Exists(links.filter(employee_id=int(value))))
        # ``search_text`` begins with the surname (е/ё and case alike, ``lean_portal.search``).
        return queryset.filter(Exists(links.filter(employee__search_text__startswith=normalise(value))))


class SuggestionFilter(OrganisationScopedFilter):
    q = django_filters.CharFilter(label="Поиск", method="search")
    state = django_filters.ChoiceFilter(label="Состояние", choices=Suggestion.State.choices, empty_label="Все")
    year = django_filters.ChoiceFilter(
        label="Год подачи", choices=_years, field_name="submitted_on__year", empty_label="Все годы"
    )
    implemented_year = django_filters.ChoiceFilter(
        label="Год внедрения", choices=_years, field_name="implemented_on__year", empty_label="Все годы"
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
        label="Год окончания", choices=_years, field_name="completed_on__year", empty_label="Все годы"
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


class ModelSiteFilter(OrganisationScopedFilter):
    q = django_filters.CharFilter(label="Поиск", method="search")
    sphere = django_filters.ModelChoiceFilter(
        label="Сфера (направление)", queryset=Sphere.objects.all(), empty_label="Все сферы"
    )
    year = django_filters.ChoiceFilter(
        label="Год проверки", choices=_years, field_name="audit_date__year", empty_label="Все годы"
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

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(auditor__icontains=value) | Q(result__icontains=value))


class SurveyFilter(OrganisationScopedFilter):
    q = django_filters.CharFilter(label="Поиск", method="search")
    method = django_filters.ChoiceFilter(label="Способ", choices=Survey.Method.choices, empty_label="Все способы")
    year = django_filters.ChoiceFilter(
        label="Год проведения", choices=_years, field_name="held_on__year", empty_label="Все годы"
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


class ContestFilter(OrganisationScopedFilter):
    organisation = django_filters.ModelChoiceFilter(
        label="Организатор", queryset=Organisation.objects.none(), empty_label="Все организаторы"
    )
    year = django_filters.ChoiceFilter(label="Год", choices=_years, empty_label="Все годы")
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


class DiagnosticFilter(OrganisationScopedFilter):
    year = django_filters.ChoiceFilter(label="Год", choices=_years, empty_label="Все годы")
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
