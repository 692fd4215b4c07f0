import pytest

from orgs import demo as orgs_demo
from projects import demo
from projects.models import ChangeRequest, Project, Transition
from projects.rules import completeness_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    orgs_demo.load()
    demo.load()


def test_demo_is_idempotent(loaded):
    count, transitions = Project.objects.count(), Transition.objects.count()
    assert demo.load()["created"] == 0
    assert (Project.objects.count(), Transition.objects.count()) == (count, transitions)
    assert count >= 12


def test_demo_covers_the_life_cycle(loaded):
    states = set(Project.objects.values_list("state", flat=True))
    assert states == set(Project.State.values)
    years = {p.closed_on.year for p in Project.objects.implemented()}
    assert years == {2022, 2023, 2024, 2025}
    assert Project.objects.filter(replicates__isnull=False).count() >= 2
    department = Project.objects.filter(organisation__short_name="Управление образования")
    assert department.filter(state=Project.State.IN_PROGRESS, goals__isnull=False).distinct().count() >= 2
    assert department.filter(state=Project.State.ACCEPTED).exists()
    assert Project.objects.filter(organisation__parent__short_name="Управление культуры").exists()


def test_demo_passports_are_complete_and_consistent(loaded):
    for project in Project.objects.exclude(state=Project.State.DRAFT):
        assert completeness_errors(project) == {}, project.title
        steps = list(project.transitions.order_by("id").values_list("to_state", flat=True))
        assert steps[-1] == project.state


def test_demo_stability_flags_one_project(loaded):
    flagged = [p.title for p in Project.objects.filter(state=Project.State.MONITORING) if p.stability_failed_goals()]
    assert flagged == ["Подготовка культурно-массовых мероприятий"]


def test_demo_change_request_is_valid(loaded):
    from projects.services import _check_proposal

    change = ChangeRequest.objects.get()
    _check_proposal(change.project, change.proposed)
    assert change.project.baseline is not None
