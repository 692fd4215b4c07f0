"""Changes after approval: a change request agreed by the office and approved by the head."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orgs.tests.factories import EmployeeFactory
from projects import services
from projects.changes import baseline_differences
from projects.models import ChangeRequest, Project
from projects.tests.conftest import in_state

pytestmark = pytest.mark.django_db
S = Project.State
CR = ChangeRequest.State


@pytest.fixture
def approved(draft, department_user, economy_user, director_user):
    services.passport_submit(project=draft, user=department_user)
    services.passport_accept(project=draft, user=economy_user)
    return services.passport_approve(project=draft, user=director_user)


def propose(project, user, **proposed):
    return services.change_request_create(
        project=project, user=user, summary="Продлить внедрение", reason="Задержка поставки", proposed=proposed
    )


def test_approval_records_the_baseline(approved):
    assert approved.baseline["stages"]["stage7_end"] == "2024-08-30"
    assert approved.baseline["goals"][0]["target_value"] == "1.00"
    assert len(approved.baseline["team"]) == 1
    assert baseline_differences(Project.objects.get(pk=approved.pk)) == []


def test_change_request_full_path_applies_and_shows_baseline(approved, department_user, economy_user, director_user):
    goal = approved.goals.get()
    newcomer = EmployeeFactory(organisation=approved.organisation)
    change = propose(
        approved,
        department_user,
        stages={"stage7_end": "2024-09-20", "stage8_start": "2024-09-23"},
        goals={str(goal.pk): {"target_value": "2"}},
        team_add=[{"employee": newcomer.pk, "role": "Член команды"}],
    )
    assert change.state == CR.SUBMITTED
    with pytest.raises(ValidationError, match="согласованный управлением"):
        services.change_request_approve(change_request=change, user=director_user)
    with pytest.raises(ValidationError, match="управление экономического развития"):
        services.change_request_agree(change_request=change, user=director_user)
    services.change_request_agree(change_request=change, user=economy_user)
    with pytest.raises(ValidationError, match="руководитель"):
        services.change_request_approve(change_request=change, user=economy_user)
    services.change_request_approve(change_request=change, user=director_user)
    project = Project.objects.get(pk=approved.pk)
    assert project.stage7_end == datetime.date(2024, 9, 20)
    assert project.goals.get().target_value == 2
    assert project.team.count() == 2
    assert project.version == approved.version + 1
    labels = {d.label for d in baseline_differences(project)}
    assert {"Внедрение улучшений: окончание", "Мониторинг результатов: начало", "Команда"} <= labels
    assert any(d.label.startswith("Цель") and d.current == "5 → 2" for d in baseline_differences(project))


def test_change_request_refusals(approved, draft, department_user, economy_user, outsider_user):
    with pytest.raises(ValidationError, match="ничего не меняет"):
        propose(approved, department_user)
    with pytest.raises(ValidationError, match="сотрудник организации"):
        propose(approved, economy_user, stages={"stage10_date": "2025-07-01"})
    with pytest.raises(ValidationError) as exc:
        propose(approved, department_user, stages={"stage8_start": "2024-08-01"})  # before stage 7 ends
    assert "stage8_start" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        propose(approved, department_user, goals={str(approved.goals.get().pk): {"target_value": "5"}})
    assert "отличаться от текущего" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        propose(approved, department_user, team_add=[{"employee": outsider_user.employee.pk, "role": "x"}])
    propose(approved, department_user, stages={"stage10_date": "2025-07-01"})
    with pytest.raises(ValidationError, match="уже есть запрос"):
        propose(approved, department_user, stages={"stage10_date": "2025-08-01"})


def test_change_request_only_after_approval(draft, department_user):
    with pytest.raises(ValidationError, match="утверждённый или реализуемый"):
        propose(draft, department_user, stages={"stage10_date": "2025-07-01"})


def test_reject_needs_comment_and_right_role(approved, department_user, economy_user, director_user):
    change = propose(approved, department_user, stages={"stage10_date": "2025-07-01"})
    with pytest.raises(ValidationError, match="управление экономического развития"):
        services.change_request_reject(change_request=change, user=director_user, comment="Нет")
    with pytest.raises(ValidationError):
        services.change_request_reject(change_request=change, user=economy_user, comment=" ")
    change = services.change_request_reject(change_request=change, user=economy_user, comment="Срок не обоснован")
    assert change.state == CR.REJECTED
    approved.refresh_from_db()
    assert approved.stage10_date == datetime.date(2025, 6, 2)


def test_change_request_views(client, approved, department_user, economy_user, director_user, outsider_user):
    in_state(approved, S.IN_PROGRESS)
    client.force_login(department_user)
    url = reverse("projects:change-create", args=[approved.pk])
    data = {f: getattr(approved, f).isoformat() for f in approved.baseline["stages"]}
    goal = approved.goals.get()
    data.update(
        {
            "summary": "Продлить мониторинг",
            "reason": "Каникулы",
            "stage8_end": "2024-11-29",
            "stage10_date": "2025-07-15",
            f"goal_{goal.pk}_current": "5",
            f"goal_{goal.pk}_target": "пять",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200 and "Введите число" in response.content.decode()
    data[f"goal_{goal.pk}_target"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.proposed == {"stages": {"stage10_date": "2025-07-15"}}

    html = client.get(approved.get_absolute_url()).content.decode()
    assert "Мониторинг стабильности достигнутых результатов: 02.06.2025 → 15.07.2025" in html

    decide = reverse("projects:change-decide", args=[change.pk])
    client.force_login(outsider_user)
    assert client.post(decide, {"decision": "agree"}).status_code == 404
    client.force_login(economy_user)
    client.post(decide, {"decision": "agree"})
    client.force_login(director_user)
    client.post(decide, {"decision": "approve"})
    approved.refresh_from_db()
    assert approved.stage10_date == datetime.date(2025, 7, 15)
    html = client.get(approved.get_absolute_url()).content.decode()
    assert "Утверждено" in html and "15.07.2025" in html


def test_change_create_refused_for_economy(client, approved, economy_user):
    client.force_login(economy_user)
    assert client.get(reverse("projects:change-create", args=[approved.pk])).status_code == 403
