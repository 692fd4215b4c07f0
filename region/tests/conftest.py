"""Two municipalities with plans of their own: the default one (the decree's plan 2022–2024, seeded by
the migrations) and ``other_municipality`` (a plan 2023–2025 with two indicators and its own targets)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from orgs.models import Municipality, Organisation
from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from plan.models import Indicator, Plan, Target


def municipal_plan(municipality: Municipality, targets: dict[str, int], *, first_year=2023, last_year=2025) -> Plan:
    """A plan of ``municipality`` with 1.1 (projects implemented) and 1.2 (suggestions implemented) and
    ``targets`` ({"1.1": n, "1.2": m}) for every year."""
    plan = Plan.objects.create(
        name=f"План мероприятий {municipality.short_name}",
        decree="Постановление от 01.02.2023 № 1",
        first_year=first_year,
        last_year=last_year,
        municipality=municipality,
    )
    computations = {"1.1": "projects_implemented", "1.2": "suggestions_implemented"}
    for position, (code, value) in enumerate(targets.items(), start=1):
        indicator = Indicator.objects.create(
            plan=plan,
            code=code,
            wording=f"Показатель {code}",
            unit="ед.",
            computation=computations[code],
            position=position,
        )
        for year in plan.years:
            Target.objects.create(indicator=indicator, year=year, value=Decimal(value))
    return plan


@pytest.fixture
def far_plan(other_municipality):
    return municipal_plan(other_municipality, {"1.1": 1, "1.2": 5})


@pytest.fixture
def frozen_today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC), tick=False)


def municipality_with_records(n: int, *, projects: int = 1, staff: int = 2) -> Municipality:
    """A municipality with its office, a unit, ``staff`` employees, a plan and ``projects`` closed in 2023."""
    from plan.tests.factories import ProjectFactory, SuggestionFactory, TrainingFactory

    municipality = Municipality.objects.create(
        name=f"Муниципальный округ номер {n}", short_name=f"МО {n}", slug=f"mo-{n}", kind="okrug"
    )
    OrganisationFactory(
        short_name=f"Управление экономики МО {n}",
        kind=Organisation.Kind.STRUCTURAL_UNIT,
        is_economy_office=True,
        municipality=municipality,
    )
    unit = OrganisationFactory(short_name=f"Управление образования МО {n}", kind="unit", municipality=municipality)
    employees = [EmployeeFactory(organisation=unit) for _ in range(staff)]
    for _ in range(projects):
        ProjectFactory(organisation=unit, closed_on=datetime.date(2023, 5, 1))
    SuggestionFactory(
        organisation=unit, submitted_on=datetime.date(2023, 2, 1), implemented_on=datetime.date(2023, 3, 1)
    )
    TrainingFactory(employee=employees[0], completed_on=datetime.date(2023, 4, 1))
    municipal_plan(municipality, {"1.1": 1, "1.2": 1})
    return municipality


@pytest.fixture(autouse=True)
def _comparison_read_afresh(settings):
    """Each test reads the records it made (the figures' cache is tested on its own in test_comparison)."""
    settings.REGION_COMPARISON_CACHE_SECONDS = 0
