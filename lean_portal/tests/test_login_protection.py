"""Brute-force protection: 5 failures lock the user name from that address for an hour."""

import logging

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
