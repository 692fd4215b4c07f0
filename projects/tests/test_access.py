"""Every view by id, for the owner's colleague (writes), the office and a subordinate (read-only) and an outsider."""

import pytest
from django.urls import reverse

from projects.models import Project
from projects.tests.conftest import in_state

pytestmark = pytest.mark.django_db
S = Project.State

# (url name, state the project must be in, method)
WRITE_VIEWS = [
    ("projects:edit", S.DRAFT, "get"),
    ("projects:stability", S.MONITORING, "get"),
    ("projects:stage", S.IN_PROGRESS, "post"),
    ("projects:change-create", S.APPROVED, "get"),
]


@pytest.mark.parametrize(("name", "state", "method"), WRITE_VIEWS)
@pytest.mark.parametrize(
    ("who", "allowed"),
    [("colleague_user", {200, 302}), ("economy_user", {403}), ("outsider_user", {404}), ("school_user", {404})],
)
def test_write_views(request, client, draft, name, state, method, who, allowed):
    in_state(draft, state)
    client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(reverse(name, args=[draft.pk]), {"current_stage": "3"})
    assert response.status_code in allowed


@pytest.mark.parametrize("name", ["projects:edit", "projects:stability", "projects:change-create"])
def test_unit_may_read_but_not_change_its_schools_project(client, department_user, school_project, name):
    client.force_login(department_user)
    assert client.get(reverse(name, args=[school_project.pk])).status_code == 403
    assert client.get(reverse("projects:detail", args=[school_project.pk])).status_code == 200


def test_user_without_organisation_cannot_create(client, admin_user_portal):
    client.force_login(admin_user_portal)
    assert client.get(reverse("projects:create")).status_code == 403


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("projects:registry", {}),
        ("projects:export", {}),
        ("projects:create", {}),
        ("projects:similar", {}),
    ],
)
def test_lists_need_login(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_transition_page_for_reader_without_the_role_refuses_on_post(client, school_user, school_project):
    """The school's own staff see the form; the step is refused by the service for the wrong state."""
    client.force_login(school_user)
    response = client.post(reverse("projects:transition", args=[school_project.pk, S.APPROVED]), {})
    assert response.status_code == 200
    assert "Нельзя перевести проект" in response.content.decode()
