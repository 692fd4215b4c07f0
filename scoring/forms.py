"""The assessment form: built from the rubric version, one block per criterion."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q

from lean_portal.security import StrictFilterSet, YearFilter
from orgs.models import Sphere
from scoring.models import Assessment
from scoring.rubric import STATUS_CHOICES, Rubric, normalise_choices

NOT_LEAN = "not_lean"


def criterion_field(code: str) -> str:
    return f"criterion_{code}"


def justification_field(code: str) -> str:
    return f"justification_{code}"


class AssessmentForm(forms.Form):
    """Checkboxes where several indicators may hold, radio buttons where levels exclude each other."""

    def __init__(self, rubric: Rubric, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for criterion in rubric.criteria:
            choices = [(i.code, f"{i.code}. {i.text}") for i in criterion.indicators]
            label = f"{criterion.code}. {criterion.name}"
            if criterion.multiple:
                field = forms.MultipleChoiceField(
                    label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)
            self.fields[criterion_field(criterion.code)] = field
            self.fields[justification_field(criterion.code)] = forms.CharField(
                label=f"Обоснование по критерию {criterion.code}",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        cleaned = super().clean()
        for criterion in self.rubric.criteria:
            name = criterion_field(criterion.code)
            if name not in cleaned:
                continue
            try:
                normalise_choices({criterion.code: cleaned[name]}, self.rubric)
            except ValueError as exc:
                self.add_error(name, str(exc))
        return cleaned

    def choices(self) -> dict[str, list[str]]:
        result = {}
        for criterion in self.rubric.criteria:
            value = self.cleaned_data.get(criterion_field(criterion.code))
            result[criterion.code] = ([value] if value else []) if isinstance(value, str) else list(value or [])
        return result

    def justifications(self) -> dict[str, str]:
        return {c.code: self.cleaned_data.get(justification_field(c.code), "") for c in self.rubric.criteria}

    @staticmethod
    def initial_from(assessment: Assessment | None, rubric: Rubric) -> dict:
        if assessment is None:
            return {}
        initial = {}
        choices = assessment.choices()
        justifications = assessment.justifications()
        for criterion in rubric.criteria:
            codes = choices.get(criterion.code, [])
            initial[criterion_field(criterion.code)] = codes if criterion.multiple else (codes[0] if codes else "")
            initial[justification_field(criterion.code)] = justifications.get(criterion.code, "")
        return initial

    def blocks(self, scores=None) -> list[dict]:
        """What the template draws per criterion: the criterion, its indicators with checked state, fields."""
        blocks = []
        for criterion in self.rubric.criteria:
            field = self[criterion_field(criterion.code)]
            value = field.value()
            selected = {value} if isinstance(value, str) else set(value or [])
            blocks.append(
                {
                    "criterion": criterion,
                    "field": field,
                    "justification": self[justification_field(criterion.code)],
                    "indicators": [(i, i.code in selected) for i in criterion.indicators],
                    "input_type": "checkbox" if criterion.multiple else "radio",
                    "score": (scores or {}).get(criterion.code, Decimal(0)),
                }
            )
        return blocks


class AgreeForm(forms.Form):
    comment = forms.CharField(
        label="Комментарий управления", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


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
    o = django_filters.OrderingFilter(
        label="Сортировка",
        fields=(("total", "total"), ("assessed_on", "assessed_on"), ("project__title", "title")),
        field_labels={"total": "Балл", "assessed_on": "Дата оценки", "title": "Проект"},
        empty_label="По баллу (убывание)",
    )

    class Meta:
        model = Assessment
        fields = ["q", "status", "sphere", "year", "replicability"]

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


class LibraryFilter(StrictFilterSet):
    q = django_filters.CharFilter(label="Поиск по названию, процессу, целям и эффектам", method="search")
    sphere = django_filters.ModelChoiceFilter(
        label="Сфера деятельности", field_name="project__sphere", queryset=Sphere.objects.all(), empty_label="Все"
    )

    class Meta:
        model = Assessment
        fields = ["q", "sphere"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(project__title__icontains=value)
            | Q(project__process__icontains=value)
            | Q(project__effects__icontains=value)
            | Q(project__organisation__short_name__icontains=value)
            | Q(project__goals__name__icontains=value)
        ).distinct()
