import pytest

from projects.models import Project
from projects.tests.factories import FullProjectFactory


@pytest.fixture
def draft(unit, department_user):
    """A complete draft passport of ``unit`` (the department's organisation)."""
    return FullProjectFactory(organisation=unit, created_by=department_user)


@pytest.fixture
def school_project(school):
    return FullProjectFactory(organisation=school)


@pytest.fixture
def submitted(draft, department_user):
    from projects.services import passport_submit

    return passport_submit(project=draft, user=department_user)


def in_state(project: Project, state: str) -> Project:
    Project.objects.filter(pk=project.pk).update(state=state)
    project.refresh_from_db()
    return project
