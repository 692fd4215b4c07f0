"""152-ФЗ: every page and export listing employees by name (and position or role) leaves a
record of who saw it and when; every write to an audited model keeps its history, the
bulk paths (``bulk_create`` and former ``queryset.update()``) included."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from orgs.models import PersonalDataAccess
from orgs.tests.factories import EmployeeFactory
from projects.models import Goal, JustificationItem, Project
from projects.services import project_replicate
from projects.tests.factories import FullProjectFactory
from registries.models import Survey, SurveyQuestion
from registries.services.suggestions import suggestion_accept, suggestion_implement, suggestion_open_project
from registries.services.surveys import survey_create, survey_set_open, survey_submit_response
from registries.tests.factories import SuggestionFactory, TrainingFactory

pytestmark = pytest.mark.django_db

View, Export = PersonalDataAccess.Action.VIEW, PersonalDataAccess.Action.EXPORT


@pytest.fixture(autouse=True)
def _june_2024():
    with time_machine.travel(datetime.datetime(2024, 6, 15, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def people(unit, department_user, director_user):
    """Two trained employees, one suggestion with an author, a project with its team."""
    employees = [EmployeeFactory(organisation=unit) for _ in range(2)]
    for employee in employees:
        TrainingFactory(employee=employee, completed_on=datetime.date(2024, 3, 1))
    suggestion = SuggestionFactory(organisation=unit)
    suggestion_accept(suggestion=suggestion, user=director_user)
    suggestion_implement(
        suggestion=suggestion, user=department_user, implemented_on=datetime.date(2024, 5, 1), achieved_effect="Да"
    )
    project = FullProjectFactory(organisation=unit, created_by=department_user)
    return {"employees": employees, "suggestion": suggestion, "project": project}


def _only_entry(user) -> PersonalDataAccess:
    entries = list(PersonalDataAccess.objects.filter(user=user))
    assert len(entries) == 1, [str(e) for e in entries]
    return entries[0]


@pytest.mark.parametrize(
    ("url", "action", "what"),
    [
        (reverse("registries:training-list"), View, "Реестр обучения"),
        (reverse("registries:training-export"), Export, "Реестр обучения"),
        (reverse("registries:recognition") + "?year=2024", View, "Поощрение активных сотрудников за 2024"),
        (reverse("registries:recognition-export") + "?year=2024", Export, "Поощрение активных сотрудников за 2024"),
        (reverse("registries:suggestion-list"), View, "Реестр предложений"),
        (reverse("registries:suggestion-export"), Export, "Реестр предложений"),
        (reverse("projects:export"), Export, "Реестр бережливых проектов"),
    ],
)
def test_lists_and_exports_of_employees_are_logged(client, department_user, people, url, action, what):
    client.force_login(department_user)
    response = client.get(url)
    assert response.status_code == 200
    entry = _only_entry(department_user)
    assert entry.action == action
    assert what in entry.what
    assert entry.path == url
    assert entry.records and entry.records >= 1
    assert entry.ip_address == "127.0.0.1"


def test_behind_a_proxy_the_log_records_the_clients_address(client, settings, department_user, people):
    """With DJANGO_PROXY_COUNT the address is the one the proxy saw, as everywhere else
    in the portal (lean_portal.auth.client_ip), not the proxy's own REMOTE_ADDR."""
    settings.PROXY_COUNT = 1
    client.force_login(department_user)
    response = client.get(
        reverse("registries:training-list"), HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7", REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200
    assert _only_entry(department_user).ip_address == "192.0.2.7"


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("registries:suggestion-create", "Выбор авторов"),
        ("registries:training-create", "Выбор сотрудника и наставника"),
    ],
)
def test_forms_with_employee_pickers_are_logged(client, department_user, people, name, what):
    client.force_login(department_user)
    assert client.get(reverse(name)).status_code == 200
    entry = _only_entry(department_user)
    assert entry.action == View and what in entry.what
    assert entry.records >= 3  # the department's user and the two trained employees


