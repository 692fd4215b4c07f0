"""Browser: a clerk logs in and sees the home page in Russian."""

import pytest

from conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_department_logs_in_and_sees_russian_home(page, demo_data):
    login(page, "department")
    assert page.locator("h1").inner_text() == "Что нужно сделать"
    assert "Управление образования" in page.get_by_test_id("current-user").inner_text()
    assert page.locator("html").get_attribute("lang") == "ru"


def test_wrong_password_is_explained(page, demo_data):
    page.goto("/login/")
    page.get_by_label("Имя пользователя").fill("department")
    page.get_by_label("Пароль").fill("неверный")
    page.get_by_role("button", name="Войти").click()
    assert page.get_by_text("Неверное имя пользователя или пароль").is_visible()
