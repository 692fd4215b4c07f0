"""Browser: a passport goes from the department through the economy office to the director."""

import datetime

import pytest

from conftest import login, logout
from projects.models import STAGES, Project, stage_field_names

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Сокращение сроков выдачи путёвок в летний лагерь"


def fill_stages(page, start: datetime.date):
    day = start
    for number, _, is_range in STAGES:
        first, last = stage_field_names(number)
        page.locator(f"#id_{first}").fill(day.isoformat())
        if is_range:
            day += datetime.timedelta(days=10)
            page.locator(f"#id_{last}").fill(day.isoformat())
        day += datetime.timedelta(days=1)


def choose(page, select_id: str, nth: int, typed: str = ""):
    """Pick the ``nth`` suggestion of an autocomplete box (static/js/autocomplete.js) after typing."""
    control = page.locator(f"#{select_id}-ts-control")
    control.focus()
    if typed:
        control.press_sequentially(typed)
    options = page.locator(f'#{select_id}-ts-dropdown .option[data-value]:not([data-value=""])')
    options.nth(nth).wait_for()
    options.nth(nth).click()
    page.keyboard.press("Escape")


def fill_row(page, prefix: str, index: int, values: dict):
    for name, value in values.items():
        if name == "employee":
            choose(page, f"id_{prefix}-{index}-{name}", index)
        else:
            page.locator(f"#id_{prefix}-{index}-{name}").fill(value)


def click_action(page, label: str):
    page.get_by_test_id("actions").get_by_role("link", name=label).click()


def test_a_drafts_similar_projects_shown_when_it_is_opened(page, demo_data):
    from orgs.models import User
    from projects.tests.factories import FullProjectFactory

    organisation = User.objects.get(username="department").organisation
    draft = FullProjectFactory(
        organisation=organisation,
        title="Электронная запись в первый класс",
        process="Запись детей в первый класс",
        state=Project.State.DRAFT,
    )
    login(page, "department")
    page.goto(f"/projects/{draft.pk}/edit/")
    # Nothing typed: the draft's own title is searched once the page is shown (static/projects/passport.js),
    # not while the server renders the form.
    similar = page.get_by_test_id("similar-projects")
    assert "Электронная запись в первый класс без очередей" in similar.inner_text()
    assert draft.title + " —" not in similar.inner_text()  # not the draft itself


def test_passport_review_and_approval(page, demo_data):
    login(page, "department")
    page.goto("/projects/new/")
    # A title like an existing project's brings up possible duplicates before anything is saved.
    page.locator("#id_title").fill("Электронная запись в первый класс")
    assert "Электронная запись в первый класс без очередей" in page.get_by_test_id("similar-projects").inner_text()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_process").fill("Выдача путёвок в загородный лагерь")
    page.locator("#id_process_start").fill("Заявление родителя")
    page.locator("#id_process_end").fill("Выдача путёвки")
    choose(page, "id_lead", 0)
    page.locator("#id_effects").fill("Родители получают путёвку за один визит")

    fill_row(page, "team", 0, {"employee": None, "role": "Владелец процесса"})
    page.get_by_test_id("add-team").click()
    fill_row(page, "team", 1, {"employee": None, "role": "Член команды"})
    fill_row(page, "justification", 0, {"text": "Путёвку выдают до 10 дней"})
    page.get_by_test_id("add-justification").click()
    fill_row(page, "justification", 1, {"text": "Родители приходят трижды"})
    fill_row(
        page, "goals", 0, {"name": "Срок выдачи путёвки", "unit": "дней", "current_value": "10", "target_value": "2"}
    )
    page.get_by_test_id("add-goals").click()
    fill_row(page, "goals", 1, {"name": "Число визитов", "unit": "раз", "current_value": "3", "target_value": "1"})
    fill_stages(page, datetime.date.today() + datetime.timedelta(days=30))
    # Adding a row did not lose what was typed above.
    assert page.locator("#id_team-0-role").input_value() == "Владелец процесса"
    page.get_by_role("button", name="Сохранить и направить на рассмотрение").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("project-state").inner_text() == "На рассмотрении"
    project = Project.objects.get(title=TITLE)
    assert project.team.count() == 2 and project.justification.count() == 2 and project.goals.count() == 2
    logout(page)

    login(page, "economy")
    page.goto(project.get_absolute_url())
    click_action(page, "Вернуть на доработку")
    page.get_by_label("Комментарий").fill("Уточните границы процесса: где он заканчивается?")
    page.get_by_role("button", name="Вернуть на доработку").click()
    assert page.get_by_test_id("project-state").inner_text() == "Возвращён на доработку"
    logout(page)

    login(page, "department")
    page.goto(project.get_absolute_url())
    assert "Уточните границы процесса" in page.get_by_test_id("comments").inner_text()
    page.get_by_role("link", name="Редактировать паспорт").click()
    page.locator("#id_process_end").fill("Выдача путёвки родителю на руки")
    page.get_by_role("button", name="Сохранить и направить на рассмотрение").click()
    assert page.get_by_test_id("project-state").inner_text() == "На рассмотрении"
    logout(page)

    login(page, "economy")
    page.goto(project.get_absolute_url())
    click_action(page, "Принять паспорт")
    page.get_by_role("button", name="Принять паспорт").click()
    assert page.get_by_test_id("project-state").inner_text() == "Принят, ожидает утверждения"
    logout(page)

    login(page, "director")
    page.goto("/")
    page.get_by_role("link", name=TITLE, exact=False).first.click()
    click_action(page, "Утвердить паспорт")
    page.get_by_role("button", name="Утвердить паспорт").click()
    assert page.get_by_test_id("project-state").inner_text() == "Утверждён"

    page.get_by_role("link", name="История изменений").click()
    history = page.get_by_test_id("history").inner_text()
    for step in ("Черновик → На рассмотрении", "На рассмотрении → Возвращён на доработку",
                 "Возвращён на доработку → На рассмотрении", "На рассмотрении → Принят, ожидает утверждения",
                 "Принят, ожидает утверждения → Утверждён"):  # fmt: skip
        assert step in history, step
    assert "Выдача путёвки родителю на руки" in history
    assert "Славина Е.А." in history and "Морозов И.Н." in history and "Кузнецова О.В." in history
