"""Browser: the quarterly report from prefill to acceptance, with a return in between."""

from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import login
from reporting.models import QuarterlyReport
from reporting.periods import Quarter

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def education_project(demo_data):
    from orgs.models import Organisation
    from reporting.tests.factories import GoalFactory, ProjectFactory

    unit = Organisation.objects.get(short_name="Управление образования")
    period = Quarter.of(timezone.localdate())
    project = ProjectFactory(
        organisation=unit,
        title="Электронный журнал без бумажных дублей",
        approval_date=period.start,
        stage1_date=period.start,
        stage2_start=period.start,
        stage2_end=period.end,
        stage7_start=None,
        stage7_end=None,
        stage9_date=period.end.replace(year=period.end.year + 1),
        stage10_date=None,
    )
    GoalFactory(project=project, name="Время заполнения журнала", unit="мин", current_value=60, target_value=20)
    return project


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)


def fill_everything(page, value):
    for field in page.locator("input[name^='g']").all():
        field.fill(value)
    for field in page.locator("textarea[name$='-progress']").all():
        field.fill("Проведено картирование, выявлены потери.")


def test_department_submits_economy_returns_department_resubmits_economy_accepts(page, education_project):
    period = Quarter.of(timezone.localdate())
    page.on("dialog", lambda dialog: dialog.accept())

    login(page, "department")
    page.goto("/reports/")
    page.get_by_role("link", name=period.label, exact=True).click()
    assert page.locator("h1").inner_text() == f"Отчёт о реализации бережливых проектов за {period.label}"
    project_card = page.get_by_test_id("report-project").filter(has_text="Электронный журнал без бумажных дублей")
    assert project_card.is_visible()
    assert "Время заполнения журнала" in project_card.inner_text()
    assert "Паспорта проектов, открытых в квартале" in page.content()
    fill_everything(page, "45,5")
    page.get_by_role("button", name="Направить в управление").click()
    assert page.get_by_text("Отчёт направлен в управление экономического развития.").is_visible()
    assert page.get_by_test_id("report-state").inner_text() == "Направлен в управление"
    report_url = page.url

    switch_user(page, "economy")
    page.goto(report_url)
    page.get_by_label("Замечания для организации").fill("Уточните фактическое значение времени заполнения.")
    page.get_by_role("button", name="Вернуть на доработку").click()
    assert page.get_by_test_id("report-state").inner_text() == "Возвращён на доработку"

    switch_user(page, "department")
    page.goto(report_url)
    assert "Уточните фактическое значение времени заполнения." in page.get_by_test_id("review-comment").inner_text()
    project_card = page.get_by_test_id("report-project").filter(has_text="Электронный журнал без бумажных дублей")
    project_card.get_by_label("Факт за квартал: Время заполнения журнала, мин").fill("41")
    page.get_by_role("button", name="Направить в управление").click()
    assert page.get_by_test_id("report-state").inner_text() == "Направлен в управление"

    switch_user(page, "economy")
    page.goto(report_url)
    page.get_by_role("button", name="Принять отчёт").click()
    assert page.get_by_test_id("report-state").inner_text() == "Принят"

    report = QuarterlyReport.objects.get(
        organisation__short_name="Управление образования", year=period.year, quarter=period.quarter
    )
    assert report.state == "accepted"
    goal = education_project.goals.get()
    assert report.actuals.get(goal=goal).value == Decimal("41")
    assert list(report.transitions.values_list("to_state", flat=True)) == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
