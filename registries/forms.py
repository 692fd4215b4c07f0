"""Forms of the registries: they validate input; services save."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from lean_portal.autocomplete import AutocompleteSelect, AutocompleteSelectMultiple, use_autocomplete
from lean_portal.uploads import check_document
from orgs.models import Employee, Organisation
from registries.models import (
    SCALE_CHOICES,
    Contest,
    ContestEntry,
    ContestNomination,
    CultureDiagnostic,
    DiagnosticStatement,
    GoalSurvey,
    ModelSite,
    Suggestion,
    Survey,
    Training,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validate_certificate(upload) -> None:
    check_document(upload, max_mb=5, stem="certificate")


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} — {obj.position}"


class EmployeeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} — {obj.position}"


def staff_widget(organisation: Organisation, placeholder: str, *, multiple: bool = False):
    """The organisation's staff found by a typed name (orgs:employee-lookup), never listed in the page."""
    widget = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    return widget(
        "orgs:employee-lookup", params={"organisation": organisation.pk}, placeholder=placeholder, min_chars=3
    )


def _employees(organisation_ids) -> object:
    return (
        Employee.objects.filter(organisation_id__in=organisation_ids, is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name")
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
        self.fields["authors"].queryset = _employees([organisation.pk])
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


# --- Training --------------------------------------------------------------------------------


class TrainingForm(forms.ModelForm):
    employee = EmployeeChoiceField(label="Сотрудник", queryset=Employee.objects.none())
    mentor = EmployeeChoiceField(
        label="Наставник", queryset=Employee.objects.none(), required=False, help_text="Только для наставничества."
    )

    class Meta:
        model = Training
        fields = ["employee", "kind", "provider", "mentor", "started_on", "completed_on", "hours", "certificate"]
        widgets = {"started_on": DATE, "completed_on": DATE}
        help_texts = {"certificate": "PDF, JPEG или PNG, не больше 5 МБ."}

    def __init__(self, *args, organisation: Organisation, mentor_organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = _employees([organisation.pk])
        use_autocomplete(self.fields["employee"], staff_widget(organisation, "Фамилия сотрудника"))
        self.fields["mentor"].queryset = Employee.objects.filter(
            organisation__in=mentor_organisations, is_active=True
        ).select_related("organisation")
        # Found by a typed name (orgs:employee-lookup), never listed: only the chosen mentor is in the page.
        self.fields["mentor"].label_from_instance = lambda e: (
            f"{e.full_name} — {e.position}, {e.organisation.short_name}"
        )
        use_autocomplete(
            self.fields["mentor"],
            AutocompleteSelect("orgs:employee-lookup", placeholder="Фамилия наставника", min_chars=3),
        )

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            validate_certificate(upload)
        return upload


# --- Model sites -------------------------------------------------------------------------------


class ModelSiteForm(forms.ModelForm):
    class Meta:
        model = ModelSite
        fields = ["title", "sphere", "audit_date", "auditor", "result"]
        widgets = {"audit_date": DATE, "result": forms.Textarea(attrs={"rows": 3})}


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
        from projects.models import Project

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
        from projects.models import Goal

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


# --- Contests ---------------------------------------------------------------------------------------


class ContestForm(forms.ModelForm):
    nominations = forms.CharField(
        label="Номинации (по одной в строке)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Contest
        fields = ["title", "year", "held_on", "level", "description"]
        widgets = {"held_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The office's contests are municipal whatever is chosen (plan 3.3): no choice to offer it.
        organisation = (
            self.instance.organisation if self.instance.organisation_id else getattr(user, "organisation", None)
        )
        if organisation is not None and organisation.is_economy_office:
            del self.fields["level"]
        if self.instance.pk:
            self.initial.setdefault("nominations", "\n".join(n.title for n in self.instance.nominations.all()))

    def nomination_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("nominations", "").splitlines() if line.strip()]


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.organisation.short_name})"


class SuggestionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.organisation.short_name})"


class ContestEntryForm(forms.Form):
    nomination = forms.ModelChoiceField(label="Номинация", queryset=ContestNomination.objects.none(), required=False)
    project = ProjectChoiceField(label="Проект", queryset=None, required=False)
    suggestion = SuggestionChoiceField(label="Предложение по улучшению", queryset=None, required=False)

    def __init__(self, *args, contest: Contest, user, **kwargs):
        from projects.models import Project

        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = contest.nominations.all()
        use_autocomplete(
            self.fields["project"],
            AutocompleteSelect(
                "projects:project-lookup", params={"scope": "contest"}, placeholder="Начните вводить название проекта"
            ),
        )
        use_autocomplete(
            self.fields["suggestion"],
            AutocompleteSelect("registries:suggestion-lookup", placeholder="Начните вводить название предложения"),
        )
        self.fields["project"].queryset = (
            Project.objects.visible_to(user)
            .exclude(state=Project.State.DRAFT)
            .select_related("organisation")
            .order_by("title")
        )
        self.fields["suggestion"].queryset = (
            Suggestion.objects.visible_to(user)
            .filter(state=Suggestion.State.IMPLEMENTED)
            .select_related("organisation")
            .order_by("-implemented_on")
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("project")) == bool(data.get("suggestion")):
            raise ValidationError("Выберите либо проект, либо предложение по улучшению.")
        return data


class ContestResultForm(forms.ModelForm):
    class Meta:
        model = ContestEntry
        fields = ["score", "place", "is_winner", "jury_comment"]
        widgets = {"jury_comment": forms.Textarea(attrs={"rows": 2})}


# --- Culture self-diagnostics ------------------------------------------------------------------------


class DiagnosticForm(forms.ModelForm):
    class Meta:
        model = CultureDiagnostic
        fields = ["year", "held_on", "participants", "problems", "achievements", "directions"]
        widgets = {
            "held_on": DATE,
            "problems": forms.Textarea(attrs={"rows": 3}),
            "achievements": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        current = {}
        if self.instance.pk:
            current = {r.statement_id: r.score for r in self.instance.ratings.all()}
        else:
            self.initial.setdefault("year", timezone.localdate().year)
        for statement in self.statements:
            name = f"s{statement.pk}"
            self.fields[name] = forms.DecimalField(
                label=statement.text,
                required=False,
                min_value=1,
                max_value=5,
                max_digits=3,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.1", "min": "1", "max": "5"}),
            )
            if statement.pk in current:
                self.initial[name] = current[statement.pk]

    def statement_fields(self):
        return [self[f"s{s.pk}"] for s in self.statements]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def ratings(self) -> dict:
        return {s: self.cleaned_data.get(f"s{s.pk}") for s in self.statements}


class StatementForm(forms.ModelForm):
    class Meta:
        model = DiagnosticStatement
        fields = ["text", "position", "is_active"]
