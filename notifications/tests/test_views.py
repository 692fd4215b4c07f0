"""«Уведомления»: each person sees and marks only their own; the menu's unread count is one COUNT."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db
E = Notification.Event


def note(user, subject="Паспорт проекта «А» возвращён на доработку", **fields) -> Notification:
    return Notification.objects.create(
        recipient=user, event=E.PASSPORT_RETURNED, subject=subject, text="Текст", url="/projects/1/", **fields
    )


def test_the_list_shows_only_the_users_own(client, department_user, colleague_user):
    note(department_user, "Моё уведомление", comment="Уточните границы")
    note(colleague_user, "Чужое уведомление")
    response = client_for(client, department_user).get(reverse("notifications:list"))
    content = response.content.decode()
    assert "Моё уведомление" in content and "Уточните границы" in content
    assert "Чужое уведомление" not in content


def test_the_menu_shows_the_unread_count(client, department_user):
    for _ in range(3):
        note(department_user)
    Notification.objects.filter(pk=note(department_user).pk).update(read_at="2026-01-01T00:00Z")
    response = client_for(client, department_user).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["unread_notifications"] == 3
    assert '3<span class="visually-hidden"> непрочитанных</span>' in response.content.decode()


def test_mark_one_read_only_of_ones_own(client, department_user, colleague_user):
    mine, theirs = note(department_user), note(colleague_user)
    client = client_for(client, department_user)
    response = client.post(reverse("notifications:mark-read"), {"id": theirs.pk})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None  # another person's notification is left alone
    client.post(reverse("notifications:mark-read"), {"id": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_read(client, department_user, colleague_user):
    note(department_user), note(department_user), note(colleague_user)
    client_for(client, department_user).post(reverse("notifications:mark-read"), {"all": "1"})
    assert Notification.objects.filter(recipient=department_user, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=colleague_user, read_at__isnull=True).count() == 1


def test_mark_read_without_an_id_is_a_bad_request(client, department_user):
    response = client_for(client, department_user).post(reverse("notifications:mark-read"), {"id": "x"})
    assert response.status_code == 400


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_preferences_page_saves_the_channel(client, department_user):
    client = client_for(client, department_user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "E-mail и портал" in page and "Только портал" in page
    response = client.post(reverse("notifications:preferences"), {"channel": "portal"})
    assert response.status_code == 302
    assert Preference.objects.get(user=department_user).channel == Preference.Channel.PORTAL_ONLY
    response = client.post(reverse("notifications:preferences"), {"channel": "fax"})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert Preference.objects.get(user=department_user).channel == Preference.Channel.PORTAL_ONLY


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_list_and_menu_queries_do_not_grow_with_notifications(client, department_user, director_user):
    client = client_for(client, department_user)
    url = reverse("notifications:list")
    for _ in range(2):
        note(department_user, actor=director_user)
    client.get(url)
    few = _queries(client, url)
    for _ in range(10):
        note(department_user, actor=director_user)
    many = _queries(client, url)
    assert len(many) == len(few)
    counts = [sql for sql in many if 'FROM "notifications_notification"' in sql and "COUNT(" in sql.upper()]
    # The paginator's count and the menu's unread count: one each.
    assert len(counts) == 2


def test_home_page_makes_one_unread_count(client, department_user):
    client = client_for(client, department_user)
    for _ in range(5):
        note(department_user)
    client.get(reverse("home"))
    queries = [sql for sql in _queries(client, reverse("home")) if '"notifications_notification"' in sql]
    assert len(queries) == 1 and "COUNT(" in queries[0].upper()
