"""The registry at region scale: constant queries with filters and deep pages, deferred-join pages,
state counts, search, and the organisation filter chosen by autocomplete (orgs/autocomplete.py)."""

import pytest
from django.urls import reverse

from orgs.autocomplete import PLAIN_SELECT_LIMIT
from orgs.models import Municipality, Organisation
from orgs.tests.factories import OrganisationFactory
from projects.models import Project
from projects.tests.factories import FullProjectFactory, GoalFactory

pytestmark = pytest.mark.django_db
S = Project.State


def _projects(orgs, count, **kwargs):
    return [FullProjectFactory(organisation=orgs[n % len(orgs)], rows=False, **kwargs) for n in range(count)]


def _many_orgs(count):
    """Enough organisations for the office's filter to switch to the autocomplete."""
    municipality = Municipality.objects.default()
    return Organisation.objects.bulk_create(
        Organisation(
            short_name=f"Школа № {n}",
            full_name=f"МБОУ «Школа № {n}» округа {n}",
            kind="institution",
            municipality=municipality,
        )
        for n in range(count)
    )


def _queries(client, django_assert_max_num_queries, params, limit=None):
    with django_assert_max_num_queries(limit or 30) as captured:
        response = client.get(reverse("projects:registry"), params)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def _params(unit):
    return [
        {},
        {"page": "3"},
        {"o": "title", "page": "3"},
        {"o": "-stage", "page": "2"},
        {"o": "organisation", "page": "3"},
        {"o": "-organisation", "q": "Проект", "page": "2"},
        {"state": S.DRAFT, "sphere": str(unit.sphere_id), "page": "2"},
        {"organisation": str(unit.pk), "page": "2"},
        {"q": "Проект", "page": "2"},
        {"organisation_text": unit.short_name},
    ]


def test_economy_registry_query_count_does_not_grow(client, economy_user, unit, school, django_assert_max_num_queries):
    client.force_login(economy_user)
    _projects([unit, school], 3, title="Проект малый")
    small = {i: _queries(client, django_assert_max_num_queries, params)[0] for i, params in enumerate(_params(unit))}
    # More projects (deep pages exist), and more organisations than a plain <select> may list.
    _many_orgs(PLAIN_SELECT_LIMIT + 5)
    _projects([unit, school], 80, title="Проект большой")
    for i, params in enumerate(_params(unit)):
        _, response = _queries(client, django_assert_max_num_queries, params, limit=small[i])
        assert response.context["filter"].is_valid(), params
    # Page 3 really is a deep page with 25 rows.
    _, response = _queries(client, django_assert_max_num_queries, {"page": "3"})
    assert response.context["page_obj"].number == 3 and len(response.context["page_obj"]) == 25


def test_staff_registry_query_count_does_not_grow(client, department_user, unit, school, django_assert_max_num_queries):
    client.force_login(department_user)
    _projects([unit, school], 3)
    small = _queries(client, django_assert_max_num_queries, {"page": "2", "state": S.DRAFT})[0]
    _projects([unit, school], 60)
    _queries(client, django_assert_max_num_queries, {"page": "2", "state": S.DRAFT}, limit=small)


# --- Pages (deferred join) ---------------------------------------------------------------


def _all_pages(client, params):
    seen = []
    page = 1
    while True:
        response = client.get(reverse("projects:registry"), {**params, "page": page})
        page_obj = response.context["page_obj"]
        seen += [p.pk for p in page_obj]
        if not page_obj.has_next():
            return seen
        page += 1


@pytest.mark.parametrize("order", ["", "state", "-state", "stage", "organisation", "title"])
def test_pages_cover_every_project_once_even_with_equal_sort_values(client, economy_user, unit, order):
    projects = _projects([unit], 60, title="Одинаковое название", state=S.DRAFT)
    # Equal creation times too: only the id tells the rows apart.
    Project.objects.update(created_at=projects[0].created_at)
    client.force_login(economy_user)
    seen = _all_pages(client, {"o": order} if order else {})
    assert sorted(seen) == sorted(p.pk for p in projects)
    assert len(seen) == len(set(seen))


