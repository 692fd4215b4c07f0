"""Dashboard, per-organisation view, drill-down and plan management: access, figures, query counts."""

import datetime

import pytest
from django.urls import reverse

from conftest import client_for
from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from plan.models import Plan, Target
from plan.tests.factories import ProjectFactory, SuggestionFactory, SurveyFactory, TrainingFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("plan:dashboard")


def indicator(plan, code):
    return plan.indicators.get(code=code)


def test_economy_sees_the_district(client, economy_user, decree_plan, district):
    response = client_for(client, economy_user).get(DASHBOARD, {"plan": decree_plan.pk, "year": 2023})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ленинск-Кузнецкий муниципальный округ в целом" in html
    rows = {r.indicator.code: r for r in response.context["monitoring"].rows}
    assert rows["1.1"].actual == 6
    records = reverse("plan:records", args=[indicator(decree_plan, "1.1").pk, 2023])
    assert f'href="{records}"' in html
    assert "✗" in html and "не выполнен" in html
    assert "<svg" in html


def test_staff_see_their_own_organisation(client, department_user, unit, school, decree_plan):
    ProjectFactory(organisation=unit, closed_on=datetime.date(2023, 2, 2))
    ProjectFactory(organisation=school, closed_on=datetime.date(2023, 2, 2))
    response = client_for(client, department_user).get(DASHBOARD, {"year": 2023, "plan": decree_plan.pk})
    assert response.status_code == 200
    assert response.context["organisation"] == unit
    rows = {r.indicator.code: r for r in response.context["monitoring"].rows}
    assert rows["1.1"].actual == 1
    assert rows["1.3"].actual == 100  # its one subordinate school has a project
    html = response.content.decode()
    assert "Показатели организации" in html
    assert reverse("plan:organisation", args=[school.pk]) in html


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [
        ("school_user", 200),  # the organisation itself
        ("department_user", 200),  # its unit
        ("colleague_user", 200),  # anyone in its unit (read only: the view has nothing to write)
        ("director_user", 200),
        ("economy_user", 200),  # the office
        ("outsider_user", 404),
    ],
)
def test_organisation_view_access(client, request, school, decree_plan, user_fixture, status):
    user = request.getfixturevalue(user_fixture)
    response = client_for(client, user).get(reverse("plan:organisation", args=[school.pk]))
    assert response.status_code == status


def test_unit_view_is_hidden_from_its_school(client, school_user, unit, decree_plan):
    assert client_for(client, school_user).get(reverse("plan:organisation", args=[unit.pk])).status_code == 404


def test_records_access(client, request, school, decree_plan, department_user, outsider_user, economy_user):
    url = reverse("plan:records", args=[indicator(decree_plan, "1.1").pk, 2023])
    assert client_for(client, department_user).get(url).status_code == 403  # district: the office only
    assert client_for(client, department_user).get(url, {"organisation": school.pk}).status_code == 200
    assert client_for(client, outsider_user).get(url, {"organisation": school.pk}).status_code == 404
    assert client_for(client, economy_user).get(url).status_code == 200
    out_of_period = reverse("plan:records", args=[indicator(decree_plan, "1.1").pk, 2030])
    assert client_for(client, economy_user).get(out_of_period).status_code == 404
    assert client_for(client, economy_user).get(reverse("plan:records", args=[999999, 2023])).status_code == 404


def test_records_list_exactly_what_is_counted(client, economy_user, decree_plan, district):
    o = district
    url = reverse("plan:records", args=[indicator(decree_plan, "1.1").pk, 2023])
    response = client_for(client, economy_user).get(url, {"sort": "-date"})
    listed = list(response.context["page_obj"].object_list)
    assert set(listed) == {o.p1, o.p2, o.p6, o.p7, o.p8, o.p10}
    assert listed[0] == o.p7  # latest closing date first
    assert response.context["value"].value == 6
    response = client.get(url, {"organisation": o.A.pk})
    assert set(response.context["page_obj"].object_list) == {o.p1, o.p2}
    share = reverse("plan:records", args=[indicator(decree_plan, "1.3").pk, 2023])
    response = client.get(share)
    assert response.status_code == 200
    assert 'data-testid="figure">50\u00a0%<' in response.content.decode()
    people = reverse("plan:records", args=[indicator(decree_plan, "2.1").pk, 2023])
    assert set(client.get(people).context["page_obj"].object_list) == {o.e1, o.e4}


