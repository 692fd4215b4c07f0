"""Forms: they validate and keep what the user typed; services save."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.functional import cached_property

from lean_portal.autocomplete import AutocompleteSelect
from lean_portal.uploads import check_document
from orgs.models import Organisation
from reporting.models import DeadlineRule, SelfAssessment

TEXTAREA = {"rows": 3, "class": "form-control"}


class ReportForm(forms.Form):
    """One form for the whole report; fields are built from the report's figures.

    Field names: ``general_comment``, ``p<project>-progress|problems|help_needed`` and
    ``g<goal>`` — the same keys the services use in their errors, so each error
    lands on the field at fault.
    """

    general_comment = forms.CharField(
        label="Общий комментарий", required=False, widget=forms.Textarea(attrs=TEXTAREA), max_length=10000
    )

    # The report's version when the form was opened (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)

    PROJECT_FIELDS = (
        ("progress", "Ход реализации за квартал"),
        ("problems", "Проблемы"),
        ("help_needed", "Необходимая помощь"),
    )

    def __init__(self, *args, figures: dict, version: int | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("general_comment", figures.get("general_comment", ""))
        initial.setdefault("version", version)
        super().__init__(*args, **kwargs)
        self.figures = figures
        for project in figures["projects"]:
            for key, label in self.PROJECT_FIELDS:
                name = f"p{project['id']}-{key}"
                self.fields[name] = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs=TEXTAREA), max_length=10000
                )
                self.initial.setdefault(name, project[key])
            for goal in project["goals"]:
                name = f"g{goal['id']}"
                self.fields[name] = forms.DecimalField(
                    label=f"Факт за квартал: {goal['name']}, {goal['unit']}",
                    required=False,
                    max_digits=14,
                    decimal_places=2,
                    localize=True,
                    widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
                    error_messages={
                        "invalid": "Введите число, например 12,5.",
                        "max_digits": "Не более 14 цифр.",
                        "max_decimal_places": "Не более 2 знаков после запятой.",
                        "max_whole_digits": "Слишком большое число.",
                    },
                )
                self.initial.setdefault(name, Decimal(goal["actual"]) if goal["actual"] is not None else None)

    def projects(self) -> list[dict]:
        """The figures' projects with their bound fields, for the template."""
        rows = []
        for project in self.figures["projects"]:
            rows.append(
                {
                    **project,
                    "fields": [self[f"p{project['id']}-{key}"] for key, _ in self.PROJECT_FIELDS],
                    "goals": [{**goal, "field": self[f"g{goal['id']}"]} for goal in project["goals"]],
                }
            )
        return rows

    def stored_differences(self) -> list[dict]:
        """What is stored now where it differs from what this user typed (after a stale save)."""
        data = self.cleaned_data
        rows = []

        def add(label: str, stored, typed) -> None:
            stored = "" if stored is None else stored
            typed = "" if typed is None else typed
            if str(stored).strip() != str(typed).strip():
                rows.append({"label": label, "stored": stored, "typed": typed})

        add("Общий комментарий", self.figures.get("general_comment", ""), data.get("general_comment"))
        for project in self.figures["projects"]:
            for key, label in self.PROJECT_FIELDS:
                add(f"{project['title']}: {label.lower()}", project[key], data.get(f"p{project['id']}-{key}"))
            for goal in project["goals"]:
                stored = Decimal(goal["actual"]) if goal["actual"] is not None else None
                typed = data.get(f"g{goal['id']}")
                if stored != typed:
                    rows.append({"label": f"Факт за квартал: {goal['name']}", "stored": stored, "typed": typed})
        return rows

    def entries(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            project["id"]: {key: data.get(f"p{project['id']}-{key}", "") for key, _ in self.PROJECT_FIELDS}
            for project in self.figures["projects"]
        }

    def actuals(self) -> dict[int, Decimal | None]:
        data = self.cleaned_data
        return {goal["id"]: data.get(f"g{goal['id']}") for p in self.figures["projects"] for goal in p["goals"]}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Замечания для организации",
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=10000,
        error_messages={"required": "Укажите, что нужно исправить в отчёте."},
    )


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label="Комментарий (необязательно)", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class PeriodForm(forms.Form):
    year = forms.IntegerField(label="Год", min_value=2022, max_value=2100)
    quarter = forms.TypedChoiceField(label="Квартал", coerce=int, choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")])


class SelfAssessmentForm(forms.ModelForm):
    class Meta:
        model = SelfAssessment
        fields = ["achievements", "problem_areas", "plans"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "achievements": "Что удалось за год: проекты, предложения, обучение, изменения в работе.",
            "problem_areas": "Что мешает внедрению бережливого управления (п. 6.3: определение проблемных зон).",
            "plans": "Что организация намерена сделать в следующем году.",
        }


class ScanForm(forms.Form):
    scan = forms.FileField(
        label="Скан самооценки за подписью руководителя",
        help_text="PDF, JPEG или PNG, не более 5 МБ.",
        error_messages={"required": "Приложите скан самооценки за подписью руководителя."},
    )

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        check_document(scan, max_mb=5, stem="scan")
        return scan


class DeadlineRuleForm(forms.ModelForm):
    class Meta:
        model = DeadlineRule
        fields = ["kind", "organisation", "day", "month", "months_after", "remind_days_before"]
        widgets = {
            "kind": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "organisation": AutocompleteSelect(
                "orgs:lookup", attrs={"class": "form-select form-select-sm", "aria-label": "Организация"}
            ),
            "day": forms.NumberInput(attrs={"class": "form-control form-control-sm input-narrow"}),
            "month": forms.NumberInput(attrs={"class": "form-control form-control-sm input-narrow"}),
            "months_after": forms.NumberInput(attrs={"class": "form-control form-control-sm input-narrow"}),
            "remind_days_before": forms.NumberInput(attrs={"class": "form-control form-control-sm input-narrow"}),
        }

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The office sets the rules of its own municipality's organisations only.
        organisations = Organisation.objects.active().filter(is_economy_office=False)
        if municipality is not None:
            organisations = organisations.filter(municipality=municipality)
        self.fields["organisation"].queryset = organisations
        if municipality is not None and self.instance.municipality_id is None:
            # Known before validation: the general rule is unique per municipality.
            self.instance.municipality = municipality

    def clean(self):
        data = super().clean()
        # The model's constraint names the municipality, which is not a field of the form: checked here.
        kind, municipality_id = data.get("kind"), self.instance.municipality_id
        if kind and municipality_id and data.get("organisation") is None and not data.get("DELETE"):
            general = DeadlineRule.objects.filter(municipality_id=municipality_id, kind=kind, organisation=None)
            if general.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError("Общее правило для этого срока уже есть: измените его.")
        return data
        self.fields["organisation"].empty_label = "Все организации"


class BaseDeadlineRuleFormSet(forms.BaseModelFormSet):
    """Each rule shows only its own organisation (chosen through ``orgs:lookup``); their names are
    read once for all rows, not once per row."""

    @cached_property
    def organisation_labels(self) -> dict[int, str]:
        ids = {rule.organisation_id for rule in self.get_queryset() if rule.organisation_id}
        if self.is_bound:
            for i in range(self.total_form_count()):
                value = self.data.get(f"{self.prefix}-{i}-organisation", "")
                if value.isascii() and value.isdigit():
                    ids.add(int(value))
        return {org.pk: org.short_name for org in Organisation.objects.filter(pk__in=ids).only("pk", "short_name")}

    def _construct_form(self, i, **kwargs):
        return self._share_labels(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._share_labels(super().empty_form)

    def _share_labels(self, form):
        form.fields["organisation"].widget.known_labels = self.organisation_labels
        return form


DeadlineRuleFormSet = forms.modelformset_factory(
    DeadlineRule, form=DeadlineRuleForm, formset=BaseDeadlineRuleFormSet, extra=1, can_delete=True
)
