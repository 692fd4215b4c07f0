"""Browser: a practice recognised in Leninsk-Kuznetsky appears in the bank of a new municipality's user,
is replicated into that municipality, and the source's replication count goes up.

The new municipality is made by a fixture here; the regional office's onboarding in the browser
(issue 22, item 6) has its own test, and the two may be joined into one story."""

from __future__ import annotations

import re

import pytest

from conftest import login
from orgs.models import Municipality, User
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, UserFactory
from projects.models import Project

from .conftest import make_practice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def source(unit, economy_user):
    """A practice of Leninsk-Kuznetsky (the default municipality)."""
    assert unit.municipality.is_default
    return make_practice(unit, economy_user, title="Запись в первый класс без очередей")


@pytest.fixture
def newcomer(db):
    """A municipality onboarded today, one organisation and its first user."""
    municipality = Municipality.objects.create(
        name="Новокузнецкий муниципальный округ", short_name="Новокузнецкий МО", slug="novokuznetsky"
    )
    organisation = OrganisationFactory(short_name="Управление образования Новокузнецкого МО", kind="unit",
                                       municipality=municipality)  # fmt: skip
    return UserFactory(
        username="novokuznetsk", role=User.Role.STAFF, employee=EmployeeFactory(organisation=organisation)
    )


def test_a_practice_is_replicated_into_a_new_municipality(page, source, newcomer):
    login(page, "novokuznetsk")
    page.goto("/practices/")
    card = page.get_by_test_id("practice").filter(has_text="Запись в первый класс без очередей")
    assert "Ленинск-Кузнецкий МО" in card.inner_text()
    assert card.get_by_test_id("replication-count").inner_text() == "тиражирований: 0"

    card.get_by_role("link", name="Карточка практики").click()
    page.wait_for_url(re.compile(rf"/practices/{source.pk}/$"))
    assert page.get_by_test_id("replication-count").inner_text() == "0"
    assert "Лидерова Анна" in page.content()
    page.get_by_role("link", name="Тиражировать").click()
    page.wait_for_url(re.compile(rf"/practices/{source.pk}/replicate/$"))
    page.get_by_role("button", name="Создать черновик паспорта").click()
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    assert "тиражирующий практику" in page.content()

    copy = Project.objects.get(replicates=source)
    assert copy.organisation.municipality.slug == "novokuznetsky" and copy.state == Project.State.DRAFT

    page.goto(f"/practices/{source.pk}/")
    assert page.get_by_test_id("replication-count").inner_text() == "1"
    row = page.get_by_test_id("replications").locator("tbody tr")
    assert "Новокузнецкий МО" in row.inner_text() and "Черновик" in row.inner_text()
    page.goto("/practices/")
    card = page.get_by_test_id("practice").filter(has_text="Запись в первый класс без очередей")
    assert card.get_by_test_id("replication-count").inner_text() == "тиражирований: 1"
