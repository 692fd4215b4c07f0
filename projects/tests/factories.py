import datetime
from decimal import Decimal

import factory

from orgs.tests.factories import EmployeeFactory, OrganisationFactory, SphereFactory
from projects.models import Goal, JustificationItem, Project, TeamMember

# A full, consistent timeline (stages follow one another).
STAGE_DATES = {
    "stage1_date": datetime.date(2024, 2, 1),
    "stage2_start": datetime.date(2024, 2, 5),
    "stage2_end": datetime.date(2024, 2, 20),
    "stage3_start": datetime.date(2024, 2, 21),
    "stage3_end": datetime.date(2024, 3, 5),
    "stage4_start": datetime.date(2024, 3, 6),
    "stage4_end": datetime.date(2024, 3, 20),
    "stage5_start": datetime.date(2024, 3, 21),
    "stage5_end": datetime.date(2024, 4, 5),
    "stage6_start": datetime.date(2024, 4, 8),
    "stage6_end": datetime.date(2024, 4, 10),
    "stage7_start": datetime.date(2024, 4, 11),
    "stage7_end": datetime.date(2024, 8, 30),
    "stage8_start": datetime.date(2024, 9, 2),
    "stage8_end": datetime.date(2024, 11, 29),
    "stage9_date": datetime.date(2024, 12, 2),
    "stage10_date": datetime.date(2025, 6, 2),
}


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Сокращение сроков выдачи справок № {n}")
    sphere = factory.SubFactory(SphereFactory)


class FullProjectFactory(ProjectFactory):
    """A passport complete enough to be submitted."""

    class Meta:
        skip_postgeneration_save = True

    approver_name = "Морозов Игорь Николаевич"
    approver_position = "Начальник управления образования"
    customer = factory.LazyAttribute(lambda o: o.organisation.full_name)
    process = "Выдача справок об обучении"
    process_start = "Обращение родителя"
    process_end = "Выдача справки"
    lead = factory.SubFactory(EmployeeFactory, organisation=factory.SelfAttribute("..organisation"))
    effects = "Сокращение времени ожидания, рост удовлетворённости родителей"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        for key, value in STAGE_DATES.items():
            kwargs.setdefault(key, value)
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def rows(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        TeamMemberFactory(project=obj, employee=EmployeeFactory(organisation=obj.organisation))
        JustificationItem.objects.create(project=obj, position=1, text="Родители ждут справку до 5 дней")
        GoalFactory(project=obj)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    project = factory.SubFactory(ProjectFactory)
    employee = factory.SubFactory(EmployeeFactory)
    role = "Член команды"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    project = factory.SubFactory(ProjectFactory)
    name = "Срок выдачи справки"
    unit = "дней"
    current_value = Decimal("5")
    target_value = Decimal("1")