def test_suggestion_and_training_pages_are_logged(client, department_user, people):
    client.force_login(department_user)
    assert client.get(people["suggestion"].get_absolute_url()).status_code == 200
    entry = _only_entry(department_user)
    assert f"Авторы предложения № {people['suggestion'].pk}" == entry.what and entry.records == 1
    PersonalDataAccess.objects.all().delete()
    training = people["employees"][0].trainings.get()
    assert client.get(reverse("registries:training-detail", args=[training.pk])).status_code == 200
    assert "Обучение сотрудника" in _only_entry(department_user).what


def test_project_team_views_are_logged(client, department_user, admin_user_portal, people):
    project = people["project"]
    client.force_login(department_user)
    assert client.get(project.get_absolute_url()).status_code == 200
    entry = _only_entry(department_user)
    assert entry.action == View and f"Команда проекта № {project.pk}" in entry.what
    assert entry.records == 2  # the lead and one team member
    client.force_login(admin_user_portal)
    assert client.get(reverse("projects:pdf", args=[project.pk]) + "?html=1").status_code == 200
    entry = _only_entry(admin_user_portal)
    assert entry.action == Export and "Паспорт проекта" in entry.what


def test_organisation_page_is_logged(client, department_user, people, unit):
    client.force_login(department_user)
    assert client.get(reverse("orgs:detail", args=[unit.pk])).status_code == 200
    assert _only_entry(department_user).records >= 2


def test_the_log_is_viewable_by_the_administrator_only(client, department_user, admin_user_portal, people):
    client.force_login(department_user)
    client.get(reverse("registries:training-export"))
    url = reverse("admin:orgs_personaldataaccess_changelist")
    assert client.get(url).status_code == 302  # not staff: sent to the admin log-in
    client.force_login(admin_user_portal)
    response = client.get(url)
    assert response.status_code == 200
    assert "Реестр обучения сотрудников (Excel)" in response.content.decode()


# --- History on the bulk paths ----------------------------------------------------------------


def test_replication_keeps_history_of_copied_rows(department_user, school_user, unit, school):
    source = FullProjectFactory(organisation=unit, state=Project.State.CLOSED)
    JustificationItem.objects.create(project=source, position=2, text="Второй пункт")
    copy = project_replicate(source=source, organisation=school, user=school_user)
    goals = list(copy.goals.all())
    items = list(copy.justification.all())
    assert len(goals) == 1 and len(items) == 2
    for model, rows in ((Goal, goals), (JustificationItem, items)):
        history = model.history.filter(id__in=[r.pk for r in rows])
        assert history.count() == len(rows)
        assert {h.history_type for h in history} == {"+"}
        assert {h.history_user_id for h in history} == {school_user.pk}
    assert copy.history.filter(history_type="+").exists()


def test_project_opened_from_a_suggestion_keeps_history(department_user, unit):
    suggestion = SuggestionFactory(organisation=unit)
    project = suggestion_open_project(suggestion=suggestion, user=department_user)
    items = list(project.justification.values_list("pk", flat=True))
    assert len(items) == 2
    assert JustificationItem.history.filter(id__in=items, history_user=department_user).count() == 2


def test_survey_questions_and_totals_keep_history(client, department_user, unit):
    survey = survey_create(
        user=department_user,
        organisation=unit,
        questions=["Время ожидания", "Вежливость"],
        title="Оценка приёма",
        method=Survey.Method.PORTAL,
        service="Приём заявлений",
        held_on=datetime.date(2024, 6, 1),
        closes_on=datetime.date(2024, 6, 30),
    )
    survey = survey_set_open(survey=survey, user=department_user, is_open=True)
    questions = list(survey.questions.all())
    assert SurveyQuestion.history.filter(id__in=[q.pk for q in questions], history_type="+").count() == 2
    before = survey.history.count()
    survey_submit_response(survey=survey, scores={q.pk: 5 for q in questions})
    latest = survey.history.first()
    assert survey.history.count() == before + 1
    assert latest.respondents == 1 and latest.satisfied_share is not None
