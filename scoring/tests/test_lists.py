"""Ranking, Excel export, project section, home panel (the library of best practices is the bank: practices/tests)."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from orgs.tests.factories import SphereFactory
from scoring.home import panels
from scoring.project_page import sections
from scoring.tests.conftest import FEDERAL_10, REGIONAL_7_5
from scoring.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CUT_OFF = {**REGIONAL_7_5, "2": ["2.5"]}
REPLICABLE_IN_PROFILE = {**REGIONAL_7_5, "6": ["6.2"]}  # 8 points, 6.2


@pytest.fixture
def assessed(unit, school, other_org, economy_user, assess):
    """Official assessments: federal (unit), regional 7.5 (school), cut-off (other_org), 6.2 (unit)."""
    education = SphereFactory(name="Образование")
    culture = SphereFactory(name="Культура")
    federal = assess(ProjectFactory(organisation=unit, title="Федеральный проект", sphere=education), economy_user,
                     choices=FEDERAL_10)  # fmt: skip
    regional = assess(ProjectFactory(organisation=school, title="Региональный проект", sphere=education), economy_user)
    cut = assess(ProjectFactory(organisation=other_org, title="Отсечённый проект", sphere=culture), economy_user,
                 choices=CUT_OFF)  # fmt: skip
    profile = assess(ProjectFactory(organisation=unit, title="Проект по профилю", sphere=education), economy_user,
                     choices=REPLICABLE_IN_PROFILE)  # fmt: skip
    return {"federal": federal, "regional": regional, "cut": cut, "profile": profile}


def titles(response) -> list[str]:
    return [a.project.title for a in response.context["page_obj"]]


class TestRanking:
    def test_sorted_by_score_for_the_office(self, client, assessed, economy_user):
        client.force_login(economy_user)
        response = client.get(reverse("scoring:ranking"))
        assert titles(response) == [
            "Федеральный проект",
            "Проект по профилю",
            "Региональный проект",
            "Отсечённый проект",
        ]
        content = response.content.decode()
        assert "значимый федеральный бережливый проект" in content
        assert "не может быть признан бережливым: 0 баллов по критерию 2" in content

    def test_role_scoped(self, client, assessed, department_user, outsider_user):
        client.force_login(department_user)
        assert set(titles(client.get(reverse("scoring:ranking")))) == {
            "Федеральный проект",
            "Проект по профилю",
            "Региональный проект",
        }
        client.force_login(outsider_user)
        assert titles(client.get(reverse("scoring:ranking"))) == ["Отсечённый проект"]

    def test_only_official_assessments(self, client, project, department_user, economy_user, assess):
        assess(project, department_user)  # waiting for agreement
        client.force_login(economy_user)
        response = client.get(reverse("scoring:ranking"))
        assert titles(response) == []
        assert "Оценённых проектов не найдено" in response.content.decode()
        assert "Ожидают согласования: 1" in response.content.decode()

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"status": "federal"}, ["Федеральный проект"]),
            ({"status": "regional"}, ["Проект по профилю", "Региональный проект"]),
            ({"status": "not_lean"}, ["Отсечённый проект"]),
            ({"replicability": "6.1"}, ["Федеральный проект"]),
            ({"replicability": "6.2"}, ["Проект по профилю"]),
            ({"o": "total"}, ["Отсечённый проект", "Региональный проект", "Проект по профилю", "Федеральный проект"]),
            ({"q": "Отсечённый"}, ["Отсечённый проект"]),
        ],
    )
    def test_filters(self, client, assessed, economy_user, params, expected):
        client.force_login(economy_user)
        assert titles(client.get(reverse("scoring:ranking"), params)) == expected

    @pytest.mark.parametrize("year", ["не год", "-1", "1e5", "99999999999999999999999"])
    def test_a_bad_year_answers_400_naming_the_field(self, client, assessed, economy_user, year):
        client.force_login(economy_user)
        response = client.get(reverse("scoring:ranking"), {"year": year})
        assert response.status_code == 400
        assert "Год оценки" in response.content.decode()

    def test_sphere_filter(self, client, assessed, economy_user):
        client.force_login(economy_user)
        culture = assessed["cut"].project.sphere
        assert titles(client.get(reverse("scoring:ranking"), {"sphere": culture.pk})) == ["Отсечённый проект"]

    def test_year_filter(self, client, project, economy_user, assess):
        with time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC)):
            assess(project, economy_user)
        client.force_login(economy_user)
        assert titles(client.get(reverse("scoring:ranking"), {"year": 2024})) == [project.title]
        assert titles(client.get(reverse("scoring:ranking"), {"year": 2023})) == []

    def test_constant_queries_and_pagination(self, client, unit, economy_user, assess, django_assert_max_num_queries):
        for n in range(30):
            assess(ProjectFactory(organisation=unit, title=f"Проект {n:02d}"), economy_user)
        client.force_login(economy_user)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("scoring:ranking"))
        assert len(response.context["page_obj"]) == 25
        assert response.context["page_obj"].paginator.num_pages == 2
        assert len(titles(client.get(reverse("scoring:ranking"), {"page": 2}))) == 5


class TestExport:
    def test_one_row_a_project_with_scores(self, client, assessed, economy_user):
        client.force_login(economy_user)
        response = client.get(reverse("scoring:ranking-export"), {"status": "regional"})
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(workbook.active.iter_rows(values_only=True))
        header = rows[0]
        assert header[0] == "Бережливый проект"
        assert "Критерий 6. Тиражирование бережливых проектов" in header
        assert header[-5:] == ("Общий балл", "Статус", "Вид оценки", "Оценивал", "Дата оценки")
        data = rows[1:]
        assert [r[0] for r in data] == ["Проект по профилю", "Региональный проект"]
        regional = data[1]
        assert regional[3:10] == (1, 1, 2, 1, 1, 0.5, 1)
        assert regional[10] == 7.5
        assert regional[11] == "региональный бережливый проект"
        assert regional[13] == economy_user.employee.full_name

    def test_export_is_role_scoped(self, client, assessed, outsider_user):
        client.force_login(outsider_user)
        response = client.get(reverse("scoring:ranking-export"))
        rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
        assert [r[0] for r in rows[1:]] == ["Отсечённый проект"]


class TestProjectSection:
    def render(self, user, project):
        request = RequestFactory().get("/")
        request.user = user
        [section] = sections(request, project)
        assert section.title == "Оценка значимости"
        return section.html

    def test_both_assessments_side_by_side_and_the_official_status(
        self, project, department_user, economy_user, assess
    ):
        assess(project, department_user, choices=FEDERAL_10)
        assess(project, economy_user)
        html = self.render(department_user, project)
        assert "Самостоятельная оценка организации" in html
        assert "Оценка управления экономического развития" in html
        assert "значимый федеральный бережливый проект" in html  # the organisation's own view, kept
        assert "Официальный статус:" in html
        assert html.index("региональный бережливый проект") < html.index("Самостоятельная оценка организации")
        assert reverse("scoring:assess", args=[project.pk]) in html

    def test_untrained_colleague_is_told_why(self, project, colleague_user):
        html = self.render(colleague_user, project)
        assert "не определён" in html
        assert "обязательное обучение" in html
        assert reverse("scoring:assess", args=[project.pk]) not in html

    def test_constant_queries(self, project, department_user, economy_user, assess, django_assert_max_num_queries):
        for _ in range(5):
            assess(project, economy_user)
        with django_assert_max_num_queries(6):
            self.render(economy_user, project)


class TestHomePanel:
    def test_office_sees_self_assessments_awaiting_agreement(
        self, project, department_user, economy_user, assess, django_assert_max_num_queries
    ):
        for n in range(10):
            assess(ProjectFactory(organisation=project.organisation, title=f"Ждёт {n}"), department_user)
        request = RequestFactory().get("/")
        request.user = economy_user
        with django_assert_max_num_queries(3):
            [panel] = panels(request)
        assert panel.title == "Самостоятельные оценки на согласовании (10)"
        assert len(panel.items) == 8
        assert panel.items[0].badge == "7,5 балла"
        assert panel.more_url == reverse("scoring:pending")

    def test_organisation_sees_its_own_in_progress(self, project, department_user, assess):
        assess(project, department_user)
        request = RequestFactory().get("/")
        request.user = department_user
        [panel] = panels(request)
        assert panel.items[0].badge == "оценка на согласовании"

    def test_home_page_renders_the_panel(self, client, project, department_user, economy_user, assess):
        assess(project, department_user)
        client.force_login(economy_user)
        assert "Самостоятельные оценки на согласовании (1)" in client.get(reverse("home")).content.decode()


def test_menu_shows_ranking_and_the_bank_of_practices(client, department_user):
    client.force_login(department_user)
    content = client.get(reverse("home")).content.decode()
    assert reverse("scoring:ranking") in content
    assert reverse("practices:list") in content


def test_project_page_shows_the_section(client, project, department_user, economy_user, assess):
    assess(project, economy_user)
    client.force_login(department_user)
    content = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Официальный статус:" in content
    assert "региональный бережливый проект" in content
    assert reverse("scoring:assess", args=[project.pk]) in content
