"""The regional office's pages: only the regional office and administrators; onboarding through the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for
from orgs.models import Municipality, User
from region.tests.test_services import FIELDS

pytestmark = pytest.mark.django_db


def _urls(slug: str) -> list[str]:
    return [
        reverse("region:comparison"),
        reverse("region:comparison-xlsx"),
        reverse("region:municipality-list"),
        reverse("region:municipality-create"),
        reverse("region:municipality-detail", args=[slug]),
        reverse("region:municipality-deactivate", args=[slug]),
        reverse("region:municipality-reactivate", args=[slug]),
    ]


@pytest.mark.parametrize(
    "who", ["department_user", "colleague_user", "director_user", "economy_user", "far_economy_user", "far_user"]
)
def test_municipal_roles_get_403(client, request, other_municipality, who):
    client = client_for(client, request.getfixturevalue(who))
    for url in _urls(other_municipality.slug):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("region:municipality-create"), FIELDS).status_code == 403
    assert client.post(reverse("region:municipality-deactivate", args=[other_municipality.slug])).status_code == 403
    other_municipality.refresh_from_db()
    assert other_municipality.is_active and not Municipality.objects.filter(name=FIELDS["name"] + "!").exists()


def test_anonymous_is_sent_to_log_in(client, other_municipality):
    for url in _urls(other_municipality.slug):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("who", ["region_user", "admin_user_portal"])
def test_region_and_admin_read_every_page(client, request, other_municipality, far_office, who):
    client = client_for(client, request.getfixturevalue(who))
    for url in _urls(other_municipality.slug):
        assert client.get(url).status_code == 200, url


def test_unknown_municipality_is_404(client, region_user):
    client = client_for(client, region_user)
    assert client.get(reverse("region:municipality-detail", args=["nowhere"])).status_code == 404
    assert client.post(reverse("region:municipality-deactivate", args=["nowhere"])).status_code == 404


def test_list_shows_municipalities_with_their_office(client, region_user, other_municipality, far_office, far_user):
    page = client_for(client, region_user).get(reverse("region:municipality-list")).content.decode()
    assert "Беловский муниципальный округ" in page and "Управление экономики Беловского МО" in page
    assert "Ленинск-Кузнецкий муниципальный округ" in page


def test_onboarding_through_the_form_shows_the_password_once(client, region_user):
    client = client_for(client, region_user)
    response = client.post(reverse("region:municipality-create"), FIELDS)
    assert response.status_code == 302
    assert response.url == reverse("region:municipality-detail", args=["belovsky"])
    page = client.get(response.url).content.decode()
    user = User.objects.get(username="belovo-economy")
    password = page.split('data-testid="new-password">')[1].split("<")[0]
    assert user.check_password(password)
    assert "Управление экономического развития администрации Беловского муниципального округа" in page
    assert "Белова Анна Петровна" in page
    # Shown once: the next visit does not show it.
    again = client.get(response.url).content.decode()
    assert password not in again and 'data-testid="new-password"' not in again


def test_onboarding_errors_keep_what_was_typed(client, region_user, economy_user):
    client = client_for(client, region_user)
    data = {**FIELDS, "slug": "Белово 1", "username": "economy"}
    response = client.post(reverse("region:municipality-create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "латинскими" in form.errors["slug"][0]
    assert "занято" in form.errors["username"][0]
    page = response.content.decode()
    assert FIELDS["office_full_name"] in page and "Начальник управления" in page
    assert not Municipality.objects.filter(name=FIELDS["name"]).exists()


def test_deactivate_asks_first_then_deactivates(client, region_user, other_municipality):
    client = client_for(client, region_user)
    url = reverse("region:municipality-deactivate", args=[other_municipality.slug])
    page = client.get(url).content.decode()
    assert "Отключить «Беловский муниципальный округ»?" in page
    other_municipality.refresh_from_db()
    assert other_municipality.is_active
    assert client.post(url).status_code == 302
    other_municipality.refresh_from_db()
    assert not other_municipality.is_active
    client.post(reverse("region:municipality-reactivate", args=[other_municipality.slug]))
    other_municipality.refresh_from_db()
    assert other_municipality.is_active


def test_default_municipality_is_not_deactivated(client, region_user):
    client = client_for(client, region_user)
    default = Municipality.objects.default()
    response = client.post(reverse("region:municipality-deactivate", args=[default.slug]), follow=True)
    assert "нельзя" in response.content.decode()
    default.refresh_from_db()
    assert default.is_active


def test_detail_queries_do_not_grow_with_users(client, region_user, far_office, django_assert_max_num_queries):
    from orgs.tests.factories import EmployeeFactory, UserFactory

    client = client_for(client, region_user)
    url = reverse("region:municipality-detail", args=["belovsky"])
    for n in range(2):
        UserFactory(username=f"b{n}", employee=EmployeeFactory(organisation=far_office))
    client.get(url)
    with django_assert_max_num_queries(14) as captured:
        client.get(url)
    few = len(captured)
    for n in range(2, 7):
        UserFactory(username=f"b{n}", employee=EmployeeFactory(organisation=far_office))
    with django_assert_max_num_queries(few):
        client.get(url)


def test_list_queries_do_not_grow(client, region_user, django_assert_max_num_queries):
    from region.tests.conftest import municipality_with_records

    client = client_for(client, region_user)
    municipality_with_records(1)
    client.get(reverse("region:municipality-list"))
    with django_assert_max_num_queries(12) as captured:
        client.get(reverse("region:municipality-list"))
    few = len(captured)
    for n in range(2, 6):
        municipality_with_records(n)
    with django_assert_max_num_queries(few):
        assert "Муниципальный округ номер 5" in client.get(reverse("region:municipality-list")).content.decode()


def test_home_of_the_region(client, region_user, other_municipality):
    page = client_for(client, region_user).get(reverse("home")).content.decode()
    assert "Региональный проектный офис" in page
    assert reverse("region:comparison") in page and reverse("region:municipality-list") in page
    assert reverse("registries:contest-list") in page and reverse("scoring:rubric-list") in page
    assert "Муниципальных образований: 2" in page


def test_home_of_the_office_has_no_region_panels(client, economy_user):
    page = client_for(client, economy_user).get(reverse("home")).content.decode()
    assert reverse("region:municipality-list") not in page


def test_menu_of_the_region(client, region_user, economy_user):
    page = client_for(client, region_user).get(reverse("home")).content.decode()
    assert "Сравнение муниципальных образований" in page
    client.logout()
    page = client_for(client, economy_user).get(reverse("projects:registry")).content.decode()
    assert reverse("region:comparison") not in page


def test_menu_entries_per_role(region_user, economy_user, admin_user_portal):
    from lean_portal.menu import build_menu

    def titles(user):
        return [(e["title"], [c["title"] for c in e.get("children", ())]) for e in build_menu(user)]

    region = dict(titles(region_user))
    assert region["Регион"] == ["Сравнение муниципальных образований", "Муниципальные образования", "Организации"]
    assert "Организации" not in region and len(region) == 6
    economy = dict(titles(economy_user))
    assert "Регион" not in economy and "Организации" in economy
    admin = dict(titles(admin_user_portal))
    assert admin["Регион"] == ["Сравнение муниципальных образований", "Муниципальные образования"]
    assert "Организации" in admin
