"""Search treats «е»/«ё» and letter case alike — projects, suggestions, organisations, people — on SQLite
as on PostgreSQL (a normalised ``search_text`` column, ``lean_portal.search``)."""

import pytest
from django.urls import reverse

from conftest import client_for
from lean_portal.search import normalise
from orgs.autocomplete import organisation_search
from orgs.models import Employee, Organisation
from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from projects.filters import ProjectFilter
from projects.models import Goal, Project
from projects.tests.factories import FullProjectFactory, GoalFactory
from registries.filters.suggestions import SuggestionFilter
from registries.filters.training import TrainingFilter
from registries.models import Suggestion, Training
from registries.tests.factories import SuggestionFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def test_normalise_folds_case_and_yo():
    assert normalise("  ЁЛКА  Путёвок\tСокращение ") == "елка путевок сокращение"


def test_search_text_follows_saves_and_bulk_creates(unit):
    project = FullProjectFactory(organisation=unit, title="Выдача Путёвок", rows=False)
    assert project.search_text.startswith("выдача путевок | ")
    project.title = "Ёмкость"
    project.save(update_fields=["title"])
    assert Project.objects.get(pk=project.pk).search_text.startswith("емкость | ")
    Goal.objects.bulk_create(
        [Goal(project=project, name="СОКРАЩЁННЫЙ срок", unit="дн", current_value=2, target_value=1)]
    )
    assert Goal.objects.get(project=project).search_text == "сокращенный срок"


@pytest.mark.parametrize("query", ["путевок", "ПУТЁВОК", "путёвок", "Путевок"])
def test_projects_by_title_process_and_goal(unit, economy_user, query):
    by_title = FullProjectFactory(organisation=unit, title="Выдача путёвок в лагеря", rows=False)
    by_goal = FullProjectFactory(organisation=unit, title="Летний отдых", rows=False)
    GoalFactory(project=by_goal, name="Срок выдачи Путёвок")
    FullProjectFactory(organisation=unit, title="Электронный архив", rows=False)
    found = ProjectFilter({"q": query}, queryset=Project.objects.all(), user=economy_user).qs
    assert set(found) == {by_title, by_goal}


def test_lowercase_cyrillic_finds_capitalised_titles(client, unit, economy_user):
    for n in range(3):
        FullProjectFactory(organisation=unit, title=f"Сокращение очереди № {n}", rows=False)
    FullProjectFactory(organisation=unit, title="Электронный архив", rows=False)
    response = client_for(client, economy_user).get(reverse("projects:registry"), {"q": "сокращение"})
    assert response.content.decode().count("Сокращение очереди №") == 3


def test_suggestions_people_and_organisations(unit, economy_user):
    suggestion = SuggestionFactory(organisation=unit, title="Ёлочные игрушки", problem="Нет ЗЕЛЁНОЙ краски")
    SuggestionFactory(organisation=unit, title="Другое")
    assert list(SuggestionFilter({"q": "зеленой"}, queryset=Suggestion.objects.all(), user=economy_user).qs) == [
        suggestion
    ]
    assert list(SuggestionFilter({"q": "ЕЛОЧНЫЕ"}, queryset=Suggestion.objects.all(), user=economy_user).qs) == [
        suggestion
    ]

    person = EmployeeFactory(organisation=unit, last_name="Соловьёва", first_name="Алёна", middle_name="Петровна")
    training = TrainingFactory(employee=person)
    TrainingFactory(employee=EmployeeFactory(organisation=unit, last_name="Иванов"))
    assert list(Employee.objects.search("соловьева алена")) == [person]
    trainings = TrainingFilter({"q": "СОЛОВЬЕВА"}, queryset=Training.objects.all(), user=economy_user)
    assert list(trainings.qs) == [training]

    org = OrganisationFactory(short_name="Дом культуры «Звёздочка»", full_name="МБУК «Дом культуры Звёздочка»")
    assert list(Organisation.objects.search("звездочка")) == [org]
    assert list(organisation_search(Organisation.objects.all(), "дом КУЛЬТУРЫ звездочка")) == [org]


def test_organisation_list_search(client, economy_user):
    OrganisationFactory(short_name="Библиотека «Берёзка»")
    response = client_for(client, economy_user).get(reverse("orgs:list"), {"q": "березка"})
    assert "Библиотека «Берёзка»" in response.content.decode()
