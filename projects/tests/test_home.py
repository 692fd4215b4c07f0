import pytest
from django.test import RequestFactory

from projects.home import panels
from projects.models import Project
from projects.tests.conftest import in_state
from projects.tests.factories import FullProjectFactory

pytestmark = pytest.mark.django_db
S = Project.State


def panels_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return {p.title: p for p in panels(request)}


def test_staff_sees_drafts_and_returned_of_their_organisation(unit, department_user, outsider_user):
    mine = FullProjectFactory(organisation=unit, title="Мой черновик")
    returned = in_state(FullProjectFactory(organisation=unit, title="Вернули"), S.RETURNED)
    in_state(FullProjectFactory(organisation=unit, title="На рассмотрении"), S.SUBMITTED)
    FullProjectFactory(organisation=outsider_user.employee.organisation, title="Чужой")
    panel = panels_for(department_user)["Паспорта проектов: черновики и доработка"]
    assert {i.text.split(" — ")[0] for i in panel.items} == {mine.title, returned.title}


def test_economy_sees_submitted(unit, school, economy_user):
    in_state(FullProjectFactory(organisation=school, title="Ждёт рассмотрения"), S.SUBMITTED)
    FullProjectFactory(organisation=unit, title="Черновик")
    result = panels_for(economy_user)
    assert [i.text.split(" — ")[0] for i in result["Паспорта на рассмотрении"].items] == ["Ждёт рассмотрения"]
    assert "Паспорта проектов: черновики и доработка" not in result


def test_director_sees_passports_awaiting_approval(unit, school, director_user):
    in_state(FullProjectFactory(organisation=unit, title="На утверждение"), S.ACCEPTED)
    in_state(FullProjectFactory(organisation=school, title="Школьный"), S.ACCEPTED)  # the school has its own head
    panel = panels_for(director_user)["Паспорта ждут вашего утверждения"]
    assert [i.text.split(" — ")[0] for i in panel.items] == ["На утверждение"]


def test_panels_query_count_is_constant(unit, director_user, department_user, django_assert_max_num_queries):
    for n in range(20):
        in_state(FullProjectFactory(organisation=unit, title=f"П{n}", rows=False), S.ACCEPTED if n % 2 else S.DRAFT)
    for user in (director_user, department_user):
        user.refresh_from_db()
        with django_assert_max_num_queries(6):
            result = panels_for(user)
        assert all(len(p.items) <= 8 for p in result.values())


def test_stability_check_due(unit, department_user, time_machine):
    time_machine.move_to("2025-07-01")
    due = in_state(FullProjectFactory(organisation=unit, title="Пора проверить"), S.MONITORING)  # stage 10: 02.06.2025
    in_state(FullProjectFactory(organisation=unit, title="Реализуется"), S.IN_PROGRESS)
    panel = panels_for(department_user)["Проверка стабильности результатов"]
    assert [i.text.split(" — ")[0] for i in panel.items] == [due.title]
