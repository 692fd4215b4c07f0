"""Brute-force protection: 5 failures lock the user name from that address for an hour; 20
failures from one address over any user names lock the address."""

import logging
import os
import subprocess
import sys

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

from lean_portal.auth import client_ip


def _fail(client, n=1):
    for _ in range(n):
        response = client.post(reverse("login"), {"username": "department", "password": "wrong"})
    return response


@pytest.mark.django_db
def test_five_failures_lock_out_even_the_right_password(client, department_user, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        assert _fail(client, 4).status_code == 200
        locked = _fail(client)
    assert locked.status_code == 429
    assert "Вход временно заблокирован" in locked.content.decode()
    assert AccessAttempt.objects.filter(username="department").exists()
    assert any("lock" in record.getMessage().lower() for record in caplog.records)
    response = client.post(reverse("login"), {"username": "department", "password": "demo"})
    assert response.status_code == 429


@pytest.mark.django_db
def test_lock_ends_after_an_hour(client, department_user):
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False) as clock:
        _fail(client, 5)
        clock.shift(61 * 60)
        response = client.post(reverse("login"), {"username": "department", "password": "demo"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_success_resets_the_count(client, department_user):
    _fail(client, 4)
    client.post(reverse("login"), {"username": "department", "password": "demo"})
    client.post(reverse("logout"))
    assert _fail(client, 4).status_code == 200  # four more failures are not a lock


@pytest.mark.django_db
def test_other_users_are_not_locked(client, department_user, colleague_user):
    _fail(client, 5)
    response = client.post(reverse("login"), {"username": "colleague", "password": "demo"})
    assert response.status_code == 302


def test_client_ip_ignores_forwarded_header_without_a_proxy(rf, settings):
    settings.PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.5")
    assert client_ip(request) == "10.0.0.5"
    settings.PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "192.0.2.7"


# --- The address-wide limit (lean_portal/auth.py) ----------------------------------------------


def _spray(client, usernames, address="203.0.113.9"):
    for username in usernames:
        response = client.post(reverse("login"), {"username": username, "password": "Весна2026"}, REMOTE_ADDR=address)
    return response


@pytest.mark.django_db
def test_one_password_sprayed_over_many_user_names_locks_the_address(client, department_user, settings, caplog):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    # 20 user names, one attempt each: no pair reaches its limit of 5.
    assert _spray(client, [f"user{n}" for n in range(19)]).status_code == 200
    assert _spray(client, ["user19"]).status_code == 200
    with caplog.at_level(logging.WARNING, logger="axes"):
        locked = _spray(client, ["user20"])
    assert locked.status_code == 429
    assert "Вход временно заблокирован" in locked.content.decode()
    assert any("across user names" in record.getMessage() for record in caplog.records)
    # Even the right password of an account never tried from there.
    right = client.post(reverse("login"), {"username": "department", "password": "demo"}, REMOTE_ADDR="203.0.113.9")
    assert right.status_code == 429
    # Another address is not affected.
    other = client.post(reverse("login"), {"username": "department", "password": "demo"}, REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 302


@pytest.mark.django_db
def test_the_address_lock_ends_after_an_hour(client, department_user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False) as clock:
        _spray(client, [f"user{n}" for n in range(6)])
        assert _spray(client, ["department"]).status_code == 429
        clock.shift(61 * 60)
        data = {"username": "department", "password": "demo"}
        response = client.post(reverse("login"), data, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_a_declared_proxy_the_lock_is_per_client(client, department_user, settings):
    settings.PROXY_COUNT = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": f"user{n}", "password": "x"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            **proxy,
        )
    blocked = client.post(
        reverse("login"), {"username": "department", "password": "demo"}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
    )
    assert blocked.status_code == 429
    # Another client behind the same proxy logs in.
    response = client.post(
        reverse("login"), {"username": "department", "password": "demo"}, HTTP_X_FORWARDED_FOR="192.0.2.50", **proxy
    )
    assert response.status_code == 302


# --- DJANGO_PROXY_COUNT must be stated in production ------------------------------------------


def _start(extra: dict, drop: tuple = ()) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"DJANGO_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "lean_portal.settings", **extra})
    code = "import django; django.setup(); print('started')"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_the_proxy_count():
    result = _start({}, drop=("DJANGO_PROXY_COUNT",))
    assert result.returncode != 0
    assert "DJANGO_PROXY_COUNT is not set" in result.stderr


def test_production_refuses_an_implausible_proxy_count():
    result = _start({"DJANGO_PROXY_COUNT": "7"})
    assert result.returncode != 0
    assert "not a plausible proxy chain" in result.stderr
    assert _start({"DJANGO_PROXY_COUNT": "1"}).stdout.strip() == "started"
