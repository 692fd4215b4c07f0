"""The region around the demo district (issue 22): the regional project office, a second municipality
and a practice of Leninsk-Kuznetsky replicated there.

- The regional project office of Kuzbass (an organisation of kind REGIONAL, in no municipality) and its
  account ``region`` (role REGION: reads every municipality, writes nothing municipal).
- «Промышленновский муниципальный округ» (slug ``promyshlennovsky``), a neighbour of the district, with its
  economy office, an education unit, a school under it and a culture institution, their staff and the
  accounts ``prom-economy`` (its office), ``prom-staff`` (the education unit) and ``prom-school`` (the
  school). Not Belovsky: the tests' second municipality (``other_municipality`` in conftest.py) and the
  regional office's onboarding test create that one themselves.
- Its plan of measures for 2025–2027: the indicators copied from the default municipality's plan of the
  same period (the plan demo's), worded for it, with its own targets; its deadline rules.
- A draft passport of its organisation most like the source's (same sphere and kind) that replicates a
  practice of Leninsk-Kuznetsky (a project whose agreed assessment recognised it — a status — with
  criterion 6 at 1 or more), made by ``projects.services.project_replicate`` as «Тиражировать» makes it.

Runs last in ``load_demo``, after every app's demo, so the district's own demos never see its
organisations. Idempotent; every account has the password ``demo``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from orgs.demo import _account, _employee
from orgs.models import Municipality, Organisation, Sphere, User
from plan.demo import NAME as DEFAULT_PLAN_NAME
from plan.models import Indicator, Plan, Target
from plan.services import targets_save
from projects.models import Project
from projects.services import project_replicate
from reporting.models import DeadlineRule
from scoring.models import Assessment

SECOND = {
    "slug": "promyshlennovsky",
    "name": "Промышленновский муниципальный округ",
    "short_name": "Промышленновский МО",
    "kind": Municipality.Kind.OKRUG,
    "decree": "Постановление администрации Промышленновского муниципального округа о внедрении бережливого управления "
    "(демонстрационные данные)",
}
ADMIN = "администрации Промышленновского муниципального округа"
REGIONAL_OFFICE = (
    "Региональный проектный офис программы «Эффективный регион» Министерства экономического развития Кузбасса",
    "Региональный проектный офис",
)
OFFICE = (f"Управление экономики {ADMIN}", "Управление экономики Промышленновского МО")
EDUCATION = (f"Управление образования {ADMIN}", "Управление образования Промышленновского МО")
SCHOOL = (
    "Муниципальное бюджетное общеобразовательное учреждение «Плотниковская средняя общеобразовательная школа»",
    "МБОУ «Плотниковская СОШ»",
)
CULTURE = (
    "Муниципальное бюджетное учреждение культуры «Централизованная клубная система Промышленновского "
    "муниципального округа»",
    "МБУК «ЦКС Промышленновского МО»",
)
UNIT, INSTITUTION = Organisation.Kind.STRUCTURAL_UNIT, Organisation.Kind.INSTITUTION
# (full name, short name, kind, sphere, parent's short name, head: last, first, middle, position)
ORGANISATIONS = [
    (*OFFICE, UNIT, "Экономика и финансы", None, ("Рябова", "Галина", "Викторовна", "Начальник управления")),
    (*EDUCATION, UNIT, "Образование", None, ("Тарасов", "Евгений", "Петрович", "Начальник управления образования")),
    (*SCHOOL, INSTITUTION, "Образование", EDUCATION[1], ("Белова", "Нина", "Фёдоровна", "Директор")),
    (*CULTURE, INSTITUTION, "Культура", None, ("Карпов", "Андрей", "Олегович", "Директор")),
]
# A few staff of each organisation, so teams can be formed: (last, first, middle, position).
STAFF = [
    ("Сорокина", "Юлия", "Игоревна", "Ведущий специалист"),
    ("Киселёв", "Роман", "Андреевич", "Главный специалист"),
]
# username → (organisation's short name, last, first, middle, position, role, trained on)
ACCOUNTS = {
    "region": (
        REGIONAL_OFFICE[1],
        "Громова",
        "Татьяна",
        "Сергеевна",
        "Руководитель регионального проектного офиса",
        User.Role.REGION,
        datetime.date(2021, 11, 12),
    ),
    "prom-economy": (
        OFFICE[1],
        "Мельникова",
        "Оксана",
        "Юрьевна",
        "Начальник отдела экономического развития",
        User.Role.ECONOMY,
        datetime.date(2023, 4, 20),
    ),
    "prom-staff": (
        EDUCATION[1],
        "Лаптева",
        "Вера",
        "Николаевна",
        "Главный специалист",
        User.Role.STAFF,
        datetime.date(2024, 2, 9),
    ),
    "prom-school": (
        SCHOOL[1],
        "Щербаков",
        "Илья",
        "Витальевич",
        "Заместитель директора по учебно-воспитательной работе",
        User.Role.STAFF,
        None,
    ),
}
PLAN_NAME = (
    "План мероприятий по реализации бережливого управления на территории Промышленновского муниципального "
    "округа на 2025-2027 годы"
)
PLAN_DECREE = "Проект постановления администрации Промышленновского муниципального округа (демонстрационные данные)"
AT_LEAST, EXACT = Target.Comparison.AT_LEAST, Target.Comparison.EXACT
# Its own targets, code → for 2025, 2026, 2027: a district starting later, with lower counts.
TARGETS = {
    "1.1": [(AT_LEAST, 1), (AT_LEAST, 2), (AT_LEAST, 2)],
    "1.2": [(AT_LEAST, 2), (AT_LEAST, 3), (AT_LEAST, 3)],
    "1.3": [(AT_LEAST, 30), (AT_LEAST, 45), (AT_LEAST, 60)],
    "1.4": [(AT_LEAST, 25), (AT_LEAST, 40), (AT_LEAST, 55)],
    "1.5": [(AT_LEAST, 20), (AT_LEAST, 30), (AT_LEAST, 40)],
    "2.1": [(AT_LEAST, 2), (AT_LEAST, 3), (AT_LEAST, 3)],
    "2.2": [(AT_LEAST, 1), (AT_LEAST, 1), (AT_LEAST, 2)],
    "3.1": [(AT_LEAST, 1), (AT_LEAST, 2), (AT_LEAST, 2)],
    "3.2": [(EXACT, 1), (EXACT, 1), (EXACT, 1)],
    "3.3": [(AT_LEAST, 1), (AT_LEAST, 1), (AT_LEAST, 2)],
}
# How the default municipality's plan names itself, and how the second one's says the same.
WORDING = [
    ("Ленинск-Кузнецкого муниципального округа", "Промышленновского муниципального округа"),
    ("Ленинск-Кузнецком муниципальном округе", "Промышленновском муниципальном округе"),
]


@transaction.atomic
def load() -> dict[str, int]:
    municipality, _ = Municipality.objects.get_or_create(
        slug=SECOND["slug"], defaults={k: v for k, v in SECOND.items() if k != "slug"}
    )
    spheres = {s.name: s for s in Sphere.objects.filter(municipality__isnull=True)}
    orgs = _organisations(municipality, spheres)
    for username, (org_name, last, first, middle, position, role, trained) in ACCOUNTS.items():
        employee = _employee(orgs[org_name], last, first, middle, position, lean_basics_completed_on=trained)
        if not employee.email:
            employee.email = f"{username}@kuzbass-demo.example"
            employee.save(update_fields=["email"])
        _account(username, role=role, employee=employee)
    _deadline_rules(municipality)
    plan = _plan(municipality, [orgs[EDUCATION[1]], orgs[SCHOOL[1]], orgs[CULTURE[1]]])
    replication = _replication(orgs)
    return {
        "municipalities": Municipality.objects.count(),
        "organisations": Organisation.objects.filter(municipality=municipality).count(),
        "plan targets": Target.objects.filter(indicator__plan=plan).count() if plan else 0,
        "replications": int(replication is not None),
    }


def _organisations(municipality: Municipality, spheres: dict[str, Sphere]) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    regional, _ = Organisation.objects.get_or_create(
        full_name=REGIONAL_OFFICE[0],
        defaults={
            "short_name": REGIONAL_OFFICE[1],
            "kind": Organisation.Kind.REGIONAL,
            "municipality": None,
            "sphere": spheres.get("Экономика и финансы"),
            "email": "region@kuzbass-demo.example",
        },
    )
    orgs[REGIONAL_OFFICE[1]] = regional
    for index, (full_name, short_name, kind, sphere, parent, head) in enumerate(ORGANISATIONS, start=1):
        org, _ = Organisation.objects.get_or_create(
            full_name=full_name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "municipality": municipality,
                "sphere": spheres.get(sphere),
                "parent": orgs[parent] if parent else None,
                "is_economy_office": short_name == OFFICE[1],
                "email": f"prom{index}@kuzbass-demo.example",
            },
        )
        orgs[short_name] = org
        if org.head_id is None:
            org.head = _employee(org, *head)
            org.save(update_fields=["head"])
        for last, first, middle, position in STAFF:
            _employee(org, last, first, middle, position)
    return orgs


def _deadline_rules(municipality: Municipality) -> None:
    """The decree's deadlines as the municipality's own starting rules (its office edits them)."""
    for kind, values in DeadlineRule.DEFAULTS.items():
        DeadlineRule.objects.get_or_create(kind=kind, municipality=municipality, organisation=None, defaults=values)


def _plan(municipality: Municipality, executors: list[Organisation]) -> Plan | None:
    """Its plan for 2025–2027: the default municipality's indicators, its own wording and targets."""
    source = Plan.objects.filter(name=DEFAULT_PLAN_NAME).first()
    if source is None:
        return None
    plan = Plan.objects.filter(municipality=municipality, name=PLAN_NAME).first()
    if plan is None:
        plan = Plan.objects.create(
            municipality=municipality,
            name=PLAN_NAME,
            decree=PLAN_DECREE,
            first_year=source.first_year,
            last_year=source.last_year,
        )
        plan.executors.set(executors)
        Indicator.objects.bulk_create(
            Indicator(
                plan=plan,
                section=_worded(indicator.section),
                code=indicator.code,
                wording=_worded(indicator.wording),
                unit=indicator.unit,
                computation=indicator.computation,
                scope=indicator.scope,
                position=indicator.position,
            )
            for indicator in source.indicators.order_by("position", "id")
        )
    indicators = {i.code: i for i in plan.indicators.all()}
    cells = {
        (indicators[code].pk, year): (Decimal(value), comparison)
        for code, values in TARGETS.items()
        if code in indicators
        for year, (comparison, value) in zip(plan.years, values, strict=True)
    }
    targets_save(plan=plan, cells=cells)
    return plan


