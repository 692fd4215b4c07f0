"""Browser: the office assesses (7.5 → regional), an untrained user is refused, a unit self-assesses."""

import pytest

from conftest import login, logout
from orgs.models import Organisation
from projects.models import Project
from scoring.tests.factories import ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# 1 + 1 + 2 + 1 + 1 + 0.5 + 1 = 7.5
REGIONAL_7_5 = {"1": ["1.1", "1.3"], "2": ["2.1"], "3": ["3.1"], "4": ["4.2"], "5": ["5.1"], "6": ["6.3"], "7": ["7.2"]}


def choose(page, choices):
    for criterion, codes in choices.items():
        for code in codes:
            page.locator(f'input[name="criterion_{criterion}"][value="{code}"]').check()
        page.locator(f'textarea[name="justification_{criterion}"]').fill(f"Сведения по критерию {criterion} проверены.")


def test_assess_refuse_and_self_assess(page, demo_data):
    org = {o.short_name: o for o in Organisation.objects.all()}
    culture_project = ProjectFactory(
        organisation=org["Управление культуры"], state=Project.State.CLOSED, title="Онлайн-запись в клубы"
    )
    school_project = ProjectFactory(
        organisation=org["МБОУ «Драченинская СОШ»"], state=Project.State.IN_PROGRESS, title="Столовая без очередей"
    )
    education_project = ProjectFactory(
        organisation=org["Управление образования"], state=Project.State.IN_PROGRESS, title="Запись в первый класс"
    )

    # The office assesses; the running score follows the ticks.
    login(page, "economy")
    page.goto(f"/scoring/projects/{culture_project.pk}/assess/")
    assert page.get_by_test_id("total").inner_text() == "0"
    choose(page, {"1": ["1.1", "1.3"]})
    assert page.get_by_test_id("score-1").inner_text() == "1"  # max, not sum
    choose(page, REGIONAL_7_5)
    assert page.get_by_test_id("total").inner_text() == "7,5"
    assert page.get_by_test_id("status-preview").inner_text() == "региональный бережливый проект"
    page.get_by_role("button", name="Сохранить оценку").click()
    page.wait_for_url("**/scoring/*/")
    assert page.get_by_test_id("total").inner_text() == "7,5"
    assert "региональный" in page.get_by_test_id("status").inner_text()
    assert page.get_by_test_id("state").inner_text() == "Действует"
    logout(page)

    # An untrained user is refused with the reason.
    login(page, "school")
    response = page.goto(f"/scoring/projects/{school_project.pk}/assess/")
    assert response.status == 403
    assert "прошедшими обязательное обучение" in page.get_by_test_id("refusal").inner_text()
    logout(page)

    # The unit self-assesses its own project; it awaits the office's agreement.
    login(page, "department")
    page.goto(f"/scoring/projects/{education_project.pk}/assess/")
    choose(page, REGIONAL_7_5)
    page.get_by_role("button", name="Направить на согласование").click()
    page.wait_for_url("**/scoring/*/")
    assert page.get_by_test_id("state").inner_text() == "Ожидает согласования управлением экономического развития"
    assert "региональный" in page.get_by_test_id("status").inner_text()
