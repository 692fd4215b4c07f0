"""The regional comparison: each municipality against its own targets, from its own records; a fixed
number of queries whatever the number of municipalities."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import client_for
from orgs.models import Municipality
from orgs.tests.factories import EmployeeFactory
from plan.comparison import plan_progress_by_municipality
from plan.tests.factories import ProjectFactory, SuggestionFactory, TrainingFactory
from projects.models import Project
from region import selectors
from region.tests.conftest import municipality_with_records

pytestmark = pytest.mark.django_db
d = datetime.date


@pytest.fixture
def records(unit, school, far_org, far_plan):
    """The default municipality: 2 projects closed in 2023, 1 in progress, 4 staff, 2 suggestions, 1 trained;
    the other: 1 project closed in 2023, 2 staff, no suggestion."""
    ProjectFactory(organisation=unit, closed_on=d(2023, 3, 1))
    ProjectFactory(organisation=school, state=Project.State.MONITORING, closed_on=d(2023, 9, 1))
    ProjectFactory(organisation=school, state=Project.State.IN_PROGRESS, closed_on=None)
    ProjectFactory(organisation=far_org, closed_on=d(2023, 4, 1))
    staff = [EmployeeFactory(organisation=unit) for _ in range(3)] + [EmployeeFactory(organisation=school)]
    [EmployeeFactory(organisation=far_org) for _ in range(2)]
    SuggestionFactory(organisation=unit, submitted_on=d(2023, 1, 10))
    SuggestionFactory(organisation=school, submitted_on=d(2023, 5, 10))
    SuggestionFactory(organisation=school, submitted_on=d(2022, 5, 10))
    TrainingFactory(employee=staff[0], completed_on=d(2023, 6, 1))
    TrainingFactory(employee=staff[0], completed_on=d(2023, 8, 1), kind="office_factory")


def test_each_municipality_is_measured_against_its_own_plan(records, other_municipality):
    default = Municipality.objects.default()
    progress = plan_progress_by_municipality(2023)
    far = progress[other_municipality.pk]
    assert far.plan_name == "План мероприятий Беловский МО"
    by_code = {i.code: i for i in far.indicators}
    # Its own project only (not the default municipality's two), against its own target of 1.
    assert by_code["1.1"].actual == 1 and by_code["1.1"].target == Decimal(1) and by_code["1.1"].met
    assert by_code["1.2"].actual == 0 and not by_code["1.2"].met
    assert (far.met, far.total) == (1, 2)
    own = {i.code: i for i in progress[default.pk].indicators}
    assert own["1.1"].actual == 2
    assert len(progress[default.pk].indicators) == 10


def test_comparison_rows(records, other_municipality):
    data = selectors.comparison(2023)
    rows = {row.slug: row for row in data.rows}
    default, far = rows["leninsk-kuznetsky"], rows["belovsky"]
    assert default.projects == {"implemented": 2, "active": 1}
    assert far.projects == {"implemented": 1}
    assert (default.staff, default.suggestions, default.trained) == (4, 2, 1)
    assert default.suggestions_per_1000 == Decimal(500) and default.trained_per_1000 == Decimal(250)
    assert (far.staff, far.suggestions, far.suggestions_per_1000) == (2, 0, Decimal(0))
    assert far.plan_share == Decimal(50)
    assert data.codes[:3] == ["1.1", "1.2", "1.3"]
    assert far.indicator_cells[2] is None  # the other plan has no 1.3


def test_a_deactivated_municipality_leaves_the_comparison(records, other_municipality):
    other_municipality.is_active = False
    other_municipality.save()
    assert [row.slug for row in selectors.comparison(2023).rows] == ["leninsk-kuznetsky"]


def test_per_thousand_and_sorting():
    assert selectors.per_thousand(3, 0) is None
    assert selectors.per_thousand(1, 3) == Decimal("333.3")
    a = selectors.ComparisonRow(1, "Б", "Б", "b", staff=10, suggestions=5)
    b = selectors.ComparisonRow(2, "А", "А", "a", staff=0)
    c = selectors.ComparisonRow(3, "В", "В", "c", staff=10, suggestions=1)
    assert [r.slug for r in selectors.sort_rows([a, b, c], "name")[0]] == ["a", "b", "c"]
    # None (no staff) last in both directions.
    assert [r.slug for r in selectors.sort_rows([a, b, c], "suggestions")[0]] == ["c", "b", "a"]
    assert [r.slug for r in selectors.sort_rows([a, b, c], "-suggestions")[0]] == ["b", "c", "a"]
    assert selectors.sort_rows([a], "nonsense")[1] == "name"


def test_page_shows_rows_charts_and_sorts(client, records, region_user, other_municipality):
    client = client_for(client, region_user)
    response = client.get(reverse("region:comparison"), {"year": 2023, "sort": "-implemented"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Ленинск-Кузнецкий муниципальный округ") < page.index("Беловский муниципальный округ")
    assert 'aria-sort="descending"' in page
    assert page.count("<svg") == 5 and "<desc>" in page
    assert "?municipality=belovsky" in page
    assert "1 из 2" in page


def test_page_for_an_empty_region(client, region_user):
    Municipality.objects.all().update(is_active=False)
    page = client_for(client, region_user).get(reverse("region:comparison")).content.decode()
    assert "нет действующих муниципальных образований" in page


def test_export(client, records, region_user):
    response = client_for(client, region_user).get(reverse("region:comparison-xlsx"), {"year": 2023})
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Беловский муниципальный округ", "Ленинск-Кузнецкий муниципальный округ"]
    assert workbook.worksheets[1].cell(1, 2).value == "1.1: факт"


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("region:comparison"), {"year": 2023})
    assert response.status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_municipalities(client, region_user, frozen_today):
    client = client_for(client, region_user)
    for n in range(2):
        municipality_with_records(n)
    client.get(reverse("region:comparison"), {"year": 2023})  # warm-up
    few = _queries(client)
    for n in range(2, 5):
        municipality_with_records(n, projects=2, staff=3)
    many = _queries(client)
    assert many == few, f"{few} queries with 2 municipalities (+ the default), {many} with 5"
    # The plan's figures are one grouped query per indicator's computation (ten in the decree's plan).
    assert few <= 40


def test_effects_are_read_from_either_shape():
    from types import SimpleNamespace

    from effects.selectors import Totals

    totals = Totals(1, "", None)
    totals.sums["money_saved"] = {"planned": Decimal(0), "forecast": Decimal(0), "confirmed": Decimal(500)}
    assert selectors._effects(totals) == (Decimal(500), Decimal(0))
    assert selectors._effects(SimpleNamespace(money=Decimal(7), staff_hours=Decimal(3))) == (Decimal(7), Decimal(3))
    assert selectors._effects(Decimal(9)) == (Decimal(9), None)
    assert selectors._effects(None) == (None, None)


def test_the_figures_are_kept_a_few_minutes_and_the_page_says_when_they_were_read(
    client, region_user, frozen_today, settings
):
    from django.core.cache import cache

    settings.REGION_COMPARISON_CACHE_SECONDS = 600
    cache.clear()
    client = client_for(client, region_user)
    municipality_with_records(0)
    first = _queries(client)
    kept = _queries(client)
    assert kept < first - 5, f"{first} queries afresh, {kept} with the figures kept"
    response = client.get(reverse("region:comparison"), {"year": 2023})
    assert "Данные по записям портала на" in response.content.decode()
    assert "обновляются каждые 10 мин." in response.content.decode()
    # Another year is read afresh.
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("region:comparison"), {"year": 2024})
    assert len(captured) > kept
    cache.clear()
