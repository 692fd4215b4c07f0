"""No lookup, search or list of the organisations crosses a municipality's border; the regional
office reads every municipality (or one it chooses); spheres: the regional list and a
municipality's own."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from orgs.models import Sphere
from orgs.spheres import sphere_create
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, SphereFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbours(far_org, unit):
    far_org.full_name = "Управление образования Беловского муниципального округа"
    far_org.save()
    EmployeeFactory(organisation=far_org, last_name="Соколова", first_name="Мария")
    EmployeeFactory(organisation=unit, last_name="Соколова", first_name="Анна")
    return far_org


def texts(response) -> list[str]:
    return [row["text"] for row in response.json()["results"]]


class TestLookups:
    def test_the_organisation_lookup_stays_in_the_municipality(self, client, department_user, neighbours, unit):
        client.force_login(department_user)
        assert texts(client.get(reverse("orgs:lookup"), {"q": "Управление образования"})) == [unit.short_name]

    def test_the_neighbours_office_autocompletes_only_its_own(
        self, client, far_economy_user, neighbours, unit, django_assert_max_num_queries
    ):
        client.force_login(far_economy_user)
        with django_assert_max_num_queries(8):
            rows = client.get(reverse("orgs:autocomplete"), {"q": "Управление образования"}).json()["results"]
        assert [row["id"] for row in rows] == [neighbours.pk]
        assert texts(client.get(reverse("orgs:lookup"), {"q": "образования"})) == [neighbours.short_name]
        people = texts(client.get(reverse("orgs:employee-lookup"), {"q": "Соколова"}))
        assert [p.split()[1] for p in people] == ["Мария"]
        assert texts(client.get(reverse("orgs:employee-lookup"), {"q": "Соколова", "organisation": unit.pk})) == []

    def test_the_regional_office_finds_every_municipalitys(self, client, region_user, neighbours, unit):
        client.force_login(region_user)
        found = texts(client.get(reverse("orgs:lookup"), {"q": "Управление образования"}))
        assert sorted(found) == sorted([unit.short_name, neighbours.short_name])


class TestOrganisationList:
    def test_search_stays_in_the_municipality(self, client, economy_user, neighbours, unit):
        client.force_login(economy_user)
        listed = list(client.get(reverse("orgs:list"), {"q": "образования"}).context["page_obj"])
        assert listed == [unit]
        assert client.get(reverse("orgs:detail", args=[neighbours.pk])).status_code == 404

    def test_the_regional_office_chooses_a_municipality(
        self, client, region_user, neighbours, unit, other_municipality, django_assert_max_num_queries
    ):
        client.force_login(region_user)
        with django_assert_max_num_queries(10):
            response = client.get(reverse("orgs:list"), {"municipality": other_municipality.slug})
        assert list(response.context["page_obj"]) == [neighbours]
        assert unit in list(client.get(reverse("orgs:list"), {"q": "образования"}).context["page_obj"])
        assert client.get(reverse("orgs:detail", args=[neighbours.pk])).status_code == 200


class TestSpheres:
    @pytest.fixture
    def lists(self, other_municipality, far_economy_user):
        regional = SphereFactory(name="Образование")
        own = sphere_create(user=far_economy_user, name="Угледобыча")
        return regional, own

    def test_an_office_extends_the_regional_list_for_its_municipality(
        self, lists, far_economy_user, economy_user, other_municipality
    ):
        regional, own = lists
        assert own.municipality == other_municipality
        assert {regional, own} <= set(Sphere.objects.available_to(far_economy_user))
        assert regional in Sphere.objects.available_to(economy_user)
        assert own not in Sphere.objects.available_to(economy_user)

    def test_a_name_already_offered_is_refused(self, lists, far_economy_user):
        with pytest.raises(ValidationError):
            sphere_create(user=far_economy_user, name="образование")
        with pytest.raises(ValidationError):
            sphere_create(user=far_economy_user, name="  УГЛЕДОБЫЧА ")

    def test_the_regional_office_extends_the_regional_list_and_staff_nothing(self, region_user, department_user):
        assert sphere_create(user=region_user, name="Туризм").municipality is None
        with pytest.raises(PermissionDenied):
            sphere_create(user=department_user, name="Туризм")

    def test_the_page(self, client, lists, far_economy_user, economy_user, department_user):
        client.force_login(far_economy_user)
        response = client.get(reverse("orgs:spheres"))
        assert list(response.context["own"]) == [lists[1]]
        response = client.post(reverse("orgs:spheres"), {"name": "Энергетика"})
        assert response.status_code == 302
        assert Sphere.objects.get(name="Энергетика").municipality == far_economy_user.municipality
        client.force_login(economy_user)
        assert list(client.get(reverse("orgs:spheres")).context["own"]) == []
        client.force_login(department_user)
        assert client.get(reverse("orgs:spheres")).status_code == 403

    def test_filters_and_forms_offer_the_regional_and_own_spheres(self, client, lists, far_user, department_user):
        client.force_login(far_user)
        choices = set(client.get(reverse("orgs:list")).context["filter"].form.fields["sphere"].queryset)
        assert set(lists) <= choices
        client.force_login(department_user)
        choices = set(client.get(reverse("projects:create")).context["form"].fields["sphere"].queryset)
        assert lists[0] in choices and lists[1] not in choices


def test_an_organisation_of_another_municipality_is_no_passport_participant(department_user, far_org, unit):
    from projects.forms import ProjectForm
    from projects.models import Project

    neighbour = OrganisationFactory(short_name="Соседняя школа")
    form = ProjectForm(organisation=unit, instance=Project(organisation=unit))
    assert far_org not in form.fields["participants"].queryset
    assert far_org not in form.fields["customer_organisation"].queryset
    assert neighbour in form.fields["participants"].queryset
