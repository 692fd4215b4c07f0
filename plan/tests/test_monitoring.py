"""Targets against actuals: «не менее» vs planned values, per-organisation targets, empty shares."""

from decimal import Decimal

import pytest

from plan import monitoring
from plan.indicators import Scope
from plan.models import Target
from plan.monitoring import ABOVE_PLAN, MET, NO_DATA, NO_TARGET, NOT_MET, build_monitoring, verdict


def evaluate(actual, target, **kwargs):
    """The verdict of a year already over."""
    return verdict(actual, target, 2020, this_year=2026, **kwargs)


pytestmark = pytest.mark.django_db


def target(value, comparison=Target.Comparison.AT_LEAST):
    return Target(value=Decimal(value), comparison=comparison)


def test_at_least_and_planned_value_targets():
    assert evaluate(2, target(2)) is MET
    assert evaluate(3, target(2)) is MET  # «не менее»: above is simply met
    assert evaluate(1, target(2)) is NOT_MET
    # A decree value without «не менее» is the planned value: reaching or exceeding it fulfils the plan.
    exact = Target.Comparison.EXACT
    assert evaluate(1, target(1, exact)) is MET
    assert evaluate(2, target(1, exact)) is ABOVE_PLAN
    assert ABOVE_PLAN.is_met and ABOVE_PLAN.icon == "✓"
    assert ABOVE_PLAN.label == "выполнен, с превышением планового значения"
    assert evaluate(0, target(1, exact)) is NOT_MET
    assert evaluate(Decimal("33.3"), target(35, exact)) is NOT_MET
    assert evaluate(Decimal("35.0"), target(35, exact)) is MET
    assert evaluate(Decimal("35.1"), target(35, exact)) is ABOVE_PLAN
    assert evaluate(1, target(0, exact)) is ABOVE_PLAN  # 3.2 in 2022: 0 planned
    assert evaluate(4, target(1, exact), times=3) is ABOVE_PLAN
    assert evaluate(3, target(1, exact), times=3) is MET
    assert evaluate(None, target(40)) is NO_DATA
    assert evaluate(5, None) is NO_TARGET
    # A per-organisation target summed for the district.
    assert evaluate(6, target(2), times=3) is MET
    assert evaluate(5, target(2), times=3) is NOT_MET


def rows_by_code(result):
    return {row.indicator.code: row for row in result.rows}


def per_executor(plan, *codes):
    """The office reads these count targets «каждым исполнителем» (``Indicator.scope``)."""
    plan.indicators.filter(code__in=codes).update(scope=Scope.ORGANISATION)


def test_district_monitoring_for_2023(district, decree_plan):
    """Every target «по округу» (the default): the district totals against the decree's targets."""
    o = district
    rows = rows_by_code(build_monitoring(decree_plan, 2023, contributors=True))
    r = rows["1.1"]
    # 6 lean projects in 2023 (p1, p2, p6, p7, p8, p10) against «не менее 2» for the district.
    assert (r.actual, r.current.goal) == (6, Decimal(2)) and r.status is MET
    assert r.behind == []
    # Beside the total: who contributed (A two, the others one each).
    assert {name: n for name, _, n in r.contributors}["A school"] == 2
    assert sum(n for _, _, n in r.contributors) == 6
    # 1.3 from the plan's start (2022): A and T of A, B, T, C → 50 % against ≥ 55.
    assert rows["1.3"].actual == Decimal("50.0") and rows["1.3"].status is NOT_MET
    # 1.4 from 2022: A (2023) and C (2022) of A, B, C → 66.7 % against the planned 35: above the plan.
    assert rows["1.4"].actual == Decimal("66.7") and rows["1.4"].status is ABOVE_PLAN
    assert rows["1.5"].actual == Decimal("33.3") and rows["1.5"].status is ABOVE_PLAN  # planned 30
    assert rows["3.3"].actual == 2 and rows["3.3"].status is NOT_MET  # ≥ 3 for the district
    # 2022 figure of 1.5 across the period: 0 of 1 project replicated.
    assert [f.value.value for f in rows["1.5"].figures] == [Decimal("0.0"), Decimal("33.3"), Decimal("0.0")]
    assert [f.value.value for f in rows["3.3"].figures] == [1, 2, 0]
    # Read «каждым исполнителем», 1.1 asks 2 of each of the 8 executors (U, V, A, B, T, C, D, O; E is inactive).
    per_executor(decree_plan, "1.1")
    r = rows_by_code(build_monitoring(decree_plan, 2023))["1.1"]
    assert (r.actual, r.current.goal, r.executors_count) == (6, 16, 8)
    assert r.status is NOT_MET
    assert {x.organisation for x in r.behind} == {o.U, o.V, o.B, o.T, o.C, o.D, o.O}


