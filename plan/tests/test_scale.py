"""Plan monitoring at region scale: figures folded by the database agree with every executor's own result,
the dashboard names only the first lagging executors, the report summarises many projects, and no page's
query count grows with the data."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import client_for
from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from plan import monitoring, report
from plan.indicators import DEFINITIONS, CountSummary, count_summary, lagging
from plan.models import Target
from plan.monitoring import NOT_MET, build_monitoring
from plan.tests.factories import ProjectFactory, SuggestionFactory, SurveyFactory, TrainingFactory
from plan.tests.test_views import _many_records
from projects.models import Goal

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("plan:dashboard")
d = datetime.date


@pytest.fixture(autouse=True)
def _counts_read_per_executor(db):
    """These tests are about targets read «каждым исполнителем» (folded per executor by the database): the
    office's choice for every count of the decree's plan here (the default is «по округу»)."""
    from plan.models import Indicator

    Indicator.objects.filter(plan__first_year=2022, plan__last_year=2024).exclude(
        code__in=["1.3", "1.4", "1.5"]
    ).update(scope="organisation")


def _per_org_rows(result):
    return [row for row in result.rows if row.per_organisation and row.target]


def _assert_folded_equals_per_executor(plan, year, limit=monitoring.LAGGING_PREVIEW):
    """What the database folds (counts, lagging preview) equals the per-executor reading of the decree."""
    result = build_monitoring(plan, year, lagging_limit=limit)
    for row in _per_org_rows(result):
        behind = sorted(row.behind, key=lambda r: (r.organisation.short_name, r.organisation.pk))
        assert row.behind_count == len(behind), row.indicator.code
        assert row.meeting_count == sum(1 for r in row.results if r.status.is_met), row.indicator.code
        assert row.executors_count == len(result.executors)
        assert [(r.organisation.pk, r.value, r.status) for r in row.lagging] == [
            (r.organisation.pk, r.value, r.status) for r in behind[:limit]
        ], row.indicator.code
        assert row.lagging_more == max(len(behind) - limit, 0)
        if behind:
            assert row.status is NOT_MET
    return result


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_folded_counts_equal_every_executors_result(district, decree_plan, year):
    _assert_folded_equals_per_executor(decree_plan, year)
    _assert_folded_equals_per_executor(decree_plan, year, limit=2)
    o = district
    decree_plan.executors.set([o.A, o.U, o.C])
    result = _assert_folded_equals_per_executor(decree_plan, year, limit=1)
    assert result.executors_chosen and result.executors_count == 3


@pytest.mark.parametrize("batch", [1, 2, 3])
def test_lagging_preview_beyond_the_first_batch(district, decree_plan, monkeypatch, batch):
    """Too few lagging among the first executors by name: the exact query finds the rest, in order."""
    monkeypatch.setattr("plan.indicators.LAGGING_BATCH", batch)
    for year in (2022, 2023):
        _assert_folded_equals_per_executor(decree_plan, year, limit=3)
        _assert_folded_equals_per_executor(decree_plan, year, limit=20)


def test_fractional_and_zero_targets_are_read_per_executor(district, decree_plan):
    o = district
    surveys = decree_plan.indicators.get(code="3.2")
    # 1.5 surveys per organisation: B (2 surveys in 2023) reaches it, A (none in 2023) does not.
    Target.objects.filter(indicator=surveys, year=2023).update(value=Decimal("1.5"))
    result = _assert_folded_equals_per_executor(decree_plan, 2023)
    row = next(r for r in result.rows if r.indicator.code == "3.2")
    assert row.meeting_count == 1 and row.behind_count == row.executors_count - 1
    assert o.A.pk in {r.organisation.pk for r in row.lagging}
    # 0 planned (2022): every executor fulfils it, none lags, and no lagging query is needed.
    result = _assert_folded_equals_per_executor(decree_plan, 2022)
    row = next(r for r in result.rows if r.indicator.code == "3.2")
    assert row.behind_count == 0 and row.meeting_count == row.executors_count and row.lagging == []


def test_count_summary_and_lagging_functions(district, decree_plan):
    o = district
    counted = DEFINITIONS["projects_implemented"].counted
    executors, _ = decree_plan.responsible()
    summary = count_summary(counted, [2022, 2023, 2024], {2023: 2, 2024: 1}, executors)
    # 2023: A has 2 (meets ≥ 2); 2024: C has 1 (meets ≥ 1); 2022: no goal asked.
    assert (summary[2023].total, summary[2023].meeting) == (6, 1)
    assert (summary[2024].total, summary[2024].meeting) == (1, 1)
    assert (summary[2022].total, summary[2022].meeting) == (1, None)
    behind = list(lagging(counted, 2023, 2, executors))
    assert o.A not in behind and o.E not in behind  # A met; E is inactive, so no executor
    assert {(org.short_name, org.plan_n) for org in behind if org in (o.U, o.B)} == {("U unit", 1), ("B school", 0)}
    assert [org.short_name for org in behind] == sorted(org.short_name for org in behind)
    # People once each: A's e1 trained twice in 2023 counts once; U's e4 once.
    people = DEFINITIONS["lean_basics_trained"].counted
    assert count_summary(people, [2023], {2023: 1}, executors)[2023] == CountSummary(2, 2)


def test_organisation_figures_read_only_its_own_records(district, decree_plan, django_assert_max_num_queries):
    o = district
    full = {row.indicator.code: row for row in build_monitoring(decree_plan, 2023, organisation=o.U).rows}
    for key, definition in DEFINITIONS.items():
        everyone = definition.compute([2022, 2023, 2024])
        own = definition.compute([2022, 2023, 2024], o.U)
        for year in (2022, 2023, 2024):
            assert own.for_organisation(year, o.U.pk) == everyone.for_organisation(year, o.U.pk), key
        district_only = definition.compute([2022, 2023, 2024], by_org=False)
        for year in (2022, 2023, 2024):
            assert district_only.for_year(year) == everyone.for_year(year), key
    assert full["1.1"].actual == 1 and full["1.3"].actual == Decimal("66.7")


# --- The dashboard at scale ----------------------------------------------------------------------------


def test_dashboard_names_the_first_lagging_and_counts_the_rest(client, economy_user, decree_plan, monkeypatch):
    monkeypatch.setattr(monitoring, "LAGGING_PREVIEW", 3)
    monkeypatch.setattr(monitoring, "LAGGING_ALL_UP_TO", 5)
    monkeypatch.setattr("plan.views.EXECUTORS_LISTED", 5)
    _many_records(6)
    response = client_for(client, economy_user).get(DASHBOARD, {"plan": decree_plan.pk, "year": 2023})
    html = response.content.decode()
    rows = {r.indicator.code: r for r in response.context["monitoring"].rows}
    row = rows["1.1"]  # ≥ 2 per organisation: nobody has two projects closed in 2023
    assert row.behind_count == row.executors_count == response.context["monitoring"].executors_count
    assert len(row.lagging) == 3 and row.lagging_more == row.behind_count - 3
    assert f"и ещё {row.lagging_more}" in html
    assert reverse("plan:lagging", args=[row.indicator.pk, 2023]) in html
    assert 'data-testid="executors-elsewhere"' in html  # more executors than EXECUTORS_LISTED
    assert f"отстают {row.behind_count} из {row.executors_count} исполнителей" in html


def test_dashboard_selector_searches_when_the_office_sees_many(client, economy_user, decree_plan, unit):
    for index in range(55):
        OrganisationFactory(short_name=f"Учреждение {index:02d}")
    client_for(client, economy_user)
    html = client.get(DASHBOARD, {"plan": decree_plan.pk}).content.decode()
    assert "data-org-autocomplete" in html and ">Учреждение 07</option>" not in html
    assert "js/org-autocomplete" in html
    # Without JavaScript a typed name is matched on the server.
    response = client.get(DASHBOARD, {"plan": decree_plan.pk, "organisation_text": "Управление образования"})
    assert response.status_code == 200 and response.context["organisation"] == unit
    response = client.get(DASHBOARD, {"plan": decree_plan.pk, "organisation_text": "Учреждение"})
    assert response.context["organisation"] is None
    assert "подходит к нескольким организациям" in response.content.decode()


def test_a_district_sees_every_lagging_executor(client, economy_user, decree_plan, monkeypatch):
    monkeypatch.setattr(monitoring, "LAGGING_PREVIEW", 3)
    _many_records(6)
    response = client_for(client, economy_user).get(DASHBOARD, {"plan": decree_plan.pk, "year": 2023})
    row = next(r for r in response.context["monitoring"].rows if r.indicator.code == "1.1")
    assert row.behind_count > 3 and len(row.lagging) == row.behind_count and row.lagging_more == 0
    assert "и ещё" not in response.content.decode()


def test_dashboard_at_district_scale_lists_as_before(client, economy_user, decree_plan, district):
    html = client_for(client, economy_user).get(DASHBOARD, {"plan": decree_plan.pk, "year": 2023}).content.decode()
    assert "data-org-autocomplete" not in html
    assert f'<option value="{district.A.pk}">A school</option>' in html
    assert 'data-testid="executors-elsewhere"' not in html and ">B school</a>" in html
    assert "и ещё" not in html


# --- The paged list of lagging executors -----------------------------------------------------------------


def test_lagging_list_pages_and_searches(client, economy_user, department_user, decree_plan, district):
    o = district
    url = reverse("plan:lagging", args=[decree_plan.indicators.get(code="1.1").pk, 2023])
    assert client_for(client, department_user).get(url).status_code == 403
    client_for(client, economy_user)
    response = client.get(url)
    assert response.status_code == 200
    listed = list(response.context["page_obj"].object_list)
    assert o.A not in listed and o.U in listed and o.B in listed
    executors = response.context["executors"].count
    assert response.context["page_obj"].paginator.count == len(listed) == executors - 1  # every one but A
    assert [(org.pk, org.plan_n) for org in listed if org == o.U] == [(o.U.pk, 1)]
    response = client.get(url, {"q": "school"})
    assert [org.short_name for org in response.context["page_obj"].object_list] == ["B school"]
    share = reverse("plan:lagging", args=[decree_plan.indicators.get(code="1.3").pk, 2023])
    assert client.get(share).status_code == 404
    out_of_period = reverse("plan:lagging", args=[decree_plan.indicators.get(code="1.1").pk, 2031])
    assert client.get(out_of_period).status_code == 404


# --- The annual report with many projects ------------------------------------------------------------------


def _pdf_text(response) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.replace("\u00a0", " ").split())


def test_report_summarises_many_projects_and_the_xlsx_lists_them(client, economy_user, decree_plan, monkeypatch):
    monkeypatch.setattr(report, "PROJECTS_LISTED", 5)
    monkeypatch.setattr(report, "EXECUTORS_LISTED", 3)
    units = _many_records(8)  # 8 projects implemented in 2023, one per school
    Goal.objects.create(
        project=units[0].subordinates.get().projects.get(),
        name="Время ожидания",
        unit="мин",
        current_value=40,
        target_value=10,
    )
    client_for(client, economy_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    text = _pdf_text(client.get(reverse("plan:report-pdf"), params))
    assert "Реализовано проектов: 8" in text
    assert "полный перечень проектов с целями, эффектами и статусами значимости — в приложении .xlsx" in text
    assert "Муниципальное учреждение 8 0" in text
    assert "Время ожидания" not in text
    assert "Исполнителей больше 3" in text
    assert "оценка значимости не согласована — 8" in text
    response = client.get(reverse("plan:report-xlsx"), params)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    projects = list(workbook["Проекты 2023"].iter_rows(min_row=2, values_only=True))
    assert len(projects) == 8
    goals = list(workbook["Цели проектов 2023"].iter_rows(min_row=2, values_only=True))
    assert [(g[2], g[4], g[5]) for g in goals] == [("Время ожидания", 40, 10)]
    by_unit = list(workbook["По подразделениям"].iter_rows(min_row=2, values_only=True))
    assert sum(r[1] for r in by_unit) == 8 and len(by_unit) == 8


# --- Query counts do not grow with the data ---------------------------------------------------------------


def _count(client, django_assert_max_num_queries, url, params, limit=40):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url, params)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


def _more_data(count: int, unit=None):
    """More organisations, projects, suggestions, trainings and surveys (under ``unit`` when given)."""
    for index in range(count):
        parent = unit or OrganisationFactory(kind="unit")
        school = OrganisationFactory(kind="institution", parent=parent)
        for _ in range(2):
            ProjectFactory(organisation=school, closed_on=d(2023, 1 + index % 12, 1))
        SuggestionFactory(organisation=school)
        TrainingFactory(employee=EmployeeFactory(organisation=school))
        SurveyFactory(organisation=school)


@pytest.mark.parametrize(
    "name",
    ["dashboard", "lagging", "records 1.1", "records 1.3", "records 2.1", "report-pdf", "report-xlsx", "plan-list"],
)
def test_office_pages_query_count_does_not_grow(
    client, economy_user, decree_plan, name, django_assert_max_num_queries, no_pdf_layout
):
    # report-pdf: the queries are those of the document's HTML; WeasyPrint's layout reads nothing
    # (no_pdf_layout), and test_report.py / test_pdf_print.py render the PDF itself.
    client_for(client, economy_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    urls = {
        "dashboard": DASHBOARD,
        "lagging": reverse("plan:lagging", args=[decree_plan.indicators.get(code="1.2").pk, 2023]),
        "records 1.1": reverse("plan:records", args=[decree_plan.indicators.get(code="1.1").pk, 2023]),
        "records 1.3": reverse("plan:records", args=[decree_plan.indicators.get(code="1.3").pk, 2023]),
        "records 2.1": reverse("plan:records", args=[decree_plan.indicators.get(code="2.1").pk, 2023]),
        "report-pdf": reverse("plan:report-pdf"),
        "report-xlsx": reverse("plan:report-xlsx"),
        "plan-list": reverse("plan:plan-list"),
    }
    url = urls[name]
    _more_data(3)
    client.get(url, params)  # the session is saved once
    few = _count(client, django_assert_max_num_queries, url, params)
    _more_data(30)
    many = _count(client, django_assert_max_num_queries, url, params)
    assert few == many, name


def test_organisation_pages_query_count_does_not_grow(
    client, department_user, unit, decree_plan, django_assert_max_num_queries
):
    client_for(client, department_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    own = {**params, "organisation": unit.pk}
    urls = [
        (DASHBOARD, params),
        (reverse("plan:organisation", args=[unit.pk]), params),
        (reverse("plan:records", args=[decree_plan.indicators.get(code="1.1").pk, 2023]), own),
        (reverse("plan:records", args=[decree_plan.indicators.get(code="1.3").pk, 2023]), own),
    ]
    _more_data(3, unit)
    client.get(DASHBOARD, params)
    few = [_count(client, django_assert_max_num_queries, url, data) for url, data in urls]
    _more_data(30, unit)
    _more_data(10)
    many = [_count(client, django_assert_max_num_queries, url, data) for url, data in urls]
    assert few == many


# --- The district's figures follow the records at once (nothing between them and the database) ----------


def test_district_figures_follow_a_new_record(client, economy_user, decree_plan, district):
    o = district
    client_for(client, economy_user)
    params = {"plan": decree_plan.pk, "year": 2023}

    def figures():
        response = client.get(DASHBOARD, params)
        rows = {r.indicator.code: r for r in response.context["monitoring"].rows}
        return rows["1.1"].actual, rows["1.1"].behind_count, [r.organisation.pk for r in rows["1.1"].lagging]

    first = figures()
    assert figures() == first
    ProjectFactory(organisation=o.B, closed_on=d(2023, 8, 8))
    actual, behind, lagging_pks = figures()
    assert actual == first[0] + 1 and behind == first[1] and o.B.pk in lagging_pks
    rows = {r.indicator.code: r for r in build_monitoring(decree_plan, 2023).rows}
    assert {r.organisation.pk: r.value.value for r in rows["1.1"].results}[o.B.pk] == 1
