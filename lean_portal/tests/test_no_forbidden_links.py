"""No link to a record the user may not open (issue 17, item 8): contest pages, the similar-projects
box, «Тиражирует» on a project page and an organisation's plan view show such a record by name only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import client_for
from projects.models import Project
from projects.tests.factories import FullProjectFactory
from registries.tests.factories import ContestEntryFactory, ContestFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


def linked(content: str, url: str) -> bool:
    return re.search(rf'href="{re.escape(url)}"', content) is not None


@pytest.fixture
def own_project(unit):
    return FullProjectFactory(organisation=unit, title="Электронная очередь в управлении", state=Project.State.ACCEPTED)


@pytest.fixture
def school_project(school):
    return FullProjectFactory(organisation=school, title="Электронная очередь в школе", state=Project.State.ACCEPTED)


@pytest.fixture
def foreign_project(other_org):
    return FullProjectFactory(organisation=other_org, title="Электронная очередь в музее", state=Project.State.ACCEPTED)


def test_contest_page_links_only_entries_the_user_may_open(
    client, unit, other_org, own_project, foreign_project, department_user, economy_user
):
    contest = ContestFactory(organisation=other_org, title="Конкурс 2026")
    suggestion = SuggestionFactory(organisation=other_org, title="Один журнал выдачи")
    for entry in ({"project": own_project}, {"project": foreign_project}, {"suggestion": suggestion}):
        ContestEntryFactory(contest=contest, **entry)
    url = reverse("registries:contest-detail", args=[contest.pk])
    page = client_for(client, department_user).get(url).content.decode()
    assert linked(page, own_project.get_absolute_url())
    assert "Электронная очередь в музее" in page and not linked(page, foreign_project.get_absolute_url())
    assert "Один журнал выдачи" in page and not linked(page, suggestion.get_absolute_url())
    # What is not linked is indeed closed to the user, and open to the office, which gets the links.
    assert client.get(foreign_project.get_absolute_url()).status_code == 404
    page = client_for(client, economy_user).get(url).content.decode()
    assert linked(page, foreign_project.get_absolute_url()) and linked(page, suggestion.get_absolute_url())


def test_similar_projects_box_links_only_readable_projects(client, school_project, foreign_project, department_user):
    response = client_for(client, department_user).get(reverse("projects:similar"), {"title": "Электронная очередь"})
    page = response.content.decode()
    assert "Электронная очередь в школе" in page and linked(page, school_project.get_absolute_url())
    assert "Электронная очередь в музее" in page and not linked(page, foreign_project.get_absolute_url())


def test_replicated_project_links_its_source_only_when_readable(
    client, unit, school_project, foreign_project, department_user, outsider_user
):
    from_school = FullProjectFactory(organisation=unit, title="Очередь по образцу школы", replicates=school_project)
    from_museum = FullProjectFactory(organisation=unit, title="Очередь по образцу музея", replicates=foreign_project)
    client = client_for(client, department_user)
    page = client.get(from_school.get_absolute_url()).content.decode()
    assert linked(page, school_project.get_absolute_url())
    page = client.get(from_museum.get_absolute_url()).content.decode()
    assert "Электронная очередь в музее" in page and not linked(page, foreign_project.get_absolute_url())
    # The source's own organisation opens it from the same page? It cannot read the unit's page at all.
    assert client_for(client, outsider_user).get(from_museum.get_absolute_url()).status_code == 404


def test_schools_plan_view_names_its_unit_without_a_link(client, unit, school, school_user, department_user):
    page = client_for(client, school_user).get(reverse("plan:dashboard")).content.decode()
    unit_view = reverse("plan:organisation", args=[unit.pk])
    assert "подчиняется: Управление образования" in page
    assert unit_view not in page
    assert client.get(unit_view).status_code == 404
    # The unit itself, looking at its school's view, gets the link back to its own.
    page = client_for(client, department_user).get(reverse("plan:organisation", args=[school.pk])).content.decode()
    assert unit_view + "?" in page


def test_a_source_in_another_municipality_is_named_without_a_link(
    client, unit, far_org, department_user, economy_user, far_economy_user, region_user
):
    """A practice replicated from another municipality (the regional bank, issue 22): the source's
    title is shown, the link to its passport only to those who read it — its own municipality's
    office and the regional office, not the replicating municipality's people or office."""
    source = FullProjectFactory(organisation=far_org, title="Очередь в Белово", state=Project.State.APPROVED)
    copy = FullProjectFactory(organisation=unit, title="Очередь по образцу Белово", replicates=source)
    for user in (department_user, economy_user):
        page = client_for(client, user).get(copy.get_absolute_url()).content.decode()
        assert "Очередь в Белово" in page, user
        assert not linked(page, source.get_absolute_url()), user
        assert client.get(source.get_absolute_url()).status_code == 404, user
    page = client_for(client, region_user).get(copy.get_absolute_url()).content.decode()
    assert linked(page, source.get_absolute_url())
    page = client_for(client, far_economy_user).get(source.get_absolute_url())
    assert page.status_code == 200
