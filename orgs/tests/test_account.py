"""The person's own account: password change and reset, the second factor (orgs/account.py,
orgs/twofactor.py)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import force_login_without_second_factor
from orgs.twofactor import ENROL_KEY

pytestmark = pytest.mark.django_db


def _log_in_with_password_only(client, user):
    """Password accepted, second factor not yet given."""
    force_login_without_second_factor(client, user)
    return client


def _code(device: TOTPDevice) -> str:
    """The app's current code (django-otp's own TOTP)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


# --- Password change ---------------------------------------------------------------------------


def test_password_change_uses_djangos_validators_in_russian(client, department_user):
    client.force_login(department_user)
    url = reverse("account:password-change")
    response = client.post(url, {"old_password": "demo", "new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "слишком короткий" in errors
    assert "только из цифр" in errors


def test_password_change_needs_the_old_password(client, department_user):
    client.force_login(department_user)
    data = {"old_password": "wrong", "new_password1": "Береж-ливый-2026", "new_password2": "Береж-ливый-2026"}
    response = client.post(reverse("account:password-change"), data)
    assert "old_password" in response.context["form"].errors
    department_user.refresh_from_db()
    assert department_user.check_password("demo")


def test_password_change_keeps_the_session_and_changes_the_password(client, department_user):
    client.force_login(department_user)
    data = {"old_password": "demo", "new_password1": "Береж-ливый-2026", "new_password2": "Береж-ливый-2026"}
    response = client.post(reverse("account:password-change"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("account:password-change-done")
    department_user.refresh_from_db()
    assert department_user.check_password("Береж-ливый-2026")
    assert client.get(reverse("home")).status_code == 200


def test_password_change_needs_a_log_in(client):
    response = client.get(reverse("account:password-change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_menu_links_to_the_account(client, department_user):
    client.force_login(department_user)
    assert reverse("account:index") in client.get(reverse("home")).content.decode()
    content = client.get(reverse("account:index")).content.decode()
    assert reverse("account:password-change") in content
    assert reverse("account:otp-setup") in content


# --- Password reset by e-mail -----------------------------------------------------------------


def test_reset_by_email_sets_a_new_password(client, department_user, settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    department_user.email = "ivanova@example.ru"
    department_user.save(update_fields=["email"])
    assert reverse("account:password-reset") in client.get(reverse("login")).content.decode()
    response = client.post(reverse("account:password-reset"), {"email": "ivanova@example.ru"})
    assert response["Location"] == reverse("account:password-reset-done")
    assert len(mail.outbox) == 1
    assert "восстановление пароля" in mail.outbox[0].subject
    link = re.search(r"https?://[^/\s]+(/account/password-reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django hides the token behind a redirect
    response = client.post(form_url, {"new_password1": "Новый-пароль-2026", "new_password2": "Новый-пароль-2026"})
    assert response["Location"] == reverse("account:password-reset-complete")
    department_user.refresh_from_db()
    assert department_user.check_password("Новый-пароль-2026")
    # The link works once.
    assert "недействительна" in client.get(link, follow=True).content.decode()


def test_reset_tells_nothing_about_unknown_addresses(client, department_user, settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    response = client.post(reverse("account:password-reset"), {"email": "nobody@example.ru"})
    assert response["Location"] == reverse("account:password-reset-done")
    assert mail.outbox == []


def test_without_mail_there_is_no_reset(client, settings):
    settings.PASSWORD_RESET_BY_EMAIL = False
    assert client.get(reverse("account:password-reset")).status_code == 404
    content = client.get(reverse("login")).content.decode()
    assert reverse("account:password-reset") not in content
    assert "Обратитесь к администратору" in content


# --- The second factor ------------------------------------------------------------------------


def test_the_office_must_enrol_before_anything_else(client, economy_user):
    _log_in_with_password_only(client, economy_user)
    response = client.get(reverse("projects:registry"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account:otp-verify"))
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("account:otp-setup"))
    setup = client.get(response["Location"])
    assert "<svg" in setup.content.decode()
    # Nothing but the second-factor pages until then: exports and admin included.
    for url in (reverse("projects:export"), reverse("reporting:status"), reverse("account:password-change")):
        assert client.get(url)["Location"].startswith(reverse("account:otp-verify")), url


def test_enrolment_with_a_code_from_the_app(client, economy_user, time_machine):
    _log_in_with_password_only(client, economy_user)
    url = reverse("account:otp-setup") + "?next=/scoring/"
    client.get(url)
    device = TOTPDevice(key=client.session[ENROL_KEY])
    wrong = client.post(url, {"code": "000000" if _code(device) != "000000" else "111111", "next": "/scoring/"})
    assert "Код не подошёл" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=economy_user, confirmed=True).exists()
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=5))  # django-otp's wait after a wrong code
    response = client.post(url, {"code": _code(device), "next": "/scoring/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=economy_user, confirmed=True).key == device.key
    assert client.get("/scoring/").status_code == 200


def test_log_in_with_the_app_code_and_with_a_recovery_code_once(client, economy_user, time_machine):
    device = TOTPDevice.objects.create(user=economy_user, name="Телефон", confirmed=True)
    _log_in_with_password_only(client, economy_user)
    assert client.get(reverse("home")).status_code == 302
    response = client.post(reverse("account:otp-verify"), {"code": "12", "next": "/plan/"})
    assert "Код не подошёл" in response.content.decode()
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=5))
    response = client.post(reverse("account:otp-verify"), {"code": _code(device), "next": "/plan/"})
    assert response["Location"] == "/plan/"
    assert client.get(reverse("home")).status_code == 200

    # A recovery code instead of the app, once.
    from orgs.twofactor import recovery_codes_issue

    code = recovery_codes_issue(user=economy_user)[0]
    for expected_location in ("/", None):
        client.logout()
        _log_in_with_password_only(client, economy_user)
        response = client.post(reverse("account:otp-verify"), {"code": code, "next": "/"})
        if expected_location:
            assert response["Location"] == expected_location
        else:
            assert response.status_code == 200
            assert "Код не подошёл" in response.content.decode()
    assert not StaticToken.objects.filter(token=code).exists()


def test_next_never_leaves_the_portal(client, economy_user):
    device = TOTPDevice.objects.create(user=economy_user, name="Телефон", confirmed=True)
    _log_in_with_password_only(client, economy_user)
    response = client.post(reverse("account:otp-verify"), {"code": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_the_admin_needs_the_second_factor_for_the_admin_site(client, admin_user_portal):
    _log_in_with_password_only(client, admin_user_portal)
    assert client.get("/admin/")["Location"].startswith(reverse("account:otp-verify"))


def test_the_second_factor_is_optional_for_staff_until_they_enrol(client, department_user):
    _log_in_with_password_only(client, department_user)
    assert client.get(reverse("home")).status_code == 200
    url = reverse("account:otp-setup")
    client.get(url)
    device = TOTPDevice(key=client.session[ENROL_KEY])
    assert client.post(url, {"code": _code(device)}).status_code == 200
    # The next log-in asks for it.
    client.logout()
    client.post(reverse("login"), {"username": "department", "password": "demo"})
    assert client.get(reverse("home"))["Location"].startswith(reverse("account:otp-verify"))
    code = StaticToken.objects.filter(device__user=department_user).first().token
    client.post(reverse("account:otp-verify"), {"code": code})
    assert client.get(reverse("home")).status_code == 200
    # Staff may switch it off again; the office may not.
    assert client.post(reverse("account:otp-disable")).status_code == 302
    assert not TOTPDevice.objects.filter(user=department_user).exists()
    client.logout()
    client.post(reverse("login"), {"username": "department", "password": "demo"})
    assert client.get(reverse("home")).status_code == 200


def test_the_office_cannot_switch_the_second_factor_off(client, economy_user):
    client.force_login(economy_user)
    response = client.post(reverse("account:otp-disable"), follow=True)
    assert "обязателен" in response.content.decode()
    assert TOTPDevice.objects.filter(user=economy_user, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old(client, economy_user):
    from orgs.twofactor import recovery_codes_issue

    client.force_login(economy_user)
    old = recovery_codes_issue(user=economy_user)
    response = client.post(reverse("account:otp-recovery"))
    new = response.context["codes"]
    assert not set(old) & set(new)
    assert StaticToken.objects.filter(device__user=economy_user).count() == 10
    assert not StaticToken.objects.filter(token__in=old).exists()
