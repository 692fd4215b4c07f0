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

Every roll-up is one grouped query, whatever the number of effects. The effect stores its project's
year, organisation and sphere (``Effect.district_year`` …, kept by ``Effect.save`` and
``services.effects_follow_project``): the roll-ups read the effects' covering index alone, no join.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.utils import timezone

from effects.models import MONEY_KINDS, ConversionRate, Effect, Kind
from projects.models import Project

SUMMED_KINDS = (Kind.STAFF_TIME, Kind.CITIZEN_TIME, Kind.MONEY_SAVED, Kind.MONEY_EARNED)
MEASURES = ("planned", "forecast", "confirmed")
ZERO = Decimal("0")
DECIMAL = DecimalField(max_digits=20, decimal_places=2)


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
    """Effects of approved passports, each with its year (stored: ``Effect.district_year``)."""
    return Effect.objects.filter(district_year__isnull=False)


def _grouped(queryset, *fields: str):
    # Counts of "kind" (never empty), not of "id": every column read is in effect_district_rollup.
    return (
        queryset.values(*fields, "kind")
        .annotate(
            planned=Sum("planned_value"),
            forecast=Sum("forecast_value"),
            confirmed=Sum("actual_value", filter=Q(status=Effect.Status.CONFIRMED)),
            count=Count("kind"),
            confirmed_count=Count("kind", filter=Q(status=Effect.Status.CONFIRMED)),
        )
        .order_by()
    )


def _pivot_aggregates() -> dict:
    """One row per group: each summed kind's three measures as columns, and the counts."""
    confirmed = Q(status=Effect.Status.CONFIRMED)
    columns = {}
    for kind in SUMMED_KINDS:
        of_kind = Q(kind=kind)
        columns[f"{kind}__planned"] = Sum("planned_value", filter=of_kind)
        columns[f"{kind}__forecast"] = Sum("forecast_value", filter=of_kind)
        columns[f"{kind}__confirmed"] = Sum("actual_value", filter=of_kind & confirmed)
    others = ~Q(kind__in=SUMMED_KINDS)
    columns["other_count"] = Count("kind", filter=others)
    columns["other_confirmed"] = Count("kind", filter=others & confirmed)
    columns["effects_count"] = Count("kind")
    return columns


def _totals_from_pivot(row: dict, key, label: str, rate: ConversionRate | None) -> Totals:
    totals = Totals(key, label, rate)
    for kind in SUMMED_KINDS:
        values = {measure: row[f"{kind}__{measure}"] for measure in MEASURES}
        if any(value is not None for value in values.values()):
            totals.sums[kind] = {measure: value or ZERO for measure, value in values.items()}
    totals.other_count, totals.other_confirmed = row["other_count"], row["other_confirmed"]
    totals.effects_count = row["effects_count"]
    return totals


def _planned_money(rate: ConversionRate | None):
    """SQL of ``Totals.money("planned")``: money saved and earned + staff hours at the cost of an hour."""
    direct = Coalesce(Sum("planned_value", filter=Q(kind__in=MONEY_KINDS)), Value(ZERO), output_field=DECIMAL)
    if rate is None:
        return direct
    hours = Coalesce(Sum("planned_value", filter=Q(kind=Kind.STAFF_TIME)), Value(ZERO), output_field=DECIMAL)
    return direct + Round(hours * Value(rate.staff_hour_cost, output_field=DECIMAL), 2, output_field=DECIMAL)


def leading_organisations(in_year, rate: ConversionRate | None, limit: int) -> list[Totals]:
    """The ``limit`` organisations of ``in_year``'s effects with the largest planned effect in money
    (``Totals.money``), then by name: ordered and cut in the database (one query)."""
    rows = (
        in_year.values("organisation", "organisation__short_name")
        .annotate(money=_planned_money(rate), **_pivot_aggregates())
        .order_by("-money", "organisation__short_name")[:limit]
    )
    return [_totals_from_pivot(row, row["organisation"], row["organisation__short_name"], rate) for row in rows]


