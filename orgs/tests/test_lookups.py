"""The lookups behind the autocomplete widgets: organisations by name, employees only by three
letters of a name among the organisations the user may read (logged), and the training form's
mentor never listed."""

import pytest
from django.urls import reverse

from orgs.models import PersonalDataAccess
from orgs.tests.factories import EmployeeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_organisation_lookup_finds_active_organisations_by_name(client, department_user, unit):
    OrganisationFactory(short_name="МБУК «Дом культуры»", full_name="Муниципальное бюджетное учреждение культуры")
    OrganisationFactory(short_name="Закрытая школа", is_active=False)
    client.force_login(department_user)
    rows = client.get(reverse("orgs:lookup"), {"q": "культуры"}).json()["results"]
    assert [row["text"] for row in rows] == ["МБУК «Дом культуры»"]
    assert client.get(reverse("orgs:lookup"), {"q": "Закрытая"}).json()["results"] == []
    # A NUL byte is refused before the view (lean_portal.security): 400 with a Russian message.
    refused = client.get(reverse("orgs:lookup"), {"q": "\x00"})
    assert refused.status_code == 400 and "недопустимый символ" in refused.content.decode()


def test_employee_lookup_needs_three_letters_and_is_logged(client, department_user, school, other_org):
    EmployeeFactory(organisation=school, last_name="Соколова", first_name="Ирина", position="Учитель")
    EmployeeFactory(organisation=other_org, last_name="Соколов", first_name="Пётр", position="Инженер")
    client.force_login(department_user)
    assert client.get(reverse("orgs:employee-lookup"), {"q": "Со"}).json()["results"] == []
    rows = client.get(reverse("orgs:employee-lookup"), {"q": "Сокол"}).json()["results"]
    # The unit reads its school's records, not the unrelated organisation's staff.
    assert [r["text"].split()[:2] for r in rows] == [["Соколова", "Ирина"]]
    assert rows[0]["description"].startswith("Учитель, ")
    entry = PersonalDataAccess.objects.filter(user=department_user).latest("pk")
    assert "«Сокол»" in entry.what and entry.records == 1


def test_training_form_lists_no_mentors(client, economy_user, unit):
    for _ in range(5):
        EmployeeFactory(organisation=unit, last_name="Наставникова")
    client.force_login(economy_user)
    html = client.get(reverse("registries:training-create")).content.decode()
    assert 'data-url="/orgs/employees/lookup/"' in html
    assert "Наставникова" not in html


def test_employee_lookup_for_one_organisation(client, department_user, unit, school, other_org):
    """A form choosing among one organisation's staff (a suggestion's authors, a trainee) asks for that
    organisation only; one the user may not read gives nobody."""
    EmployeeFactory(organisation=unit, last_name="Соколова", first_name="Анна")
    EmployeeFactory(organisation=school, last_name="Соколова", first_name="Ирина")
    EmployeeFactory(organisation=other_org, last_name="Соколов", first_name="Пётр")
    client.force_login(department_user)
    url = reverse("orgs:employee-lookup")
    rows = client.get(url, {"q": "Сокол", "organisation": unit.pk}).json()["results"]
    assert [r["text"].split()[:2] for r in rows] == [["Соколова", "Анна"]]
    assert client.get(url, {"q": "Сокол", "organisation": other_org.pk}).json()["results"] == []


def test_suggestion_and_training_forms_list_no_staff(client, department_user, unit):
    for _ in range(5):
        EmployeeFactory(organisation=unit, last_name="Сотрудникова")
    client.force_login(department_user)
    for name in ("registries:suggestion-create", "registries:training-create"):
        html = client.get(reverse(name)).content.decode()
        assert f'data-url="/orgs/employees/lookup/?organisation={unit.pk}"' in html
        assert "Сотрудникова" not in html
