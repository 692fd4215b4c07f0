"""The passport form: Russian messages on the field at fault, drafts may be incomplete."""

import datetime

import pytest
from django.urls import reverse

from projects.forms import GoalForm, ProjectForm, passport_formsets
from projects.models import Project

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {"title": "Сокращение очереди при записи в первый класс", "kind": "internal", "version": ""}
    data.update(overrides)
    return data


def test_draft_needs_only_a_title(unit):
    form = ProjectForm(form_data(), instance=Project(organisation=unit), organisation=unit)
    assert form.is_valid(), form.errors


def test_title_is_always_required(unit):
    form = ProjectForm(form_data(title=""), instance=Project(organisation=unit), organisation=unit)
    assert not form.is_valid()
    assert form.errors["title"] == ["Обязательное поле."]


def test_submission_requires_every_field_on_its_own_field(unit):
    form = ProjectForm(form_data(), instance=Project(organisation=unit), organisation=unit, require_complete=True)
    assert not form.is_valid()
    for field in ("process", "lead", "effects", "stage1_date", "stage2_end", "stage10_date"):
        assert form.errors[field] == ["Заполните поле: без него паспорт нельзя направить на рассмотрение."]
    assert "Выберите заказчика" in form.errors["customer_organisation"][0]


def test_stage_end_before_start_message_on_end(unit):
    data = form_data(stage2_start="2024-03-10", stage2_end="2024-03-01")
    form = ProjectForm(data, instance=Project(organisation=unit), organisation=unit)
    assert not form.is_valid()
    assert len(form.errors["stage2_end"]) == 1  # the model's clean() does not repeat it
    assert "не может быть раньше его начала" in form.errors["stage2_end"][0]


def test_stages_running_backwards_message_on_later_start(unit):
    data = form_data(stage2_start="2024-03-01", stage2_end="2024-03-20", stage3_start="2024-03-10")
    form = ProjectForm(data, instance=Project(organisation=unit), organisation=unit)
    assert not form.is_valid()
    assert len(form.errors["stage3_start"]) == 1
    assert "не может начинаться раньше окончания этапа 2" in form.errors["stage3_start"][0]


def test_date_outside_window_message(unit):
    form = ProjectForm(form_data(stage1_date="2010-01-01"), instance=Project(organisation=unit), organisation=unit)
    assert not form.is_valid()
    assert form.errors["stage1_date"][0].startswith("Дата должна быть в пределах с 01.01.2015")


def test_replicates_link_or_source_not_both(unit, school):
    from projects.tests.factories import FullProjectFactory

    source = FullProjectFactory(organisation=school, state=Project.State.APPROVED)
    data = form_data(replicates=str(source.pk), replicates_source="Опыт Кемерово")
    form = ProjectForm(data, instance=Project(organisation=unit), organisation=unit)
    assert not form.is_valid()
    assert "Укажите что-то одно" in form.errors["replicates_source"][0]


def test_internal_project_has_no_participants(unit, other_org):
    data = form_data(participants=[str(other_org.pk)])
    form = ProjectForm(data, instance=Project(organisation=unit), organisation=unit)
    assert not form.is_valid()
    assert "У внутреннего проекта нет участвующих организаций" in form.errors["participants"][0]


def test_interagency_submission_needs_participants(unit):
    data = form_data(kind="interagency")
    form = ProjectForm(data, instance=Project(organisation=unit), organisation=unit, require_complete=True)
    assert not form.is_valid()
    assert "Укажите участвующие организации" in form.errors["participants"][0]


@pytest.mark.parametrize("value", ["много", "5 дней", "1e"])
def test_goal_values_must_be_numbers(value):
    form = GoalForm({"name": "Срок", "unit": "дней", "current_value": value, "target_value": "1"})
    assert not form.is_valid()
    assert form.errors["current_value"] == ["Введите число, например 12 или 12,5."]


def test_goal_accepts_russian_decimal_comma():
    form = GoalForm({"name": "Срок", "unit": "дней", "current_value": "12,5", "target_value": "3"})
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["current_value"]) == "12.5"


def test_goal_target_must_differ_from_current():
    form = GoalForm({"name": "Срок", "unit": "дней", "current_value": "5", "target_value": "5,0"})
    assert not form.is_valid()
    assert "отличаться от текущего" in form.errors["target_value"][0]


def _management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def test_submission_requires_rows(unit):
    data = {**_management("team", 0), **_management("justification", 0), **_management("goals", 0)}
    formsets = passport_formsets(data=data, project=Project(organisation=unit), organisation=unit, require_rows=True)
    assert formsets["team"].non_form_errors() == ["Добавьте в команду хотя бы одного сотрудника."]
    assert formsets["justification"].non_form_errors() == ["Добавьте хотя бы один пункт обоснования."]
    assert formsets["goals"].non_form_errors() == ["Добавьте хотя бы одну цель с текущим и целевым показателями."]


def test_team_member_twice_is_refused_on_the_second_row(unit, department_user):
    employee = department_user.employee
    data = {
        **_management("team", 2),
        "team-0-employee": str(employee.pk),
        "team-0-role": "Член команды",
        "team-1-employee": str(employee.pk),
        "team-1-role": "Владелец процесса",
        **_management("justification", 0),
        **_management("goals", 0),
    }
    formsets = passport_formsets(data=data, project=Project(organisation=unit), organisation=unit, require_rows=False)
    assert not formsets["team"].is_valid()
    assert formsets["team"].forms[1].errors["employee"] == ["Этот сотрудник уже есть в команде."]


def test_team_offers_only_the_organisations_employees(unit, department_user, outsider_user):
    formsets = passport_formsets(data=None, project=Project(organisation=unit), organisation=unit, require_rows=False)
    choices = set(formsets["team"].forms[0].fields["employee"].queryset)
    assert department_user.employee in choices
    assert outsider_user.employee not in choices


def test_bad_input_is_kept_when_the_page_comes_back(client, department_user):
    client.force_login(department_user)
    data = {
        **form_data(stage2_start="2024-03-10", stage2_end="2024-03-01", process="Запись в первый класс"),
        **_management("team", 0),
        **_management("justification", 1),
        "justification-0-text": "Очереди по 3 часа",
        **_management("goals", 1),
        "goals-0-name": "Время ожидания",
        "goals-0-unit": "мин",
        "goals-0-current_value": "сто",
        "goals-0-target_value": "10",
        "save": "1",
    }
    response = client.post(reverse("projects:create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Запись в первый класс" in html
    assert "Очереди по 3 часа" in html
    assert 'value="сто"' in html
    assert "Введите число, например 12 или 12,5." in html
    assert not Project.objects.exists()
    assert datetime.date  # the page shows the typed dates back
    assert 'value="2024-03-10"' in html


def test_team_of_interagency_project_offers_participants_employees(unit, other_org, department_user, outsider_user):
    from projects.tests.factories import ProjectFactory

    project = ProjectFactory(organisation=unit, kind=Project.Kind.INTERAGENCY)
    project.participants.set([other_org])
    formsets = passport_formsets(data=None, project=project, organisation=unit, require_rows=False)
    choices = set(formsets["team"].empty_form.fields["employee"].queryset)
    assert {department_user.employee, outsider_user.employee} <= choices
