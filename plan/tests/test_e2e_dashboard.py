"""Browser: the office opens the plan dashboard for 2023, clicks a figure and sees exactly its records."""

import datetime

import pytest

from conftest import login
from orgs.models import Organisation
from plan.models import Plan
from plan.tests.factories import ProjectFactory
from projects.models import Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_economy_drills_down_from_a_figure_to_its_records(page, demo_data):
    school = Organisation.objects.get(short_name="МБОУ «Красноярская СОШ»")
    counted = [
        ProjectFactory(
            organisation=school, title="Электронная очередь в столовой", closed_on=datetime.date(2023, 4, 3)
        ),
        ProjectFactory(
            organisation=school,
            title="Запись в кружки без бумажных заявлений",
            state=Project.State.MONITORING,
            closed_on=datetime.date(2023, 10, 20),
        ),
    ]
    ProjectFactory(organisation=school, title="Проект в работе", state=Project.State.IN_PROGRESS, closed_on=None)
    ProjectFactory(organisation=school, title="Проект прошлого года", closed_on=datetime.date(2022, 12, 30))
    expected = set(
        Project.objects.filter(
            state__in=[Project.State.CLOSED, Project.State.MONITORING], closed_on__year=2023
        ).values_list("title", flat=True)
    )
    assert {p.title for p in counted} <= expected

    login(page, "economy")
    page.get_by_role("link", name="Мониторинг плана").first.click()
    # Today falls in the 2025–2027 period: switch to the decree's plan, then to 2023.
    # Choosing a plan shows it at once (static/plan/dashboard.js).
    page.get_by_label("План мероприятий").select_option(str(Plan.objects.get(first_year=2022).pk))
    page.wait_for_url("**plan=**")
    page.get_by_label("Год", exact=True).select_option("2023")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**year=2023**")
    row = page.locator('[data-testid="plan-table"] tr[data-code="1.1"]')
    figure = row.get_by_test_id("actual")
    assert figure.inner_text() == str(len(expected))
    assert row.get_by_test_id("status").inner_text().strip() in {"✓ выполнен", "✗ не выполнен"}
    figure.click()

    page.wait_for_url("**/plan/records/**")
    assert "Реализованные проекты — 2023 год" in page.locator("h1").inner_text()
    assert page.get_by_test_id("figure").inner_text() == str(len(expected))
    listed = {cells.inner_text().strip() for cells in page.locator('[data-testid="record"] td:first-child').all()}
    assert listed == expected
    assert "Проект в работе" not in listed and "Проект прошлого года" not in listed
