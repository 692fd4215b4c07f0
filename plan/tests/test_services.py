"""Plan period services: creation with copied indicators, target validation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plan.models import Target
from plan.services import plan_create, plan_update, targets_save

pytestmark = pytest.mark.django_db


def test_plan_create_copies_indicators_not_targets(decree_plan, unit):
    plan = plan_create(
        name="План на 2025-2027 годы",
        decree="—",
        first_year=2025,
        last_year=2027,
        executors=[unit],
        copy_from=decree_plan,
    )
    assert list(plan.indicators.values_list("code", flat=True)) == list(
        decree_plan.indicators.values_list("code", flat=True)
    )
    assert not Target.objects.filter(indicator__plan=plan).exists()
    assert list(plan.responsible_organisations()) == [unit]


def test_plan_create_refuses_reversed_or_duplicate(decree_plan):
    with pytest.raises(ValidationError) as error:
        plan_create(name="Обратный", decree="—", first_year=2027, last_year=2025)
    assert "last_year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        plan_create(name=decree_plan.name, decree="—", first_year=2025, last_year=2026)
    assert "name" in error.value.message_dict


def test_targets_save_validates_years_and_shares(decree_plan):
    first = decree_plan.indicators.get(code="1.1")
    share = decree_plan.indicators.get(code="1.3")
    with pytest.raises(ValidationError) as error:
        targets_save(plan=decree_plan, cells={(first.pk, 2030): (Decimal(1), "at_least")})
    assert "Год вне периода плана" in str(error.value)
    with pytest.raises(ValidationError) as error:
        targets_save(plan=decree_plan, cells={(share.pk, 2023): (Decimal(120), "at_least")})
    assert "100" in str(error.value)
    assert targets_save(plan=decree_plan, cells={(first.pk, 2023): (Decimal(5), "exact")}) == 1
    assert Target.objects.get(indicator=first, year=2023).label == "5"


def test_targets_save_refuses_foreign_indicators(decree_plan):
    other = plan_create(name="Другой", decree="—", first_year=2025, last_year=2025, copy_from=decree_plan)
    foreign = other.indicators.first()
    with pytest.raises(ValidationError):
        targets_save(plan=decree_plan, cells={(foreign.pk, 2023): (Decimal(1), "at_least")})


def test_plan_update_keeps_years_with_targets(decree_plan):
    with pytest.raises(ValidationError):
        plan_update(plan=decree_plan, name=decree_plan.name, decree="—", first_year=2022, last_year=2023, executors=[])
    plan_update(plan=decree_plan, name=decree_plan.name, decree="—", first_year=2021, last_year=2025, executors=[])
    decree_plan.refresh_from_db()
    assert decree_plan.years == [2021, 2022, 2023, 2024, 2025]
