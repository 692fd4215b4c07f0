import datetime

import factory

from orgs.tests.factories import OrganisationFactory, SphereFactory
from projects.models import Goal, Project


class ProjectFactory(factory.django.DjangoModelFactory):
    """An approved project (assessable); pass ``state`` for others."""

    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Сокращение времени ожидания услуги № {n}")
    sphere = factory.SubFactory(SphereFactory)
    process = "Приём и регистрация заявлений"
    effects = "Время ожидания сокращено, жалоб нет."
    state = Project.State.APPROVED
    approval_date = datetime.date(2024, 2, 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    project = factory.SubFactory(ProjectFactory)
    name = "Время ожидания заявителя"
    unit = "мин"
    current_value = 40
    target_value = 10
