import datetime

import factory

from orgs.models import Municipality
from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from registries.models import (
    Contest,
    ContestEntry,
    CultureDiagnostic,
    DiagnosticStatement,
    ModelSite,
    Suggestion,
    Survey,
    SurveyQuestion,
    Training,
)


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suggestion
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Предложение {n}")
    submitted_on = datetime.date(2023, 2, 1)
    problem = "Заявления регистрируют вручную в двух журналах."
    solution = "Вести один электронный журнал."

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.authors.set(extracted or [EmployeeFactory(organisation=obj.organisation)])


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    employee = factory.SubFactory(EmployeeFactory)
    kind = Training.Kind.LEAN_BASICS
    provider = "АНО «Центр компетенций Кузбасса»"
    started_on = datetime.date(2023, 3, 1)
    completed_on = datetime.date(2023, 3, 20)
    hours = 36


class ModelSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelSite

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Образцовый кабинет {n}")
    audit_date = datetime.date(2023, 5, 1)
    auditor = "МАУ «МФЦ»"


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Опрос {n}")
    method = Survey.Method.PAPER
    held_on = datetime.date(2023, 6, 1)
    respondents = 40
    satisfied_share = 82


class PortalSurveyFactory(SurveyFactory):
    method = Survey.Method.PORTAL
    respondents = None
    satisfied_share = None
    is_open = True
    held_on = datetime.date(2024, 1, 10)


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(PortalSurveyFactory)
    position = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"Насколько вы довольны пунктом {n}?")


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Конкурс лучших практик {n}")
    year = 2023
    held_on = datetime.date(2023, 11, 20)


class ContestEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContestEntry

    contest = factory.SubFactory(ContestFactory)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiagnosticStatement

    text = factory.Sequence(lambda n: f"Сотрудники предлагают улучшения ({n})")
    position = factory.Sequence(int)
    # The default municipality's questionnaire (its office edits it); ``municipality=None`` for a regional one.
    municipality = factory.LazyFunction(lambda: Municipality.objects.default())


class DiagnosticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CultureDiagnostic

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2023
    held_on = datetime.date(2023, 4, 1)
    directions = "Образование: приём заявлений."
