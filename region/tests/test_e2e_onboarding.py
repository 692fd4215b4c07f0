"""Browser: the regional office onboards a municipality, and a practice travels to it (issue 22,
«Done when»).

The regional office creates a municipality with its economic development office and first user in
one form; that user logs in with the temporary password shown once and sees an empty district: no
project, no organisation but its own office, although the demo district (Leninsk-Kuznetsky) is full.
Then a practice recognised in Leninsk-Kuznetsky appears in the bank of practices, the new office
replicates it into its municipality, and the source's replication count goes up. The bank's own
pages have more detail in ``practices/tests/test_e2e_bank.py``.
"""

from __future__ import annotations

import re

import pytest

from conftest import login, logout
from orgs.models import Organisation, User
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, UserFactory
from practices.selectors import practice_cards
from projects.models import Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TYPED = {
    "Полное наименование": "Беловский муниципальный округ",
    "Краткое наименование": "Беловский МО",
    "Код в адресах": "belovsky",
    "Постановление о бережливом управлении": "Постановление администрации Беловского МО от 01.02.2025 № 12",
    "Полное наименование управления": "Управление экономического развития администрации Беловского МО",
    "Краткое наименование управления": "Управление экономики Беловского МО",
    "Электронная почта управления": "economy@belovo.example.ru",
    "Фамилия": "Белова",
    "Имя": "Анна",
    "Отчество": "Петровна",
    "Должность": "Начальник управления",
    "Электронная почта сотрудника": "belova@belovo.example.ru",
    "Имя пользователя для входа": "belovo-office",
}


def regional_user() -> User:
    """The demo's regional office account, or one made here when the demo has none."""
    user = User.objects.filter(role=User.Role.REGION, is_active=True).first()
    if user is not None:
        user.set_password("demo")
        user.save()
        return user
    office = OrganisationFactory(
        short_name="Региональный проектный офис", kind=Organisation.Kind.REGIONAL, municipality=None
    )
    return UserFactory(username="region-e2e", role=User.Role.REGION, employee=EmployeeFactory(organisation=office))


def test_region_onboards_a_municipality_whose_user_sees_an_empty_district(page, demo_data):
    assert Project.objects.exists()  # the demo district is full
    region = regional_user()
    login(page, region.username)
    page.get_by_role("button", name="Регион", exact=True).click()
    page.get_by_role("link", name="Муниципальные образования", exact=True).click()
    page.get_by_role("link", name="Подключить муниципальное образование").click()
    for label, value in TYPED.items():
        # A required field's label ends with crispy's «*».
        page.get_by_role("textbox", name=re.compile(rf"^{label}\*?$")).fill(value)
    page.get_by_role("button", name="Подключить").click()

    page.wait_for_url("**/region/municipalities/belovsky/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Беловский муниципальный округ")
    office = page.get_by_test_id("office").inner_text()
    assert "Управление экономического развития администрации Беловского МО" in office
    username = page.get_by_test_id("new-username").inner_text()
    password = page.get_by_test_id("new-password").inner_text()
    assert username == "belovo-office" and len(password) >= 12
    assert "Белова Анна Петровна" in page.get_by_test_id("users").inner_text()
    # Shown once.
    page.reload()
    assert page.get_by_test_id("new-password").count() == 0
    logout(page)

    # The office's first user: the temporary password, then the second factor, then an empty district.
    login(page, username, password)
    assert "Белова" in page.get_by_test_id("current-user").inner_text()
    page.goto("/projects/")
    assert page.get_by_text("Проектов пока нет.").is_visible()
    page.goto("/orgs/")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and "Управление экономики Беловского МО" in rows.first.inner_text()

    # The bank of practices: a practice recognised in Leninsk-Kuznetsky, replicated into the new district.
    source = practice_cards().filter(project__organisation__municipality__slug="leninsk-kuznetsky").first().project
    page.get_by_role("button", name="Оценка значимости", exact=True).click()
    page.get_by_role("link", name="Банк практик региона", exact=True).click()
    page.get_by_label("Поиск по названию, процессу и целям").fill(source.title)
    page.get_by_role("button", name="Найти").click()
    # Demo practices may share a title (a replication recognised in turn): the card of this source.
    card = page.get_by_test_id("practice").filter(has=page.locator(f'a[href="/practices/{source.pk}/"]'))
    assert "Ленинск-Кузнецкий МО" in card.inner_text()
    shown = card.get_by_test_id("replication-count").inner_text()
    assert shown.startswith("тиражирований: ")
    before = int(shown.removeprefix("тиражирований: "))
    card.get_by_role("link", name="Карточка практики").click()
    page.wait_for_url(re.compile(rf"/practices/{source.pk}/$"))
    assert page.get_by_test_id("replication-count").inner_text() == str(before)
    page.get_by_role("link", name="Тиражировать").click()
    page.get_by_role("button", name="Создать черновик паспорта").click()
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    copy = Project.objects.filter(replicates=source).latest("pk")
    assert copy.organisation.municipality.slug == "belovsky" and copy.state == Project.State.DRAFT

    page.goto(f"/practices/{source.pk}/")
    assert page.get_by_test_id("replication-count").inner_text() == str(before + 1)
    assert "Беловский МО" in page.get_by_test_id("replications").inner_text()
