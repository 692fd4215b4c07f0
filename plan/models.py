"""Plan periods, their indicators and yearly targets (Приложение 2 к постановлению № 969).

Targets are data the economic development office maintains; actual values are never
stored: ``plan/indicators.py`` computes them from the portal's records.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from lean_portal.templatetags.portal import number
from orgs.models import Municipality, Organisation
from plan.indicators import DEFINITIONS, Scope


class Plan(models.Model):
    """A plan of measures for a period of years, approved by a decree."""

    name = models.CharField("наименование плана", max_length=500)
    # Each municipality keeps its own plans and targets; ``save`` puts a plan created without one
    # into the default municipality (the district of decree № 969).
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="муниципальное образование",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decree = models.CharField(
        "утверждён",
        max_length=500,
        help_text="Реквизиты постановления, например: «Приложение 2 к постановлению от 30.09.2022 № 969».",
    )
    first_year = models.PositiveSmallIntegerField("первый год")
    last_year = models.PositiveSmallIntegerField("последний год")
    executors = models.ManyToManyField(
        Organisation,
        verbose_name="ответственные исполнители (по согласованию)",
        blank=True,
        related_name="plans",
        help_text=(
            "Организации, итог по которым сравнивается с целевыми значениями «по округу» и каждая из которых должна "
            "достичь значений «каждым исполнителем». "
            "Если никто не выбран, ответственными считаются все действующие организации."
        ),
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        ordering = ["-first_year", "name"]
        verbose_name = "план мероприятий"
        verbose_name_plural = "планы мероприятий"
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="plan_years_ordered"),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="plan_name_per_municipality",
                violation_error_message="План с таким наименованием уже есть.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.municipality_id is None:
            self.municipality = Municipality.objects.default()
        super().save(*args, **kwargs)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def period_label(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    def clean(self) -> None:
        if self.first_year and self.last_year:
            if self.last_year < self.first_year:
                raise ValidationError({"last_year": "Последний год не может быть раньше первого."})
            if self.last_year - self.first_year > 9:
                raise ValidationError({"last_year": "План охватывает не более десяти лет."})

    def responsible_organisations(self) -> models.QuerySet[Organisation]:
        """The executors the per-organisation targets apply to (all active ones when none is chosen).

        The decree names the executors «Структурные подразделения и муниципальные учреждения (по
        согласованию)»: those that agreed, listed in ``executors``. Costs one query (two when the plan
        names no executors).
        """
        chosen = self.executors.filter(is_active=True)
        if chosen.exists():
            return chosen.order_by("short_name")
        return self.municipal_organisations().order_by("short_name")

    def municipal_organisations(self) -> models.QuerySet[Organisation]:
        """The active organisations of the plan's municipality: the executors when the plan names none."""
        return Organisation.objects.active().filter(municipality_id=self.municipality_id)

    def responsible(self) -> tuple[models.QuerySet[Organisation], bool]:
        """``(queryset, chosen)``: the same reading as ``responsible_organisations`` as a queryset (not yet
        evaluated, ordered by name), and whether the plan names its executors. One query.
        """
        chosen = self.executors.filter(is_active=True)
        if chosen.exists():
            return chosen.order_by("short_name"), True
        return self.municipal_organisations().order_by("short_name"), False

    def responsible_executors(self) -> tuple[list[Organisation], bool]:
        """``(executors, chosen)``: the same reading as ``responsible_organisations`` as a list, and whether
        the plan names its executors (True) or falls back to every active organisation (False).

        One query when the plan names executors, two otherwise.
        """
        chosen = list(self.executors.filter(is_active=True).select_related("parent").order_by("short_name"))
        if chosen:
            return chosen, True
        return list(self.municipal_organisations().select_related("parent").order_by("short_name")), False


class Indicator(models.Model):
    """One line of the plan table: what is measured and how it is computed."""

    plan = models.ForeignKey(Plan, verbose_name="план", on_delete=models.CASCADE, related_name="indicators")
    section = models.CharField(
        "раздел плана",
        max_length=500,
        blank=True,
        help_text="Например: «Обучение основам бережливого производства и повышение квалификации».",
    )
    code = models.CharField("№ п/п", max_length=10)
    wording = models.TextField("наименование показателя")
    unit = models.CharField("единица измерения", max_length=50)
    computation = models.CharField(
        "как считается",
        max_length=50,
        choices=[(key, d.title) for key, d in DEFINITIONS.items()],
        help_text="Правило расчёта фактического значения по записям портала.",
    )
    scope = models.CharField(
        "целевое значение читается",
        max_length=20,
        choices=Scope.choices,
        default=Scope.DISTRICT,
        help_text=(
            "«по округу» — целевое значение сравнивается с итогом по всем исполнителям (так читается план); "
            "«каждым исполнителем» — значение должен достичь каждый ответственный исполнитель."
        ),
    )
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = "показатель плана"
        verbose_name_plural = "показатели плана"
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.wording[:80]}"

    @property
    def definition(self):
        return DEFINITIONS[self.computation]

    @property
    def is_share(self) -> bool:
        return self.definition.is_share

    @property
    def per_organisation(self) -> bool:
        """Per-organisation targets make sense for counts only; shares are read for the district."""
        return self.scope == Scope.ORGANISATION and not self.is_share

    def clean(self) -> None:
        if self.computation in DEFINITIONS and self.scope == Scope.ORGANISATION and self.is_share:
            raise ValidationError({"scope": "Доли читаются по округу в целом: выберите «по округу»."})


class Target(models.Model):
    """The target value of an indicator for one year."""

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", "не менее"
        # A decree value without «не менее»: the planned value, fulfilled when reached or exceeded.
        EXACT = "exact", "плановое значение"

    indicator = models.ForeignKey(
        Indicator, verbose_name="показатель", on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("год")
    comparison = models.CharField(
        "вид значения",
        max_length=20,
        choices=Comparison.choices,
        default=Comparison.AT_LEAST,
        help_text=(
            "«не менее» — значение в плане записано как «не менее N»; «плановое значение» — записано числом. "
            "В обоих случаях показатель выполнен, когда факт достиг цели; превышение планового значения "
            "отмечается как выполнение с превышением."
        ),
    )
    value = models.DecimalField("целевое значение", max_digits=8, decimal_places=1)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = "целевое значение"
        verbose_name_plural = "целевые значения"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_target_year"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}, {self.year}: {self.label}"

    @property
    def label(self) -> str:
        text = number(self.value, 1)
        return f"не менее {text}" if self.comparison == self.Comparison.AT_LEAST else text

    def clean(self) -> None:
        plan = self.indicator.plan if self.indicator_id else None
        if plan is not None and self.year and not (plan.first_year <= self.year <= plan.last_year):
            raise ValidationError({"year": f"Год вне периода плана ({plan.period_label})."})
        if self.value is not None and self.indicator_id and self.indicator.is_share and self.value > 100:
            raise ValidationError({"value": "Доля не может превышать 100 %."})
