"""The report's prefill, its workflow, the snapshot and every forbidden transition."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from orgs.tests.factories import EmployeeFactory
from projects.models import Project
from registries.models import Suggestion, Training
from reporting import services
from reporting.figures import build_figures, report_figures
from reporting.models import GoalActual, QuarterlyReport, ReportTransition
from reporting.periods import Quarter
from reporting.tests.factories import GoalFactory, ProjectFactory, ReportFactory

pytestmark = pytest.mark.django_db
State = QuarterlyReport.State


def fill(report, user, value=Decimal("25")):
    figures = build_figures(report)
    services.report_save(
        report=report,
        user=user,
        general_comment="Всё по плану.",
        entries={
            p["id"]: {"progress": "Внедрена электронная запись.", "problems": "", "help_needed": ""}
            for p in figures["projects"]
        },
        actuals={g["id"]: value for p in figures["projects"] for g in p["goals"]},
    )


def submitted(report, project, user):
    fill(report, user)
    return services.report_submit(report=report, user=user)


# --- Uniqueness --------------------------------------------------------------------------


def test_one_report_per_organisation_and_quarter_enforced_by_database(unit):
    ReportFactory(organisation=unit, year=2026, quarter=3)
    ReportFactory(organisation=unit, year=2026, quarter=4)
    with pytest.raises(IntegrityError):
        ReportFactory(organisation=unit, year=2026, quarter=3)


def test_quarter_outside_1_to_4_refused_by_database(unit):
    with pytest.raises(IntegrityError):
        ReportFactory(organisation=unit, year=2026, quarter=5)


def test_report_start_returns_the_existing_report(unit, department_user, period, frozen_today):
    first = services.report_start(organisation=unit, period=period, user=department_user)
    again = services.report_start(organisation=unit, period=period, user=department_user)
    assert first.pk == again.pk
    assert QuarterlyReport.objects.count() == 1
    assert list(first.transitions.values_list("to_state", flat=True)) == ["draft"]


def test_report_start_only_for_own_organisation(unit, outsider_user, period):
    with pytest.raises(PermissionDenied):
        services.report_start(organisation=unit, period=period, user=outsider_user)


# --- Prefill -----------------------------------------------------------------------------


def test_prefill_lists_active_and_recently_closed_projects_only(unit, project, report, school):
    closed_now = ProjectFactory(organisation=unit, state=Project.State.CLOSED, closed_on=datetime.date(2026, 10, 20))
    ProjectFactory(organisation=unit, state=Project.State.CLOSED, closed_on=datetime.date(2025, 12, 1))
    ProjectFactory(organisation=unit, state=Project.State.DRAFT)
    ProjectFactory(organisation=unit, approval_date=datetime.date(2027, 1, 20))  # approved after the quarter
    ProjectFactory(organisation=school)  # a subordinate reports for itself
    figures = build_figures(report)
    assert {p["id"] for p in figures["projects"]} == {project.pk, closed_now.pk}
    row = next(p for p in figures["projects"] if p["id"] == project.pk)
    assert row["sphere"] == project.sphere.name
    assert row["stage"] == 7
    assert row["stage_name"] == "Внедрение улучшений"
    assert row["on_schedule"] is True
    assert [g["name"] for g in row["goals"]] == ["Время подачи заявления", "Доля заявлений онлайн"]
    assert row["goals"][0]["current"] == "40.00"
    assert row["goals"][0]["target"] == "10.00"


def test_project_past_its_closure_date_is_behind_schedule(unit, report):
    late = ProjectFactory(
        organisation=unit, stage7_end=datetime.date(2026, 8, 1), stage9_date=datetime.date(2026, 9, 1)
    )
    row = build_figures(report)["projects"][0]
    assert row["id"] == late.pk
    assert row["on_schedule"] is False
    assert row["schedule_note"] == "просрочен этап 7 «Внедрение улучшений» (окончание 01.08.2026)"


def test_prefill_shows_latest_earlier_actual(unit, project, report, department_user):
    goal = project.goals.first()
    q2 = ReportFactory(organisation=unit, year=2026, quarter=2)
    q3 = ReportFactory(organisation=unit, year=2026, quarter=3)
    GoalActual.objects.create(report=q2, goal=goal, value=Decimal("35"))
    GoalActual.objects.create(report=q3, goal=goal, value=Decimal("30"))
    later = ReportFactory(organisation=unit, year=2027, quarter=1)
    GoalActual.objects.create(report=later, goal=goal, value=Decimal("5"))
    row = build_figures(report)["projects"][0]["goals"][0]
    assert (row["latest"], row["latest_period"], row["actual"]) == ("30.00", "III кв. 2026", None)


def test_prefill_passports_suggestions_training_of_the_quarter(unit, project, report, department_user):
    opened = ProjectFactory(organisation=unit, approval_date=datetime.date(2026, 10, 5), title="Новый проект")
    Suggestion.objects.create(
        organisation=unit,
        submitted_on=datetime.date(2026, 10, 2),
        problem="Очередь в приёмной",
        solution="Электронная очередь",
        state=Suggestion.State.IMPLEMENTED,
        implemented_on=datetime.date(2026, 11, 2),
    )
    Suggestion.objects.create(organisation=unit, submitted_on=datetime.date(2026, 5, 2), problem="Старое", solution="—")
    employee = EmployeeFactory(organisation=unit)
    Training.objects.create(
        employee=employee,
        kind=Training.Kind.LEAN_BASICS,
        started_on=datetime.date(2026, 10, 1),
        completed_on=datetime.date(2026, 10, 30),
    )
    Training.objects.create(
        employee=employee,
        kind=Training.Kind.MENTORING,
        started_on=datetime.date(2026, 1, 1),
        completed_on=datetime.date(2026, 2, 1),
    )
    figures = build_figures(report)
    assert [p["id"] for p in figures["passports"]] == [opened.pk]
    assert figures["suggestions"]["submitted"] == 1
    assert figures["suggestions"]["implemented"] == 1
    assert figures["suggestions"]["items"][0]["problem"] == "Очередь в приёмной"
    assert figures["training"]["completed"] == 1
    assert figures["training"]["by_kind"][0]["kind"] == Training.Kind.LEAN_BASICS


def test_prefill_queries_do_not_grow_with_projects(unit, report, django_assert_max_num_queries):
    for _ in range(15):
        GoalFactory.create_batch(3, project=ProjectFactory(organisation=unit))
    with django_assert_max_num_queries(9):
        figures = build_figures(report)
    assert len(figures["projects"]) == 15


# --- Saving -----------------------------------------------------------------------------


def test_save_stores_entries_and_goal_actuals(report, project, department_user):
    goal = project.goals.first()
    services.report_save(
        report=report,
        user=department_user,
        general_comment=" Комментарий ",
        entries={project.pk: {"progress": "Ход", "problems": "Нет сети", "help_needed": "Помощь ИТ"}},
        actuals={goal.pk: Decimal("22.5")},
    )
    report.refresh_from_db()
    assert report.general_comment == "Комментарий"
    row = build_figures(report)["projects"][0]
    assert (row["progress"], row["problems"], row["help_needed"]) == ("Ход", "Нет сети", "Помощь ИТ")
    assert row["goals"][0]["actual"] == "22.50"
    # Clearing a value removes it from the goal's series.
    services.report_save(report=report, user=department_user, general_comment="", entries={}, actuals={goal.pk: None})
    assert not GoalActual.objects.filter(goal=goal).exists()


def test_save_refuses_goal_outside_the_report(report, project, department_user, other_org):
    foreign = GoalFactory(project=ProjectFactory(organisation=other_org))
    with pytest.raises(ValidationError, match="не охватывает"):
        services.report_save(
            report=report, user=department_user, general_comment="", entries={}, actuals={foreign.pk: 1}
        )


def test_save_refused_to_colleague_organisation_reader_and_office(school_report, department_user, economy_user):
    for user in (department_user, economy_user):
        with pytest.raises(PermissionDenied):
            services.report_save(report=school_report, user=user, general_comment="x", entries={}, actuals={})


# --- Submission and the snapshot ----------------------------------------------------------


def test_submit_requires_progress_and_every_goal_actual_with_errors_on_the_fields(report, project, department_user):
    goals = list(project.goals.all())
    services.report_save(report=report, user=department_user, general_comment="", entries={}, actuals={goals[0].pk: 5})
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, user=department_user)
    assert error.value.message_dict == {
        f"p{project.pk}-progress": ["Опишите ход реализации проекта за квартал."],
        f"g{goals[1].pk}": ["Укажите фактическое значение, достигнутое в квартале."],
    }
    report.refresh_from_db()
    assert report.state == State.DRAFT


def test_submit_without_projects_requires_general_comment(report, department_user):
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, user=department_user)
    assert "general_comment" in error.value.message_dict


def test_submitted_report_keeps_its_snapshot_when_projects_change(report, project, department_user):
    submitted(report, project, department_user)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert report.submitted_by == department_user
    goal = project.goals.first()
    Project.objects.filter(pk=project.pk).update(title="Переименованный проект")
    goal.target_value = Decimal("1")
    goal.save()
    ProjectFactory(organisation=report.organisation, title="Появился позже")
    frozen = report_figures(report)
    assert [p["title"] for p in frozen["projects"]] == ["Электронная запись в первый класс"]
    assert frozen["projects"][0]["goals"][0]["target"] == "10.00"
    assert frozen["projects"][0]["goals"][0]["actual"] == "25.00"
    # The live figures did change: only the snapshot protects the report.
    assert {p["title"] for p in build_figures(report)["projects"]} == {"Переименованный проект", "Появился позже"}


def test_full_workflow_is_logged_with_who_and_comment(report, project, department_user, economy_user):
    submitted(report, project, department_user)
    services.report_return(report=report, user=economy_user, comment="Уточните значения.")
    report.refresh_from_db()
    assert report.state == State.RETURNED
    assert report.review_comment == "Уточните значения."
    assert report.is_editable
    fill(report, department_user, Decimal("20"))
    services.report_submit(report=report, user=department_user, comment="Исправлено.")
    services.report_accept(report=report, user=economy_user)
    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    assert report.snapshot["projects"][0]["goals"][0]["actual"] == "20.00"
    log = list(
        ReportTransition.objects.filter(report=report).values_list(
            "from_state", "to_state", "user__username", "comment"
        )
    )
    assert log == [
        ("draft", "submitted", "department", ""),
        ("submitted", "returned", "economy", "Уточните значения."),
        ("returned", "submitted", "department", "Исправлено."),
        ("submitted", "accepted", "economy", ""),
    ]


# --- Forbidden transitions -------------------------------------------------------------


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED])
def test_cannot_submit_twice_or_after_acceptance(report, project, department_user, state):
    fill(report, department_user)
    QuarterlyReport.objects.filter(pk=report.pk).update(state=state)
    with pytest.raises(ValidationError, match="направить нельзя"):
        services.report_submit(report=report, user=department_user)


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED])
def test_cannot_edit_submitted_or_accepted_report(report, project, department_user, state):
    QuarterlyReport.objects.filter(pk=report.pk).update(state=state)
    with pytest.raises(ValidationError, match="изменять его нельзя"):
        services.report_save(report=report, user=department_user, general_comment="x", entries={}, actuals={})


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.ACCEPTED])
def test_cannot_return_unless_submitted(report, economy_user, state):
    QuarterlyReport.objects.filter(pk=report.pk).update(state=state)
    with pytest.raises(ValidationError, match="Вернуть можно только"):
        services.report_return(report=report, user=economy_user, comment="Замечания")


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.ACCEPTED])
def test_cannot_accept_unless_submitted(report, economy_user, state):
    QuarterlyReport.objects.filter(pk=report.pk).update(state=state)
    with pytest.raises(ValidationError, match="Принять можно только"):
        services.report_accept(report=report, user=economy_user)


def test_return_needs_a_comment(report, project, department_user, economy_user):
    submitted(report, project, department_user)
    with pytest.raises(ValidationError) as error:
        services.report_return(report=report, user=economy_user, comment="  ")
    assert error.value.message_dict == {"comment": ["Укажите, что нужно исправить в отчёте."]}


def test_organisation_cannot_accept_or_return_its_own_report(report, project, department_user, director_user):
    submitted(report, project, department_user)
    for user in (department_user, director_user):
        with pytest.raises(PermissionDenied):
            services.report_accept(report=report, user=user)
        with pytest.raises(PermissionDenied):
            services.report_return(report=report, user=user, comment="x")


def test_office_and_parent_unit_cannot_submit_for_the_organisation(school_report, economy_user, department_user):
    for user in (economy_user, department_user):
        with pytest.raises(PermissionDenied):
            services.report_submit(report=school_report, user=user)


def test_quarter_period_of_report(report):
    assert report.period == Quarter(2026, 4)
    assert str(report) == "Отчёт за IV квартал 2026 г. — Управление образования"
