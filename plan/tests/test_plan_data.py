"""The 2022–2024 plan is loaded by a data migration exactly as Приложение 2 has it."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from plan.models import Indicator, Plan, Target
from plan.seed import PLAN_NAME, seed_plan_2022_2024

pytestmark = pytest.mark.django_db

AL, EX = Target.Comparison.AT_LEAST, Target.Comparison.EXACT
DECREE_TARGETS = {
    "1.1": [(EX, 1), (AL, 2), (AL, 2)],
    "1.2": [(AL, 1), (AL, 2), (AL, 2)],
    "1.3": [(AL, 40), (AL, 55), (AL, 70)],
    "1.4": [(EX, 15), (EX, 35), (EX, 60)],
    "1.5": [(EX, 15), (EX, 30), (EX, 40)],
    "2.1": [(AL, 1), (AL, 2), (AL, 3)],
    "2.2": [(EX, 1), (EX, 2), (EX, 2)],
    "3.1": [(EX, 1), (AL, 2), (AL, 3)],
    "3.2": [(EX, 0), (EX, 1), (EX, 1)],
    "3.3": [(AL, 2), (AL, 3), (AL, 4)],
}


def test_decree_plan_has_ten_indicators_with_all_targets(decree_plan):
    assert decree_plan.years == [2022, 2023, 2024]
    assert "№ 969" in decree_plan.decree
    indicators = list(decree_plan.indicators.prefetch_related("targets"))
    assert [i.code for i in indicators] == list(DECREE_TARGETS)
    for indicator in indicators:
        got = [(t.comparison, t.value) for t in indicator.targets.order_by("year")]
        assert got == [(c, Decimal(v)) for c, v in DECREE_TARGETS[indicator.code]], indicator.code


def test_wording_and_units_are_the_decrees(decree_plan):
    by_code = {i.code: i for i in decree_plan.indicators.all()}
    assert by_code["1.3"].wording == "Доля подведомственных организаций, в которых реализованы бережливые проекты"
    assert by_code["1.4"].wording == "Доля подведомственных учреждений, в которых реализованы ППУ"
    assert by_code["2.1"].unit == "человек"
    assert by_code["1.5"].unit == "процентов"
    assert by_code["2.2"].unit == "единиц"
    assert by_code["3.3"].wording == (
        "Проведение муниципального конкурса лучших практик применения технологий бережливого производства"
    )
    assert by_code["1.1"].wording.startswith("Количество реализованных проектов в структурных подразделениях")
    # Every target is read «по округу» (district totals); the office may switch a count to «каждым исполнителем».
    assert [by_code[c].per_organisation for c in ("1.1", "1.3", "3.3")] == [False, False, False]
    assert {i.section for i in by_code.values()} == {
        "Применение инструментов бережливых технологий, реализация и сопровождение проектной деятельности "
        "в Ленинск-Кузнецком муниципальном округе",
        "Обучение основам бережливого производства и повышение квалификации",
        "Организационные мероприятия",
    }


def test_demo_adds_the_next_period_idempotently(db):
    from orgs import demo as orgs_demo
    from plan import demo

    orgs_demo.load()
    demo.load()
    demo.load()
    plan = Plan.objects.get(first_year=2025)
    assert plan.last_year == 2027
    assert plan.indicators.count() == 10
    assert Target.objects.filter(indicator__plan=plan).count() == 30
    assert sorted(plan.executors.values_list("short_name", flat=True)) == sorted(demo.AGREED_EXECUTORS)


def test_demo_keeps_executors_the_office_chose(decree_plan):
    from orgs import demo as orgs_demo
    from orgs.models import Organisation
    from plan import demo

    orgs_demo.load()
    chosen = Organisation.objects.get(short_name="КУМИ")
    decree_plan.executors.set([chosen])
    demo.load()
    assert list(decree_plan.executors.all()) == [chosen]


def _assert_decree_plan(plan):
    indicators = list(plan.indicators.order_by("position").prefetch_related("targets"))
    assert [i.code for i in indicators] == list(DECREE_TARGETS)
    for indicator in indicators:
        got = [(t.comparison, t.value) for t in indicator.targets.order_by("year")]
        assert got == [(c, Decimal(v)) for c, v in DECREE_TARGETS[indicator.code]], indicator.code


def test_migration_and_demo_share_the_seed_with_historical_models(decree_plan):
    """The migration's code run with the historical models re-creates exactly the decree's plan."""
    decree_plan.delete()
    historical = MigrationLoader(connection).project_state(("plan", "0002_load_plan_2022_2024")).apps
    import_module("plan.migrations.0002_load_plan_2022_2024").load(historical, None)
    _assert_decree_plan(Plan.objects.get(name=PLAN_NAME))


def test_seed_keeps_an_existing_plan_as_the_office_left_it(decree_plan):
    target = Target.objects.get(indicator__plan=decree_plan, indicator__code="1.1", year=2023)
    target.value = Decimal(5)
    target.save()
    assert seed_plan_2022_2024(Plan, Indicator, Target) == decree_plan
    assert Plan.objects.count() == 1
    target.refresh_from_db()
    assert target.value == Decimal(5)


def test_demo_recreates_the_decree_plan_when_a_flush_removed_it(db):
    """Transactional (browser) tests flush the database, migration rows included: the demo brings the plan back."""
    from orgs import demo as orgs_demo
    from plan import demo

    Plan.objects.all().delete()
    orgs_demo.load()
    demo.load()
    plan = Plan.objects.get(first_year=2022, last_year=2024)
    assert plan.name == PLAN_NAME and "№ 969" in plan.decree
    _assert_decree_plan(plan)
    assert sorted(plan.executors.values_list("short_name", flat=True)) == sorted(demo.AGREED_EXECUTORS)
    demo.load()
    assert Plan.objects.filter(first_year=2022).count() == 1
