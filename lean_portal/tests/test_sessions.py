import pytest
import time_machine
from django.urls import reverse


@pytest.mark.django_db
def test_session_ends_after_30_minutes_idle(client, department_user):
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False) as clock:
        client.post(reverse("login"), {"username": "department", "password": "demo"})
        assert client.get(reverse("home")).status_code == 200
        clock.shift(25 * 60)
        assert client.get(reverse("home")).status_code == 200  # activity renews the idle clock
        clock.shift(31 * 60)
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "30 минут бездействия" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_session_ends_12_hours_after_login_even_when_active(client, department_user):
    with time_machine.travel("2026-03-02 08:00 +0700", tick=False) as clock:
        client.post(reverse("login"), {"username": "department", "password": "demo"})
        for _ in range(12 * 3 + 2):
            clock.shift(20 * 60)
            response = client.get(reverse("home"))
            if response.status_code != 200:
                break
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "Сеанс завершён" in follow.content.decode()


@pytest.mark.django_db
def test_logout_invalidates_the_session(client, department_user):
    client.post(reverse("login"), {"username": "department", "password": "demo"})
    session_key = client.session.session_key
    client.post(reverse("logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
