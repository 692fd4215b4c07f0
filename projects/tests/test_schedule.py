"""The project schedule, written once in ``projects``: the Python rules on ``Project`` (read by the
project page, the quarterly report and the deadlines list) and their SQL twins in
``projects.selectors`` (read by the registry) give the same answers."""

import datetime

import pytest

from projects.models import Project
from projects.selectors import registry_queryset
from projects.tests.factories import FullProjectFactory, ProjectFactory

pytestmark = pytest.mark.django_db
S = Project.State


class _Office:
    """Reads every project of the region (the regional office's reach)."""

    is_authenticated = True
    sees_everything = True
    sees_region = True


@pytest.fixture
def every_state(unit):
    for state in S.values:
        for current in (None, 3, 7):
            FullProjectFactory(organisation=unit, state=state, current_stage=current, rows=False)
    FullProjectFactory(
        organisation=unit, state=S.MONITORING, stability_checked_on=datetime.date(2025, 1, 10), rows=False
    )
    FullProjectFactory(organisation=unit, state=S.IN_PROGRESS, current_stage=4, stage2_end=None, rows=False)
    ProjectFactory(organisation=unit, state=S.IN_PROGRESS)  # no dates at all


@pytest.mark.parametrize("today", ["2024-01-15", "2024-02-25", "2024-04-09", "2024-12-01", "2026-07-01"])
def test_the_sql_stage_rules_answer_as_the_python_ones(every_state, today):
    today = datetime.date.fromisoformat(today)
    rows = list(registry_queryset(_Office(), today))
    assert len(rows) == len(S.values) * 3 + 3
    for project in rows:
        assert project.actual_stage_no == project.actual_stage, project.state
        assert project.planned_stage_no == project.planned_stage(today), project.state
        assert project.has_overdue == bool(project.overdue_stages(today)), (project.state, project.current_stage)


def test_owing_stages_are_the_active_and_the_implemented_until_the_stability_check(every_state):
    owing = list(Project.objects.owing_stages())
    assert owing and all(
        p.state in Project.ACTIVE_STATES or (p.is_implemented and p.stability_checked_on is None) for p in owing
    )
    left = Project.objects.exclude(pk__in=[p.pk for p in owing])
    assert all(
        p.state not in Project.ACTIVE_STATES and not (p.is_implemented and not p.stability_checked_on) for p in left
    )
    assert left.filter(state=S.MONITORING).exists() and left.filter(state=S.DRAFT).exists()


def test_schedule_verdict_names_the_first_overdue_stage(unit):
    project = FullProjectFactory(organisation=unit, state=S.IN_PROGRESS, current_stage=3, rows=False)
    on_time, why = project.schedule_verdict(datetime.date(2024, 3, 10))
    assert on_time is False
    assert why == "просрочен этап 3 «Анализ проблем и потерь» (окончание 05.03.2024)"
    assert project.upcoming_stage(datetime.date(2024, 3, 10)).number == 4
    assert project.schedule_verdict(datetime.date(2024, 3, 1)) == (True, "по графику этап 3, достигнут этап 3")


def test_schedule_verdict_of_a_late_closure_and_of_a_passport_without_dates(unit):
    late = FullProjectFactory(
        organisation=unit, state=S.CLOSED, closed_on=datetime.date(2024, 12, 20), stability_checked_on=None, rows=False
    )
    assert late.schedule_verdict(datetime.date(2024, 12, 21)) == (False, "закрыт 20.12.2024 позже плана (02.12.2024)")
    assert late.reported_stage == 10
    undated = ProjectFactory(organisation=unit, state=S.IN_PROGRESS, current_stage=2)
    assert undated.schedule_verdict(datetime.date(2024, 3, 1)) == (None, "сроки этапов не заполнены")
    assert undated.upcoming_stage(datetime.date(2024, 3, 1)) is None