def test_page_rows_keep_the_order_and_their_columns(client, economy_user, unit, school):
    for n, org in enumerate([unit, school] * 15):
        FullProjectFactory(organisation=org, title=f"Проект {n:02d}", rows=False)
    client.force_login(economy_user)
    response = client.get(reverse("projects:registry"), {"o": "-title", "page": 2})
    rows = list(response.context["page_obj"])
    assert [p.title for p in rows] == [f"Проект {n:02d}" for n in range(4, -1, -1)]
    assert all(hasattr(p, "planned_stage_no") and hasattr(p, "has_overdue") for p in rows)
    assert "Проект 04" in response.content.decode()


def test_found_count_filtered_and_unfiltered(client, economy_user, unit):
    _projects([unit], 3, state=S.DRAFT)
    _projects([unit], 2, state=S.CLOSED)
    client.force_login(economy_user)
    response = client.get(reverse("projects:registry"))
    assert response.context["page_obj"].paginator.count == 5
    counts = {s: n for s, _, n in response.context["state_counts"]}
    assert counts[S.DRAFT] == 3 and counts[S.CLOSED] == 2
    response = client.get(reverse("projects:registry"), {"state": S.CLOSED})
    assert response.context["page_obj"].paginator.count == 2
    # The counts above the table stay those of every project.
    assert {s: n for s, _, n in response.context["state_counts"]}[S.DRAFT] == 3


# --- Search ------------------------------------------------------------------------------


def test_search_by_title_process_and_goal_once_each(client, department_user, unit):
    by_title = FullProjectFactory(organisation=unit, title="Онлайн-запись к врачу", process="Приём граждан")
    by_process = FullProjectFactory(organisation=unit, title="Очереди", process="Порядок: запись детей в кружки")
    by_goal = FullProjectFactory(organisation=unit, title="Сроки", process="Выдача справок")
    GoalFactory(project=by_goal, name="Время записи")
    both = FullProjectFactory(organisation=unit, title="Онлайн-запись", process="Порядок: запись на приём")
    GoalFactory(project=both, name="Доля онлайн-записи")
    GoalFactory(project=both, name="Записи без очереди")
    FullProjectFactory(organisation=unit, title="Другое", process="Другое")
    client.force_login(department_user)
    # Lower case in every text: SQLite's LIKE folds ASCII only (PostgreSQL folds Cyrillic too).
    response = client.get(reverse("projects:registry"), {"q": "запис"})
    pks = [p.pk for p in response.context["page_obj"]]
    assert sorted(pks) == sorted([by_title.pk, by_process.pk, by_goal.pk, both.pk])
    assert response.context["page_obj"].paginator.count == 4


def test_search_stays_within_reach(client, outsider_user, unit):
    FullProjectFactory(organisation=unit, title="Запись к врачу")
    client.force_login(outsider_user)
    response = client.get(reverse("projects:registry"), {"q": "Запись"})
    assert list(response.context["page_obj"]) == []


# --- Organisation filter -----------------------------------------------------------------


def _org_field_html(response):
    html = response.content.decode()
    start = html.index('id="div_id_organisation"')
    return html[start : html.index('id="div_id_kind"')]


def test_few_organisations_get_a_plain_select(client, department_user, unit, school):
    client.force_login(department_user)
    html = _org_field_html(client.get(reverse("projects:registry")))
    assert "data-org-autocomplete" not in html
    assert unit.short_name in html and school.short_name.replace("«", "&laquo;") in html.replace("«", "&laquo;")


def test_many_organisations_render_only_the_chosen_one(client, economy_user, unit):
    orgs = _many_orgs(PLAIN_SELECT_LIMIT + 5)
    client.force_login(economy_user)
    html = _org_field_html(client.get(reverse("projects:registry"), {"organisation": orgs[7].pk}))
    assert "data-org-autocomplete" in html and reverse("orgs:autocomplete") in html
    assert html.count("<option") == 2  # «Все организации» and the chosen one
    assert f'<option value="{orgs[7].pk}" selected>Школа № 7</option>' in html
    assert 'name="organisation_text"' in html


def test_organisation_outside_reach_is_a_clear_error(client, department_user, unit, other_org):
    project = FullProjectFactory(organisation=other_org)
    client.force_login(department_user)
    response = client.get(reverse("projects:registry"), {"organisation": other_org.pk, "state": S.DRAFT})
    form = response.context["filter"].form
    assert not form.is_valid()
    assert "нет среди доступных вам" in form.errors["organisation"][0]
    assert project.title not in response.content.decode()
    assert form["state"].value() == S.DRAFT  # the other conditions are kept


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", "999999", "1 OR 1=1"])
def test_bad_organisation_ids_are_errors_not_crashes(client, economy_user, bad):
    client.force_login(economy_user)
    response = client.get(reverse("projects:registry"), {"organisation": bad})
    assert response.status_code == 400  # the page, with the error on the field (issue 16)
    assert "organisation" in response.context["filter"].form.errors


