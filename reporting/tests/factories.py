import datetime
from decimal import Decimal

import factory

from orgs.tests.factories import OrganisationFactory, SphereFactory
from projects.models import Goal, Project
from reporting.models import QuarterlyReport


class ProjectFactory(factory.django.DjangoModelFactory):
    """An approved project under way, with a timeline around 2026."""

    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Сокращение времени ожидания услуги № {n}")
    sphere = factory.SubFactory(SphereFactory)
    state = Project.State.IN_PROGRESS
    current_stage = 7
    approval_date = datetime.date(2026, 2, 10)
    stage1_date = datetime.date(2026, 2, 10)
    stage2_start = datetime.date(2026, 2, 11)
    stage2_end = datetime.date(2026, 3, 31)
    stage7_start = datetime.date(2026, 4, 1)
    stage7_end = datetime.date(2026, 12, 15)
    stage9_date = datetime.date(2027, 3, 1)
    stage10_date = datetime.date(2027, 9, 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Время ожидания приёма {n}")
    unit = "мин"
    current_value = Decimal("40")
    target_value = Decimal("15")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyReport

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2026
    quarter = 4
