"""Reads of the effects ledger: conversions and the district's roll-ups.

How the figures are read:

* an effect counts in the district's totals once its project's passport is approved (drafts and
  passports under review promise nothing yet);
* it belongs to the year its project is closed (stage 9): the actual closure date, else the
  passport's planned one, else the approval date — effects are yearly savings that start when
  the improvements are in place;
* «планируется» sums planned values, «прогноз» the latest forecasts given in quarterly reports,
  «подтверждено» the actual values the office confirmed;
* staff time is also shown as money (hours × the cost of an hour) and as staff positions
  (hours ÷ working hours of a position a year) at the rates in force on 31 December of the year;
  money in the totals is money saved + money earned + staff time in money;
* quality and other effects have their own units: they are counted, not summed.

Every roll-up is one grouped query, whatever the number of effects.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from effects.models import MONEY_KINDS, ConversionRate, Effect, Kind
from projects.models import Project

COUNTED_STATES = [
    Project.State.APPROVED,
    Project.State.IN_PROGRESS,
    Project.State.CLOSED,
    Project.State.MONITORING,
]
SUMMED_KINDS = (Kind.STAFF_TIME, Kind.CITIZEN_TIME, Kind.MONEY_SAVED, Kind.MONEY_EARNED)
MEASURES = ("planned", "forecast", "confirmed")
ZERO = Decimal("0")


@dataclass
class Totals:
    """The planned / forecast / confirmed sums of one group (a year, an organisation, a sphere)."""

    key: object
    label: str
    rate: ConversionRate | None = None
    # kind → measure → sum
    sums: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    # quality and other effects: how many, how many confirmed
    other_count: int = 0
    other_confirmed: int = 0
    effects_count: int = 0

    def add(self, kind: str, row: dict) -> None:
        self.effects_count += row["count"]
        if kind in SUMMED_KINDS:
            sums = self.sums.setdefault(kind, dict.fromkeys(MEASURES, ZERO))
            for measure in MEASURES:
                sums[measure] += row[measure] or ZERO
        else:
            self.other_count += row["count"]
            self.other_confirmed += row["confirmed_count"]

    def value(self, kind: str, measure: str) -> Decimal:
        return self.sums.get(kind, {}).get(measure, ZERO)

    def staff_money(self, measure: str) -> Decimal | None:
        hours = self.value(Kind.STAFF_TIME, measure)
        return self.rate.hours_to_money(hours) if self.rate else None

    def positions(self, measure: str) -> Decimal | None:
        hours = self.value(Kind.STAFF_TIME, measure)
        return self.rate.hours_to_positions(hours) if self.rate else None

    def money(self, measure: str) -> Decimal:
        """Money saved + money earned + staff time at the cost of an hour (none without rates)."""
        direct = sum((self.value(kind, measure) for kind in MONEY_KINDS), ZERO)
        return direct + (self.staff_money(measure) or ZERO)

    def columns(self) -> list[tuple[str, Decimal | None]]:
        """The row's figures in the order of ``COLUMNS`` (the page, the report and the .xlsx)."""
        result = []
        for measure in MEASURES:
            result.append(self.value(Kind.STAFF_TIME, measure))
        for measure in MEASURES:
            result.append(self.positions(measure))
        for measure in MEASURES:
            result.append(self.value(Kind.CITIZEN_TIME, measure))
        for measure in MEASURES:
            result.append(self.money(measure))
        return result


# (group title, unit) of the roll-up's columns; each group has «план», «прогноз», «подтверждено».
COLUMN_GROUPS = [
    ("Время сотрудников", "ч в год"),
    ("Штатных единиц", "ед."),
    ("Время граждан", "ч в год"),
    ("Деньги (экономия, доходы и время сотрудников)", "руб. в год"),
]
MEASURE_LABELS = {"planned": "план", "forecast": "прогноз", "confirmed": "подтверждено"}


def rate_for_year(rates: list[ConversionRate], year: int) -> ConversionRate | None:
    """The rates in force on 31 December of ``year``, from ``rates`` newest first."""
    last_day = datetime.date(year, 12, 31)
    return next((rate for rate in rates if rate.valid_from <= last_day), None)


def counted_effects():
    """Effects of approved passports, each with its year (see the module's notes)."""
    return Effect.objects.filter(project__state__in=COUNTED_STATES).annotate(
        year=ExtractYear(Coalesce("project__closed_on", "project__stage9_date", "project__approval_date"))
    )