def test_typed_name_without_javascript(client, economy_user, unit, school):
    orgs = _many_orgs(PLAIN_SELECT_LIMIT + 5)
    mine = FullProjectFactory(organisation=orgs[12], title="Проект школы 12")
    FullProjectFactory(organisation=orgs[13], title="Проект школы 13")
    client.force_login(economy_user)
    url = reverse("projects:registry")
    # The exact short name (any case) or a full name: that organisation.
    for text in ["Школа № 12", "школа № 12", "МБОУ «Школа № 12» округа 12"]:
        response = client.get(url, {"organisation_text": text})
        assert [p.pk for p in response.context["page_obj"]] == [mine.pk], text
        assert f'<option value="{orgs[12].pk}" selected>' in response.content.decode()
    # A typed name wins over a stale id left in the select.
    response = client.get(url, {"organisation": orgs[13].pk, "organisation_text": "Школа № 12"})
    assert [p.pk for p in response.context["page_obj"]] == [mine.pk]
    # Several matches or none: an error that repeats what was typed.
    response = client.get(url, {"organisation_text": "Школа №"})
    form = response.context["filter"].form
    assert "подходит к нескольким" in form.errors["organisation"][0]
    assert 'value="Школа №"' in response.content.decode()
    response = client.get(url, {"organisation_text": "Нет такой"})
    assert "«Нет такой» не найдена" in response.context["filter"].form.errors["organisation"][0]


def test_typed_name_outside_reach_is_not_found(client, department_user, unit, other_org):
    client.force_login(department_user)
    response = client.get(reverse("projects:registry"), {"organisation_text": other_org.short_name})
    assert "не найдена среди доступных вам" in response.context["filter"].form.errors["organisation"][0]


@pytest.mark.parametrize(
    ("page", "number", "rows"),
    [("1", 1, 25), ("2", 2, 5), ("3", 2, 5), ("999", 2, 5), ("", 1, 25)],
)
def test_search_pages_with_the_count_from_the_same_query(client, economy_user, unit, page, number, rows):
    """The search counts its hits with the page's ids (``COUNT(*) OVER ()``); pages out of range
    behave as elsewhere (last page; empty: the first; not a page number: 400, test_query_parameters.py)."""
    _projects([unit], 30, title="Запись в кружки")
    _projects([unit], 4, title="Другое")
    client.force_login(economy_user)
    response = client.get(reverse("projects:registry"), {"q": "Запись", "page": page})
    page_obj = response.context["page_obj"]
    assert page_obj.paginator.count == 30
    assert (page_obj.number, len(page_obj)) == (number, rows)
    assert "Найдено: 30" in response.content.decode()


def test_search_without_hits(client, economy_user, unit):
    _projects([unit], 3)
    client.force_login(economy_user)
    response = client.get(reverse("projects:registry"), {"q": "нет такого слова", "page": "2"})
    assert response.context["page_obj"].paginator.count == 0
    assert "По этим условиям проектов нет" in response.content.decode()


@pytest.mark.parametrize("order", ["organisation", "-organisation"])
@pytest.mark.parametrize("params", [{}, {"state": S.DRAFT}])
def test_sorting_by_organisation_pages_like_one_sql_sort(client, economy_user, order, params):
    """Sorted by organisation, pages are cut per organisation (DeferredJoinPaginator): the same
    rows in the same order as one ORDER BY over everything, organisations with one name included."""
    orgs = [OrganisationFactory(short_name=name) for name in ["Б", "А", "В", "А", "Г", "Б"]]
    for n in range(70):
        FullProjectFactory(organisation=orgs[(n * 7) % len(orgs)], rows=False, state=[S.DRAFT, S.CLOSED][n % 2])
    client.force_login(economy_user)
    seen = _all_pages(client, {"o": order, **params})
    sign = "-" if order.startswith("-") else ""
    expected = Project.objects.filter(**params).order_by(
        f"{sign}organisation__short_name", f"{sign}organisation_id", f"{sign}pk"
    )
    assert seen == list(expected.values_list("pk", flat=True))
