"""Browser: the office's `economy` sets up a TOTP app at its first log-in, then logs in with
its password and the app's code."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from conftest import logout

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What the phone's app shows (django-otp's TOTP: 30-second steps, six digits)."""
    key = b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=steps_ahead):06d}"


def _password(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("demo")
    page.get_by_role("button", name="Войти").click()


def test_economy_enrols_totp_and_logs_in_with_the_second_factor(page, demo_data):
    _password(page, "economy")
    # Straight to enrolment: the office may do nothing before it has a second factor.
    page.wait_for_url(lambda url: "/account/two-factor/setup/" in url)
    assert page.locator("figure svg").is_visible()
    secret = page.get_by_test_id("otp-secret").inner_text()
    page.goto("/plan/")  # trying to get around it leads back
    page.wait_for_url(lambda url: "/account/two-factor/" in url)

    page.get_by_label("Код из приложения").fill("000000" if _app_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Подключить").click()
    assert page.get_by_text("Код не подошёл").is_visible()
    page.wait_for_timeout(1100)  # django-otp's wait after a wrong code
    page.get_by_label("Код из приложения").fill(_app_code(secret))
    page.get_by_role("button", name="Подключить").click()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Я сохранил коды, продолжить").click()
    page.wait_for_url(lambda url: "/plan/" in url)

    logout(page)
    _password(page, "economy")
    page.wait_for_url(lambda url: "/account/two-factor/" in url and "setup" not in url)
    # The code of the next 30-second step: the one just used cannot be used twice.
    page.get_by_role("textbox", name="Код").fill(_app_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Подтвердить").click()
    page.wait_for_url(lambda url: "/account/" not in url)
    assert "Управление экономического развития" in page.get_by_test_id("current-user").inner_text()