def test_per_organisation_status_and_exact_targets(district, decree_plan):
    o = district
    per_executor(decree_plan, "1.1", "1.2", "2.2", "3.2")
    decree_plan.executors.set([o.A, o.U])
    rows = rows_by_code(build_monitoring(decree_plan, 2023))
    # 1.2 ≥ 2 per organisation: A has 2, U has 1.
    assert {(x.organisation, x.status.code) for x in rows["1.2"].results} == {(o.A, "met"), (o.U, "not_met")}
    # 2.2 planned 2: nobody trained two people at the factory.
    assert rows["2.2"].status is NOT_MET
    decree_plan.executors.set([o.A])
    rows = rows_by_code(build_monitoring(decree_plan, 2023))
    assert rows["1.1"].status is MET and rows["1.2"].status is MET
    assert rows["1.1"].current.goal == Decimal(2)
    # 3.2 in 2022 plans 0 surveys per organisation; A held one in 2022: fulfilled, above the plan.
    year_2022 = rows["3.2"].figures[0]
    assert year_2022.year == 2022 and year_2022.status is ABOVE_PLAN
    assert year_2022.status.is_met
    # 1.1 in 2022 plans 1 project (no «не менее»); A implemented none in 2022 → not met.
    assert rows["1.1"].figures[0].status is NOT_MET
    # Every executor fulfilled a planned value and the district's total exceeds it: «с превышением».
    decree_plan.executors.set([o.U])
    rows = rows_by_code(build_monitoring(decree_plan, 2022))
    assert rows["1.1"].status is MET  # U closed p3 in 2022: exactly the planned 1
    rows = rows_by_code(build_monitoring(decree_plan, 2023))
    assert rows["2.2"].current.value.value == 1 and rows["2.2"].status is NOT_MET  # planned 2 per organisation


def test_organisation_view_figures(district, decree_plan):
    o = district
    rows = rows_by_code(build_monitoring(decree_plan, 2023, organisation=o.U))
    # 1.1 is read for the district: U's own count is its contribution, for information.
    assert rows["1.1"].actual == 1 and rows["1.1"].status is monitoring.DISTRICT_TARGET
    per_executor(decree_plan, "1.1", "3.2")
    rows = rows_by_code(build_monitoring(decree_plan, 2023, organisation=o.U))
    assert rows["1.1"].actual == 1 and rows["1.1"].status is NOT_MET
    assert rows["1.3"].actual == Decimal("66.7")  # A and T of A, B, T
    assert rows["1.5"].actual == Decimal("100.0")
    rows = rows_by_code(build_monitoring(decree_plan, 2023, organisation=o.B))
    assert rows["1.3"].actual is None and rows["1.3"].status is NO_DATA
    assert rows["3.2"].actual == 2 and rows["3.2"].status is ABOVE_PLAN  # planned 1, held 2


def test_empty_year_shows_no_data_not_zero(db, decree_plan):
    rows = rows_by_code(build_monitoring(decree_plan, 2023))
    for code in ("1.3", "1.4", "1.5"):
        assert rows[code].actual is None
        assert rows[code].status is NO_DATA
    assert rows["1.1"].actual == 0


def test_choose_plan_and_year(decree_plan, time_machine):
    time_machine.move_to("2023-05-01")
    plans = monitoring.plans(decree_plan.municipality)
    assert monitoring.choose_plan_and_year(plans, None, None) == (decree_plan, 2023)
    assert monitoring.choose_plan_and_year(plans, decree_plan.pk, "2022") == (decree_plan, 2022)
    assert monitoring.choose_plan_and_year(plans, "x", "1999") == (decree_plan, 2023)
    time_machine.move_to("2030-01-10")
    assert monitoring.choose_plan_and_year(plans, None, None) == (decree_plan, 2024)


def test_district_count_target_is_for_information_in_an_organisation_view(district, decree_plan):
    rows = rows_by_code(build_monitoring(decree_plan, 2023, organisation=district.O))
    assert rows["3.3"].actual == 2
    assert rows["3.3"].status is monitoring.DISTRICT_TARGET
    assert not rows["3.3"].status.is_met
