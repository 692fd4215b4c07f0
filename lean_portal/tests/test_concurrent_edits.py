"""Two people at once: stale edits are refused with the stored values shown, and a state
transition made twice (double click, two reviewers) happens once and is logged once.

The services lock the row (``select_for_update``) and re-check the state inside the
transaction. A second request that read the object before the first one wrote is
simulated with an in-memory copy loaded before the first transition: if a service
trusted the state it was handed instead of the locked row, the second call would pass.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Project, Transition
from projects.services import project_transition
from projects.tests.factories import FullProjectFactory
from registries.models import Suggestion, SuggestionTransition
from registries.services.suggestions import suggestion_accept, suggestion_implement, suggestion_reject
from registries.tests.factories import SuggestionFactory
from reporting import services as reporting_services
from reporting.models import QuarterlyReport, ReportTransition
from reporting.tests.factories import GoalFactory, ReportFactory
from reporting.tests.factories import ProjectFactory as RunningProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


# --- Optimistic locking of the passport -------------------------------------------------------


def _passport_post(project: Project, version: str, **changes) -> dict:
    data = {
        "title": project.title,
        "kind": project.kind,
        "version": version,
        "sphere": str(project.sphere_id),
        "approver_name": project.approver_name,
        "approver_position": project.approver_position,
        "customer": project.customer,
        "process": project.process,
        "process_start": project.process_start,
        "process_end": project.process_end,
        "lead": str(project.lead_id),
        "effects": project.effects,
        "save": "1",
    }
    for prefix in ("team", "justification", "goals"):
        data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
    from projects.stages import all_stage_fields

    for name in all_stage_fields():
        value = getattr(project, name)
        data[name] = value.isoformat() if value else ""
    data.update(changes)
    return data


def test_second_passport_editor_is_refused_and_sees_both_versions(client, department_user, colleague_user, unit):
    project = FullProjectFactory(organisation=unit, created_by=department_user, rows=False)
    url = reverse("projects:edit", args=[project.pk])
    # Both open the form: the hidden field carries the version they started from.
    client.force_login(colleague_user)
    assert f'name="version" value="{project.version}"' in client.get(url).content.decode()
    opened = str(project.version)

    client.force_login(department_user)
    first = client.post(url, _passport_post(project, opened, title="Название от первого", effects="Эффект первого"))
    assert first.status_code == 302

    client.force_login(colleague_user)
    second = client.post(url, _passport_post(project, opened, title="Название от второго"))
    assert second.status_code == 200
    html = second.content.decode()
    assert "успели изменить" in html
    project.refresh_from_db()
    assert project.title == "Название от первого" and project.effects == "Эффект первого"
    # The other person's values are shown, next to what this user typed, which stays in the form.
    stale = second.context["stale"]
    assert {
        "label": "Название бережливого проекта",
        "stored": "Название от первого",
        "typed": "Название от второго",
    } in [{**row, "label": str(row["label"])} for row in stale]
    assert any(row["stored"] == "Эффект первого" for row in stale)
    assert second.context["form"]["title"].value() == "Название от второго"
    assert 'data-testid="stale-values"' in html
    # Having compared, the user may save deliberately: the form now carries the stored version.
    assert second.context["form"]["version"].value() == str(project.version)
    third = client.post(url, _passport_post(project, str(project.version), title="Название от второго"))
    assert third.status_code == 302
    project.refresh_from_db()
    assert project.title == "Название от второго" and project.version == 3


# --- Optimistic locking of the quarterly report -----------------------------------------------


def test_second_report_editor_is_refused_and_sees_both_versions(client, department_user, colleague_user, unit, frozen):
    project = RunningProjectFactory(organisation=unit)
    goal = GoalFactory(project=project)
    report = ReportFactory(organisation=unit, year=2026, quarter=4)
    url = reverse("reporting:detail", args=[report.pk])
    client.force_login(colleague_user)
    assert f'name="version" value="{report.version}"' in client.get(url).content.decode()
    opened = str(report.version)

    def data(comment, progress, actual):
        return {
            "version": opened,
            "general_comment": comment,
            f"p{project.pk}-progress": progress,
            f"g{goal.pk}": actual,
            "action": "save",
        }

    client.force_login(department_user)
    assert client.post(url, data("Комментарий первого", "Ход от первого", "10")).status_code == 302

    client.force_login(colleague_user)
    response = client.post(url, data("Комментарий второго", "Ход от первого", "12,5"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Отчёт успели изменить" in html
    report.refresh_from_db()
    assert report.general_comment == "Комментарий первого"
    assert report.actuals.get().value == 10
    stale = response.context["stale"]
    labels = {row["label"]: row for row in stale}
    assert labels["Общий комментарий"]["stored"] == "Комментарий первого"
    assert labels["Общий комментарий"]["typed"] == "Комментарий второго"
    assert str(labels[f"Факт за квартал: {goal.name}"]["stored"]) == "10.00"
    assert not any("ход реализации" in label for label in labels)  # the same on both sides
    assert "Комментарий второго" in html  # what this user typed is still in the form
    assert response.context["form"]["version"].value() == str(report.version)


def test_report_save_with_an_old_version_writes_nothing(department_user, unit, frozen):
    report = ReportFactory(organisation=unit, year=2026, quarter=4)
    reporting_services.report_save(report=report, user=department_user, general_comment="A", entries={}, actuals={})
    with pytest.raises(reporting_services.StaleReport) as error:
        reporting_services.report_save(
            report=report, user=department_user, general_comment="B", entries={}, actuals={}, version=1
        )
    assert error.value.current == 2
    report.refresh_from_db()
    assert report.general_comment == "A" and report.version == 2


# --- Atomic transitions: the second of two is refused, one is logged --------------------------


def test_passport_accepted_once(department_user, economy_user, unit):
    project = FullProjectFactory(organisation=unit, created_by=department_user)
    project_transition(project=project, user=department_user, to_state=Project.State.SUBMITTED)
    first, second = Project.objects.get(pk=project.pk), Project.objects.get(pk=project.pk)
    project_transition(project=first, user=economy_user, to_state=Project.State.ACCEPTED)
    with pytest.raises(ValidationError):
        project_transition(project=second, user=economy_user, to_state=Project.State.ACCEPTED)
    with pytest.raises(ValidationError):
        project_transition(project=second, user=economy_user, to_state=Project.State.RETURNED, comment="Доработать")
    assert Transition.objects.filter(project=project, to_state=Project.State.ACCEPTED).count() == 1
    assert Project.objects.get(pk=project.pk).state == Project.State.ACCEPTED


def test_report_accepted_once_through_the_view(client, department_user, economy_user, unit, frozen):
    report = ReportFactory(organisation=unit, year=2026, quarter=4, general_comment="Проектов нет")
    reporting_services.report_submit(report=report, user=department_user)
    client.force_login(economy_user)
    url = reverse("reporting:accept", args=[report.pk])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert "Принять можно только направленный отчёт" in response.content.decode()
    assert ReportTransition.objects.filter(report=report, to_state=QuarterlyReport.State.ACCEPTED).count() == 1


def test_report_accepted_once_by_two_reviewers(department_user, economy_user, unit, frozen):
    report = ReportFactory(organisation=unit, year=2026, quarter=4, general_comment="Проектов нет")
    reporting_services.report_submit(report=report, user=department_user)
    first, second = QuarterlyReport.objects.get(pk=report.pk), QuarterlyReport.objects.get(pk=report.pk)
    reporting_services.report_accept(report=first, user=economy_user)
    with pytest.raises(ValidationError):
        reporting_services.report_accept(report=second, user=economy_user)
    with pytest.raises(ValidationError):
        reporting_services.report_return(report=second, user=economy_user, comment="Исправить")
    assert ReportTransition.objects.filter(report=report).exclude(from_state="").count() == 2  # submit + accept
    assert QuarterlyReport.objects.get(pk=report.pk).state == QuarterlyReport.State.ACCEPTED


def test_self_assessment_agreed_once(department_user, economy_user, unit):
    from scoring import services as scoring_services
    from scoring.models import Assessment
    from scoring.tests.conftest import REGIONAL_7_5, justify
    from scoring.tests.factories import ProjectFactory as ApprovedProjectFactory

    project = ApprovedProjectFactory(organisation=unit)
    assessment = scoring_services.assessment_save(
        project=project, user=department_user, choices=REGIONAL_7_5, justifications=justify(REGIONAL_7_5), submit=True
    )
    first, second = Assessment.objects.get(pk=assessment.pk), Assessment.objects.get(pk=assessment.pk)
    scoring_services.assessment_agree(assessment=first, user=economy_user)
    with pytest.raises(ValidationError):
        scoring_services.assessment_agree(assessment=second, user=economy_user)
    assert Assessment.history.filter(id=assessment.pk, state=Assessment.State.AGREED).count() == 1


def test_suggestion_decided_once(department_user, director_user, school_user, school):
    # Two people who may both decide (the unit the school reports to): only the first decision holds.
    suggestion = SuggestionFactory(organisation=school)
    first, second = Suggestion.objects.get(pk=suggestion.pk), Suggestion.objects.get(pk=suggestion.pk)
    suggestion_accept(suggestion=first, user=department_user)
    with pytest.raises(ValidationError):
        suggestion_accept(suggestion=second, user=director_user)
    third = Suggestion.objects.get(pk=suggestion.pk)
    suggestion_reject(suggestion=third, user=department_user, reason="Нет средств")
    with pytest.raises(ValidationError):
        suggestion_implement(
            suggestion=first,
            user=school_user,
            implemented_on=suggestion.submitted_on,
            achieved_effect="Сделано",
        )
    assert list(
        SuggestionTransition.objects.filter(suggestion=suggestion).order_by("pk").values_list("to_state", flat=True)
    ) == [Suggestion.State.ACCEPTED, Suggestion.State.REJECTED]
    assert Suggestion.objects.get(pk=suggestion.pk).state == Suggestion.State.REJECTED


# --- Real races on PostgreSQL: two threads, two connections, one row lock --------------------


def _race(*calls) -> list[str]:
    """Run ``calls`` at the same moment, each on its own connection; their outcomes, sorted."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def worker(call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.fixture
