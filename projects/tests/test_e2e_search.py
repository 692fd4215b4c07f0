"""Browser: the registry's search treats «е»/«ё» and letter case alike (SQLite locally, PostgreSQL in CI)."""

import re

import pytest

from conftest import login
from projects.tests.factories import FullProjectFactory, GoalFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def registry_titles(page) -> list[str]:
    return sorted(
        link.inner_text() for link in page.get_by_test_id("registry").locator("tbody tr td:first-child > a").all()
    )


def test_search_finds_passports_whatever_the_spelling(page, economy_user, unit):
    FullProjectFactory(organisation=unit, title="Выдача путёвок в летние лагеря", rows=False)
    FullProjectFactory(organisation=unit, title="Сокращение сроков выдачи справок", rows=False)
    with_goal = FullProjectFactory(organisation=unit, title="Запись в кружки без очередей", rows=False)
    GoalFactory(project=with_goal, name="СОКРАЩЕНИЕ времени ожидания")
    FullProjectFactory(organisation=unit, title="Электронный архив", rows=False)
    login(page, economy_user.username)

    page.goto("/projects/")
    search = page.get_by_label("Поиск")
    search.fill("путевок")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url(re.compile(r"q=%D0%BF%D1%83%D1%82%D0%B5%D0%B2%D0%BE%D0%BA"))
    assert registry_titles(page) == ["Выдача путёвок в летние лагеря"]

    page.get_by_label("Поиск").fill("сокращение")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url(re.compile(r"q=%D1%81%D0%BE%D0%BA"))
    assert registry_titles(page) == ["Запись в кружки без очередей", "Сокращение сроков выдачи справок"]
