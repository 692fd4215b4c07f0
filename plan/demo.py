"""Demo data of plan monitoring: the 2025–2027 period with its targets.

The records the indicators count (projects, suggestions, training, model sites,
surveys, contests over 2022–2026) come from the projects and registries demos; the
2022–2024 plan itself is loaded by a data migration. Idempotent.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from orgs.demo import INSTITUTIONS, UNITS
from orgs.models import Organisation
from plan.models import Plan, Target
from plan.services import plan_create, targets_save

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
    plan = Plan.objects.filter(name=NAME).first()
    if plan is None:
        source = Plan.objects.filter(first_year=2022, last_year=2024).first()
        names = [short for _, short, _ in UNITS] + [short for _, short, _, _ in INSTITUTIONS]
        plan = plan_create(
            name=NAME,
            decree=DECREE,
            first_year=2025,
            last_year=2027,
            executors=Organisation.objects.filter(short_name__in=names),
            copy_from=source,
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
