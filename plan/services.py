"""Writes of the plan app: plan periods and their targets (the office's data)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from orgs.models import Municipality
from plan.models import Indicator, Plan, Target


def _check_name_free(plan: Plan) -> None:
    """A plan's name is unique within its municipality (another municipality may name its plan the same)."""
    taken = Plan.objects.filter(municipality_id=plan.municipality_id, name=plan.name).exclude(pk=plan.pk)
    if taken.exists():
        raise ValidationError({"name": "План с таким наименованием уже есть."})


@transaction.atomic
def plan_create(
    *,
    municipality: Municipality | None = None,
    name: str,
    decree: str,
    first_year: int,
    last_year: int,
    executors: Iterable = (),
    copy_from: Plan | None = None,
) -> Plan:
    """Create a plan period of ``municipality`` (the default one when not given); with ``copy_from`` its
    indicators (not targets) are copied over (from any plan: a new municipality may start from another's
    indicators). Executors must be organisations of the municipality."""
    if municipality is None:
        municipality = Municipality.objects.default()
    plan = Plan(municipality=municipality, name=name, decree=decree, first_year=first_year, last_year=last_year)
    _check_name_free(plan)
    plan.full_clean()
    _set_executors(plan, executors)
    if copy_from is not None:
        Indicator.objects.bulk_create(
            Indicator(
                plan=plan,
                section=source.section,
                code=source.code,
                wording=source.wording,
                unit=source.unit,
                computation=source.computation,
                scope=source.scope,
                position=source.position,
            )
            for source in copy_from.indicators.order_by("position", "id")
        )
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, name: str, decree: str, first_year: int, last_year: int, executors: Iterable) -> Plan:
    """Change a plan's details; a period may not shrink past years that have targets."""
    outside = Target.objects.filter(indicator__plan=plan).exclude(year__gte=first_year, year__lte=last_year)
    if outside.exists():
        years = ", ".join(str(y) for y in sorted(set(outside.values_list("year", flat=True))))
        raise ValidationError(
            {"first_year": f"Для {years} г. заданы целевые значения: сначала удалите их или сохраните период."}
        )
    plan.name, plan.decree, plan.first_year, plan.last_year = name, decree, first_year, last_year
    _check_name_free(plan)
    plan.full_clean()
    _set_executors(plan, executors)
    return plan


def _set_executors(plan: Plan, executors: Iterable) -> None:
    """Save ``plan`` and its executors: organisations of its municipality only."""
    executors = list(executors)
    if any(org.municipality_id != plan.municipality_id for org in executors):
        raise ValidationError(
            {"executors": "Исполнителями плана могут быть только организации его муниципального образования."}
        )
    plan.save()
    plan.executors.set(executors)


@transaction.atomic
def targets_save(
    *,
    plan: Plan,
    cells: dict[tuple[int, int], tuple[Decimal | None, str]],
    scopes: dict[int, str] | None = None,
) -> int:
    """Save the indicator × year grid. ``cells[(indicator_id, year)] = (value or None, comparison)``.

    ``scopes[indicator_id]`` optionally changes how a count target is read (per organisation
    or for the district). An empty value removes the target of that year. Returns the number
    of targets set.
    """
    indicators = {i.pk: i for i in plan.indicators.all()}
    for indicator_id, scope in (scopes or {}).items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise ValidationError("Показатель не относится к этому плану.")
        if indicator.scope != scope:
            indicator.scope = scope
            indicator.full_clean()
            indicator.save(update_fields=["scope"])
    existing = {(t.indicator_id, t.year): t for t in Target.objects.filter(indicator__plan=plan)}
    saved = 0
    for (indicator_id, year), (value, comparison) in cells.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise ValidationError("Показатель не относится к этому плану.")
        target = existing.get((indicator_id, year))
        if value is None:
            if target is not None:
                target.delete()
            continue
        if target is None:
            target = Target(indicator=indicator, year=year)
        target.value, target.comparison = value, comparison
        target.full_clean()
        target.save()
        saved += 1
    return saved
