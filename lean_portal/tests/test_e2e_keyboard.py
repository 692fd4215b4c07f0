"""Browser, keyboard only: a passport and an assessment are completed with Tab, typing, the
arrow keys, Space and Enter — no mouse, no clicks, no filling by selector.

Each walk presses Tab through the whole page in order and acts on whatever gets the focus, as a
person using the keyboard would: a field that the walk does not reach in the tab order is a
failure.
"""

from __future__ import annotations

import datetime

import pytest

from conftest import _recovery_code_for
from lean_portal.tests.access_world import FEDERAL_10
from orgs.models import Employee, User
from projects.models import STAGES, Project, stage_field_names

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A Tom Select box (lean_portal/autocomplete.py) stands for the hidden select it fills in.
  const box = el.id && el.id.endsWith("-ts-control") ? document.getElementById(el.id.slice(0, -11)) : null;
  return {tag: el.tagName.toLowerCase(), type: (el.type || "").toLowerCase(), name: el.name || "",
          autocomplete: box ? box.name : "",
          value: el.value === undefined ? "" : String(el.value), checked: !!el.checked,
          text: (el.innerText || "").trim()};
}"""
TAB_LIMIT = 800


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def tab_until(page, stop, act=lambda page, element: None) -> dict:
    """Press Tab until ``stop(element)``; ``act`` is offered every element focused on the way."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is None:
            continue
        if stop(element):
            return element
        act(page, element)
    raise AssertionError("the keyboard never reached the element looked for")


def is_button(label: str):
    return lambda element: element["tag"] == "button" and element["text"] == label


def keyboard_login(page, username: str) -> None:
    """Log in with the keyboard; the office and administrators then type their second factor
    (a recovery code issued for this log-in, as ``conftest.login`` does)."""
    code = _recovery_code_for(username)
    page.goto("/login/")
    tab_until(page, lambda element: element["name"] == "username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "password"
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)
    if code:
        page.wait_for_url(lambda url: "/account/two-factor/" in url)
        tab_until(page, lambda element: element["name"] == "code")
        page.keyboard.type(code)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/account/two-factor/" not in url)


def type_date(page, element: dict, day: datetime.date) -> None:
    # A native date field takes the digits segment by segment; a text field takes дд.мм.гггг.
    page.keyboard.type(day.strftime("%d%m%Y") if element["type"] == "date" else day.strftime("%d.%m.%Y"))


# The customer is the organisation itself (chosen in advance, its head approves): the outside
# customer and its «УТВЕРЖДАЮ» are left empty.
PASSPORT_TEXT = {
    "title": "Приём заявлений на кружки без очереди",
    "process": "Запись ребёнка в кружок",
    "process_start": "Заявление родителя",
    "process_end": "Зачисление в кружок",
    "effects": "Запись за один визит",
    "team-0-role": "Владелец процесса",
    "justification-0-text": "Очередь на запись до двух недель",
    "goals-0-name": "Срок записи",
    "goals-0-unit": "дней",
    "goals-0-current_value": "14",
    "goals-0-target_value": "1",
}
PASSPORT_CHOICES = ("sphere", "lead", "team-0-employee")


def choose_in_autocomplete(page, element: dict, full_name: str) -> None:
    """In a focused Tom Select box: type the first letters of the surname, wait for the list
    found for them, move with the arrow keys to the person and press Enter, as a person would."""
    select_id = f"id_{element['autocomplete']}"
    typed = full_name[:4]
    page.keyboard.type(typed, delay=50)
    page.wait_for_function(
        """([id, typed]) => {
          const options = [...document.querySelectorAll(`#${CSS.escape(id)}-ts-dropdown .option`)];
          return options.length && options.every(o => o.textContent.toLowerCase().includes(typed.toLowerCase()));
        }""",
        arg=[select_id, typed],
    )
    active = page.locator(f"#{select_id}-ts-dropdown .option.active")
    for _ in range(21):
        if active.count() and full_name in active.inner_text():
            break
        page.keyboard.press("ArrowDown")
    else:
        raise AssertionError(f"{full_name} is not offered for {typed!r}")
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.getElementById({select_id!r}).value !== ''")


