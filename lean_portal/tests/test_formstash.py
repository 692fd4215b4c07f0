"""Nothing typed is lost (issue 17, item 2): a form posted into an ended session, or a save
attempt that could not be saved, is kept server-side and offered again; the keep-alive button
starts the idle clock again."""

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from lean_portal.tests.test_concurrent_edits import _passport_post
from projects.models import Project
from projects.tests.factories import FullProjectFactory

pytestmark = pytest.mark.django_db

LOGIN = {"username": "department", "password": "demo"}


@pytest.fixture
def project(unit, department_user):
    return FullProjectFactory(organisation=unit, created_by=department_user, rows=False)


def _login(client, username="department"):
    response = client.post(reverse("login"), {"username": username, "password": "demo"})
    assert response.status_code == 302


def test_passport_posted_after_the_idle_end_is_offered_after_logging_in_again(client, department_user, project):
    url = reverse("projects:edit", args=[project.pk])
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False) as clock:
        _login(client)
        form = client.get(url)
        clock.shift(40 * 60)
        typed = _passport_post(project, str(form.context["form"]["version"].value()), title="Набрано до выхода")
        response = client.post(url, typed)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        project.refresh_from_db()
        assert project.title != "Набрано до выхода"  # nothing saved without a session
        page = client.get(response["Location"]).content.decode()
        assert "Введённое в форме сохранено" in page
        _login(client)
        again = client.get(url)
        html = again.content.decode()
        assert again.context["form"]["title"].value() == "Набрано до выхода"
        assert "Восстановлено введённое вами" in html
        # Saved from the restored form: the version it carries is still the stored one.
        assert client.post(url, again.context["form"].data).status_code == 302
        project.refresh_from_db()
        assert project.title == "Набрано до выхода"
        # Offered once: the next visit shows what is stored.
        assert "Восстановлено" not in client.get(url).content.decode()


def test_passport_posted_after_the_session_was_deleted(client, department_user, project):
    url = reverse("projects:edit", args=[project.pk])
    _login(client)
    version = str(client.get(url).context["form"]["version"].value())
    Session.objects.all().delete()
    response = client.post(url, _passport_post(project, version, effects="Эффект, набранный до выхода"))
    assert response["Location"].startswith("/login/")
    _login(client)
    assert client.get(url).context["form"]["effects"].value() == "Эффект, набранный до выхода"


def test_another_person_logging_in_does_not_get_it(client, department_user, colleague_user, project):
    url = reverse("projects:edit", args=[project.pk])
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False) as clock:
        _login(client)
        version = str(client.get(url).context["form"]["version"].value())
        clock.shift(40 * 60)
        client.post(url, _passport_post(project, version, title="Чужой ввод"))
        _login(client, "colleague")
        assert client.get(url).context["form"]["title"].value() != "Чужой ввод"


def test_a_failed_save_is_kept_until_saved(client, department_user, project):
    url = reverse("projects:edit", args=[project.pk])
    _login(client)
    version = str(client.get(url).context["form"]["version"].value())
    refused = client.post(url, _passport_post(project, version, title="Новое", stage2_start="31.02.2024"))
    assert refused.status_code == 200
    client.get(reverse("home"))
    back = client.get(url)
    assert back.context["form"]["title"].value() == "Новое"
    assert back.context["form"]["stage2_start"].value() == "31.02.2024"


def test_report_posted_after_the_idle_end_is_offered_again(client, department_user, unit):
    import datetime

    from reporting.tests.factories import ReportFactory

    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False) as clock:
        report = ReportFactory(organisation=unit, year=2026, quarter=4)
        url = reverse("reporting:detail", args=[report.pk])
        _login(client)
        client.get(url)
        clock.shift(31 * 60)
        data = {"version": str(report.version), "general_comment": "Комментарий до выхода", "action": "save"}
        assert client.post(url, data)["Location"].startswith("/login/")
        _login(client)
        html = client.get(url).content.decode()
    assert "Комментарий до выхода" in html


def test_keep_alive_starts_the_idle_clock_again(client, department_user):
    with time_machine.travel("2026-03-02 09:00 +0700", tick=False) as clock:
        _login(client)
        clock.shift(25 * 60)
        response = client.post(reverse("session-keepalive"))
        assert response.status_code == 200 and response.json()["idle_seconds"] == 30 * 60
        clock.shift(25 * 60)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(31 * 60)
        assert client.post(reverse("session-keepalive")).status_code == 302  # ended: to the log-in page


def test_pages_carry_the_idle_limit_for_the_warning(client, department_user):
    _login(client)
    html = client.get(reverse("home")).content.decode()
    assert 'name="portal-session" content="1800"' in html and "js/session.js" in html
    assert Project.objects.count() == 0
