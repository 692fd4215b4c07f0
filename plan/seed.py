"""The plan of measures 2022–2024 exactly as Приложение 2 to decree No. 969 has it.

Used by the data migration (with the historical models) and by the demo when the plan
is missing (a flushed test database, say), so both create the same rows. This module
must not import the app's models: callers pass the model classes.

Wording, units and targets are the decree's own; «не менее N» becomes an «at least»
target, a bare number a planned value (met when reached or exceeded). Every target is read
«по округу»: a count is the total across the executors («Структурные подразделения и
муниципальные учреждения (по согласованию)»), a share is the district's (DOMAIN.md «How
the figures are read»); the office may read a count «каждым исполнителем» instead.
"""

from __future__ import annotations

from decimal import Decimal

PLAN_NAME = (
    "План мероприятий по реализации бережливого управления на территории Ленинск-Кузнецкого муниципального "
    "округа на 2022-2024 годы"
)
DECREE = (
    "Приложение 2 к постановлению администрации Ленинск-Кузнецкого муниципального округа от 30 сентября 2022 г. № 969"
)
YEARS = (2022, 2023, 2024)

SECTION_1 = (
    "Применение инструментов бережливых технологий, реализация и сопровождение проектной деятельности "
    "в Ленинск-Кузнецком муниципальном округе"
)
SECTION_2 = "Обучение основам бережливого производства и повышение квалификации"
SECTION_3 = "Организационные мероприятия"
UNITS_AND_INSTITUTIONS = (
    "в структурных подразделениях администрации Ленинск-Кузнецкого муниципального округа "
    "и муниципальных учреждениях Ленинск-Кузнецкого муниципального округа"
)

# Target.Comparison values (the strings, so that no model is imported here).
AT_LEAST = "at_least"
EXACT = "exact"

# (code, section, wording, unit, computation, scope, [(comparison, value) for 2022, 2023, 2024])
INDICATORS = [
    (
        "1.1",
        SECTION_1,
        f"Количество реализованных проектов {UNITS_AND_INSTITUTIONS}",
        "единиц",
        "projects_implemented",
        "district",
        [(EXACT, 1), (AT_LEAST, 2), (AT_LEAST, 2)],
    ),
    (
        "1.2",
        SECTION_1,
        f"Количество исполненных предложений по улучшению (далее - ППУ) {UNITS_AND_INSTITUTIONS}",
        "единиц",
        "suggestions_implemented",
        "district",
        [(AT_LEAST, 1), (AT_LEAST, 2), (AT_LEAST, 2)],
    ),
    (
        "1.3",
        SECTION_1,
        "Доля подведомственных организаций, в которых реализованы бережливые проекты",
        "процентов",
        "subordinates_with_projects_share",
        "district",
        [(AT_LEAST, 40), (AT_LEAST, 55), (AT_LEAST, 70)],
    ),
    (
        "1.4",
        SECTION_1,
        "Доля подведомственных учреждений, в которых реализованы ППУ",
        "процентов",
        "institutions_with_suggestions_share",
        "district",
        [(EXACT, 15), (EXACT, 35), (EXACT, 60)],
    ),
    (
        "1.5",
        SECTION_1,
        f"Доля тиражируемых бережливых проектов {UNITS_AND_INSTITUTIONS}",
        "процентов",
        "replicated_projects_share",
        "district",
        [(EXACT, 15), (EXACT, 30), (EXACT, 40)],
    ),
    (
        "2.1",
        SECTION_2,
        f"Количество сотрудников {UNITS_AND_INSTITUTIONS}, прошедших обучение (повышение квалификации) "
        "основам бережливого производства",
        "человек",
        "lean_basics_trained",
        "district",
        [(AT_LEAST, 1), (AT_LEAST, 2), (AT_LEAST, 3)],
    ),
    (
        "2.2",
        SECTION_2,
        f"Количество сотрудников {UNITS_AND_INSTITUTIONS}, прошедших обучение на фабрике офисных процессов",
        "единиц",
        "office_factory_trained",
        "district",
        [(EXACT, 1), (EXACT, 2), (EXACT, 2)],
    ),
    (
        "3.1",
        SECTION_3,
        "Создание образцов по направлениям деятельности (организация и проведение партнерских проверок)",
        "единиц",
        "model_sites",
        "district",
        [(EXACT, 1), (AT_LEAST, 2), (AT_LEAST, 3)],
    ),
    (
        "3.2",
        SECTION_3,
        "Определение удовлетворенности пользователей качеством государственных (муниципальных) услуг, "
        "результатами внедрения бережливых проектов, ежегодно",
        "единиц",
        "surveys",
        "district",
        [(EXACT, 0), (EXACT, 1), (EXACT, 1)],
    ),
    (
        "3.3",
        SECTION_3,
        "Проведение муниципального конкурса лучших практик применения технологий бережливого производства",
        "единиц",
        "contests",
        "district",
        [(AT_LEAST, 2), (AT_LEAST, 3), (AT_LEAST, 4)],
    ),
]


def seed_plan_2022_2024(plan_model, indicator_model, target_model):
    """Create the decree's plan with its ten indicators and thirty targets unless it exists; return it.

    The model classes are ``Plan``, ``Indicator`` and ``Target`` or their historical twins
    (``apps.get_model`` in a migration). An existing plan is returned as it is: the office
    may have edited it, and nothing here overwrites that.
    """
    plan = plan_model.objects.filter(name=PLAN_NAME).first()
    if plan is not None:
        return plan
    plan = plan_model.objects.create(name=PLAN_NAME, decree=DECREE, first_year=YEARS[0], last_year=YEARS[-1])
    for position, (code, section, wording, unit, computation, scope, targets) in enumerate(INDICATORS, start=1):
        indicator = indicator_model.objects.create(
            plan=plan,
            code=code,
            section=section,
            wording=wording,
            unit=unit,
            computation=computation,
            scope=scope,
            position=position,
        )
        target_model.objects.bulk_create(
            target_model(indicator=indicator, year=year, comparison=comparison, value=Decimal(value))
            for year, (comparison, value) in zip(YEARS, targets, strict=True)
        )
    return plan
