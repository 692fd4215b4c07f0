"""Optimistic locking never reports a conflict the user caused (issue 17, item 1).

Every form with a version field (the passport and the quarterly report): saving twice in a
row, and submitting again after a failed submission, goes through with no conflict message;
the version the form carries is always the stored one after a save.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from lean_portal.tests.test_concurrent_edits import _passport_post
from projects.models import Project
from projects.tests.factories import FullProjectFactory
from reporting.models import QuarterlyReport
from reporting.tests.factories import GoalFactory, ReportFactory
from reporting.tests.factories import ProjectFactory as RunningProjectFactory

pytestmark = pytest.mark.django_db

CONFLICT = "успели изменить"


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def _version_in(response) -> str:
    return response.context["form"]["version"].value()


# --- The passport --------------------------------------------------------------------------


def test_passport_saved_twice_in_a_row(client, department_user, unit):
    project = FullProjectFactory(organisation=unit, created_by=department_user, rows=False)
    url = reverse("projects:edit", args=[project.pk])
    client.force_login(department_user)
    for title in ("Первое название", "Второе название", "Третье название"):
        opened = str(_version_in(client.get(url)))
        response = client.post(url, _passport_post(project, opened, title=title))
        assert response.status_code == 302, response.content.decode()[:500]
    project.refresh_from_db()
    assert project.title == "Третье название" and project.version == 4


def test_passport_submitted_again_after_a_failed_submission(client, department_user, unit):
    project = FullProjectFactory(organisation=unit, created_by=department_user, rows=False)
    url = reverse("projects:edit", args=[project.pk])
    client.force_login(department_user)
    opened = str(_version_in(client.get(url)))
    # Submitted without the process: refused, the form shown again with what was typed.
    failed = client.post(url, {**_passport_post(project, opened, process="", title="Новое название"), "submit": "1"})
    assert failed.status_code == 200
    html = failed.content.decode()
    assert CONFLICT not in html
    assert failed.context["form"]["title"].value() == "Новое название"
    # The clerk fills the process in and presses the same button: no conflict.
    again = client.post(
        url,
        {**_passport_post(project, str(_version_in(failed)), title="Новое название", process="Выдача справок")},
    )
    assert again.status_code == 302
    assert CONFLICT not in client.get(again["Location"]).content.decode()
    project.refresh_from_db()
    assert project.title == "Новое название" and project.process == "Выдача справок"


# --- The quarterly report --------------------------------------------------------------------


@pytest.fixture
def report_with_goal(unit, frozen):
    project = RunningProjectFactory(organisation=unit)
    goal = GoalFactory(project=project)
    return ReportFactory(organisation=unit, year=2026, quarter=4), project, goal


def _report_post(version, project, goal, *, comment="", progress="", actual="", action="save"):
    return {
        "version": str(version),
        "general_comment": comment,
        f"p{project.pk}-progress": progress,
        f"p{project.pk}-problems": "",
        f"p{project.pk}-help_needed": "",
        f"g{goal.pk}": actual,
        "action": action,
    }


def test_report_saved_twice_in_a_row(client, department_user, report_with_goal):
    report, project, goal = report_with_goal
    url = reverse("reporting:detail", args=[report.pk])
    client.force_login(department_user)
    for n in range(1, 4):
        opened = _version_in(client.get(url))
        response = client.post(url, _report_post(opened, project, goal, comment=f"Комментарий {n}", actual=str(n)))
        assert response.status_code == 302
    report.refresh_from_db()
    assert report.general_comment == "Комментарий 3" and report.version == 4


def test_report_submitted_again_after_a_failed_submission(client, department_user, report_with_goal):
    """The issue's journey: an empty report is sent (saved, not sent), then completed and sent."""
    report, project, goal = report_with_goal
    url = reverse("reporting:detail", args=[report.pk])
    client.force_login(department_user)
    opened = _version_in(client.get(url))
    failed = client.post(url, _report_post(opened, project, goal, comment="Общий", action="submit"))
    assert failed.status_code == 200
    report.refresh_from_db()
    assert report.general_comment == "Общий" and report.state == QuarterlyReport.State.DRAFT
    # The form shown again carries the version its own save produced.
    assert _version_in(failed) == str(report.version)
    html = failed.content.decode()
    assert CONFLICT not in html and "не направлен" in html
    second = client.post(
        url,
        _report_post(_version_in(failed), project, goal, comment="Общий", progress="Ход", actual="7", action="submit"),
    )
    assert second.status_code == 302
    assert CONFLICT not in client.get(url).content.decode()
    report.refresh_from_db()
    assert report.state == QuarterlyReport.State.SUBMITTED
    assert report.general_comment == "Общий" and report.actuals.get().value == 7


def test_report_saved_again_after_a_failed_submission(client, department_user, report_with_goal):
    report, project, goal = report_with_goal
    url = reverse("reporting:detail", args=[report.pk])
    client.force_login(department_user)
    failed = client.post(url, _report_post(_version_in(client.get(url)), project, goal, action="submit"))
    assert failed.status_code == 200
    saved = client.post(url, _report_post(_version_in(failed), project, goal, comment="Пояснение", progress="Ход"))
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.general_comment == "Пояснение"
    assert report.entries.get().progress == "Ход"


def test_a_real_conflict_is_still_reported_after_a_failed_submission(
    client, department_user, colleague_user, report_with_goal
):
    report, project, goal = report_with_goal
    url = reverse("reporting:detail", args=[report.pk])
    client.force_login(department_user)
    failed = client.post(url, _report_post(_version_in(client.get(url)), project, goal, action="submit"))
    client.force_login(colleague_user)
    colleague = _report_post(_version_in(client.get(url)), project, goal, comment="Коллега")
    assert client.post(url, colleague).status_code == 302
    client.force_login(department_user)
    response = client.post(url, _report_post(_version_in(failed), project, goal, comment="Мой"))
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert Project.objects.count() == 1
