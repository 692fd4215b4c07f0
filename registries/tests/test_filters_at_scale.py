"""The registries' filters at region scale: no <select> of thousands of organisations or employees."""

import datetime

import pytest
from django.urls import reverse

from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from registries.filters import common as filters
from registries.tests.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


def test_author_is_typed_when_there_are_many_employees(client, monkeypatch, unit, department_user):
    monkeypatch.setattr(filters, "AUTHOR_SELECT_LIMIT", 3)
    ivanova = EmployeeFactory(organisation=unit, last_name="Иванова")
    petrov = EmployeeFactory(organisation=unit, last_name="Петров")
    for _ in range(3):
        EmployeeFactory(organisation=unit)
    SuggestionFactory(organisation=unit, title="От Ивановой", authors=[ivanova, petrov])
    SuggestionFactory(organisation=unit, title="От Петрова", authors=[petrov])
    client.force_login(department_user)
    url = reverse("registries:suggestion-list")
    response = client.get(url)
    content = response.content.decode()
    assert 'name="author"' in content and "Автор (фамилия)" in content
    assert "<option" not in content.split('name="author"')[1].split(">")[0]

    def titles(params):
        return sorted(s.title for s in client.get(url, params).context["page_obj"])

    assert titles({"author": "Иван"}) == ["От Ивановой"]
    assert titles({"author": "Петр"}) == ["От Ивановой", "От Петрова"]  # once each, though two authors
    assert titles({"author": str(ivanova.pk)}) == ["От Ивановой"]
    assert titles({"author": " "}) == ["От Ивановой", "От Петрова"]


def test_few_employees_keep_the_author_select(client, unit, department_user):
    author = EmployeeFactory(organisation=unit, last_name="Сидоров")
    SuggestionFactory(organisation=unit, title="От Сидорова", authors=[author])
    SuggestionFactory(organisation=unit, title="Чужое")
    client.force_login(department_user)
    url = reverse("registries:suggestion-list")
    content = client.get(url).content.decode()
    assert f'<option value="{author.pk}">' in content
    assert [s.title for s in client.get(url, {"author": author.pk}).context["page_obj"]] == ["От Сидорова"]


def test_office_chooses_the_organisation_by_search(client, economy_user):
    organisations = [OrganisationFactory(short_name=f"Школа № {n}") for n in range(60)]
    SuggestionFactory(organisation=organisations[7], title="Школьное", submitted_on=datetime.date(2024, 1, 1))
    client.force_login(economy_user)
    url = reverse("registries:suggestion-list")
    content = client.get(url).content.decode()
    # Not one <option> per organisation: the autocomplete field and its script instead.
    assert content.count("Школа №") < 5
    assert "data-org-autocomplete" in content and "org-autocomplete" in content
    page = client.get(url, {"organisation": organisations[7].pk}).context["page_obj"]
    assert [s.title for s in page] == ["Школьное"]
