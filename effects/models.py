"""The effects ledger: what each project saves, planned, forecast and verified.

An effect is one calculated saving of a project (staff time, citizens' time, money, quality…)
with three values: planned (set in the passport, part of the approved baseline that change
requests guard), forecast (updated in quarterly reports) and actual (at closure and at the
stability check), which the economic development office confirms or returns. A confirmed
actual value is locked.

Conversion rates (the cost of an hour of staff time, working hours of a staff position a
year) are data the office edits, each with the date it applies from; staff time saved is
then also shown as money and as staff positions.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.models import Organisation, Sphere
from orgs.querysets import OrganisationScopedQuerySet
from projects.models import Project

VALUE_DIGITS = {"max_digits": 16, "decimal_places": 2}
CENTS = Decimal("0.01")


class ConversionRateQuerySet(models.QuerySet):
    def applying_on(self, day: datetime.date) -> ConversionRate | None:
        """The rates in force on ``day``: the latest whose start is not after it."""
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class ConversionRate(models.Model):
    """Rates the office sets: an hour of staff time in roubles, working hours of a position a year."""

    valid_from = models.DateField("действует с", unique=True)
    staff_hour_cost = models.DecimalField(
        "стоимость часа рабочего времени сотрудника, руб.",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Средняя стоимость часа с начислениями на оплату труда.",
    )
    hours_per_position = models.DecimalField(
        "рабочих часов в год на одну штатную единицу",
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
        help_text="Годовой фонд рабочего времени по производственному календарю (например, 1 973).",
    )
    note = models.CharField("основание", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("внесено", default=timezone.now)

    objects = ConversionRateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "ставка пересчёта эффектов"
        verbose_name_plural = "ставки пересчёта эффектов"

    def __str__(self) -> str:
        return f"с {self.valid_from:%d.%m.%Y}: {self.staff_hour_cost} руб./ч, {self.hours_per_position} ч/год"

    def hours_to_money(self, hours: Decimal) -> Decimal:
        return (hours * self.staff_hour_cost).quantize(CENTS, ROUND_HALF_UP)

    def hours_to_positions(self, hours: Decimal) -> Decimal:
        return (hours / self.hours_per_position).quantize(CENTS, ROUND_HALF_UP)


class Kind(models.TextChoices):
    STAFF_TIME = "staff_time", "Экономия рабочего времени сотрудников"
    CITIZEN_TIME = "citizen_time", "Экономия времени граждан (ожидание, поездки)"
    MONEY_SAVED = "money_saved", "Экономия денежных средств"
    MONEY_EARNED = "money_earned", "Дополнительные доходы"
    QUALITY = "quality", "Качество: меньше возвратов и ошибок"
    OTHER = "other", "Другой эффект"


# Kinds summed across projects have a fixed unit; the others name their own.
FIXED_UNITS = {
    Kind.STAFF_TIME: "ч в год",
    Kind.CITIZEN_TIME: "ч в год",
    Kind.MONEY_SAVED: "руб. в год",
    Kind.MONEY_EARNED: "руб. в год",
}
MONEY_KINDS = (Kind.MONEY_SAVED, Kind.MONEY_EARNED)


# Passports whose effects count in the district's totals: approved (drafts and passports under
# review promise nothing yet).
COUNTED_STATES = tuple(Project.APPROVED_STATES)
# The project's fields the effect's stored district figures are derived from.
PROJECT_SOURCE_FIELDS = frozenset(
    {"state", "closed_on", "stage9_date", "approval_date", "organisation", "organisation_id", "sphere", "sphere_id"}
)
DISTRICT_FIELDS = ("district_year", "organisation", "sphere")


def district_figures(*, state: str, closed_on, stage9_date, approval_date, organisation_id, sphere_id) -> dict:
    """What an effect stores of its project for the district's roll-ups: the year it counts in (the
    year of the actual closure, else of the planned one — stage 9 —, else of the approval; none while
    the passport is not approved), the organisation and the sphere."""
    day = closed_on or stage9_date or approval_date
    return {
        "district_year": day.year if state in COUNTED_STATES and day else None,
        "organisation_id": organisation_id,
        "sphere_id": sphere_id,
    }


def project_district_figures(project: Project) -> dict:
    return district_figures(
        state=project.state,
        closed_on=project.closed_on,
        stage9_date=project.stage9_date,
        approval_date=project.approval_date,
        organisation_id=project.organisation_id,
        sphere_id=project.sphere_id,
    )


class EffectQuerySet(OrganisationScopedQuerySet):
    organisation_path = "project__organisation"

    def confirmed(self) -> EffectQuerySet:
        return self.filter(status=Effect.Status.CONFIRMED)


class Effect(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Плановый"
        SUBMITTED = "submitted", "Фактическое значение на проверке"
        RETURNED = "returned", "Возвращён на доработку"
        CONFIRMED = "confirmed", "Подтверждён"

    project = models.ForeignKey(Project, verbose_name="проект", on_delete=models.CASCADE, related_name="effect_records")
    position = models.PositiveSmallIntegerField("№", default=0)
    kind = models.CharField("вид эффекта", max_length=20, choices=Kind.choices)
    title = models.CharField("что даёт проект", max_length=300)
    unit = models.CharField(
        "единица измерения",
        max_length=100,
        blank=True,
        help_text="Для времени и денег ставится сама: «ч в год», «руб. в год».",
    )
    method = models.TextField(
        "методика расчёта",
        help_text="Коротко: как посчитано, например «минут на операцию × операций в год ÷ 60».",
    )
    figures = models.CharField(
        "исходные данные расчёта",
        max_length=500,
        blank=True,
        help_text="Показатели, из которых получено значение, например «15 мин × 1 200 операций».",
    )
    planned_value = models.DecimalField("плановое значение", **VALUE_DIGITS)
    forecast_value = models.DecimalField("прогноз", null=True, blank=True, **VALUE_DIGITS)
    forecast_on = models.DateField("прогноз на дату", null=True, blank=True)
    actual_value = models.DecimalField("фактическое значение", null=True, blank=True, **VALUE_DIGITS)
    actual_on = models.DateField("фактическое значение на дату", null=True, blank=True)
    actual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="внёс фактическое значение",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField("проверка", max_length=20, choices=Status.choices, default=Status.PLANNED)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="проверил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField("проверено", null=True, blank=True)
    verification_comment = models.TextField("комментарий проверки", blank=True)
    # Copied from the project (``district_figures``) so that the district's roll-ups read one indexed
    # table: written by ``save`` and, when the project changes, by ``services.effects_follow_project``.
    district_year = models.PositiveSmallIntegerField("год в итогах района", null=True, blank=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="организация проекта",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    sphere = models.ForeignKey(
        Sphere,
        verbose_name="сфера деятельности проекта",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,  # read through effect_district_rollup
    )

    objects = EffectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=list(DISTRICT_FIELDS))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "эффект проекта"
        verbose_name_plural = "эффекты проектов"
        indexes = [
            models.Index(fields=["status"], name="effect_status"),
            # The district page's roll-ups (per year; per organisation and sphere of a year) read it
            # alone (index-only scans on PostgreSQL).
            models.Index(
                fields=["district_year", "kind", "organisation", "sphere"],
                include=["planned_value", "forecast_value", "actual_value", "status"],
                name="effect_district_rollup",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            # The project as stored now (an instance in memory may be older than the database).
            row = Project.objects.filter(pk=self.project_id).values(
                "state", "closed_on", "stage9_date", "approval_date", "organisation_id", "sphere_id"
            )[0]
            for name, value in district_figures(**row).items():
                setattr(self, name, value)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("effects:project", args=[self.project_id])

    @property
    def shown_unit(self) -> str:
        return FIXED_UNITS.get(self.kind, self.unit)

    @property
    def is_staff_time(self) -> bool:
        return self.kind == Kind.STAFF_TIME

    @property
    def is_locked(self) -> bool:
        """A confirmed actual value is final: nothing of the effect changes any more."""
        return self.status == self.Status.CONFIRMED

    @property
    def awaits_verification(self) -> bool:
        return self.status == self.Status.SUBMITTED


class EffectForecast(models.Model):
    """The forecast of an effect given in one quarterly report: together they form its history."""

    effect = models.ForeignKey(Effect, verbose_name="эффект", on_delete=models.CASCADE, related_name="forecasts")
    report = models.ForeignKey(
        "reporting.QuarterlyReport", verbose_name="квартальный отчёт", on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField("прогноз", **VALUE_DIGITS)

    class Meta:
        ordering = ["report__year", "report__quarter"]
        verbose_name = "прогноз эффекта в отчёте"
        verbose_name_plural = "прогнозы эффектов в отчётах"
        constraints = [models.UniqueConstraint(fields=["effect", "report"], name="effects_forecast_once_per_report")]

    def __str__(self) -> str:
        return f"{self.effect}: {self.value}"
