"""Demo data of plan monitoring: the decree's executors by agreement and the 2025–2027 period.

The records the indicators count (projects, suggestions, training, model sites,
surveys, contests over 2022–2026) come from the projects and registries demos. The
2022–2024 plan is loaded by a data migration; when it is missing (a flushed test
database) it is re-created here with the same code (``plan/seed.py``). Idempotent.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from orgs.models import Municipality, Organisation
from plan.models import Indicator, Plan, Target
from plan.seed import seed_plan_2022_2024
from plan.services import plan_create, targets_save

# The organisations of the demo district that agreed to be the plan's executors («по согласованию»):
# those the projects and registries demos give lean records to.
AGREED_EXECUTORS = [
    "Управление образования",
    "МБОУ «Драченинская СОШ»",
    "МБОУ «Красноярская СОШ»",
    "МБДОУ «Детский сад «Солнышко»",
    "МБУК «ЦКС»",
    "МБУ «КЦСОН»",
    "МАУ «МФЦ»",
]

NAME = "План мероприятий по реализации бережливого управления на территории Ленинск-Кузнецкого муниципального округа на 2025-2027 годы"
DECREE = "Проект постановления администрации Ленинск-Кузнецкого муниципального округа (демонстрационные данные)"

AT_LEAST, EXACT = Target.Comparison.AT_LEAST, Target.Comparison.EXACT
# code → targets for 2025, 2026, 2027
TARGETS = {
    "1.1": [(AT_LEAST, 2), (AT_LEAST, 3), (AT_LEAST, 3)],
    "1.2": [(AT_LEAST, 3), (AT_LEAST, 3), (AT_LEAST, 4)],
    "1.3": [(AT_LEAST, 75), (AT_LEAST, 80), (AT_LEAST, 85)],
    "1.4": [(AT_LEAST, 65), (AT_LEAST, 70), (AT_LEAST, 75)],
    "1.5": [(AT_LEAST, 40), (AT_LEAST, 45), (AT_LEAST, 50)],
    "2.1": [(AT_LEAST, 3), (AT_LEAST, 3), (AT_LEAST, 4)],
    "2.2": [(AT_LEAST, 2), (AT_LEAST, 2), (AT_LEAST, 3)],
    "3.1": [(AT_LEAST, 3), (AT_LEAST, 3), (AT_LEAST, 4)],
    "3.2": [(EXACT, 1), (EXACT, 1), (EXACT, 1)],
    "3.3": [(AT_LEAST, 4), (AT_LEAST, 4), (AT_LEAST, 4)],
}


@transaction.atomic
def load() -> dict[str, int]:
    # The demo's plans are the default municipality's (Leninsk-Kuznetsky, decree № 969).
    municipality = Municipality.objects.default()
    agreed = list(Organisation.objects.filter(municipality=municipality, short_name__in=AGREED_EXECUTORS))
    decree_plan = Plan.objects.filter(municipality=municipality, first_year=2022, last_year=2024).order_by("pk").first()
    if decree_plan is None:
        decree_plan = seed_plan_2022_2024(Plan, Indicator, Target)
    # Only a plan without chosen executors gets the demo's: the office's own choice is kept.
    if not decree_plan.executors.exists():
        decree_plan.executors.set(agreed)
    plan = Plan.objects.filter(municipality=municipality, name=NAME).first()
    if plan is None:
        plan = plan_create(
            municipality=municipality,
            name=NAME,
            decree=DECREE,
            first_year=2025,
            last_year=2027,
            executors=agreed,
            copy_from=decree_plan,
        )
    indicators = {i.code: i for i in plan.indicators.all()}
    cells = {
        (indicators[code].pk, year): (Decimal(value), comparison)
        for code, values in TARGETS.items()
        if code in indicators
        for year, (comparison, value) in zip(plan.years, values, strict=True)
    }
    targets_save(plan=plan, cells=cells)
    return {"plans": Plan.objects.count(), "targets": Target.objects.filter(indicator__plan=plan).count()}
