"""Recognition (5.2.3): the most active employees of each organisation for a year."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from projects.models import Project
from registries.models import Suggestion, Training
from registries.selectors.recognition import recognition
from registries.tests.factories import SuggestionFactory, TrainingFactory
from registries.views import recognition as view

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime.datetime(2024, 6, 15, 9, 0), tick=False)


def _implemented(org, authors, year):
    return SuggestionFactory(
        organisation=org,
        authors=authors,
        state=Suggestion.State.IMPLEMENTED,
        submitted_on=datetime.date(year, 1, 10),
        implemented_on=datetime.date(year, 3, 1),
    )


def test_counts_suggestions_projects_and_mentoring_of_the_year(unit, school, other_org, department_user, make_project):
    star, helper, idle = (
        EmployeeFactory(organisation=unit, last_name=n) for n in ("Звездина", "Помощников", "Тихонов")
    )
    _implemented(unit, [star, helper], 2024)
    _implemented(unit, [star], 2024)
    _implemented(unit, [helper], 2023)  # another year
    SuggestionFactory(organisation=unit, authors=[idle])  # not implemented
    make_project(unit, lead=star, state=Project.State.CLOSED, closed_on=datetime.date(2024, 5, 1))
    make_project(unit, lead=helper, state=Project.State.IN_PROGRESS)
    make_project(unit, lead=idle, state=Project.State.CLOSED, closed_on=datetime.date(2022, 5, 1))
    make_project(unit, lead=idle, state=Project.State.DRAFT)
    mentee = EmployeeFactory(organisation=school)
    TrainingFactory(
        employee=mentee,
        kind=Training.Kind.MENTORING,
        mentor=helper,
        started_on=datetime.date(2023, 9, 1),
        completed_on=None,
    )
    TrainingFactory(
        employee=mentee,
        kind=Training.Kind.MENTORING,
        mentor=idle,
        started_on=datetime.date(2022, 9, 1),
        completed_on=datetime.date(2022, 12, 1),
    )
    _implemented(school, [mentee], 2024)
    _implemented(other_org, [EmployeeFactory(organisation=other_org)], 2024)

    result = dict(recognition(department_user, 2024))
    assert set(result) == {unit, school}  # other_org is not visible to the unit
    people = [(p.employee.last_name, p.suggestions, p.projects, p.mentoring) for p in result[unit]]
    assert people == [("Звездина", 2, 1, 0), ("Помощников", 1, 1, 1)]
    assert [p.employee for p in result[school]] == [mentee]


def test_page_queries_do_not_grow(client, unit, department_user, make_project, django_assert_max_num_queries):
    for i in range(15):
        employee = EmployeeFactory(organisation=unit)
        _implemented(unit, [employee], 2024)
        make_project(unit, lead=employee, state=Project.State.IN_PROGRESS, title=f"П{i}")
    client.force_login(department_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registries:recognition"), {"year": 2024})
    [(organisation, people)] = response.context["organisations"]
    assert organisation == unit and len(people) == 5
    assert client.get(reverse("registries:recognition"), {"year": "abc"}).status_code == 400  # not a year (issue 16)


def test_excel_export(client, unit, department_user):

    star = EmployeeFactory(organisation=unit, last_name="Звездина")
    _implemented(unit, [star], 2024)
    client.force_login(department_user)
    response = client.get(reverse("registries:recognition-export"), {"year": 2024})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows == [(unit.short_name, star.full_name, star.position, 1, 0, 0, 1)]


def test_office_page_is_paged_by_organisation(client, monkeypatch, economy_user, make_project):

    monkeypatch.setattr(view, "ORGANISATIONS_PER_PAGE", 2)
    organisations = [OrganisationFactory(short_name=f"Учреждение {n}") for n in range(5)]
    for organisation in organisations:
        _implemented(organisation, [EmployeeFactory(organisation=organisation)], 2024)
    OrganisationFactory(short_name="Учреждение без активных")
    client.force_login(economy_user)
    url = reverse("registries:recognition")
    first = client.get(url, {"year": 2024})
    assert [o.short_name for o, _ in first.context["organisations"]] == ["Учреждение 0", "Учреждение 1"]
    assert first.context["page_obj"].paginator.count == 5  # only organisations with someone active
    last = client.get(url, {"year": 2024, "page": 3})
    assert [o.short_name for o, _ in last.context["organisations"]] == ["Учреждение 4"]
    assert "year=2024" in last.content.decode()  # the page links keep the year
