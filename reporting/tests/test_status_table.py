"""The office's organisations × quarter table: the SQL status equals ``report_status`` for every organisation,
the sorts equal the documented order, filters narrow the rows (not the counts), queries stay constant."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from orgs.tests.factories import OrganisationFactory, SphereFactory
from reporting.deadlines import Kind, Rules
from reporting.models import DeadlineRule
from reporting.periods import Quarter
from reporting.selectors import STATUS_LABELS, report_status, status_queryset, status_table
from reporting.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

PERIOD = Quarter(2026, 3)
STATES = [None, "draft", "submitted", "returned", "accepted"]
# Around every due date of the fixture: general 15 Oct, own rules 20 Sep, 10 Dec and 15 Oct.
DAYS = [
    datetime.date(2026, 9, 19),
    datetime.date(2026, 9, 21),
    datetime.date(2026, 10, 15),
    datetime.date(2026, 10, 16),
    datetime.date(2026, 12, 10),
    datetime.date(2026, 12, 11),
]


@pytest.fixture
def varied(economy_office):
    """25 organisations: every report state × (general rule, earlier own rule, later own rule, own rule
    equal to the general one, own rule of another kind), some without a sphere, some not submitted yet."""
    DeadlineRule.objects.update_or_create(
        kind=Kind.QUARTERLY_REPORT, organisation=None, defaults={"day": 15, "months_after": 1}
    )
    education, culture = SphereFactory(name="Образование"), SphereFactory(name="Культура")
    organisations = []
    for n in range(25):
        state, variant = STATES[n % 5], n // 5
        sphere = [education, culture, None][n % 3]
        organisation = OrganisationFactory(short_name=f"Учреждение {(n * 7) % 25:02d}", sphere=sphere)
        own = {
            1: {"day": 20, "months_after": 0},  # 20 September: earlier than the general rule
            2: {"day": 10, "months_after": 2},  # 10 December: later
            3: {"day": 15, "months_after": 1},  # the same date as the general rule
        }.get(variant)
        if own:
            DeadlineRule.objects.create(kind=Kind.QUARTERLY_REPORT, organisation=organisation, **own)
        if variant == 4:
            DeadlineRule.objects.create(kind=Kind.SELF_ASSESSMENT_DONE, organisation=organisation, day=1, month=10)
        if state:
            submitted_at = None
            if state in ("submitted", "accepted", "returned"):
                submitted_at = datetime.datetime(2026, 10, 1 + n, 9, 0, tzinfo=datetime.UTC)
            ReportFactory(organisation=organisation, year=2026, quarter=3, state=state, submitted_at=submitted_at)
        # Reports of other quarters do not count.
        ReportFactory(organisation=organisation, year=2026, quarter=2, state="accepted")
        organisations.append(organisation)
    OrganisationFactory(short_name="Закрытое учреждение", is_active=False)
    return organisations


def python_statuses(day):
    rules = Rules.load()
    table = {}
    for organisation in status_queryset(PERIOD, day).select_related(None):
        report = organisation.quarterly_reports.filter(year=PERIOD.year, quarter=PERIOD.quarter).first()
        table[organisation.pk] = report_status(report, rules.report_due(organisation.pk, PERIOD), day)
    return table


@pytest.mark.parametrize("day", DAYS)
def test_sql_status_equals_report_status_for_every_organisation(varied, day):
    sql = dict(status_queryset(PERIOD, day).values_list("pk", "status"))
    assert set(sql) == {o.pk for o in varied}  # active, not the office
    assert sql == python_statuses(day)


def test_fixture_reaches_every_status(varied):
    seen = set()
    for day in DAYS:
        seen |= set(status_queryset(PERIOD, day).values_list("status", flat=True))
    assert seen == set(STATUS_LABELS)


def test_own_rule_moves_the_due_date_of_that_organisation_only(varied):
    day = datetime.date(2026, 10, 1)  # after 20 September, before 15 October and 10 December
    sql = dict(status_queryset(PERIOD, day).values_list("pk", "status"))
    no_report = varied[0::5]  # general, earlier, later, same, other kind
    assert [sql[o.pk] for o in no_report] == ["not_started", "overdue", "not_started", "not_started", "not_started"]


def reference_key(sort):
    """The documented order of each column (as the table sorted in Python before)."""
    keys = {
        "organisation": lambda r: r.organisation.short_name.lower(),
        "status": lambda r: (STATUS_LABELS[r.status][2], r.organisation.short_name.lower()),
        "submitted": lambda r: (
            r.report.submitted_at.isoformat() if r.report and r.report.submitted_at else "9999",
            r.organisation.short_name.lower(),
        ),
        "sphere": lambda r: (
            r.organisation.sphere.name if r.organisation.sphere_id else "я",
            r.organisation.short_name,
        ),
    }
    return keys[sort]


@pytest.mark.parametrize("sort", ["organisation", "status", "submitted", "sphere"])
@pytest.mark.parametrize("descending", [False, True])
def test_sql_sorts_equal_the_documented_order(varied, sort, descending):
    day = datetime.date(2026, 10, 16)
    table = status_table(PERIOD, day, f"-{sort}" if descending else sort)
    rows = table.rows(table.organisations)
    expected = sorted(rows, key=reference_key(sort), reverse=descending)
    assert [r.organisation.pk for r in rows] == [r.organisation.pk for r in expected]
    rules = Rules.load()
    assert all(r.due == rules.report_due(r.organisation.pk, PERIOD) for r in rows)


def test_filters_narrow_the_rows_not_the_counts(varied):
    day = datetime.date(2026, 10, 16)
    everything = status_table(PERIOD, day)
    overdue = status_table(PERIOD, day, status="overdue")
    assert overdue.counts == everything.counts
    assert {o.status for o in overdue.organisations} == {"overdue"}
    assert overdue.organisations.count() == everything.counts["overdue"] == overdue.matching
    found = status_table(PERIOD, day, q="Учреждение 07")  # case-insensitive on PostgreSQL; SQLite folds ASCII only
    assert [o.short_name for o in found.organisations] == ["Учреждение 07"]
    assert found.matching is None  # counted by the paginator
    assert sum(found.counts.values()) == len(varied)


def test_status_page_filters_by_status_and_name(client, economy_user, varied, frozen_today):
    client_for(client, economy_user)
    url = reverse("reporting:status")
    response = client.get(url, {"year": 2026, "quarter": 3, "status": "accepted", "o": "-organisation"})
    rows = response.context["rows"]
    assert rows.paginator.count == 5
    assert {r.status for r in rows} == {"accepted"}
    content = response.content.decode()
    # Each count is a link that filters the table and keeps the sort.
    assert 'href="?year=2026&amp;quarter=3&amp;o=-organisation&amp;status=overdue"' in content
    assert "Все: 25" in content
    response = client.get(url, {"year": 2026, "quarter": 3, "q": "Учреждение 1"})
    assert [r.organisation.short_name for r in response.context["rows"]] == [f"Учреждение {n}" for n in range(10, 20)]
    assert sum(count for _, _, count in response.context["counts"]) == 25
    # Sorting keeps the search.
    assert "?year=2026&amp;quarter=3&amp;q=%D0%A3" in response.content.decode()
    response = client.get(url, {"year": 2026, "quarter": 3, "q": "нет такой"})
    assert "Организаций с такими условиями не найдено" in response.content.decode()


def page_queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reporting:status"), params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [
        {"year": 2026, "quarter": 3},
        {"year": 2026, "quarter": 3, "o": "-submitted", "page": 2},
        {"year": 2026, "quarter": 3, "o": "sphere", "status": "overdue"},
        {"year": 2026, "quarter": 3, "o": "status", "q": "Учреждение"},
    ],
)
def test_status_page_queries_do_not_grow_with_organisations(client, economy_user, frozen_today, monkeypatch, params):
    import reporting.views

    monkeypatch.setattr(reporting.views, "STATUS_PAGE_SIZE", 5)
    client_for(client, economy_user)
    parent = OrganisationFactory(short_name="Управление образования")

    def add(count):
        for n in range(count):
            organisation = OrganisationFactory(short_name=f"Учреждение {n}", parent=parent)
            ReportFactory(organisation=organisation, year=2026, quarter=3, state=STATES[1 + n % 4])
            OrganisationFactory(short_name=f"Учреждение без отчёта {n}")
            DeadlineRule.objects.create(kind=Kind.QUARTERLY_REPORT, organisation=organisation, months_after=2)

    add(6)
    page_queries(client, params)  # warm the session and the menu
    few = page_queries(client, params)
    add(30)
    assert page_queries(client, params) == few


def test_row_links_are_the_reversed_urls(varied):
    table = status_table(PERIOD, datetime.date(2026, 10, 16))
    rows = table.rows(table.organisations)
    with_report = [r for r in rows if r.report]
    assert with_report and len(with_report) < len(rows)
    for row in rows:
        if row.report:
            assert row.url == reverse("reporting:detail", args=[row.report.pk])
        else:
            expected = reverse("reporting:period", args=[PERIOD.year, PERIOD.quarter])
            assert row.url == f"{expected}?organisation={row.organisation.pk}"
