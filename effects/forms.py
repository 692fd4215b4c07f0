"""Forms of the effects ledger: they validate; the services save."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from effects.models import FIXED_UNITS, ConversionRate, Effect
from lean_portal.formats import number
from projects.forms import DateInput

NUMBER_ERROR = {"invalid": "Введите число, например 120 или 12,5."}


def number_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0"),
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            **NUMBER_ERROR,
            "min_value": "Значение не может быть отрицательным.",
            "max_decimal_places": "Не больше двух знаков после запятой.",
            "required": "Укажите значение.",
        },
    )


class EffectForm(forms.ModelForm):
    planned_value = number_field("Плановое значение в год")

    class Meta:
        model = Effect
        fields = ["kind", "title", "unit", "method", "figures", "planned_value"]
        widgets = {"method": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {"required": "Укажите, что даёт проект, например «Сокращение времени оформления справки»."},
            "method": {"required": "Опишите, как посчитан эффект."},
            "kind": {"required": "Выберите вид эффекта."},
        }

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind not in FIXED_UNITS and not (cleaned.get("unit") or "").strip():
            self.add_error("unit", "Укажите единицу измерения эффекта, например «возвратов в год».")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActualForm(forms.Form):
    actual_value = number_field("Фактическое значение в год")
    actual_on = forms.DateField(
        label="На дату",
        widget=DateInput(),
        error_messages={"invalid": "Введите дату в виде дд.мм.гггг.", "required": "Укажите дату."},
    )
    figures = forms.CharField(
        label="Исходные данные расчёта",
        required=False,
        max_length=500,
        help_text="Фактические показатели, из которых получено значение.",
    )

    def clean_actual_on(self):
        day = self.cleaned_data["actual_on"]
        if day > timezone.localdate():
            raise ValidationError("Дата фактического значения не может быть в будущем.")
        return day


class VerifyForm(forms.Form):
    DECISIONS = [("confirm", "Подтвердить"), ("return", "Вернуть на доработку")]

    decision = forms.ChoiceField(
        label="Решение", choices=DECISIONS, widget=forms.RadioSelect, error_messages={"required": "Выберите решение."}
    )
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Обязателен, если эффект возвращается: что не так с расчётом.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Укажите, что не так с расчётом: без комментария эффект не возвращают.")
        return cleaned


class RateForm(forms.ModelForm):
    staff_hour_cost = forms.DecimalField(
        label=ConversionRate._meta.get_field("staff_hour_cost").verbose_name.capitalize(),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={**NUMBER_ERROR, "min_value": "Стоимость часа должна быть больше нуля."},
    )
    hours_per_position = forms.DecimalField(
        label=ConversionRate._meta.get_field("hours_per_position").verbose_name.capitalize(),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("1"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={**NUMBER_ERROR, "min_value": "Укажите годовой фонд рабочего времени, например 1973."},
    )

    class Meta:
        model = ConversionRate
        fields = ["valid_from", "staff_hour_cost", "hours_per_position", "note"]
        widgets = {"valid_from": DateInput()}
        error_messages = {"valid_from": {"invalid": "Введите дату в виде дд.мм.гггг.", "required": "Укажите дату."}}

    def validate_unique(self):
        # The service checks the date with the message on the field.
        pass


class ForecastForm(forms.Form):
    """One forecast per effect of the report's projects."""

    def __init__(self, *args, effects, initial_values: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.effects = list(effects)
        for effect in self.effects:
            field = number_field(
                f"{effect.project.title}: {effect.title}, {effect.shown_unit} (план: {number(effect.planned_value)})",
                required=False,
            )
            field.initial = initial_values.get(effect.pk)
            self.fields[f"effect_{effect.pk}"] = field

    def values(self) -> dict[int, Decimal | None]:
        return {effect.pk: self.cleaned_data.get(f"effect_{effect.pk}") for effect in self.effects}


class PlannedChangeForm(forms.Form):
    """A change request for the planned values of an approved passport's effects."""

    summary = forms.CharField(label="Что меняется", max_length=500, error_messages={"required": "Опишите изменение."})
    reason = forms.CharField(
        label="Почему", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Укажите причину."}
    )

    def __init__(self, *args, effects, **kwargs):
        super().__init__(*args, **kwargs)
        self.effects = [e for e in effects if not e.is_locked]
        for effect in self.effects:
            field = number_field(f"{effect.title}, {effect.shown_unit}", required=False)
            field.initial = effect.planned_value
            self.fields[f"effect_{effect.pk}"] = field

    def proposed(self) -> dict[str, str]:
        result = {}
        for effect in self.effects:
            value = self.cleaned_data.get(f"effect_{effect.pk}")
            if value is not None and value != effect.planned_value:
                result[str(effect.pk)] = str(value)
        return result