def test_empty_share_is_shown_as_no_data(client, economy_user, decree_plan):
    response = client_for(client, economy_user).get(DASHBOARD, {"plan": decree_plan.pk, "year": 2023})
    html = response.content.decode()
    assert "нет данных" in html
    assert ">0\u00a0%<" not in html
    share = reverse("plan:records", args=[indicator(decree_plan, "1.5").pk, 2023])
    assert "нет данных" in client.get(share).content.decode()


def _many_records(count: int):
    units = [OrganisationFactory(kind="unit") for _ in range(count)]
    for index, unit in enumerate(units):
        school = OrganisationFactory(kind="institution", parent=unit)
        ProjectFactory(organisation=school, closed_on=datetime.date(2023, 1 + index % 12, 1))
        ProjectFactory(organisation=unit, closed_on=datetime.date(2022, 5, 1), replicates_source="опыт")
        SuggestionFactory(organisation=school)
        TrainingFactory(employee=EmployeeFactory(organisation=unit))
        SurveyFactory(organisation=school)
    return units


def _queries(client, django_assert_max_num_queries, url, params, count, limit):
    _many_records(count)
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_dashboard_query_count_is_constant(client, economy_user, decree_plan, django_assert_max_num_queries):
    client_for(client, economy_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    few = _queries(client, django_assert_max_num_queries, DASHBOARD, params, 2, 30)
    many = _queries(client, django_assert_max_num_queries, DASHBOARD, params, 25, 30)
    assert few == many


def test_organisation_view_query_count_is_constant(
    client, department_user, unit, decree_plan, django_assert_max_num_queries
):
    client_for(client, department_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    url = reverse("plan:organisation", args=[unit.pk])
    few = _queries(client, django_assert_max_num_queries, url, params, 2, 30)
    for _ in range(15):
        ProjectFactory(organisation=OrganisationFactory(parent=unit), closed_on=datetime.date(2023, 3, 3))
    many = _queries(client, django_assert_max_num_queries, url, params, 25, 30)
    assert few == many


def test_records_query_count(client, economy_user, decree_plan, django_assert_max_num_queries):
    _many_records(30)
    client_for(client, economy_user)
    for code in ("1.1", "1.3", "1.5", "2.1", "3.2"):
        url = reverse("plan:records", args=[indicator(decree_plan, code).pk, 2023])
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


# --- Plan periods and targets ------------------------------------------------------------


def test_only_the_office_manages_plans(client, department_user, decree_plan):
    client_for(client, department_user)
    for url in (
        reverse("plan:plan-list"),
        reverse("plan:plan-create"),
        reverse("plan:plan-edit", args=[decree_plan.pk]),
        reverse("plan:targets", args=[decree_plan.pk]),
        reverse("plan:report-pdf"),
        reverse("plan:report-xlsx"),
    ):
        assert client.get(url).status_code == 403, url


def test_office_adds_a_new_period_with_targets(client, economy_user, decree_plan, unit):
    client_for(client, economy_user)
    response = client.post(
        reverse("plan:plan-create"),
        {
            "name": "План мероприятий на 2025-2027 годы",
            "decree": "Постановление от 01.12.2024 № 1000",
            "first_year": 2025,
            "last_year": 2027,
            "executors": [unit.pk],
            "copy_from": decree_plan.pk,
        },
    )
    plan = Plan.objects.get(first_year=2025)
    assert response.status_code == 302 and response.url == reverse("plan:targets", args=[plan.pk])
    assert plan.indicators.count() == 10 and list(plan.executors.all()) == [unit]
    grid = client.get(response.url)
    assert grid.status_code == 200
    form = grid.context["form"]
    first = plan.indicators.get(code="1.1")
    share = plan.indicators.get(code="1.3")
    data = {name: "" for name in form.fields if name.startswith("value_")}
    data.update({name: "at_least" for name in form.fields if name.startswith("comparison_")})
    data[f"value_{first.pk}_2025"] = "3"
    data[f"comparison_{first.pk}_2026"] = "exact"
    data[f"value_{first.pk}_2026"] = "4"
    data[f"value_{share.pk}_2025"] = "75,5"
    data.update({name: "organisation" for name in form.fields if name.startswith("scope_")})
    contests = plan.indicators.get(code="3.3")
    data[f"scope_{contests.pk}"] = "district"
    assert f"scope_{share.pk}" not in form.fields  # shares are always district-wide
    response = client.post(reverse("plan:targets", args=[plan.pk]), data)
    assert response.status_code == 302
    assert plan.indicators.get(code="3.3").scope == "district"
    assert plan.indicators.get(code="1.1").scope == "organisation"
    saved = Target.objects.filter(indicator__plan=plan).select_related("indicator")
    targets = {(t.indicator.code, t.year): (t.comparison, str(t.value)) for t in saved}
    assert targets == {
        ("1.1", 2025): ("at_least", "3.0"),
        ("1.1", 2026): ("exact", "4.0"),
        ("1.3", 2025): ("at_least", "75.5"),
    }
    # A share above 100 % is refused on its own cell, and nothing typed is lost.
    data[f"value_{share.pk}_2026"] = "120"
    response = client.post(reverse("plan:targets", args=[plan.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"value_{share.pk}_2026"]
    assert 'value="120"' in response.content.decode()
    # Clearing a cell removes that target.
    data[f"value_{share.pk}_2026"] = ""
    data[f"value_{first.pk}_2026"] = ""
    client.post(reverse("plan:targets", args=[plan.pk]), data)
    assert not Target.objects.filter(indicator=first, year=2026).exists()


def test_plan_form_validates_years(client, economy_user, decree_plan):
    client_for(client, economy_user)
    response = client.post(
        reverse("plan:plan-create"), {"name": "Неверный", "decree": "—", "first_year": 2027, "last_year": 2025}
    )
    assert response.status_code == 200
    assert "Последний год не может быть раньше первого." in response.content.decode()
    response = client.post(
        reverse("plan:plan-edit", args=[decree_plan.pk]),
        {"name": decree_plan.name, "decree": decree_plan.decree, "first_year": 2023, "last_year": 2024},
    )
    assert response.status_code == 200
    assert "заданы целевые значения" in response.content.decode()
    assert Plan.objects.get(pk=decree_plan.pk).first_year == 2022


def test_unknown_organisation_is_404(client, economy_user):
    assert client_for(client, economy_user).get(reverse("plan:organisation", args=[999999])).status_code == 404


def test_user_without_organisation_gets_403(client, decree_plan):
    from orgs.tests.factories import UserFactory

    user = UserFactory(username="loose", employee=None)
    assert client_for(client, user).get(DASHBOARD).status_code == 403


def test_admin_sees_the_district_and_the_report_html(client, admin_user_portal, decree_plan):
    client_for(client, admin_user_portal)
    response = client.get(DASHBOARD, {"plan": decree_plan.pk, "year": 2022})
    assert response.status_code == 200 and response.context["organisation"] is None
    html = client.get(reverse("plan:report-pdf"), {"plan": decree_plan.pk, "year": 2022, "html": 1})
    assert html["Content-Type"].startswith("text/html")
    assert "Аналитическая информация о выполнении плана мероприятий за 2022 год" in html.content.decode()
    for url in ("/admin/plan/plan/", f"/admin/plan/plan/{decree_plan.pk}/change/", "/admin/plan/indicator/"):
        assert client.get(url).status_code == 200, url


def test_plan_list_shows_periods(client, economy_user, decree_plan):
    response = client_for(client, economy_user).get(reverse("plan:plan-list"))
    assert response.status_code == 200
    assert reverse("plan:targets", args=[decree_plan.pk]) in response.content.decode()


def test_selector_opens_an_organisations_view(client, economy_user, outsider_user, school, decree_plan):
    response = client_for(client, economy_user).get(DASHBOARD, {"organisation": school.pk, "year": 2023})
    assert response.status_code == 200 and response.context["organisation"] == school
    assert f'<option value="{school.pk}" selected>' in response.content.decode()
    assert client_for(client, outsider_user).get(DASHBOARD, {"organisation": school.pk}).status_code == 404


# --- Executors by agreement and planned values ---------------------------------------------


def test_dashboard_names_the_executors_and_links_each(client, economy_user, decree_plan, district):
    o = district
    client_for(client, economy_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    html = client.get(DASHBOARD, params).content.decode()
    assert "исполнители не выбраны — все действующие организации: 9 организаций" in html
    decree_plan.executors.set([o.A, o.U])
    decree_plan.indicators.filter(code__in=["1.1", "1.2"]).update(scope="organisation")  # «каждым исполнителем»
    response = client.get(DASHBOARD, params)
    html = response.content.decode()
    assert 'data-testid="executors-label">исполнители по согласованию: 2 организации<' in html
    for org in (o.A, o.U):
        assert f'href="{reverse("plan:organisation", args=[org.pk])}?plan={decree_plan.pk}&amp;year=2023"' in html
    assert f"{reverse('plan:plan-edit', args=[decree_plan.pk])}#executors" in html
    rows = {r.indicator.code: r for r in response.context["monitoring"].rows}
    assert rows["1.1"].executors_count == 2 and rows["1.1"].current.goal == 4
    assert "отстают 1 из 2 исполнителей" in html  # 1.2: U has 1 of ≥ 2


def test_dashboard_keeps_at_least_and_planned_values_apart(client, economy_user, decree_plan, district):
    client_for(client, economy_user)
    response = client.get(DASHBOARD, {"plan": decree_plan.pk, "year": 2023})
    html = response.content.decode()
    table = html.split('data-testid="plan-table"')[1].split("</table>")[0]
    row_11 = table.split('data-code="1.1"')[1].split("</tr>")[0]
    row_15 = table.split('data-code="1.5"')[1].split("</tr>")[0]
    assert 'data-testid="target">не менее 2<' in row_11
    assert 'data-testid="target">30\u00a0%<' in row_15  # a planned value: no «не менее»
    assert "✓</span> выполнен, с превышением планового значения" in row_15  # 33.3 % against 30 %


def test_office_edits_the_executors_where_it_edits_the_plan(client, economy_user, decree_plan, district):
    o = district
    client_for(client, economy_user)
    url = reverse("plan:plan-edit", args=[decree_plan.pk])
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    # A search box (orgs:lookup offers active organisations), holding only the chosen executors.
    assert 'id="executors"' in html and 'data-url="/orgs/lookup/"' in html and "E closed" not in html
    assert "A school" not in html
    data = {
        "name": decree_plan.name,
        "decree": decree_plan.decree,
        "first_year": 2022,
        "last_year": 2024,
        "executors": [o.A.pk, o.C.pk],
    }
    assert client.post(url, data).status_code == 302
    assert set(decree_plan.executors.all()) == {o.A, o.C}
    html = client.get(url).content.decode()
    assert f'<option value="{o.A.pk}" selected>A school</option>' in html and "B school" not in html
    listing = client.get(reverse("plan:plan-list")).content.decode()
    assert "по согласованию: 2" in listing and "A school; C library" in listing
    # Unticking every organisation returns to the default reading: all active organisations.
    data["executors"] = []
    assert client.post(url, data).status_code == 302
    assert not decree_plan.executors.exists()
    assert "не выбраны — все действующие организации" in client.get(reverse("plan:plan-list")).content.decode()


def test_dashboard_query_count_with_chosen_executors(client, economy_user, decree_plan, django_assert_max_num_queries):
    client_for(client, economy_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    decree_plan.executors.set(_many_records(3))
    with django_assert_max_num_queries(30) as few:
        assert client.get(DASHBOARD, params).status_code == 200
    decree_plan.executors.add(*_many_records(20))
    with django_assert_max_num_queries(30) as many:
        assert client.get(DASHBOARD, params).status_code == 200
    assert len(few) == len(many)
