"""The goal's time series on the project page: an SVG per goal, two queries."""

from decimal import Decimal

import pytest
from django.test import RequestFactory

from reporting.models import GoalActual
from reporting.project_page import sections
from reporting.tests.factories import GoalFactory, ProjectFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_chart_current_actuals_by_quarter_target(unit, project, department_user):
    goal = project.goals.first()
    q2 = ReportFactory(organisation=unit, year=2026, quarter=2, state="accepted")
    q3 = ReportFactory(organisation=unit, year=2026, quarter=3, state="submitted")
    GoalActual.objects.create(report=q3, goal=goal, value=Decimal("22"))
    GoalActual.objects.create(report=q2, goal=goal, value=Decimal("31.5"))
    request = RequestFactory().get("/")
    request.user = department_user
    [section] = sections(request, project)
    assert section.title == "Фактические значения целей по кварталам"
    html = section.html
    assert html.count("<svg") == 2
    first = html.split("<svg")[1]
    # current → Q2 → Q3, then the target.
    assert first.index("Текущий") < first.index("II кв. 2026") < first.index("III кв. 2026") < first.index(">Цель<")
    assert "31,5" in first and ">22<" in first and ">10<" in first
    assert first.count('data-series="actual"') == 2
    assert 'data-series="target"' in first
    assert "Фактических значений пока нет" in html  # the second goal has none yet


def test_no_goals_no_section(unit, rf, department_user):
    request = rf.get("/")
    request.user = department_user
    assert sections(request, ProjectFactory(organisation=unit)) == []


def test_queries_do_not_grow_with_goals_and_quarters(unit, rf, department_user, django_assert_max_num_queries):
    project = ProjectFactory(organisation=unit)
    goals = GoalFactory.create_batch(6, project=project)
    for quarter in range(1, 5):
        report = ReportFactory(organisation=unit, year=2025, quarter=quarter)
        for goal in goals:
            GoalActual.objects.create(report=report, goal=goal, value=quarter * 3)
    request = rf.get("/")
    request.user = department_user
    with django_assert_max_num_queries(2):
        [section] = sections(request, project)
    assert section.html.count("<svg") == 6


def test_text_is_escaped(unit, rf, department_user):
    project = ProjectFactory(organisation=unit)
    GoalFactory(project=project, name="<script>alert(1)</script>")
    request = rf.get("/")
    request.user = department_user
    html = sections(request, project)[0].html
    assert "<script>" not in html