def _worded(text: str) -> str:
    for default, own in WORDING:
        text = text.replace(default, own)
    return text


def practice_of_the_default_municipality() -> Project | None:
    """The best practice of Leninsk-Kuznetsky: agreed assessment with a status, criterion 6 at 1 or more."""
    assessment = (
        Assessment.objects.official()
        .filter(
            is_lean=True,
            criteria__code="6",
            criteria__score__gte=1,
            project__organisation__municipality__slug=Municipality.DEFAULT_SLUG,
        )
        .exclude(status="")
        .select_related("project__organisation")
        .order_by("-total", "project_id")
        .first()
    )
    return assessment.project if assessment else None


def _replication(orgs: dict[str, Organisation]) -> Project | None:
    """A draft replicating that practice in the second municipality's organisation most like the source's."""
    source = practice_of_the_default_municipality()
    if source is None:
        return None
    mine = [orgs[EDUCATION[1]], orgs[SCHOOL[1]], orgs[CULTURE[1]]]
    existing = Project.objects.filter(replicates=source, organisation__in=mine).first()
    if existing is not None:
        return existing
    # The organisation most like the source's: same sphere and kind (a school's practice goes to a school).
    organisation = max(
        mine, key=lambda o: (o.sphere_id == source.sphere_id, o.kind == source.organisation.kind, -mine.index(o))
    )
    author = User.objects.filter(employee__organisation=organisation).order_by("pk").first()
    return project_replicate(source=source, organisation=organisation, user=author)
