import datetime

import pytest
import time_machine

from reporting.periods import Quarter
from reporting.tests.factories import GoalFactory, ProjectFactory, ReportFactory

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def frozen_today():
    """26 November 2026, Q4: Q3's report was due 1 October, Q4's is due 1 January 2027."""
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


@pytest.fixture
def period():
    return Quarter(2026, 4)


@pytest.fixture
def project(unit):
    project = ProjectFactory(organisation=unit, title="Электронная запись в первый класс")
    GoalFactory(project=project, name="Время подачи заявления", unit="мин", current_value=40, target_value=10)
    GoalFactory(project=project, name="Доля заявлений онлайн", unit="%", current_value=20, target_value=80)
    return project


@pytest.fixture
def report(unit, frozen_today):
    return ReportFactory(organisation=unit, year=2026, quarter=4)


@pytest.fixture
def school_report(school, frozen_today):
    return ReportFactory(organisation=school, year=2026, quarter=4)
