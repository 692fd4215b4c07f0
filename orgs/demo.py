"""Demo organisations, employees and accounts of a believable district.

Used by ``manage.py load_demo`` only, never by migrations; idempotent.
Every demo account has the password ``demo``.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from orgs.models import Employee, Municipality, Organisation, Sphere, User
from orgs.reference import ECONOMY_OFFICE, load_reference

DEMO_PASSWORD = "demo"  # noqa: S105 - documented demo credential

ADMIN_PREFIX = "администрации Ленинск-Кузнецкого муниципального округа"

# (full name, short name, sphere) of structural units.
UNITS = [
    (f"Управление образования {ADMIN_PREFIX}", "Управление образования", "Образование"),
    (f"Управление культуры, молодёжной политики и спорта {ADMIN_PREFIX}", "Управление культуры", "Культура"),
    (f"Управление социальной защиты населения {ADMIN_PREFIX}", "Управление соцзащиты", "Социальная защита"),
    (f"Управление жизнеобеспечения {ADMIN_PREFIX}", "Управление жизнеобеспечения", "Жилищно-коммунальное хозяйство"),
    (f"Комитет по управлению муниципальным имуществом {ADMIN_PREFIX}", "КУМИ", "Имущественные и земельные отношения"),
    (f"Управление сельского хозяйства {ADMIN_PREFIX}", "Управление сельского хозяйства", "Сельское хозяйство"),
]

# (full name, short name, sphere, parent short name) of institutions.
INSTITUTIONS = [
    (
        "Муниципальное бюджетное общеобразовательное учреждение «Драченинская средняя общеобразовательная школа»",
        "МБОУ «Драченинская СОШ»",
        "Образование",
        "Управление образования",
    ),
    (
        "Муниципальное бюджетное общеобразовательное учреждение «Красноярская средняя общеобразовательная школа»",
        "МБОУ «Красноярская СОШ»",
        "Образование",
        "Управление образования",
    ),
    (
        "Муниципальное бюджетное общеобразовательное учреждение «Подгорновская основная общеобразовательная школа»",
        "МБОУ «Подгорновская ООШ»",
        "Образование",
        "Управление образования",
    ),
    (
        "Муниципальное бюджетное дошкольное образовательное учреждение «Демьяновский детский сад «Солнышко»",
        "МБДОУ «Детский сад «Солнышко»",
        "Образование",
        "Управление образования",
    ),
    (
        "Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества»",
        "МБУ ДО «ДДТ»",
        "Образование",
        "Управление образования",
    ),
    (
        "Муниципальное бюджетное учреждение культуры «Централизованная клубная система»",
        "МБУК «ЦКС»",
        "Культура",
        "Управление культуры",
    ),
    (
        "Муниципальное бюджетное учреждение культуры «Межпоселенческая централизованная библиотечная система»",
        "МБУК «МЦБС»",
        "Культура",
        "Управление культуры",
    ),
    (
        "Муниципальное бюджетное учреждение «Спортивная школа Ленинск-Кузнецкого округа»",
        "МБУ «Спортивная школа»",
        "Физическая культура и спорт",
        "Управление культуры",
    ),
    (
        "Муниципальное бюджетное учреждение «Комплексный центр социального обслуживания населения»",
        "МБУ «КЦСОН»",
        "Социальная защита",
        "Управление соцзащиты",
    ),
    (
        "Муниципальное казённое учреждение «Управление по благоустройству и дорожному хозяйству»",
        "МКУ «УБДХ»",
        "Благоустройство и дорожное хозяйство",
        "Управление жизнеобеспечения",
    ),
    (
        "Муниципальное автономное учреждение «Многофункциональный центр предоставления государственных и муниципальных услуг»",
        "МАУ «МФЦ»",
        "Муниципальное управление",
        None,
    ),
]

# username -> (organisation short name, last, first, middle, position, role, trained on, heads the organisation)
ACCOUNTS = {
    "economy": (
        ECONOMY_OFFICE[1],
        "Славина",
        "Елена",
        "Андреевна",
        "Начальник отдела развития бережливого управления",
        User.Role.ECONOMY,
        datetime.date(2022, 6, 15),
        False,
    ),
    "department": (
        "Управление образования",
        "Кузнецова",
        "Ольга",
        "Викторовна",
        "Главный специалист",
        User.Role.STAFF,
        datetime.date(2023, 3, 1),
        False,
    ),
    "school": (
        "МБОУ «Драченинская СОШ»",
        "Петров",
        "Андрей",
        "Сергеевич",
        "Заместитель директора по учебно-воспитательной работе",
        User.Role.STAFF,
        None,
        False,
    ),
    "director": (
        "Управление образования",
        "Морозов",
        "Игорь",
        "Николаевич",
        "Начальник управления образования",
        User.Role.DIRECTOR,
        datetime.date(2022, 10, 20),
        True,
    ),
}

# A few more employees per organisation so teams can be formed: (last, first, middle, position).
STAFF = [
    ("Иванова", "Наталья", "Петровна", "Ведущий специалист"),
    ("Смирнов", "Денис", "Олегович", "Специалист I категории"),
    ("Васильева", "Татьяна", "Ивановна", "Заместитель руководителя"),
    ("Фёдоров", "Алексей", "Михайлович", "Главный специалист"),
]

HEAD_NAMES = [
    ("Соколов", "Виктор", "Павлович"),
    ("Лебедева", "Ирина", "Юрьевна"),
    ("Козлов", "Сергей", "Александрович"),
    ("Новикова", "Марина", "Геннадьевна"),
    ("Попов", "Владимир", "Ильич"),
    ("Волкова", "Светлана", "Борисовна"),
    ("Зайцев", "Михаил", "Евгеньевич"),
    ("Павлова", "Людмила", "Степановна"),
]


def _employee(org: Organisation, last: str, first: str, middle: str, position: str, **extra) -> Employee:
    employee, _ = Employee.objects.get_or_create(
        organisation=org,
        last_name=last,
        first_name=first,
        middle_name=middle,
        defaults={"position": position, **extra},
    )
    return employee


@transaction.atomic
def load() -> dict[str, int]:
    load_reference()
    # The demo district is the default municipality: another municipality's organisations (and
    # its own spheres) may share a name.
    municipality = Municipality.objects.default()
    spheres = {s.name: s for s in Sphere.objects.filter(municipality__isnull=True)}
    orgs: dict[str, Organisation] = {o.short_name: o for o in Organisation.objects.filter(municipality=municipality)}

    for full_name, short_name, sphere in UNITS:
        orgs[short_name], _ = Organisation.objects.get_or_create(
            full_name=full_name,
            defaults={"short_name": short_name, "kind": Organisation.Kind.STRUCTURAL_UNIT, "sphere": spheres[sphere]},
        )
    for full_name, short_name, sphere, parent in INSTITUTIONS:
        orgs[short_name], _ = Organisation.objects.get_or_create(
            full_name=full_name,
            defaults={
                "short_name": short_name,
                "kind": Organisation.Kind.INSTITUTION,
                "sphere": spheres[sphere],
                "parent": orgs[parent] if parent else None,
            },
        )

    # Heads and staff of every organisation; demo mail addresses so reminders can be seen.
    for index, org in enumerate(sorted(orgs.values(), key=lambda o: o.full_name)):
        if not org.email:
            org.email = f"org{index + 1}@lenkuz-demo.example"
            org.save(update_fields=["email"])
        if org.head_id is None and org.short_name != "Управление образования":
            last, first, middle = HEAD_NAMES[index % len(HEAD_NAMES)]
            position = "Руководитель" if org.kind != Organisation.Kind.INSTITUTION else "Директор"
            org.head = _employee(org, last, first, middle, position)
            org.save(update_fields=["head"])
        for last, first, middle, position in STAFF[: 2 + index % 3]:
            _employee(org, last, first, middle, position)

    for username, (org_name, last, first, middle, position, role, trained, heads) in ACCOUNTS.items():
        org = orgs[org_name]
        employee = _employee(org, last, first, middle, position, lean_basics_completed_on=trained)
        if not employee.email:
            employee.email = f"{username}@lenkuz-demo.example"
            employee.save(update_fields=["email"])
        if heads and org.head_id != employee.pk:
            org.head = employee
            org.save(update_fields=["head"])
        _account(username, role=role, employee=employee)
    _account("admin", role=User.Role.ADMIN, employee=None, superuser=True)
    return {"organisations": Organisation.objects.count(), "employees": Employee.objects.count()}


def _account(username: str, *, role: str, employee: Employee | None, superuser: bool = False) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username)
        user.set_password(DEMO_PASSWORD)
    user.role = role
    user.employee = employee
    user.is_staff = superuser
    user.is_superuser = superuser
    if employee is not None:
        user.first_name, user.last_name = employee.first_name, employee.last_name
    user.save()
    return user