def postgresql_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; the in-process checks above cover the state re-check.")


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_accepting_a_passport_at_once(postgresql_only, department_user, economy_user, unit):
    project = FullProjectFactory(organisation=unit, created_by=department_user)
    project_transition(project=project, user=department_user, to_state=Project.State.SUBMITTED)
    first, second = Project.objects.get(pk=project.pk), Project.objects.get(pk=project.pk)
    outcomes = _race(
        lambda: project_transition(project=first, user=economy_user, to_state=Project.State.ACCEPTED),
        lambda: project_transition(project=second, user=economy_user, to_state=Project.State.ACCEPTED),
    )
    assert outcomes == ["done", "refused"]
    assert Transition.objects.filter(project=project, to_state=Project.State.ACCEPTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_accepting_a_report_at_once(postgresql_only, department_user, economy_user, unit, frozen):
    report = ReportFactory(organisation=unit, year=2026, quarter=4, general_comment="Проектов нет")
    reporting_services.report_submit(report=report, user=department_user)
    first, second = QuarterlyReport.objects.get(pk=report.pk), QuarterlyReport.objects.get(pk=report.pk)
    outcomes = _race(
        lambda: reporting_services.report_accept(report=first, user=economy_user),
        lambda: reporting_services.report_accept(report=second, user=economy_user),
    )
    assert outcomes == ["done", "refused"]
    assert ReportTransition.objects.filter(report=report, to_state=QuarterlyReport.State.ACCEPTED).count() == 1
