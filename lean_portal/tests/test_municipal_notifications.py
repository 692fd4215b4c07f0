"""Notifications stay in their municipality (issue 22, item 2): what happens to a record of one
municipality — its passport filed, returned, accepted, its report returned, a suggestion decided,
the weekly digest of its deadlines — is never delivered to anyone of another municipality, its
office included, nor e-mailed there."""

from __future__ import annotations

import datetime

import pytest

from notifications.models import Notification
from notifications.services import send_weekly_digest
from orgs.models import User
from orgs.tests.factories import EmployeeFactory, UserFactory
from projects import services as project_services
from projects.tests.factories import FullProjectFactory
from registries.services.suggestions import suggestion_accept
from registries.tests.factories import SuggestionFactory
from reporting import services as report_services
from reporting.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def far_director(far_org):
    employee = EmployeeFactory(organisation=far_org, position="Начальник управления")
    far_org.head = employee
    far_org.save(update_fields=["head"])
    return UserFactory(username="far-director", role=User.Role.DIRECTOR, employee=employee)


@pytest.fixture
def everyone(
    department_user, director_user, economy_user, school_user, far_user, far_director, far_economy_user, region_user
):
    """Every account of both municipalities and of the region, each with an e-mail address."""
    users = [department_user, director_user, economy_user, school_user, far_user, far_director, far_economy_user]
    for user in [*users, region_user]:
        user.email = f"{user.username}@example.ru"
        user.save(update_fields=["email"])
    return users


def recipients_outside(municipality) -> list[str]:
    """Who got a notification though their organisation is not in ``municipality``."""
    return sorted(
        Notification.objects.exclude(recipient__employee__organisation__municipality=municipality).values_list(
            "recipient__username", flat=True
        )
    )


def mailed_outside(mailoutbox, users_of_municipality) -> list[str]:
    allowed = {user.email for user in users_of_municipality}
    return sorted({address for message in mailoutbox for address in message.to if address not in allowed})


def test_a_passport_of_one_municipality_notifies_nobody_of_the_other(
    everyone, far_org, far_user, far_director, far_economy_user, mailoutbox, django_capture_on_commit_callbacks
):
    far_organisation_users = [far_user, far_director, far_economy_user]
    project = FullProjectFactory(organisation=far_org, created_by=far_user, lead=far_user.employee)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.passport_submit(project=project, user=far_user)
        project_services.passport_return(project=project, user=far_economy_user, comment="Уточните цели")
        project_services.passport_submit(project=project, user=far_user)
        project_services.passport_accept(project=project, user=far_economy_user)
    assert Notification.objects.filter(recipient=far_user).exists()
    assert recipients_outside(far_org.municipality) == []
    assert mailed_outside(mailoutbox, far_organisation_users) == []


def test_a_passport_of_the_default_municipality_notifies_nobody_of_the_other(
    everyone, unit, department_user, director_user, economy_user, mailoutbox, django_capture_on_commit_callbacks
):
    project = FullProjectFactory(organisation=unit, created_by=department_user, lead=department_user.employee)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.passport_submit(project=project, user=department_user)
        project_services.passport_accept(project=project, user=economy_user)
    assert Notification.objects.filter(recipient=department_user).exists()
    assert recipients_outside(unit.municipality) == []
    assert mailed_outside(mailoutbox, [department_user, director_user, economy_user]) == []


def test_a_report_of_one_municipality_notifies_nobody_of_the_other(
    everyone, far_org, far_user, far_economy_user, far_director, mailoutbox, django_capture_on_commit_callbacks
):
    report = ReportFactory(
        organisation=far_org, year=2026, quarter=2, created_by=far_user, general_comment="Проектов в квартале нет."
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_submit(report=report, user=far_user)
        report_services.report_return(report=report, user=far_economy_user, comment="Добавьте фактические значения")
    assert Notification.objects.filter(recipient=far_user).exists()
    assert recipients_outside(far_org.municipality) == []
    assert mailed_outside(mailoutbox, [far_user, far_director, far_economy_user]) == []


def test_a_suggestion_of_one_municipality_notifies_nobody_of_the_other(
    everyone, far_org, far_user, far_director, far_economy_user, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = SuggestionFactory(organisation=far_org, created_by=far_user, authors=[far_user.employee])
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_accept(suggestion=suggestion, user=far_director, comment="")
    assert Notification.objects.filter(recipient=far_user).exists()
    assert recipients_outside(far_org.municipality) == []
    assert mailed_outside(mailoutbox, [far_user, far_director, far_economy_user]) == []


def test_the_weekly_digest_of_an_organisation_reaches_only_its_own_people(
    everyone, unit, far_org, far_user, department_user
):
    """Each organisation's digest goes to its own users: nobody reads the deadlines of an
    organisation of another municipality in their digest."""
    send_weekly_digest(datetime.date(2026, 10, 26))
    digests = Notification.objects.filter(event=Notification.Event.DIGEST).select_related(
        "recipient__employee__organisation"
    )
    assert {n.recipient for n in digests} >= {far_user, department_user}
    for notification in digests:
        organisation = notification.recipient.employee.organisation
        assert notification.subject.endswith(f": {organisation.short_name}"), (
            notification.recipient,
            notification.subject,
        )
