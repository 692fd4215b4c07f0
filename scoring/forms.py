"""The assessment form: built from the rubric version, one block per criterion."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from scoring.models import Assessment
from scoring.rubric import HALF, Criterion, Indicator, Rubric, normalise_choices


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


# --- The rubric version editor ---------------------------------------------------------------

CODE_RE = r"^[0-9A-Za-zА-Яа-яЁё]+(\.[0-9A-Za-zА-Яа-яЁё]+)*$"


def _points(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


class PointsField(forms.DecimalField):
    """Points in steps of 0.5, typed with a comma or a dot."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 3)
        kwargs.setdefault("decimal_places", 1)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(".", ",")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and value % HALF:
            raise forms.ValidationError("Баллы задаются с шагом 0,5 (например, 0; 0,5; 1; 1,5).")


class RubricVersionForm(forms.Form):
    """The version's name, basis, date, status bands and whether it comes into force now."""

    title = forms.CharField(label="Наименование редакции", max_length=300)
    basis = forms.CharField(
        label="Основание", max_length=500, help_text="Нормативный акт, которым утверждена редакция методики."
    )
    valid_from = forms.DateField(label="Действует с", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    federal_from = PointsField(
        label="«Значимый федеральный» — от, баллов", help_text="Наименьший общий балл значимого федерального проекта."
    )
    regional_from = PointsField(
        label="«Региональный» — от, баллов",
        help_text="Наименьший общий балл регионального проекта; ниже — муниципальный бережливый проект.",
    )
    make_current = forms.BooleanField(
        label="Ввести в действие: новые оценки проводятся по этой редакции", required=False, initial=True
    )

    def clean(self):
        cleaned = super().clean()
        federal, regional = cleaned.get("federal_from"), cleaned.get("regional_from")
        if regional is not None and regional <= 0:
            self.add_error("regional_from", "Граница регионального статуса должна быть больше 0 баллов.")
        elif federal is not None and regional is not None and regional > federal:
            self.add_error(
                "regional_from",
                f"Граница регионального статуса ({_points(regional)}) не может быть выше "
                f"границы федерального ({_points(federal)}).",
            )
        return cleaned


class CriterionForm(forms.Form):
    code = forms.RegexField(
        label="Код",
        regex=CODE_RE,
        max_length=10,
        error_messages={"invalid": "Код — цифры или буквы, без пробелов (например, 3)."},
    )
    name = forms.CharField(label="Критерий", max_length=500)
    multiple = forms.BooleanField(label="Можно выбрать несколько показателей", required=False)
    cut_off = forms.BooleanField(label="Отсекающий: 0 баллов — проект не признаётся бережливым", required=False)


class IndicatorForm(forms.Form):
    code = forms.RegexField(
        label="Код",
        regex=CODE_RE,
        max_length=10,
        error_messages={"invalid": "Код показателя — код критерия, точка и номер (например, 3.1)."},
    )
    text = forms.CharField(label="Показатель", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    weight = PointsField(label="Баллы")
    excludes_others = forms.BooleanField(label="«Ничего из перечисленного»: не выбирается с другими", required=False)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=0, can_delete=True)
IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=0, can_delete=True)


def _alive(form) -> bool:
    """A bound row that counts: filled in and not marked for deletion (blank extra rows are skipped)."""
    form.errors  # noqa: B018 — runs the form's validation once, if not yet run
    return bool(form.cleaned_data) and not form.cleaned_data.get("DELETE") and form.has_changed()