def stage_dates(first_year: int) -> dict[str, datetime.date]:
    """The ten stages' dates, one after another, each with its day equal to its month (01.01,
    02.02, …): a native date field reads them the same whether the browser lays it out as
    дд.мм.гггг or as mm/dd/yyyy (headless Chromium uses the latter whatever the page's locale)."""
    days = [datetime.date(first_year + index // 12, index % 12 + 1, index % 12 + 1) for index in range(17)]
    dates = {}
    for number, _, is_range in STAGES:
        first, last = stage_field_names(number)
        dates[first] = days.pop(0)
        if is_range:
            dates[last] = days.pop(0)
    return dates


def test_passport_completed_with_the_keyboard(page, demo_data):
    dates = stage_dates(datetime.date.today().year + 1)
    organisation = User.objects.get(username="department").organisation
    staff = Employee.objects.filter(organisation=organisation, is_active=True)
    lead, member = staff.order_by("last_name", "pk")[:2]
    people = {"lead": lead, "team-0-employee": member}
    done = set()

    def fill(page, element):
        name = element["name"] or element["autocomplete"]
        if element["tag"] == "button" and element["text"] == "+ Добавить строку" and "add-row" not in done:
            # Adding a row puts the focus in its first field (a blank new row is ignored on saving).
            page.keyboard.press("Enter")
            assert focused(page)["autocomplete"] == "team-1-employee"
            done.add("add-row")
            return
        if name in done:
            return
        if name in people and element["autocomplete"]:
            choose_in_autocomplete(page, element, people[name].full_name)
            done.add(name)
            return
        if name in dates:
            if element["value"]:  # a start proposed from the previous stage's end: typed over
                page.keyboard.press("Control+A")
            type_date(page, element, dates[name])
            done.add(name)
            return
        if element["value"]:  # filled in advance
            done.add(name)
            return
        if name in PASSPORT_TEXT:
            page.keyboard.type(PASSPORT_TEXT[name])
        elif name in PASSPORT_CHOICES and element["tag"] == "select":
            page.keyboard.press("ArrowDown")  # the first choice after the empty one
        else:
            return
        done.add(name)

    keyboard_login(page, "department")
    page.goto("/projects/new/")
    tab_until(page, is_button("Сохранить и направить на рассмотрение"), fill)
    missing = (set(PASSPORT_TEXT) | set(PASSPORT_CHOICES) | set(dates)) - done
    assert not missing, f"not reached with Tab: {sorted(missing)}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.get_by_test_id("form-errors")
    assert not errors.count(), errors.inner_text()
    project = Project.objects.get(title=PASSPORT_TEXT["title"])
    assert project.state == Project.State.SUBMITTED
    assert project.team.count() == 1 and project.justification.count() == 1 and project.goals.count() == 1
    assert project.stage10_date == dates["stage10_date"]
    assert project.customer_organisation == organisation and not project.customer
    assert project.lead == lead and [m.employee for m in project.team.all()] == [member]


def test_incomplete_passport_lists_each_missing_field_and_focuses_the_first(page, demo_data):
    keyboard_login(page, "department")
    page.goto("/projects/new/")
    tab_until(page, lambda element: element["name"] == "title")
    page.keyboard.type("Паспорт без сведений")
    tab_until(page, is_button("Сохранить и направить на рассмотрение"))
    page.keyboard.press("Enter")
    summary = page.get_by_test_id("form-errors")
    summary.wait_for()
    items = summary.locator("li").all_inner_texts()
    assert "Процесс: Заполните поле «Процесс»: без него паспорт нельзя направить на рассмотрение." in items
    for name in ("Этап 1. Согласование паспорта проекта: дата", "Этап 2. Картирование текущего состояния: окончание"):
        assert any(f"Заполните поле «{name}»" in item for item in items), (name, items)
    assert len(items) == len(set(items)) > 15, "one message per missing field, each naming it"
    assert summary.locator("a").count() >= 15
    # The focus is on the first field the summary names; its link leads there too.
    first_link = summary.locator("a").first
    target = first_link.get_attribute("href").lstrip("#")
    assert page.evaluate("document.activeElement.id") == target
    assert page.locator(f"#{target}").get_attribute("aria-invalid") == "true"
    assert f"{target}_error" in page.locator(f"#{target}").get_attribute("aria-describedby")
    # An autocomplete at fault (the lead): its box is named by the label and carries the error;
    # the hidden select behind it is out of the way of screen readers, and its summary link
    # leads into the box.
    box = page.get_by_role("combobox", name="Руководитель бережливого проекта")
    assert box.get_attribute("id") == "id_lead-ts-control"
    assert box.get_attribute("aria-invalid") == "true"
    assert "id_lead_error" in box.get_attribute("aria-describedby")
    hidden = page.locator("#id_lead")
    assert hidden.get_attribute("aria-hidden") == "true" and hidden.get_attribute("tabindex") == "-1"
    assert page.locator(f"#{hidden.get_attribute('aria-labelledby')}").inner_text().startswith("Руководитель")
    summary.locator("a[href='#id_lead']").press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_lead-ts-control"


def test_assessment_completed_with_the_keyboard(page, demo_data):
    project = Project.objects.filter(state=Project.State.APPROVED).exclude(assessments__isnull=False).first()
    if project is None:
        project = Project.objects.filter(state=Project.State.APPROVED).first()
    chosen = set()

    def choose(page, element):
        name = element["name"]
        if name.startswith("criterion_") and name not in chosen:
            if element["type"] == "radio":
                page.keyboard.press("ArrowDown")  # from «Не выбрано» (last) round to the first level
            else:
                page.keyboard.press("Space")
            chosen.add(name)
        elif name.startswith("justification_") and not element["value"]:
            page.keyboard.type("Подтверждено документами.")

    keyboard_login(page, "economy")
    page.goto(f"/scoring/projects/{project.pk}/assess/")
    tab_until(page, is_button("Сохранить оценку"), choose)
    assert chosen == {f"criterion_{code}" for code in FEDERAL_10}
    page.keyboard.press("Enter")
    page.wait_for_url("**/scoring/*/")
    assessment = project.assessments.order_by("-pk").first()
    assert assessment is not None and assessment.total > 0
