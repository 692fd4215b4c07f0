"""Browser: the office creates a rubric version that also knocks out on criterion 3, sees the
preview of the statuses it changes, saves it and assesses a project under it."""

import pytest

from conftest import login
from orgs.models import Organisation, User
from projects.models import Project
from scoring import services
from scoring.models import RubricVersion
from scoring.tests.factories import ProjectFactory
from scoring.tests.test_e2e_assess import choose

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# 1 + 1 + 0 (3.3: results not evaluated) + 1 + 1 + 0.5 + 1 = 5.5: regional under version 1.
NOT_EVALUATED = {"1": ["1.1"], "2": ["2.1"], "3": ["3.3"], "4": ["4.2"], "5": ["5.1"], "6": ["6.3"], "7": ["7.2"]}


def test_office_creates_a_version_knocking_out_on_criterion_3(page, demo_data):
    org = {o.short_name: o for o in Organisation.objects.all()}
    economy = User.objects.get(username="economy")
    assessed = ProjectFactory(
        organisation=org["Управление культуры"], state=Project.State.CLOSED, title="Афиша без бумажных плакатов"
    )
    services.assessment_save(
        project=assessed,
        user=economy,
        choices=NOT_EVALUATED,
        justifications=dict.fromkeys(NOT_EVALUATED, "Проверено."),
        submit=True,
    )
    to_assess = ProjectFactory(
        organisation=org["Управление культуры"], state=Project.State.CLOSED, title="Запись в клубы по телефону"
    )

    login(page, "economy")
    page.goto("/scoring/")
    page.get_by_role("link", name="Методика оценки").click()
    # The district has no version of its own yet: it starts from the regional default.
    page.get_by_role("link", name="Создать редакцию на основе региональной").click()
    page.get_by_label("Наименование редакции").fill("Порядок оценки значимости: оценка результатов обязательна")
    page.get_by_label("Основание").fill("Распоряжение администрации от 01.12.2026 № 100")
    criterion_3 = page.get_by_test_id("criterion-2")
    criterion_3.get_by_label("Отсекающий: 0 баллов — проект не признаётся бережливым").check()

    # Enter in a field previews (the form's default button): it neither adds a row nor saves.
    page.get_by_label("Основание").press("Enter")
    preview = page.get_by_test_id("preview")
    row = preview.get_by_test_id("preview-row").filter(has_text="Афиша без бумажных плакатов")
    assert "региональный бережливый проект" in row.inner_text()
    assert "не может быть признан бережливым: 0 баллов по критерию 3" in row.inner_text()
    assert RubricVersion.objects.count() == 1

    page.get_by_role("button", name="Сохранить редакцию").click()
    page.wait_for_url("**/scoring/rubric/*/")
    assert page.get_by_test_id("version-state").inner_text() == "действующая: новые оценки проводятся по ней"
    assert page.get_by_test_id("cut-off-3").is_visible()
    version = RubricVersion.objects.current(economy.municipality)
    assert version.number == 2 and version.created_by == economy
    assert version.municipality == economy.municipality

    page.goto(f"/scoring/projects/{to_assess.pk}/assess/")
    choose(page, NOT_EVALUATED)
    assert page.get_by_test_id("total").inner_text() == "5,5"
    assert "0 баллов по критерию 3" in page.get_by_test_id("status-preview").inner_text()
    page.get_by_role("button", name="Сохранить оценку").click()
    page.wait_for_url("**/scoring/*/")
    assert page.get_by_test_id("total").inner_text() == "5,5"
    assert page.get_by_test_id("status").inner_text() == (
        "не может быть признан бережливым: 0 баллов по критерию 3 «Оценка результатов бережливого проекта»"
    )
    assert "Редакция 2" in page.get_by_text("Редакция 2:").inner_text()

    # The earlier assessment keeps version 1 and its status.
    page.goto("/scoring/")
    assert "региональный" in page.get_by_role("row").filter(has_text="Афиша без бумажных плакатов").inner_text()
