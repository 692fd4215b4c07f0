"""Demo effects: believable savings of the demo projects, at every step of verification.

Builds on the earlier apps' demo data (projects by organisation and title, accounts by
username). The conversion rates of 2025 and 2026; planned effects of every demo passport listed
below; forecasts of projects being implemented; actual values of the closed ones — most
confirmed by the office, one returned with a comment, one awaiting verification. Idempotent:
a project that already has effects is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from effects.models import FIXED_UNITS, ConversionRate, Effect, Kind
from effects.services import baseline_snapshot
from orgs.models import Municipality, User
from projects.models import Project

RATES = [
    (datetime.date(2022, 1, 1), "340", "1973", "Демонстрационные ставки: средняя стоимость часа с начислениями"),
    (datetime.date(2024, 1, 1), "380", "1973", "Демонстрационные ставки после индексации оплаты труда"),
    (datetime.date(2025, 1, 1), "410", "1973", "Демонстрационные ставки на 2025 год"),
    (datetime.date(2026, 1, 1), "445", "1981", "Демонстрационные ставки на 2026 год"),
]
CONFIRMED, RETURNED, SUBMITTED = "confirmed", "returned", "submitted"
RETURN_COMMENT = (
    "Не подтверждено число операций за год: приложите выгрузку из журнала приёма, "
    "по ней пересчитайте фактическую экономию."
)

# (organisation, project title) → effects: kind, title, unit, method, figures, planned, forecast, actual, verification.
EFFECTS: dict[tuple[str, str], list[tuple]] = {
    ("Управление образования", "Электронная запись в первый класс без очередей"): [
        (
            Kind.STAFF_TIME,
            "Меньше времени секретарей на приём заявлений",
            "",
            "минут на заявление × заявлений в год ÷ 60",
            "20 мин × 900 заявлений",
            "300",
            "270",
            None,
            None,
        ),
        (
            Kind.CITIZEN_TIME,
            "Родители не стоят в очереди",
            "",
            "часов ожидания на заявление × заявлений в год",
            "2 ч × 900 заявлений",
            "1800",
            "1650",
            None,
            None,
        ),
    ],
    ("Управление образования", "Сокращение сроков сбора отчётности подведомственных школ"): [
        (
            Kind.STAFF_TIME,
            "Меньше времени на сверку отчётов школ",
            "",
            "часов на отчёт × отчётов в год",
            "3 ч × 14 школ × 12 месяцев",
            "504",
            "480",
            None,
            None,
        ),
    ],
    ("Управление образования", "Организация подвоза обучающихся без простоев"): [
        (
            Kind.MONEY_SAVED,
            "Экономия топлива на холостых пробегах",
            "",
            "км в день × дней × расход × цена литра",
            "30 км × 170 дн. × 0,25 л × 62 руб.",
            "79050",
            None,
            None,
            None,
        ),
    ],
    ("МБОУ «Драченинская СОШ»", "Столовая без очередей"): [
        (
            Kind.STAFF_TIME,
            "Меньше времени дежурных учителей в столовой",
            "",
            "минут в день × учебных дней ÷ 60",
            "25 мин × 170 дней",
            "71",
            None,
            "68",
            CONFIRMED,
        ),
    ],
    ("МБОУ «Красноярская СОШ»", "Столовая без очередей"): [
        (
            Kind.STAFF_TIME,
            "Меньше времени дежурных учителей в столовой",
            "",
            "минут в день × учебных дней ÷ 60",
            "20 мин × 170 дней",
            "57",
            None,
            "57",
            SUBMITTED,
        ),
    ],
    ("МБДОУ «Детский сад «Солнышко»", "Приём документов при зачислении в детский сад"): [
        (
            Kind.CITIZEN_TIME,
            "Родители приходят один раз вместо трёх",
            "",
            "часов на визит × визитов, которых не стало",
            "1,5 ч × 2 визита × 120 семей",
            "360",
            None,
            "330",
            CONFIRMED,
        ),
        (
            Kind.QUALITY,
            "Меньше возвратов неполных комплектов документов",
            "возвратов в год",
            "возвратов до проекта − возвратов после",
            "48 − 6",
            "42",
            None,
            "40",
            CONFIRMED,
        ),
    ],
    ("МБУК «ЦКС»", "Подготовка культурно-массовых мероприятий"): [
        (
            Kind.STAFF_TIME,
            "Меньше согласований при подготовке мероприятий",
            "",
            "часов на мероприятие × мероприятий",
            "6 ч × 60 мероприятий",
            "360",
            None,
            "380",
            RETURNED,
        ),
        (
            Kind.MONEY_SAVED,
            "Экономия на печати афиш",
            "",
            "афиш в год × стоимость печати",
            "400 × 95 руб.",
            "38000",
            None,
            "36100",
            CONFIRMED,
        ),
    ],
    ("МБУК «МЦБС»", "Электронная запись читателей в библиотеку"): [
        (
            Kind.STAFF_TIME,
            "Меньше времени библиотекарей на запись читателей",
            "",
            "минут на читателя × читателей ÷ 60",
            "12 мин × 1 500 читателей",
            "300",
            None,
            "310",
            CONFIRMED,
        ),
    ],
    ("МБУ «Спортивная школа»", "Электронная запись в спортивные секции"): [
        (
            Kind.CITIZEN_TIME,
            "Без поездок для записи в секцию",
            "",
            "часов на поездку × записей в год",
            "1 ч × 420 записей",
            "420",
            None,
            "400",
            CONFIRMED,
        ),
    ],
    ("МАУ «МФЦ»", "Сокращение времени ожидания в очереди МФЦ"): [
        (
            Kind.CITIZEN_TIME,
            "Меньше ожидания в очереди",
            "",
            "минут ожидания × посещений в год ÷ 60",
            "(25 − 9) мин × 24 000 посещений",
            "6400",
            None,
            "6100",
            CONFIRMED,
        ),
        (
            Kind.STAFF_TIME,
            "Меньше повторных приёмов",
            "",
            "минут на приём × повторных приёмов ÷ 60",
            "15 мин × 2 400 приёмов",
            "600",
            None,
            "560",
            CONFIRMED,
        ),
        (
            Kind.MONEY_EARNED,
            "Доход от платных услуг за счёт высвободившихся окон",
            "",
            "услуг в год × цена",
            "800 × 300 руб.",
            "240000",
            None,
            "210000",
            CONFIRMED,
        ),
    ],
    ("КУМИ", "Предоставление земельных участков в аренду"): [
        (
            Kind.STAFF_TIME,
            "Меньше межведомственных запросов вручную",
            "",
            "минут на запрос × запросов ÷ 60",
            "30 мин × 600 запросов",
            "300",
            "300",
            None,
            None,
        ),
    ],
    ("МБУ «КЦСОН»", "Приём документов на социальное обслуживание за одно посещение"): [
        (
            Kind.STAFF_TIME,
            "Меньше выездов специалистов за документами",
            "",
            "часов на выезд × выездов в год",
            "2 ч × 150 выездов",
            "300",
            None,
            "290",
            CONFIRMED,
        ),
    ],
}


def _rates(office_user) -> int:
    for valid_from, cost, hours, note in RATES:
        ConversionRate.objects.get_or_create(
            valid_from=valid_from,
            defaults={
                "staff_hour_cost": Decimal(cost),
                "hours_per_position": Decimal(hours),
                "note": note,
                "created_by": office_user,
            },
        )
    return ConversionRate.objects.count()


@transaction.atomic
def load() -> dict:
    economy = User.objects.filter(username="economy").first()
    today = timezone.localdate()
    created = 0
    for (org, title), rows in EFFECTS.items():
        project = Project.objects.filter(
            organisation__municipality__slug=Municipality.DEFAULT_SLUG, organisation__short_name=org, title=title
        ).first()
        if project is None or project.effect_records.exists():
            continue
        closed_on = project.closed_on or today
        for position, row in enumerate(rows, start=1):
            kind, name, unit, method, figures, planned, forecast, actual, verification = row
            effect = Effect(
                project=project,
                position=position,
                kind=kind,
                title=name,
                unit=FIXED_UNITS.get(kind, unit),
                method=method,
                figures=figures,
                planned_value=Decimal(planned),
            )
            if forecast is not None:
                effect.forecast_value = Decimal(forecast)
                effect.forecast_on = today
            if actual is not None:
                effect.actual_value = Decimal(actual)
                effect.actual_on = closed_on
                effect.actual_by_id = project.created_by_id
                effect.status = verification
                if verification in (CONFIRMED, RETURNED):
                    effect.verified_by = economy
                    effect.verified_at = timezone.now()
                    effect.verification_comment = RETURN_COMMENT if verification == RETURNED else ""
            effect.save()
            created += 1
        if project.baseline is not None:
            # The demo passports were approved before their effects were entered: as the portal would have.
            project.baseline["effects"] = baseline_snapshot(project)
            project.save(update_fields=["baseline"])
    return {"ставок пересчёта": _rates(economy), "эффектов": created}
