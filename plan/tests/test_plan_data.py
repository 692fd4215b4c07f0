"""The 2022–2024 plan is loaded by a data migration exactly as Приложение 2 has it."""

from decimal import Decimal

import pytest

from plan.models import Plan, Target

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
    assert [by_code[c].per_organisation for c in ("1.1", "1.3", "3.3")] == [True, False, False]
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
    assert plan.executors.count() > 0
