import datetime

import factory
from django.utils import timezone

from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from projects.models import Project
from registries.models import Contest, ModelSite, Suggestion, Survey, Training


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Бережливый проект {n}")
    state = Project.State.CLOSED
    closed_on = datetime.date(2023, 6, 1)


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion

    organisation = factory.SubFactory(OrganisationFactory)
    submitted_on = datetime.date(2022, 1, 10)
    problem = factory.Sequence(lambda n: f"Проблема {n}")
    solution = "Решение"
    state = Suggestion.State.IMPLEMENTED
    implemented_on = datetime.date(2023, 6, 1)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    employee = factory.SubFactory(EmployeeFactory)
    kind = Training.Kind.LEAN_BASICS
    started_on = factory.LazyAttribute(
        lambda o: (o.completed_on or datetime.date(2023, 1, 1)) - datetime.timedelta(days=30)
    )
    completed_on = datetime.date(2023, 6, 1)
    # Confirmed by the office (plan 2.1 counts confirmed training only); pass ``confirmed_at=None`` for a record
    # an organisation typed in for itself.
    confirmed_at = factory.LazyFunction(timezone.now)


class ModelSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelSite

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Образец {n}")
    audit_date = datetime.date(2023, 6, 1)
    auditor = "АНО «Центр компетенций Кузбасса»"


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Опрос {n}")
    held_on = datetime.date(2023, 6, 1)
    # Held on paper with answers recorded (plan 3.2 counts surveys that received answers).
    method = Survey.Method.PAPER
    respondents = 30


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Конкурс лучших практик {n}")
    held_on = datetime.date(2023, 6, 1)
    # Plan 3.3 counts municipal contests only.
    level = Contest.Level.MUNICIPAL
    year = factory.LazyAttribute(lambda o: o.held_on.year)
