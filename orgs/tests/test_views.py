"""Views of the foundation: log-in, home, organisations, health, error pages, menu."""

import pytest
from django.db import DatabaseError
from django.urls import reverse


@pytest.mark.django_db
class TestLogin:
    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_login_page_is_russian(self, client):
        response = client.get(reverse("login"))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Вход в портал" in content
        assert "Имя пользователя" in content
        assert 'lang="ru"' in content

    def test_wrong_password_gets_a_russian_message_and_keeps_the_username(self, client, department_user):
        response = client.post(reverse("login"), {"username": "department", "password": "wrong"})
        content = response.content.decode()
        assert response.status_code == 200
        assert "Неверное имя пользователя или пароль" in content
        assert 'value="department"' in content

    def test_login_then_logout(self, client, department_user):
        response = client.post(reverse("login"), {"username": "department", "password": "demo"})
        assert response.status_code == 302
        assert client.get(reverse("home")).status_code == 200
        assert client.get(reverse("logout")).status_code == 405  # log-out is POST only
        client.post(reverse("logout"))
        assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
class TestHome:
    def test_home_shows_role_and_organisation(self, client, department_user):
        client.force_login(department_user)
        content = client.get(reverse("home")).content.decode()
        assert "Что нужно сделать" in content
        assert "Управление образования" in content
        assert "Сотрудник организации" in content

    def test_economy_home_speaks_to_the_office(self, client, economy_user):
        client.force_login(economy_user)
        content = client.get(reverse("home")).content.decode()
        assert "Управление экономического развития: рассмотрение паспортов" in content

    def test_admin_sees_admin_in_menu_and_staff_does_not(self, client, admin_user_portal, department_user):
        client.force_login(admin_user_portal)
        assert reverse("admin:index") in client.get(reverse("home")).content.decode()
        client.force_login(department_user)
        assert reverse("admin:index") not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
class TestOrganisations:
    def test_list_shows_only_visible_organisations(self, client, department_user, unit, school, other_org):
        client.force_login(department_user)
        content = client.get(reverse("orgs:list")).content.decode()
        assert unit.short_name in content
        assert "Школа № 1" in content
        assert other_org.short_name not in content

    def test_list_filters_by_text(self, client, economy_user, unit, other_org):
        client.force_login(economy_user)
        content = client.get(reverse("orgs:list"), {"q": "культур"}).content.decode()
        assert other_org.short_name in content
        assert unit.short_name not in content

    def test_empty_list_explains(self, client, economy_user):
        client.force_login(economy_user)
        content = client.get(reverse("orgs:list"), {"q": "нет такой"}).content.decode()
        assert "Организации не найдены" in content

    @pytest.mark.parametrize(
        ("user_fixture", "org_fixture", "status"),
        [
            ("department_user", "unit", 200),  # own
            ("colleague_user", "unit", 200),  # colleague
            ("department_user", "school", 200),  # subordinate
            ("school_user", "unit", 404),  # the parent is not the school's to see
            ("outsider_user", "unit", 404),  # outsider
            ("economy_user", "unit", 200),
        ],
    )
    def test_detail_access(self, client, request, user_fixture, org_fixture, status):
        user = request.getfixturevalue(user_fixture)
        org = request.getfixturevalue(org_fixture)
        client.force_login(user)
        assert client.get(reverse("orgs:detail", args=[org.pk])).status_code == status

    def test_list_query_count_is_constant(self, client, economy_user, django_assert_max_num_queries):
        from orgs.tests.factories import OrganisationFactory

        OrganisationFactory.create_batch(30)
        client.force_login(economy_user)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("orgs:list")).status_code == 200

    def test_404_page_is_russian(self, client, department_user):
        client.force_login(department_user)
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "Страница не найдена" in response.content.decode()


@pytest.mark.django_db
class TestHealth:
    def test_ok(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}

    def test_database_down_is_503(self, client, monkeypatch):
        from django.db.backends.utils import CursorWrapper

        def broken(self, sql, params=None):
            raise DatabaseError("connection refused")

        monkeypatch.setattr(CursorWrapper, "execute", broken)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_admin_is_russian(client, admin_user_portal):
    client.force_login(admin_user_portal)
    content = client.get(reverse("admin:index")).content.decode()
    assert "Справочники и учётные записи" in content
    assert "Организации" in content
    content = client.get(reverse("admin:orgs_organisation_changelist")).content.decode()
    assert "Поиск" in content or "Найти" in content


@pytest.mark.django_db
def test_viewing_employees_is_logged(client, department_user, unit):
    from orgs.models import PersonalDataAccess

    client.force_login(department_user)
    client.get(reverse("orgs:detail", args=[unit.pk]))
    entry = PersonalDataAccess.objects.get()
    assert entry.user == department_user
    assert entry.action == "view"
    assert unit.short_name in entry.what
    assert entry.records == unit.employees.count()
