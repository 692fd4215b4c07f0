"""Forms of the plan app: a plan period and its indicator × year targets grid."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from lean_portal.autocomplete import AutocompleteSelectMultiple
from orgs.autocomplete import OrganisationChoiceField
from orgs.models import Organisation
from plan.indicators import Scope
from plan.models import Plan, Target


class PlanForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        label="Перенести показатели из плана",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="— не переносить —",
        help_text="Показатели (наименования, единицы, правила расчёта) копируются; целевые значения задаются заново.",
    )

    class Meta:
        model = Plan
        fields = ["name", "decree", "first_year", "last_year", "executors"]
        widgets = {"executors": AutocompleteSelectMultiple("orgs:lookup")}

    def __init__(self, *args, creating: bool = False, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A municipality's plan: its executors and the plan its indicators come from are its own.
        organisations = Organisation.objects.active()
        plans = Plan.objects.all()
        if municipality is not None:
            organisations = organisations.filter(municipality=municipality)
            plans = plans.filter(municipality=municipality)
        self.fields["executors"].queryset = organisations.order_by("short_name")
        if creating:
            self.fields["copy_from"].queryset = plans.order_by("-first_year")
            latest = self.fields["copy_from"].queryset.first()
            if latest is not None and not self.is_bound:
                self.initial.setdefault("copy_from", latest.pk)
        else:
            del self.fields["copy_from"]

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", "Последний год не может быть раньше первого.")
        elif first and last and last - first > 9:
            self.add_error("last_year", "План охватывает не более десяти лет.")
        return data


class TargetsForm(forms.Form):
    """One value and one «не менее / плановое значение» choice per indicator and year of the plan."""

    def __init__(self, *args, plan: Plan, indicators: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.indicators = indicators
        for indicator in indicators:
            if not indicator.is_share:
                self.fields[self.scope_name(indicator)] = forms.ChoiceField(
                    label=f"{indicator.code}: целевое значение читается",
                    choices=Scope.choices,
                    initial=indicator.scope,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
            targets = {t.year: t for t in indicator.targets.all()}
            for year in plan.years:
                target = targets.get(year)
                self.fields[self.value_name(indicator, year)] = forms.DecimalField(
                    label=f"{indicator.code}, {year} г.: целевое значение",
                    required=False,
                    min_value=Decimal(0),
                    max_value=Decimal(100) if indicator.is_share else Decimal("9999999"),
                    max_digits=8,
                    decimal_places=1,
                    initial=_plain(target.value) if target else None,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control form-control-sm"}),
                )
                self.fields[self.comparison_name(indicator, year)] = forms.ChoiceField(
                    label=f"{indicator.code}, {year} г.: вид значения",
                    choices=Target.Comparison.choices,
                    initial=target.comparison if target else Target.Comparison.AT_LEAST,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )

    @staticmethod
    def value_name(indicator, year: int) -> str:
        return f"value_{indicator.pk}_{year}"

    @staticmethod
    def comparison_name(indicator, year: int) -> str:
        return f"comparison_{indicator.pk}_{year}"

    @staticmethod
    def scope_name(indicator) -> str:
        return f"scope_{indicator.pk}"

    def grid(self) -> list[tuple]:
        """Rows of (indicator, scope field or None, [(year, value field, comparison field)]) for the template."""
        return [
            (
                indicator,
                None if indicator.is_share else self[self.scope_name(indicator)],
                [
                    (year, self[self.value_name(indicator, year)], self[self.comparison_name(indicator, year)])
                    for year in self.plan.years
                ],
            )
            for indicator in self.indicators
        ]

    def scopes(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data[self.scope_name(i)] for i in self.indicators if not i.is_share}

    def cells(self) -> dict[tuple[int, int], tuple[Decimal | None, str]]:
        return {
            (indicator.pk, year): (
                self.cleaned_data[self.value_name(indicator, year)],
                self.cleaned_data[self.comparison_name(indicator, year)],
            )
            for indicator in self.indicators
            for year in self.plan.years
        }


def _plain(value: Decimal) -> Decimal:
    """2.0 → 2 so that whole targets read as typed; 75.5 stays."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


class ScopeForm(forms.Form):
    """The dashboard's «Показатели» choice: the district (the office) or one organisation the user may read.

    A region has some 6,000 organisations: the widget is a plain list for a few and a search by name
    (``orgs.autocomplete``) for many.
    """

    organisation = OrganisationChoiceField(
        label="Показатели", queryset=Organisation.objects.none(), required=False, empty_label=None
    )

    def __init__(self, *args, user, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        organisations = Organisation.objects.visible_to(user).active()
        if municipality is not None:
            # The regional office reads one municipality at a time: its organisations only.
            organisations = organisations.filter(municipality=municipality)
        field.queryset = organisations.only("pk", "short_name").order_by("short_name", "pk")
        whole = f"{municipality.short_name} в целом" if municipality is not None else "Округ в целом"
        field.empty_label = whole if user.sees_everything else None
        field.widget.attrs["class"] = "form-select"
