"""The demo district: the 2022–2024 plan read against its executors by agreement shows a mix of results."""

import pytest

from plan import demo
from plan.models import Plan
from plan.monitoring import build_monitoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plan(module_demo, db):
    return Plan.objects.get(first_year=2022, last_year=2024)


def test_2023_has_met_and_missed_indicators(demo_plan):
    result = build_monitoring(demo_plan, 2023)
    statuses = {row.indicator.code: row.status for row in result.rows}
    assert any(status.is_met for status in statuses.values()), statuses
    assert any(status.code == "not_met" for status in statuses.values()), statuses
    # Per-organisation targets are read against the agreed executors, not every active organisation.
    assert result.executors_chosen
    assert sorted(o.short_name for o in result.executors) == sorted(demo.AGREED_EXECUTORS)
    assert result.executors_label == "исполнители по согласованию: 7 организаций"


def test_every_year_of_the_period_shows_a_mix(demo_plan):
    for year in demo_plan.years:
        result = build_monitoring(demo_plan, year)
        assert 0 < result.met_count < len(result.rows), year


def test_the_agreed_executors_are_the_organisations_with_records(demo_plan):
    """Each executor has records the per-organisation indicators count in the plan's period."""
    results = [
        result for year in demo_plan.years for row in build_monitoring(demo_plan, year).rows for result in row.results
    ]
    assert {r.organisation.short_name for r in results} == set(demo.AGREED_EXECUTORS)
    assert {r.organisation.short_name for r in results if r.value.value} == set(demo.AGREED_EXECUTORS)
