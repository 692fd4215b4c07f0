import datetime
from decimal import Decimal

import pytest

from effects import services
from effects.models import ConversionRate, Kind
from projects import services as project_services
from projects.tests.factories import FullProjectFactory


def add_effect(project, user, **fields):
    values = {
        "kind": Kind.STAFF_TIME,
        "title": "Сокращение времени оформления справки",
        "method": "минут на операцию × операций в год ÷ 60",
        "figures": "15 мин × 1 200 операций",
        "planned_value": Decimal("300"),
    }
    values.update(fields)
    return services.effect_create(project=project, user=user, **values)


@pytest.fixture
def draft(unit, department_user):
    return FullProjectFactory(organisation=unit, created_by=department_user)


@pytest.fixture
def rates(db):
    """2025: 300 руб./ч; from 2026: 350 руб./ч. 1 973 working hours a position a year."""
    ConversionRate.objects.create(
        valid_from=datetime.date(2025, 1, 1), staff_hour_cost=Decimal("300"), hours_per_position=Decimal("1973")
    )
    return ConversionRate.objects.create(
        valid_from=datetime.date(2026, 1, 1), staff_hour_cost=Decimal("350"), hours_per_position=Decimal("1973")
    )


def approve(project, department_user, economy_user, director_user):
    project_services.passport_submit(project=project, user=department_user)
    project_services.passport_accept(project=project, user=economy_user)
    return project_services.passport_approve(project=project, user=director_user)


def close(project, user, closed_on):
    project_services.project_start(project=project, user=user)
    return project_services.project_close(project=project, user=user, closed_on=closed_on)
