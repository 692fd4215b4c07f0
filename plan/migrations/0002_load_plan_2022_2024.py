"""Load the plan of measures 2022–2024 exactly as Приложение 2 to decree No. 969 has it.

Wording, units and targets are the decree's own; «не менее N» becomes an «at least»
target, a bare number an exact one. Count targets are read per organisation (the
responsible executors are «Структурные подразделения и муниципальные учреждения»),
except 3.3: a municipal contest is one for the whole district. Shares are district-wide.
"""

from decimal import Decimal

from django.db import migrations

PLAN_NAME = "План мероприятий по реализации бережливого управления на территории Ленинск-Кузнецкого муниципального округа на 2022-2024 годы"
DECREE = (
    "Приложение 2 к постановлению администрации Ленинск-Кузнецкого муниципального округа от 30 сентября 2022 г. № 969"
)

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
        "organisation",
        [(EXACT, 1), (AT_LEAST, 2), (AT_LEAST, 2)],
    ),
    (
        "1.2",
        SECTION_1,
        f"Количество исполненных предложений по улучшению (далее - ППУ) {UNITS_AND_INSTITUTIONS}",
        "единиц",
        "suggestions_implemented",
        "organisation",
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
        "organisation",
        [(AT_LEAST, 1), (AT_LEAST, 2), (AT_LEAST, 3)],
    ),
    (
        "2.2",
        SECTION_2,
        f"Количество сотрудников {UNITS_AND_INSTITUTIONS}, прошедших обучение на фабрике офисных процессов",
        "единиц",
        "office_factory_trained",
        "organisation",
        [(EXACT, 1), (EXACT, 2), (EXACT, 2)],
    ),
    (
        "3.1",
        SECTION_3,
        "Создание образцов по направлениям деятельности (организация и проведение партнерских проверок)",
        "единиц",
        "model_sites",
        "organisation",
        [(EXACT, 1), (AT_LEAST, 2), (AT_LEAST, 3)],
    ),
    (
        "3.2",
        SECTION_3,
        "Определение удовлетворенности пользователей качеством государственных (муниципальных) услуг, "
        "результатами внедрения бережливых проектов, ежегодно",
        "единиц",
        "surveys",
        "organisation",
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

YEARS = (2022, 2023, 2024)


def load(apps, schema_editor):
    Plan = apps.get_model("plan", "Plan")
    Indicator = apps.get_model("plan", "Indicator")
    Target = apps.get_model("plan", "Target")
    plan, _ = Plan.objects.get_or_create(
        name=PLAN_NAME, defaults={"decree": DECREE, "first_year": 2022, "last_year": 2024}
    )
    for position, (code, section, wording, unit, computation, scope, targets) in enumerate(INDICATORS, start=1):
        indicator, _ = Indicator.objects.update_or_create(
            plan=plan,
            code=code,
            defaults={
                "section": section,
                "wording": wording,
                "unit": unit,
                "computation": computation,
                "scope": scope,
                "position": position,
            },
        )
        for year, (comparison, value) in zip(YEARS, targets, strict=True):
            Target.objects.update_or_create(
                indicator=indicator, year=year, defaults={"comparison": comparison, "value": Decimal(value)}
            )


def unload(apps, schema_editor):
    apps.get_model("plan", "Plan").objects.filter(name=PLAN_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("plan", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
