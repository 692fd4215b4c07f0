"""A database outage answers 503 with a Russian page, whether a view or a middleware hits it."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from lean_portal.dberrors import server_error

OUTAGE_TEXT = "База данных временно недоступна, повторите через минуту"


@pytest.fixture
def portal(department_user):
    """A logged-in client whose unhandled exceptions go through handler500 as in production."""
    browser = Client(raise_request_exception=False)
    browser.force_login(department_user)
    return browser


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_handler_turns_connection_errors_into_503(rf, error):
    request = rf.get("/")
    try:
        raise error("could not connect to server: Connection refused")
    except error:
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert OUTAGE_TEXT in body
    assert "Traceback" not in body and "Connection refused" not in body


def test_handler_keeps_500_for_other_errors(rf):
    request = rf.get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Временная ошибка сервера" in response.content.decode()
    assert OUTAGE_TEXT not in response.content.decode()


@pytest.mark.django_db
def test_outage_inside_a_view_gives_503(portal):
    with mock.patch("lean_portal.views.collect_panels", side_effect=OperationalError("server closed the connection")):
        response = portal.get(reverse("home"))
    assert response.status_code == 503
    assert OUTAGE_TEXT in response.content.decode()


@pytest.mark.django_db
def test_outage_while_loading_the_session_gives_503(portal):
    # The session is read inside the middleware chain, before any view runs.
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load", side_effect=OperationalError("connection refused")
    ):
        response = portal.get(reverse("projects:registry"))
    assert response.status_code == 503
    assert OUTAGE_TEXT in response.content.decode()


@pytest.mark.django_db
def test_a_bug_in_a_view_still_gives_500(portal):
    with mock.patch("lean_portal.views.collect_panels", side_effect=RuntimeError("a bug")):
        response = portal.get(reverse("home"))
    assert response.status_code == 500
    assert OUTAGE_TEXT not in response.content.decode()
