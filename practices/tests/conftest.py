"""Practices: recognised projects of two municipalities, their people and the bulk set of the API test."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from effects.models import Effect
from orgs.tests.factories import EmployeeFactory, SphereFactory
from projects.models import Goal, JustificationItem, Project, TeamMember
from scoring import services as scoring_services
from scoring.models import Assessment, AssessmentCriterion, RubricVersion
from scoring.tests.conftest import FEDERAL_10, REGIONAL_7_5, justify
from scoring.tests.factories import ProjectFactory

# 8 points, criterion 6 scored 1 (6.2: replicable within the organisation's profile): a practice.
PROFILE_8 = {**REGIONAL_7_5, "6": ["6.2"]}
# Knocked out on criterion 2: not lean, never a practice.
CUT_OFF = {**REGIONAL_7_5, "2": ["2.5"]}

# Personal data a practice card must never show (the lead's name and position are published).
TEAM_MEMBER = "Секретнова"
APPROVER = "Утверждалов Игорь Николаевич"
LEAD_POSITION = "Заместитель начальника управления"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The API's rate limit counts in the cache: every test starts with none used."""
    cache.clear()


def assess(project, user, choices=FEDERAL_10):
    return scoring_services.assessment_save(
        project=project, user=user, choices=choices, justifications=justify(choices), submit=True
    )


def make_practice(organisation, assessor, *, title="Запись в первый класс без очередей", choices=FEDERAL_10, **fields):
    """A project of ``organisation`` with a lead, a team member, a problem, goals and a confirmed effect,
    assessed officially with ``choices``."""
    lead = EmployeeFactory(organisation=organisation, last_name="Лидерова", first_name="Анна", position=LEAD_POSITION)
    member = EmployeeFactory(organisation=organisation, last_name=TEAM_MEMBER, email="secret@example.org")
    fields.setdefault("process", "Приём заявлений в первый класс")
    project = ProjectFactory(
        organisation=organisation,
        title=title,
        lead=lead,
        approver_name=APPROVER,
        approver_position="Начальник управления",
        process_start="Обращение родителя",
        process_end="Зачисление",
        effects="Электронная очередь и запись через портал госуслуг.",
        **fields,
    )
    TeamMember.objects.create(project=project, employee=member, role="Участник")
    JustificationItem.objects.create(project=project, position=1, text="Очереди у дверей школы в день приёма.")
    Goal.objects.create(project=project, position=1, name="Время ожидания", unit="мин", current_value=40,
                        target_value=10)  # fmt: skip
    Effect.objects.create(
        project=project,
        position=1,
        kind="citizen_time",
        title="Сэкономлено время родителей",
        unit="ч",
        planned_value=100,
        actual_value=Decimal("120.5"),
        actual_on=datetime.date(2024, 6, 1),
        status=Effect.Status.CONFIRMED,
    )
    assess(project, assessor, choices)
    return project


@pytest.fixture
def practice(unit, economy_user):
    """A federal practice of the unit (Leninsk-Kuznetsky)."""
    return make_practice(unit, economy_user, sphere=SphereFactory(name="Образование"))


@pytest.fixture
def far_practice(far_org, far_economy_user):
    """A practice of the other municipality (criterion 6 scored 1)."""
    return make_practice(
        far_org, far_economy_user, title="Социальное такси без бумаг", choices=PROFILE_8,
        sphere=SphereFactory(name="Социальная защита"), process="Заказ социального такси",
    )  # fmt: skip


def bulk_practices(organisations, assessor, count: int) -> list[int]:
    """``count`` practices made cheaply (bulk inserts, no history), spread over ``organisations``."""
    version = RubricVersion.objects.current()
    projects = Project.objects.bulk_create(
        [
            Project(
                organisation=organisations[i % len(organisations)],
                title=f"Практика № {i}",
                process=f"Процесс {i % 7}",
                state=Project.State.APPROVED,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    today = datetime.date(2025, 3, 1)
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                project=project,
                rubric_version=version,
                kind=Assessment.Kind.OFFICE,
                state=Assessment.State.AGREED,
                total=Decimal(5 + i % 6),
                is_lean=True,
                status="federal" if i % 6 == 5 else "regional",
                assessor=assessor,
                assessor_employee=assessor.employee,
                assessed_on=today,
            )
            for i, project in enumerate(projects)
        ],
        batch_size=1000,
    )
    AssessmentCriterion.objects.bulk_create(
        [AssessmentCriterion(assessment=a, code="6", score=Decimal("1.5")) for a in assessments], batch_size=1000
    )
    return [project.pk for project in projects]