@dataclass
class DistrictEffects:
    years: list[Totals]
    year: int | None
    organisations: list[Totals]
    spheres: list[Totals]
    total: Totals
    rate: ConversionRate | None
    awaiting: int
    # How many organisations have effects in the year (``organisations`` may list the leading ones only).
    organisations_count: int = 0


def district_effects(
    year: int | None = None, *, organisation_ids=None, organisations_limit: int | None = None
) -> DistrictEffects:
    """The district page «Эффекты»: totals per year, and for ``year`` (default: the current year or the
    last year begun that has effects)
    per organisation and per sphere. Four queries whatever the number of effects (five when
    ``organisations_limit`` leaves organisations out: they are counted).

    ``organisation_ids`` (a queryset of ids) limits it to the organisations a reader sees;
    ``organisations_limit`` names only the organisations with the largest planned effect (the page),
    without it every organisation is read (the .xlsx, the annual report)."""
    effects = counted_effects()
    if organisation_ids is not None:
        effects = effects.filter(organisation__in=organisation_ids)
    rates = list(ConversionRate.objects.order_by("-valid_from"))
    by_year: dict[int, Totals] = {}
    awaiting = 0
    per_year = _grouped(effects, "district_year").annotate(
        submitted=Count("kind", filter=Q(status=Effect.Status.SUBMITTED))
    )
    for row in per_year:
        awaiting += row["submitted"]
        totals = by_year.setdefault(row["district_year"], Totals(row["district_year"], f"{row['district_year']} г."))
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
    organisations: list[Totals] = []
    organisations_count = 0
    spheres: dict[int | None, Totals] = {}
    if year is not None:
        in_year = effects.filter(district_year=year)
        if organisations_limit is None:
            by_organisation: dict[int, Totals] = {}
            for row in _grouped(in_year, "organisation", "organisation__short_name"):
                key = row["organisation"]
                totals = by_organisation.setdefault(key, Totals(key, row["organisation__short_name"], rate))
                totals.add(row["kind"], row)
            organisations = sorted(by_organisation.values(), key=lambda t: (-t.money("planned"), t.label))
            organisations_count = len(organisations)
        else:
            organisations = leading_organisations(in_year, rate, organisations_limit)
            organisations_count = (
                len(organisations)
                if len(organisations) < organisations_limit
                else in_year.values("organisation").distinct().count()
            )
        for row in _grouped(in_year, "sphere", "sphere__name"):
            key = row["sphere"]
            totals = spheres.setdefault(key, Totals(key, row["sphere__name"] or "Сфера не указана", rate))
            totals.add(row["kind"], row)
    return DistrictEffects(
        years=years,
        year=year,
        organisations=organisations,
        spheres=sorted(spheres.values(), key=lambda t: (-t.money("planned"), t.label)),
        total=total,
        rate=rate,
        awaiting=awaiting,
        organisations_count=organisations_count,
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


def confirmed_effects_by_municipality(year: int) -> dict[int, Totals]:
    """``{municipality_id: Totals}`` of the effects of ``year`` (their projects' year), per municipality, for the
    regional comparison: ``totals.money("confirmed")``, ``totals.value(Kind.STAFF_TIME, "confirmed")``,
    ``totals.other_confirmed``. Two queries whatever the number of municipalities.

    MINIMAL VERSION written on the branch "region"; engineer "plan"'s version wins at merge."""
    rate = rate_for_year(list(ConversionRate.objects.order_by("-valid_from")), year)
    rows = (
        counted_effects()
        .filter(district_year=year)
        .values("organisation__municipality")
        .annotate(**_pivot_aggregates())
        .order_by()
    )
    result = {}
    for row in rows:
        key = row["organisation__municipality"]
        if key is not None:
            result[key] = _totals_from_pivot(row, key, "", rate)
    return result
