"""The scoring demo builds on the orgs and projects demo data."""

import pytest

from orgs import demo as orgs_demo
from orgs.models import Organisation, User
from projects.models import Project
from scoring import demo
from scoring.models import Assessment
from scoring.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_orgs():
    orgs_demo.load()


def test_nothing_to_assess_creates_nothing(demo_orgs):
    assert demo.load() == {"assessments": 0}
    assert not Assessment.objects.exists()


def test_federal_regional_cut_off_and_a_waiting_self_assessment(demo_orgs):
    education = Organisation.objects.get(short_name="Управление образования")
    culture = Organisation.objects.get(short_name="Управление культуры")
    ProjectFactory(organisation=education, state=Project.State.IN_PROGRESS, title="Запись в кружки")
    for n in range(3):
        ProjectFactory(organisation=culture, state=Project.State.CLOSED, title=f"Проект культуры {n}")
    ProjectFactory(organisation=culture, state=Project.State.DRAFT, title="Черновик")

    demo.load()

    official = Assessment.objects.official()
    assert {a.status or "cut" for a in official} == {"federal", "regional", "cut"}
    assert official.get(status="federal").total == 10
    assert official.get(is_lean=False).cut_off_codes == ["2"]
    waiting = Assessment.objects.awaiting_agreement().get()
    assert waiting.project.title == "Запись в кружки"
    assert waiting.assessor == User.objects.get(username="department")
    assert not Assessment.objects.filter(project__state=Project.State.DRAFT).exists()

    demo.load()
    assert Assessment.objects.count() == 4
