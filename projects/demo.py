"""Demo passports of a believable district, in every state of the life cycle.

Used by ``manage.py load_demo`` after ``orgs.demo``; idempotent (a project is looked up by
its organisation and title). Projects being worked on have dates around today; closed
ones were closed in 2022–2025, some of them replicating others.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from orgs.models import Employee, Organisation, User
from projects.models import ChangeRequest, Goal, JustificationItem, Project, TeamMember, Transition
from projects.services import passport_snapshot

S = Project.State

# Planned length in days of stages 2–8; stage 9 follows stage 8, stage 10 half a year later.
DURATIONS = [14, 14, 10, 14, 3, 90, 60]


def timeline(start: datetime.date) -> dict[str, datetime.date]:
    dates = {"stage1_date": start}
    day = start + datetime.timedelta(days=3)
    for number, length in zip(range(2, 9), DURATIONS, strict=True):
        dates[f"stage{number}_start"] = day
        day = day + datetime.timedelta(days=length)
        dates[f"stage{number}_end"] = day
        day = day + datetime.timedelta(days=1)
    dates["stage9_date"] = day + datetime.timedelta(days=2)
    dates["stage10_date"] = dates["stage9_date"] + datetime.timedelta(days=182)
    return dates


@dataclass
class Demo:
    org: str
    title: str
    state: str
    start: datetime.date
    process: str
    boundaries: tuple[str, str]
    justification: list[str]
    goals: list[tuple[str, str, str, str]]  # name, unit, current, target
    effects: str
    kind: str = Project.Kind.INTERNAL
    participants: list[str] = field(default_factory=list)
    replicates: str = ""  # title of a demo project of another organisation
    replicates_source: str = ""
    return_comment: str = ""
    current_stage: int | None = None
    # Stability check: the value of each goal (same order); None: not yet checked.
    stability: list[str] | None = None
    # The reason of a pending change request (stage 7 extended), if any.
    change_request: str = ""


def demo_projects(today: datetime.date) -> list[Demo]:
    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    return [
        Demo(
            "Управление образования",
            "Электронная запись в первый класс без очередей",
            S.IN_PROGRESS,
            ago(70),
            "Приём заявлений о зачислении в первый класс",
            ("Обращение родителя с заявлением", "Издание приказа о зачислении"),
            [
                "В день начала приёма у школ образуются очереди родителей до 3 часов.",
                "До 30 % заявлений возвращаются из-за ошибок в документах.",
            ],
            [
                ("Время ожидания в очереди", "мин", "180", "15"),
                ("Доля заявлений, поданных в электронном виде", "%", "20", "80"),
            ],
            "Родители подают заявление из дома; школы тратят меньше времени на приём документов.",
            current_stage=6,
        ),
        Demo(
            "Управление образования",
            "Сокращение сроков сбора отчётности подведомственных школ",
            S.IN_PROGRESS,
            ago(150),
            "Сбор и свод ежемесячной отчётности школ",
            ("Запрос управления образования", "Свод отчёта в управлении"),
            ["Школы отправляют одни и те же данные в 4 разных формах.", "Свод занимает 5 рабочих дней."],
            [
                ("Срок подготовки свода", "раб. дней", "5", "2"),
                ("Количество форм отчётности", "шт.", "4", "1"),
            ],
            "Высвобождение времени заместителей директоров; единая форма отчёта.",
            current_stage=3,
            change_request="Поставщик электронной формы отчёта перенёс её настройку на декабрь.",
        ),
        Demo(
            "Управление образования",
            "Выдача справок об обучении в день обращения",
            S.ACCEPTED,
            today + datetime.timedelta(days=10),
            "Выдача справок об обучении",
            ("Обращение обучающегося или родителя", "Выдача справки"),
            ["Справка выдаётся до 5 рабочих дней.", "Родителям приходится приходить дважды."],
            [("Срок выдачи справки", "раб. дней", "5", "1")],
            "Меньше повторных визитов родителей, меньше звонков в школу.",
        ),
        Demo(
            "Управление образования",
            "Организация подвоза обучающихся без простоев",
            S.DRAFT,
            today + datetime.timedelta(days=40),
            "Подвоз обучающихся школьными автобусами",
            ("Формирование маршрута", "Доставка обучающихся в школу"),
            ["Автобусы простаивают до 40 минут в ожидании детей."],
            [("Время простоя автобуса на маршруте", "мин", "40", "10")],
            "",
        ),
        Demo(
            "Управление образования",
            "Согласование закупок подведомственных учреждений",
            S.RETURNED,
            today + datetime.timedelta(days=25),
            "Согласование плана закупок учреждения",
            ("Поступление плана закупок", "Согласование плана"),
            ["План закупок согласуется до 12 рабочих дней."],
            [("Срок согласования", "раб. дней", "12", "4")],
            "Своевременное проведение закупок.",
            return_comment="Уточните границы процесса и добавьте показатель по числу возвратов на доработку.",
        ),
        Demo(
            "МБОУ «Драченинская СОШ»",
            "Столовая без очередей",
            S.MONITORING,
            datetime.date(2022, 10, 3),
            "Организация горячего питания обучающихся",
            ("Окончание урока", "Возвращение класса в кабинет"),
            ["Очередь на раздаче занимает половину перемены.", "Часть детей не успевает поесть."],
            [("Время обслуживания одного класса", "мин", "18", "8"), ("Охват горячим питанием", "%", "72", "95")],
            "Все обучающиеся успевают поесть; перемена используется для отдыха.",
            stability=["7", "96"],
        ),
        Demo(
            "МБОУ «Красноярская СОШ»",
            "Столовая без очередей",
            S.CLOSED,
            datetime.date(2023, 9, 4),
            "Организация горячего питания обучающихся",
            ("Окончание урока", "Возвращение класса в кабинет"),
            ["Очередь на раздаче занимает 15 минут перемены."],
            [("Время обслуживания одного класса", "мин", "15", "7")],
            "Решение Драченинской школы повторено с учётом малого числа классов.",
            replicates="Столовая без очередей",
        ),
        Demo(
            "МБДОУ «Детский сад «Солнышко»",
            "Приём документов при зачислении в детский сад",
            S.CLOSED,
            datetime.date(2022, 3, 1),
            "Приём документов для зачисления ребёнка",
            ("Получение направления", "Подписание договора"),
            ["Родители приходят в среднем 3 раза, чтобы донести документы."],
            [("Количество визитов родителя", "раз", "3", "1")],
            "Единый перечень документов на сайте; приём за один визит.",
        ),
        Demo(
            "МБУК «ЦКС»",
            "Подготовка культурно-массовых мероприятий",
            S.MONITORING,
            datetime.date(2023, 1, 16),
            "Подготовка и проведение мероприятия сельского клуба",
            ("Включение мероприятия в план", "Отчёт о проведении"),
            ["Подготовка мероприятия занимает до 30 дней.", "Реквизит закупается повторно."],
            [
                ("Срок подготовки мероприятия", "дней", "30", "14"),
                ("Повторные закупки реквизита", "шт. в год", "12", "2"),
            ],
            "Единый склад реквизита, стандарт подготовки мероприятия.",
            stability=["19", "3"],  # the effect has not held
        ),
        Demo(
            "МБУК «МЦБС»",
            "Электронная запись читателей в библиотеку",
            S.CLOSED,
            datetime.date(2024, 9, 2),
            "Запись читателя в библиотеку",
            ("Обращение читателя", "Выдача читательского билета"),
            ["Запись занимает 20 минут из-за заполнения бумажного формуляра."],
            [("Время записи читателя", "мин", "20", "5")],
            "Читатели записываются через портал госуслуг.",
            replicates_source="Опыт Кемеровской областной научной библиотеки им. В.Д. Фёдорова",
        ),
        Demo(
            "МБУ «Спортивная школа»",
            "Электронная запись в спортивные секции",
            S.CLOSED,
            datetime.date(2024, 11, 5),
            "Запись ребёнка в спортивную секцию",
            ("Обращение родителя", "Зачисление в группу"),
            ["Родители записывают детей только лично, в часы работы тренеров."],
            [("Доля записей через интернет", "%", "0", "60")],
            "Запись в секции по образцу электронной записи в библиотеку.",
            replicates="Электронная запись читателей в библиотеку",
        ),
        Demo(
            "МБУ «КЦСОН»",
            "Оформление социального обслуживания на дому",
            S.SUBMITTED,
            today + datetime.timedelta(days=20),
            "Оформление надомного социального обслуживания",
            ("Обращение гражданина", "Первое посещение социального работника"),
            ["Оформление занимает до 10 рабочих дней.", "Гражданин дважды приезжает в центр."],
            [("Срок оформления", "раб. дней", "10", "3")],
            "Социальный работник оформляет документы при первом визите на дому.",
        ),
        Demo(
            "МАУ «МФЦ»",
            "Сокращение времени ожидания в очереди МФЦ",
            S.CLOSED,
            datetime.date(2023, 11, 1),
            "Приём заявителей в МФЦ",
            ("Получение талона", "Выдача расписки"),
            ["Время ожидания в понедельник доходит до 40 минут."],
            [("Среднее время ожидания", "мин", "40", "15")],
            "Предварительная запись и перераспределение окон по дням недели.",
        ),
        Demo(
            "КУМИ",
            "Предоставление земельных участков в аренду",
            S.APPROVED,
            ago(5),
            "Предоставление земельного участка в аренду без торгов",
            ("Подача заявления в МФЦ", "Подписание договора аренды"),
            ["Срок предоставления — 30 дней, нормативный — 20.", "Документы теряются при передаче из МФЦ."],
            [("Срок предоставления услуги", "дней", "30", "14")],
            "Электронный обмен документами между МФЦ и КУМИ.",
            kind=Project.Kind.INTERAGENCY,
            participants=["МАУ «МФЦ»"],
        ),
        Demo(
            "МБУ «КЦСОН»",
            "Приём документов на социальное обслуживание за одно посещение",
            S.CLOSED,
            datetime.date(2022, 12, 5),
            "Приём документов на предоставление социальных услуг",
            ("Обращение гражданина в центр", "Регистрация заявления"),
            [
                "Гражданин приходит в центр в среднем 3 раза, чтобы донести справки.",
                "Треть заявлений возвращается из-за неполного пакета документов.",
            ],
            [
                ("Количество посещений центра заявителем", "раз", "3", "1"),
                ("Доля заявлений, возвращённых на доработку", "%", "33", "5"),
            ],
            "Справки запрашиваются межведомственно, заявление принимается за одно посещение.",
            replicates_source=(
                "Практика МБУ «Комплексный центр социального обслуживания населения» Беловского "
                "муниципального округа (региональный банк лучших практик)"
            ),
        ),
    ]


# (state) → the chain of states that led to it.
CHAINS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.RETURNED: [S.SUBMITTED, S.RETURNED],
    S.ACCEPTED: [S.SUBMITTED, S.ACCEPTED],
    S.APPROVED: [S.SUBMITTED, S.ACCEPTED, S.APPROVED],
    S.IN_PROGRESS: [S.SUBMITTED, S.ACCEPTED, S.APPROVED, S.IN_PROGRESS],
    S.CLOSED: [S.SUBMITTED, S.ACCEPTED, S.APPROVED, S.IN_PROGRESS, S.CLOSED],
    S.MONITORING: [S.SUBMITTED, S.ACCEPTED, S.APPROVED, S.IN_PROGRESS, S.CLOSED, S.MONITORING],
}

ROLES = ["Владелец процесса", "Член команды", "Член команды"]


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


@transaction.atomic
def load() -> dict[str, int]:
    today = timezone.localdate()
    orgs = {o.short_name: o for o in Organisation.objects.select_related("head")}
    economy = User.objects.filter(username="economy").first()
    # The author of an organisation's passports: its staff account rather than its head's.
    users_by_org: dict[int, User] = {}
    for user in User.objects.select_related("employee").filter(employee__isnull=False).order_by("role"):
        users_by_org[user.employee.organisation_id] = user
    created = 0
    by_title: dict[str, Project] = {}
    for demo in demo_projects(today):
        org = orgs.get(demo.org)
        if org is None:
            continue
        project = Project.objects.filter(organisation=org, title=demo.title).first()
        if project is None:
            project = _create(demo, org, today, economy, users_by_org.get(org.pk), orgs, by_title)
            created += 1
        by_title.setdefault(demo.title, project)
    return {"projects": Project.objects.count(), "created": created}


def _create(demo: Demo, org: Organisation, today, economy, author, orgs, by_title) -> Project:
    dates = timeline(demo.start)
    staff = [e for e in Employee.objects.filter(organisation=org, is_active=True) if e.pk != org.head_id]
    head = org.head
    source = by_title.get(demo.replicates) if demo.replicates else None
    chain = CHAINS[demo.state]
    project = Project.objects.create(
        organisation=org,
        title=demo.title,
        kind=demo.kind,
        sphere=org.sphere,
        # The organisation is its own customer: its head approves (recorded at approval).
        approver_name=head.full_name if head and S.APPROVED in chain else "",
        approver_position=head.position if head and S.APPROVED in chain else "",
        customer_organisation=org,
        process=demo.process,
        process_start=demo.boundaries[0],
        process_end=demo.boundaries[1],
        lead=staff[0] if staff else None,
        effects=demo.effects,
        replicates=source,
        replicates_source=demo.replicates_source,
        created_by=author,
        current_stage=demo.current_stage,
        **dates,
    )
    if demo.participants:
        project.participants.set([orgs[name] for name in demo.participants if name in orgs])
    bulk_create_with_history(
        [
            TeamMember(project=project, employee=employee, role=role, position=n)
            for n, (employee, role) in enumerate(zip(staff[:3], ROLES, strict=False), start=1)
        ],
        TeamMember,
        default_user=author,
    )
    bulk_create_with_history(
        [JustificationItem(project=project, position=n, text=text) for n, text in enumerate(demo.justification, 1)],
        JustificationItem,
        default_user=author,
    )
    bulk_create_with_history(
        [
            Goal(
                project=project,
                position=n,
                name=name,
                unit=unit,
                current_value=Decimal(current),
                target_value=Decimal(target),
                stability_value=Decimal(demo.stability[n - 1]) if demo.stability else None,
            )
            for n, (name, unit, current, target) in enumerate(demo.goals, 1)
        ],
        Goal,
        default_user=author,
    )

    # The life cycle that led here, dated along the passport's own timeline.
    director = User.objects.filter(employee=head).first() if head else None
    when = {
        S.SUBMITTED: dates["stage1_date"] - datetime.timedelta(days=14),
        S.RETURNED: dates["stage1_date"] - datetime.timedelta(days=10),
        S.ACCEPTED: dates["stage1_date"] - datetime.timedelta(days=5),
        S.APPROVED: dates["stage1_date"],
        S.IN_PROGRESS: dates["stage2_start"],
        S.CLOSED: dates["stage9_date"],
        S.MONITORING: dates["stage9_date"] + datetime.timedelta(days=1),
    }
    who = {S.SUBMITTED: author, S.RETURNED: economy, S.ACCEPTED: economy, S.APPROVED: director}
    previous = S.DRAFT
    for state in chain:
        comment = demo.return_comment if state == S.RETURNED else ""
        day = min(when[state], today)
        Transition.objects.create(
            project=project,
            from_state=previous,
            to_state=state,
            user=who.get(state, author),
            created_at=_at(day),
            comment=comment,
        )
        previous = state
    update = {"state": demo.state}
    if S.SUBMITTED in chain:
        update["submitted_at"] = _at(min(when[S.SUBMITTED], today))
    if S.APPROVED in chain:
        update.update(approved_at=_at(dates["stage1_date"]), approved_by=director, approval_date=dates["stage1_date"])
    if S.CLOSED in chain:
        update["closed_on"] = dates["stage9_date"]
    if demo.stability:
        update["stability_checked_on"] = dates["stage10_date"]
    # Saved, not queryset.update(): the audited history keeps every write, demo data included.
    for name, value in update.items():
        setattr(project, name, value)
    project.save(update_fields=[*update, "updated_at"])
    project.refresh_from_db()
    if S.APPROVED in chain:
        project.baseline = passport_snapshot(project)
        project.save(update_fields=["baseline", "updated_at"])
        project.refresh_from_db()
    if demo.change_request and author is not None:
        stage7_end = project.stage7_end + datetime.timedelta(days=21)
        ChangeRequest.objects.create(
            project=project,
            created_by=author,
            summary="Продлить внедрение улучшений на три недели",
            reason=demo.change_request,
            proposed={
                "stages": {
                    "stage7_end": stage7_end.isoformat(),
                    "stage8_start": (stage7_end + datetime.timedelta(days=1)).isoformat(),
                }
            },
        )
    return project
