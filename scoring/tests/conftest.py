import pytest

from scoring import services
from scoring.tests.factories import ProjectFactory

# Choices giving 7.5 points: a regional lean project.
REGIONAL_7_5 = {"1": ["1.1"], "2": ["2.1"], "3": ["3.1"], "4": ["4.2"], "5": ["5.1"], "6": ["6.3"], "7": ["7.2"]}
# Ten points: federal.
FEDERAL_10 = {"1": ["1.1", "1.4"], "2": ["2.2"], "3": ["3.1"], "4": ["4.1"], "5": ["5.1"], "6": ["6.1"], "7": ["7.1"]}


def justify(choices) -> dict:
    return {code: f"Подтверждено документами по критерию {code}." for code in choices}


@pytest.fixture
def project(unit):
    """An approved project of the department's unit."""
    return ProjectFactory(organisation=unit, title="Электронная запись в первый класс")


@pytest.fixture
def school_project(school):
    return ProjectFactory(organisation=school, title="Школьная столовая без очередей")


@pytest.fixture
def other_project(other_org):
    return ProjectFactory(organisation=other_org, title="Онлайн-продажа билетов в дом культуры")


@pytest.fixture
def assess():
    """Call the service with justified choices."""

    def _assess(project, user, choices=REGIONAL_7_5, submit=True, **kwargs):
        return services.assessment_save(
            project=project, user=user, choices=choices, justifications=justify(choices), submit=submit, **kwargs
        )

    return _assess
