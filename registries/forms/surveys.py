"""Survey forms: the survey, its link to a project goal, the public answer form."""

from __future__ import annotations

from django import forms

from lean_portal.autocomplete import AutocompleteSelect, use_autocomplete
from orgs.models import Organisation
from projects.models import Goal, Project
from registries.forms.common import DATE
from registries.models import (
    GoalSurvey,
    Survey,
)
from registries.models.surveys import SCALE_CHOICES

# --- Surveys ---------------------------------------------------------------------------------------


class SurveyForm(forms.ModelForm):
    questions = forms.CharField(
        label="Вопросы (по одному в строке)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Для опроса на портале. Каждый вопрос оценивается по шкале от 1 до 5.",
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "service",
            "project",
            "method",
            "held_on",
            "closes_on",
            "respondents",
            "satisfied_share",
            "intro",
        ]
        widgets = {"held_on": DATE, "closes_on": DATE, "intro": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "respondents": "Для опроса, проведённого вне портала. На портале считается автоматически.",
            "satisfied_share": "Для опроса, проведённого вне портала. На портале считается автоматически.",
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(organisation=organisation).order_by("title")
        use_autocomplete(
            self.fields["project"],
            AutocompleteSelect(
                "projects:project-lookup",
                params={"scope": "organisation", "organisation": organisation.pk},
                placeholder="Начните вводить название проекта",
            ),
        )
        if self.instance.pk:
            self.initial.setdefault("questions", "\n".join(q.text for q in self.instance.questions.all()))

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("questions", "").splitlines() if line.strip()]


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.project.title}: {obj.name}, {obj.unit}"


class GoalLinkForm(forms.Form):
    goal = GoalChoiceField(label="Цель проекта", queryset=None)
    moment = forms.ChoiceField(label="Когда проведён опрос", choices=GoalSurvey.Moment.choices)

    def __init__(self, *args, organisation: Organisation, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = (
            Goal.objects.filter(project__organisation=organisation)
            .select_related("project")
            .order_by("project__title", "position")
        )


class PublicSurveyForm(forms.Form):
    """The public page: one 1–5 choice per question and an optional comment."""

    comment = forms.CharField(
        label="Комментарий (необязательно)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        fields = {}
        for question in self.questions:
            fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=SCALE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Выберите оценку от 1 до 5."},
            )
        fields["comment"] = self.fields.pop("comment")
        self.fields.update(fields)

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def scores(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}