class RubricEditor:
    """The whole editor: the version form, the criteria formset, one indicators formset per criterion.

    Built from a rubric (unbound, to start from the version in force) or from POST data.
    ``add_criterion`` / ``add_indicator`` give one more blank row without losing what is typed.
    """

    prefix = "criteria"

    def __init__(self, data=None, *, rubric: Rubric | None = None, initial: dict | None = None):
        self.data = data
        if data is None:
            assert rubric is not None
            self.version_form = RubricVersionForm(
                initial={
                    **(initial or {}),
                    "federal_from": rubric.federal_from,
                    "regional_from": rubric.regional_from,
                }
            )
            self.criteria = CriterionFormSet(
                prefix=self.prefix,
                initial=[
                    {"code": c.code, "name": c.name, "multiple": c.multiple, "cut_off": c.code in rubric.cut_off}
                    for c in rubric.criteria
                ],
            )
            self.indicators = [
                IndicatorFormSet(
                    prefix=self.indicators_prefix(n),
                    initial=[
                        {"code": i.code, "text": i.text, "weight": i.weight, "excludes_others": i.excludes_others}
                        for i in c.indicators
                    ],
                )
                for n, c in enumerate(rubric.criteria)
            ]
        else:
            self.version_form = RubricVersionForm(data)
            self.criteria = CriterionFormSet(data, prefix=self.prefix)
            self.indicators = [
                IndicatorFormSet(data, prefix=self.indicators_prefix(n))
                for n in range(self.criteria.total_form_count())
            ]
        self.non_field_errors: list[str] = []
        self.rubric: Rubric | None = None

    def indicators_prefix(self, n: int) -> str:
        return f"{self.prefix}-{n}-indicators"

    @classmethod
    def with_extra_row(cls, data, *, indicators_of: int | None = None) -> RubricEditor:
        """The same data with one blank row more: a criterion, or an indicator of criterion ``indicators_of``."""
        data = data.copy()
        prefix = cls.prefix if indicators_of is None else f"{cls.prefix}-{indicators_of}-indicators"
        key = f"{prefix}-TOTAL_FORMS"
        try:
            total = int(data.get(key, 0))
        except ValueError:
            total = 0
        data[key] = str(total + 1)
        if indicators_of is None:
            # The new criterion starts with one blank indicator row.
            data[f"{cls.prefix}-{total}-indicators-TOTAL_FORMS"] = "1"
            data[f"{cls.prefix}-{total}-indicators-INITIAL_FORMS"] = "0"
        return cls(data)

    def blocks(self) -> list[tuple]:
        return list(zip(self.criteria, self.indicators, strict=False))

    def is_valid(self) -> bool:
        valid = self.version_form.is_valid()
        valid = self.criteria.is_valid() and valid
        for form, formset in self.blocks():
            # The indicators of a deleted (or blank) criterion go with it, whatever they hold.
            if _alive(form) and not formset.is_valid():
                valid = False
        if not valid:
            return False
        criteria = []
        cut_off = set()
        seen_criteria: dict[str, CriterionForm] = {}
        seen_indicators: dict[str, str] = {}
        for form, formset in self.blocks():
            if not _alive(form):
                continue
            code = form.cleaned_data["code"]
            if code in seen_criteria:
                form.add_error("code", f"Критерий с кодом {code} уже есть в редакции.")
                continue
            seen_criteria[code] = form
            indicators = []
            for indicator_form in formset:
                if not _alive(indicator_form):
                    continue
                data = indicator_form.cleaned_data
                if not data["code"].startswith(f"{code}."):
                    indicator_form.add_error(
                        "code", f"Код показателя должен начинаться с кода критерия и точки: «{code}.»."
                    )
                    continue
                if data["code"] in seen_indicators:
                    indicator_form.add_error("code", f"Показатель с кодом {data['code']} уже есть в редакции.")
                    continue
                seen_indicators[data["code"]] = code
                indicators.append(
                    Indicator(
                        code=data["code"],
                        text=data["text"].strip(),
                        weight=data["weight"],
                        excludes_others=data["excludes_others"],
                    )
                )
            if not indicators:
                form.add_error("name", f"У критерия {code} нет показателей: добавьте хотя бы один показатель.")
                continue
            criteria.append(
                Criterion(
                    code=code,
                    name=form.cleaned_data["name"].strip(),
                    indicators=tuple(indicators),
                    multiple=form.cleaned_data["multiple"],
                )
            )
            if form.cleaned_data["cut_off"]:
                cut_off.add(code)
        if not seen_criteria:
            self.non_field_errors.append("В редакции нет ни одного критерия: добавьте критерий.")
        if self.has_errors():
            return False
        version = self.version_form.cleaned_data
        max_total = sum((c.max_weight for c in criteria), Decimal(0))
        if version["federal_from"] > max_total:
            self.version_form.add_error(
                "federal_from",
                f"Федеральный статус недостижим: наибольший возможный общий балл по этой редакции — "
                f"{_points(max_total)}.",
            )
            return False
        try:
            self.rubric = Rubric(
                criteria=tuple(criteria),
                cut_off=frozenset(cut_off),
                federal_from=version["federal_from"],
                regional_from=version["regional_from"],
            )
        except ValueError as exc:
            self.non_field_errors.append(str(exc))
            return False
        return True

    def has_errors(self) -> bool:
        return bool(
            self.non_field_errors
            or self.version_form.errors
            or any(form.errors for form in self.criteria)
            or any(form.errors for formset in self.indicators for form in formset)
        )