def _grouped(queryset, *fields: str):
    return (
        queryset.values(*fields, "kind")
        .annotate(
            planned=Sum("planned_value"),
            forecast=Sum("forecast_value"),
            confirmed=Sum("actual_value", filter=Q(status=Effect.Status.CONFIRMED)),
            count=Count("id"),
            confirmed_count=Count("id", filter=Q(status=Effect.Status.CONFIRMED)),
        )
        .order_by()
    )


@dataclass
class DistrictEffects:
    years: list[Totals]
    year: int | None
    organisations: list[Totals]
    spheres: list[Totals]
    total: Totals
    rate: ConversionRate | None
    awaiting: int


def district_effects(year: int | None = None, *, organisation_ids=None) -> DistrictEffects:
    """The district page «Эффекты»: totals per year, and for ``year`` (default: the current year or the
    last year begun that has effects)
    per organisation and per sphere. Five queries, whatever the number of effects.

    ``organisation_ids`` (a queryset of ids) limits it to the organisations a reader sees."""
    effects = counted_effects()
    if organisation_ids is not None:
        effects = effects.filter(project__organisation__in=organisation_ids)
    rates = list(ConversionRate.objects.order_by("-valid_from"))
    by_year: dict[int, Totals] = {}
    for row in _grouped(effects, "year"):
        if row["year"] is None:
            continue
        totals = by_year.setdefault(row["year"], Totals(row["year"], f"{row['year']} г."))
        totals.add(row["kind"], row)
    years = [by_year[y] for y in sorted(by_year)]
    for totals in years:
        totals.rate = rate_for_year(rates, totals.key)
    if year is None:
        # The current year, else the last year already begun, else the first one planned.
        this_year = timezone.localdate().year
        begun = [t.key for t in years if t.key <= this_year]
        year = begun[-1] if begun else (years[0].key if years else None)
    rate = rate_for_year(rates, year) if year else None
    total = by_year.get(year) or Totals(year, f"{year} г." if year else "—", rate)
    organisations: dict[int, Totals] = {}
    spheres: dict[int | None, Totals] = {}
    if year is not None:
        in_year = effects.filter(year=year)
        for row in _grouped(in_year, "project__organisation", "project__organisation__short_name"):
            key = row["project__organisation"]
            totals = organisations.setdefault(key, Totals(key, row["project__organisation__short_name"], rate))
            totals.add(row["kind"], row)
        for row in _grouped(in_year, "project__sphere", "project__sphere__name"):
            key = row["project__sphere"]
            totals = spheres.setdefault(key, Totals(key, row["project__sphere__name"] or "Сфера не указана", rate))
            totals.add(row["kind"], row)
    awaiting = effects.filter(status=Effect.Status.SUBMITTED).count()
    return DistrictEffects(
        years=years,
        year=year,
        organisations=sorted(organisations.values(), key=lambda t: (-t.money("planned"), t.label)),
        spheres=sorted(spheres.values(), key=lambda t: (-t.money("planned"), t.label)),
        total=total,
        rate=rate,
        awaiting=awaiting,
    )


def project_effects(project: Project) -> list[Effect]:
    """The project's effects with the conversion of staff time at its year's rates (two queries)."""
    effects = list(project.effect_records.select_related("verified_by__employee"))
    day = project.closed_on or project.stage9_date or project.approval_date or timezone.localdate()
    rate = ConversionRate.objects.applying_on(datetime.date(day.year, 12, 31)) if effects else None
    for effect in effects:
        effect.rate = rate
        if effect.is_staff_time and rate:
            effect.planned_money = rate.hours_to_money(effect.planned_value)
            effect.planned_positions = rate.hours_to_positions(effect.planned_value)
            if effect.actual_value is not None:
                effect.actual_money = rate.hours_to_money(effect.actual_value)
    return effects


def awaiting_verification():
    """The office's list: actual values sent for verification, oldest first."""
    return (
        Effect.objects.filter(status=Effect.Status.SUBMITTED)
        .select_related("project__organisation", "actual_by__employee")
        .order_by("actual_on", "id")
    )


def confirmed_by_project(project_ids) -> dict[int, list[Effect]]:
    """Confirmed effects of the given projects (one query): for the library of best practices."""
    result: dict[int, list[Effect]] = {}
    for effect in Effect.objects.confirmed().filter(project_id__in=project_ids).order_by("project_id", "position"):
        result.setdefault(effect.project_id, []).append(effect)
    return result
