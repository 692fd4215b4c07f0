"""Forms of improvement suggestions and the decisions on them."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from lean_portal.autocomplete import use_autocomplete
from orgs.models import Employee, Organisation
from registries.forms.common import DATE, EmployeeMultipleChoiceField, employees_of, staff_widget
from registries.models import (
    Suggestion,
)

# --- Suggestions ---------------------------------------------------------------------------


class SuggestionForm(forms.ModelForm):
    authors = EmployeeMultipleChoiceField(
        label="Авторы",
        queryset=Employee.objects.none(),
        help_text="Начните вводить фамилию (не менее трёх букв); можно выбрать нескольких.",
    )

    class Meta:
        model = Suggestion
        fields = ["title", "problem", "solution", "expected_effect", "authors", "submitted_on"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "solution": forms.Textarea(attrs={"rows": 3}),
            "expected_effect": forms.Textarea(attrs={"rows": 2}),
            "submitted_on": DATE,
        }
        labels = {"title": "Кратко о предложении"}
        help_texts = {
            "problem": "Что мешает работать: потери времени, лишние действия, ошибки.",
            "solution": "Готовое решение, которое можно внедрить без проекта.",
        }

    def __init__(self, *args, organisation: Organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["authors"].queryset = employees_of([organisation.pk])
        use_autocomplete(self.fields["authors"], staff_widget(organisation, "Фамилия автора", multiple=True))
        self.fields["submitted_on"].required = False
        if not self.instance.pk:
            self.initial.setdefault("submitted_on", timezone.localdate())
            if user.employee_id and user.employee.organisation_id == organisation.pk:
                self.initial.setdefault("authors", [user.employee_id])

    def clean_submitted_on(self):
        return self.cleaned_data.get("submitted_on") or timezone.localdate()


class SuggestionAcceptForm(forms.Form):
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SuggestionImplementForm(forms.Form):
    implemented_on = forms.DateField(label="Дата внедрения", widget=DATE)
    achieved_effect = forms.CharField(label="Достигнутый эффект", widget=forms.Textarea(attrs={"rows": 3}))
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SuggestionRejectForm(forms.Form):
    reason = forms.CharField(label="Причина отклонения", widget=forms.Textarea(attrs={"rows": 3}))
