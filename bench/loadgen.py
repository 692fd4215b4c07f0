"""A believable region for load tests: municipalities, organisations, people, projects and the records around them.

``--scale region`` is Kuzbass: its 34 real municipalities (``KUZBASS``; the default one, the district of
decree № 969, first), each with its economy office, administration units and institutions, an office
account, a plan of measures for 2025–2027 with targets scaled to its size and its deadline rules, plus
the regional office (an organisation of kind REGIONAL) with the ``bench-region`` account. The volume of
organisations and records is shared out in proportion to population: Kemerovo and Novokuznetsk get a
fifth of it each, Izhmorsky a two-hundred-and-fiftieth. ``--scale district`` is the default
municipality alone.

``generate(scale, seed)`` bulk-creates everything with ``bulk_create`` in batches, straight
through the apps' models (no services: they would cost one transaction per record). The
data is deterministic for a seed and an anchor date: the same call on an empty database
gives the same rows. Derived values are computed the way the apps compute them: an
assessment's stored result comes from ``scoring.rubric.evaluate``, a submitted report's
snapshot has the shape ``reporting.figures.build_figures`` gives, schedule figures come from
``Project.schedule_verdict``, an employee's lean-basics date from their training.

Each municipality's records are decided by its own office: assessments, report decisions and
verified effects name an account of the project's municipality. The one contest is the default
municipality's, with entries of that municipality only.

Not written: simple-history rows (bulk_create bypasses them, as for any data migration),
project state transitions and change requests, model sites, culture diagnostics.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import itertools
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from effects.models import FIXED_UNITS, ConversionRate, Effect, Kind, district_figures
from orgs.models import Employee, Municipality, Organisation, Sphere, User
from orgs.reference import ECONOMY_OFFICE
from orgs.twofactor import recovery_codes_issue
from plan import seed as plan_seed
from plan.models import Indicator, Plan, Target
from projects.models import STAGE_NAMES, STAGES, Goal, Project, TeamMember, stage_field_names
from registries.models import (
    Contest,
    ContestEntry,
    ContestNomination,
    Suggestion,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    Training,
)
from reporting.figures import SNAPSHOT_VERSION
from reporting.models import DeadlineRule, GoalActual, QuarterlyReport, ReportProject
from reporting.periods import Quarter
from scoring.models import Assessment, AssessmentCriterion, AssessmentIndicator, RubricVersion
from scoring.rubric import evaluate

BATCH = 2000
PASSWORD = "bench"  # noqa: S105 — the known password of the generated accounts (load tests only)
OFFICE = "Управление экономического развития"
MARKER = "Министерство экономического развития Кузбасса (нагрузочные данные)"
FIRST_DAY = datetime.date(2022, 1, 10)


@dataclass(frozen=True)
class Scale:
    municipalities: int
    units: int  # structural units of each municipality's administration
    institutions_per_unit: int
    employees_per_org: int
    projects: int
    suggestions: int
    trainings: int
    surveys: int
    questions: int
    responses_per_survey: int
    contest_projects: int  # projects entered in the office's contest (and half as many suggestions)


SCALES = {
    # 34 × (16 + 16 × 10) + regional bodies ≈ 6,000 organisations.
    "region": Scale(34, 16, 10, 5, 60_000, 120_000, 30_000, 1_000, 4, 50, 300),
    "district": Scale(1, 8, 4, 4, 300, 600, 150, 10, 4, 25, 20),
}


@dataclass(frozen=True)
class Place:
    """A municipality of Kuzbass: its name, short name, slug, kind and population (thousands, rounded)."""

    name: str
    short_name: str
    slug: str
    kind: str
    population: int

    @property
    def genitive(self) -> str:
        """«Кемеровский городской округ» → «Кемеровского городского округа»."""
        return _inflect(self.name, "ого", {"округ": "округа", "район": "района"})

    @property
    def prepositional(self) -> str:
        """«Кемеровский городской округ» → «Кемеровском городском округе»."""
        return _inflect(self.name, "ом", {"округ": "округе", "район": "районе"})


def _inflect(name: str, adjective_ending: str, nouns: dict[str, str]) -> str:
    words = []
    for word in name.split():
        if word in nouns:
            word = nouns[word]
        elif word[-2:] in ("ий", "ой", "ый"):
            word = word[:-2] + adjective_ending
        words.append(word)
    return " ".join(words)


CITY, OKRUG, DISTRICT = "city", "okrug", "district"  # orgs.models.Municipality.Kind
# The 34 municipalities of the Kemerovo region — Kuzbass (16 city okrugs, 17 municipal okrugs, one
# municipal district), the default one (the district of decree № 969) first, the rest by population
# (thousands, rounded, about 2023): the generated volume is shared out in proportion to it.
KUZBASS = [
    Place("Ленинск-Кузнецкий муниципальный округ", "Ленинск-Кузнецкий МО", "leninsk-kuznetsky", OKRUG, 22),
    Place("Кемеровский городской округ", "Кемеровский ГО", "kemerovo", CITY, 557),
    Place("Новокузнецкий городской округ", "Новокузнецкий ГО", "novokuznetsk", CITY, 537),
    Place("Прокопьевский городской округ", "Прокопьевский ГО", "prokopyevsk", CITY, 187),
    Place("Беловский городской округ", "Беловский ГО", "belovo", CITY, 118),
    Place("Междуреченский городской округ", "Междуреченский ГО", "mezhdurechensk", CITY, 97),
    Place("Ленинск-Кузнецкий городской округ", "Ленинск-Кузнецкий ГО", "leninsk-kuznetsky-city", CITY, 93),
    Place("Киселёвский городской округ", "Киселёвский ГО", "kiselyovsk", CITY, 84),
    Place("Юргинский городской округ", "Юргинский ГО", "yurga", CITY, 80),
    Place("Анжеро-Судженский городской округ", "Анжеро-Судженский ГО", "anzhero-sudzhensk", CITY, 67),
    Place("Мариинский муниципальный округ", "Мариинский МО", "mariinsky", OKRUG, 53),
    Place("Кемеровский муниципальный округ", "Кемеровский МО", "kemerovsky", OKRUG, 50),
    Place("Новокузнецкий муниципальный округ", "Новокузнецкий МО", "novokuznetsky", OKRUG, 50),
    Place("Таштагольский муниципальный район", "Таштагольский МР", "tashtagolsky", DISTRICT, 48),
    Place("Березовский городской округ", "Березовский ГО", "berezovsky", CITY, 46),
    Place("Промышленновский муниципальный округ", "Промышленновский МО", "promyshlennovsky", OKRUG, 46),
    Place("Осинниковский городской округ", "Осинниковский ГО", "osinniki", CITY, 42),
    Place("Мысковский городской округ", "Мысковский ГО", "myski", CITY, 42),
    Place("Топкинский муниципальный округ", "Топкинский МО", "topkinsky", OKRUG, 40),
    Place("Гурьевский муниципальный округ", "Гурьевский МО", "guryevsky", OKRUG, 35),
    Place("Прокопьевский муниципальный округ", "Прокопьевский МО", "prokopyevsky", OKRUG, 32),
    Place("Калтанский городской округ", "Калтанский ГО", "kaltan", CITY, 28),
    Place("Беловский муниципальный округ", "Беловский МО", "belovsky", OKRUG, 27),
    Place("Полысаевский городской округ", "Полысаевский ГО", "polysayevo", CITY, 26),
    Place("Яшкинский муниципальный округ", "Яшкинский МО", "yashkinsky", OKRUG, 26),
    Place("Тайгинский городской округ", "Тайгинский ГО", "taiga", CITY, 24),
    Place("Крапивинский муниципальный округ", "Крапивинский МО", "krapivinsky", OKRUG, 22),
    Place("Тяжинский муниципальный округ", "Тяжинский МО", "tyazhinsky", OKRUG, 22),
    Place("Юргинский муниципальный округ", "Юргинский МО", "yurginsky", OKRUG, 21),
    Place("Тисульский муниципальный округ", "Тисульский МО", "tisulsky", OKRUG, 19),
    Place("Яйский муниципальный округ", "Яйский МО", "yaysky", OKRUG, 16),
    Place("Краснобродский городской округ", "Краснобродский ГО", "krasnobrodsky", CITY, 13),
    Place("Чебулинский муниципальный округ", "Чебулинский МО", "chebulinsky", OKRUG, 13),
    Place("Ижморский муниципальный округ", "Ижморский МО", "izhmorsky", OKRUG, 10),
]
# Each municipality's plan period and targets: code → (comparison, values for the years, scaled to the
# municipality's size — a count of records — or not — a share, a yes/no).
PLAN_YEARS = (2025, 2026, 2027)
AT_LEAST, EXACT = Target.Comparison.AT_LEAST, Target.Comparison.EXACT
PLAN_TARGETS = {
    "1.1": (AT_LEAST, [2, 3, 3], True),
    "1.2": (AT_LEAST, [3, 3, 4], True),
    "1.3": (AT_LEAST, [75, 80, 85], False),
    "1.4": (AT_LEAST, [65, 70, 75], False),
    "1.5": (AT_LEAST, [40, 45, 50], False),
    "2.1": (AT_LEAST, [3, 3, 4], True),
    "2.2": (AT_LEAST, [2, 2, 3], True),
    "3.1": (AT_LEAST, [1, 1, 2], False),
    "3.2": (EXACT, [1, 1, 1], False),
    "3.3": (AT_LEAST, [1, 1, 1], False),
}
UNITS = [
    ("Управление образования", "Образование", "Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»"),
    ("Управление культуры", "Культура", "Муниципальное бюджетное учреждение культуры «Дом культуры № {n}»"),
    (
        "Управление социальной защиты населения",
        "Социальная защита",
        "Муниципальное казённое учреждение «Центр социального обслуживания № {n}»",
    ),
    (
        "Управление жилищно-коммунального хозяйства",
        "Жилищно-коммунальное хозяйство",
        "Муниципальное унитарное предприятие «Водоканал-{n}»",
    ),
    (
        "Управление по физической культуре и спорту",
        "Физическая культура и спорт",
        "Муниципальное бюджетное учреждение «Спортивная школа № {n}»",
    ),
    (
        "Управление молодёжной политики",
        "Молодёжная политика",
        "Муниципальное бюджетное учреждение «Молодёжный центр № {n}»",
    ),
    (
        "Управление делами",
        "Муниципальное управление",
        "Муниципальное казённое учреждение «Многофункциональный центр, отделение № {n}»",
    ),
    (
        "Финансовое управление",
        "Экономика и финансы",
        "Муниципальное казённое учреждение «Централизованная бухгалтерия № {n}»",
    ),
    ("Управление сельского хозяйства", "Сельское хозяйство", "Муниципальное бюджетное учреждение «Агроцентр № {n}»"),
    (
        "Комитет по управлению муниципальным имуществом",
        "Имущественные и земельные отношения",
        "Муниципальное казённое учреждение «Земельный центр № {n}»",
    ),
    (
        "Управление благоустройства и дорожного хозяйства",
        "Благоустройство и дорожное хозяйство",
        "Муниципальное бюджетное учреждение «Дорожно-эксплуатационный участок № {n}»",
    ),
    (
        "Управление дошкольного образования",
        "Образование",
        "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № {n}»",
    ),
    ("Управление здравоохранения", "Здравоохранение", "Муниципальное учреждение здравоохранения «Поликлиника № {n}»"),
    (
        "Управление архитектуры и градостроительства",
        "Муниципальное управление",
        "Муниципальное казённое учреждение «Градостроительный центр № {n}»",
    ),
    (
        "Управление по работе с обращениями граждан",
        "Муниципальное управление",
        "Муниципальное казённое учреждение «Центр обработки обращений № {n}»",
    ),
    ("Управление экономики", "Экономика и финансы", "Муниципальное казённое учреждение «Центр закупок № {n}»"),
]
LAST_NAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
    "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
]  # fmt: skip
FIRST_NAMES = [
    ("Александр", "Александра"), ("Сергей", "Светлана"), ("Андрей", "Анна"), ("Дмитрий", "Дарья"),
    ("Алексей", "Алёна"), ("Игорь", "Ирина"), ("Николай", "Наталья"), ("Владимир", "Валентина"),
    ("Евгений", "Елена"), ("Михаил", "Марина"), ("Олег", "Ольга"), ("Павел", "Полина"),
]  # fmt: skip
PATRONYMICS = [
    ("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Иванович", "Ивановна"),
    ("Петрович", "Петровна"), ("Николаевич", "Николаевна"), ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"), ("Михайлович", "Михайловна"),
]  # fmt: skip
POSITIONS = ["руководитель", "заместитель руководителя", "главный специалист", "ведущий специалист", "специалист"]
PROCESSES = [
    ("приём заявлений на {x}", "подача заявления", "выдача результата"),
    ("оформление документов на {x}", "обращение заявителя", "выдача документов"),
    ("согласование {x}", "поступление запроса", "направление ответа"),
    ("закупка {x}", "формирование потребности", "поставка"),
    ("учёт {x}", "поступление сведений", "внесение в реестр"),
    ("обработка обращений о {x}", "регистрация обращения", "ответ заявителю"),
]
OBJECTS = [
    "зачисление в учреждение", "компенсацию родительской платы", "аренду муниципального имущества",
    "земельные участки", "материальную помощь", "путёвки в лагеря", "разрешение на строительство",
    "благоустройство дворов", "ремонт дорог", "канцелярские товары", "посещение занятий", "проведение мероприятий",
    "льготный проезд", "выдачу справок", "вывоз мусора", "подключение к сетям",
]  # fmt: skip
GOALS = [
    ("Срок предоставления услуги", "дней", True),
    ("Время ожидания в очереди", "мин.", True),
    ("Количество этапов процесса", "ед.", True),
    ("Доля обращений, решённых с первого раза", "%", False),
    ("Количество документов, запрашиваемых у заявителя", "ед.", True),
    ("Удовлетворённость заявителей", "%", False),
    ("Время протекания процесса", "ч.", True),
]
PROJECT_STATES = [
    (Project.State.DRAFT, 6),
    (Project.State.SUBMITTED, 4),
    (Project.State.RETURNED, 2),
    (Project.State.ACCEPTED, 3),
    (Project.State.APPROVED, 8),
    (Project.State.IN_PROGRESS, 47),
    (Project.State.CLOSED, 15),
    (Project.State.MONITORING, 15),
]
TRAINING_KINDS = [
    (Training.Kind.LEAN_BASICS, 45),
    (Training.Kind.INTERNAL_COURSE, 30),
    (Training.Kind.MENTORING, 10),
    (Training.Kind.OFFICE_FACTORY, 15),
]
SURVEY_QUESTIONS = [
    "Насколько вы удовлетворены сроком получения услуги?",
    "Насколько удобно было подать заявление?",
    "Насколько вежливы и компетентны были сотрудники?",
    "Насколько понятна информация о порядке получения услуги?",
    "Насколько комфортны условия ожидания?",
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def _chunks(items: Iterable, size: int = BATCH) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _bulk(model, objects: Iterable, keep: bool = False) -> list:
    """bulk_create in batches; returns the created objects (with their ids) when ``keep``."""
    created = []
    for chunk in _chunks(objects):
        rows = model.objects.bulk_create(chunk, batch_size=BATCH)
        if keep:
            created.extend(rows)
    return created


@contextlib.contextmanager
def _own_timestamps(*models):
    """Let generated rows carry their own believable creation dates instead of «now»."""
    fields = [f for m in models for f in m._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _apportion(total: int, weights: list[int]) -> list[int]:
    """``total`` shared out in proportion to ``weights`` (largest remainders), summing to ``total`` exactly."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _municipality(place: Place) -> Municipality:
    """The municipality of ``place``: the default one is the district of decree № 969."""
    if place.slug == Municipality.DEFAULT_SLUG:
        return Municipality.objects.default()
    municipality, _ = Municipality.objects.get_or_create(
        slug=place.slug,
        defaults={
            "name": place.name,
            "short_name": place.short_name,
            "kind": place.kind,
            "decree": f"Постановление администрации {place.genitive} о бережливом управлении (нагрузочные данные)",
        },
    )
    return municipality


class AlreadyGenerated(Exception):
    pass


class Generator:
    def __init__(self, scale: Scale, seed: int, today: datetime.date, log: Callable[[str], None]):
        self.scale = scale
        self.seed = seed
        self.today = today
        self.log = log
        self.rng = random.Random(seed)  # noqa: S311 — test data, not secrets
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    def step(self, name: str, count: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + count
        self.log(f"{name}: {count} ({time.monotonic() - self.started:.0f} с)")

    # --- organisations and people ------------------------------------------------------

    def organisations(self) -> None:
        """The regional office, then in each municipality its economy office, its administration's units
        and their institutions; the institutions are shared out by population (bigger cities bigger)."""
        rng = self.rng
        spheres = {s.name: s for s in Sphere.objects.filter(municipality__isnull=True)}
        for position, (_, sphere_name, _) in enumerate(UNITS, start=1):
            if sphere_name not in spheres:
                spheres[sphere_name] = Sphere.objects.create(name=sphere_name, position=100 + position)
        self.spheres = spheres
        self.places = KUZBASS[: self.scale.municipalities]
        self.municipalities = [_municipality(place) for place in self.places]
        regional = Organisation.objects.create(
            full_name=MARKER,
            short_name="Минэкономразвития Кузбасса",
            kind=Organisation.Kind.REGIONAL,
            municipality=None,
            sphere=spheres["Экономика и финансы"],
        )
        # One economy office per municipality: the one ``load_reference`` made is kept.
        offices = {
            o.municipality_id: o
            for o in Organisation.objects.filter(is_economy_office=True, municipality__in=self.municipalities)
        }
        missing = [
            Organisation(
                full_name=ECONOMY_OFFICE[0] if m.is_default else f"{OFFICE} администрации {place.genitive}",
                short_name=ECONOMY_OFFICE[1] if m.is_default else f"{OFFICE} ({place.short_name})",
                kind=Organisation.Kind.STRUCTURAL_UNIT,
                municipality=m,
                sphere=spheres["Экономика и финансы"],
                is_economy_office=True,
                email=f"economy-{place.slug}@example.ru",
            )
            for place, m in zip(self.places, self.municipalities, strict=True)
            if m.pk not in offices
        ]
        for office in _bulk(Organisation, missing, keep=True):
            offices[office.municipality_id] = office
        self.offices = offices
        units = []
        for index, (place, m) in enumerate(zip(self.places, self.municipalities, strict=True)):
            for u in range(self.scale.units):
                title, sphere_name, _ = UNITS[u % len(UNITS)]
                units.append(
                    Organisation(
                        full_name=f"{title} администрации {place.genitive}",
                        short_name=f"{title} ({place.short_name})",
                        kind=Organisation.Kind.STRUCTURAL_UNIT,
                        municipality=m,
                        sphere=spheres[sphere_name],
                        email=f"unit{index}-{u}@example.ru",
                    )
                )
        units = _bulk(Organisation, units, keep=True)
        total = self.scale.municipalities * self.scale.units * self.scale.institutions_per_unit
        shares = _apportion(total, [place.population for place in self.places])
        institutions = []
        for index, (place, share) in enumerate(zip(self.places, shares, strict=True)):
            own_units = units[index * self.scale.units : (index + 1) * self.scale.units]
            for u, unit in enumerate(own_units):
                _, sphere_name, pattern = UNITS[u % len(UNITS)]
                count = share // len(own_units) + (u < share % len(own_units))
                for n in range(1, count + 1):
                    institutions.append(
                        Organisation(
                            full_name=f"{pattern.format(n=n)} ({place.short_name})",
                            short_name=f"{pattern.split('«')[-1].rstrip('»').format(n=n)} ({place.short_name})",
                            kind=Organisation.Kind.INSTITUTION,
                            municipality=unit.municipality,
                            sphere=spheres[sphere_name],
                            parent=unit,
                            is_active=rng.random() > 0.01,
                        )
                    )
        institutions = _bulk(Organisation, institutions, keep=True)
        self.orgs = [regional, *offices.values(), *units, *institutions]
        self.regional = regional
        self.busiest_unit = units[0]  # the default municipality's first unit: the staff account's
        self.municipality_of = {o.pk: o.municipality_id for o in self.orgs}
        self.working_orgs = [o for o in units + institutions if o.is_active]
        # Records go to a municipality in proportion to its population, within it to a unit eight
        # times as often as to an institution.
        population = {m.pk: place.population for place, m in zip(self.places, self.municipalities, strict=True)}
        weights = [8 if o.kind == Organisation.Kind.STRUCTURAL_UNIT else 1 for o in self.working_orgs]
        within: dict[int, int] = defaultdict(int)
        for org, weight in zip(self.working_orgs, weights, strict=True):
            within[org.municipality_id] += weight
        self.org_cum_weights = list(
            itertools.accumulate(
                population[o.municipality_id] * weight / within[o.municipality_id]
                for o, weight in zip(self.working_orgs, weights, strict=True)
            )
        )
        self.step("муниципальные образования", len(self.municipalities))
        self.step("организации", len(self.orgs))

    def pick_orgs(self, rng: random.Random, count: int) -> list[Organisation]:
        """``count`` working organisations, each municipality in proportion to its population."""
        return rng.choices(self.working_orgs, cum_weights=self.org_cum_weights, k=count)

    def people(self) -> None:
        rng = self.rng
        office_ids = {office.pk for office in self.offices.values()}
        employees = []
        for org in self.orgs:
            count = self.scale.employees_per_org + (3 if org.pk in office_ids or org is self.regional else 0)
            for i in range(count):
                female = rng.random() < 0.6
                last = rng.choice(LAST_NAMES) + ("а" if female else "")
                employees.append(
                    Employee(
                        last_name=last,
                        first_name=rng.choice(FIRST_NAMES)[female],
                        middle_name=rng.choice(PATRONYMICS)[female],
                        position=POSITIONS[min(i, len(POSITIONS) - 1)],
                        organisation=org,
                        email=f"e{len(employees)}@example.ru",
                    )
                )
        # Training first, so the derived lean-basics date is stored with the employee.
        trainings = []
        for _ in range(self.scale.trainings):
            index = rng.randrange(len(employees))
            kind = _weighted(rng, TRAINING_KINDS)
            started = FIRST_DAY + _days(rng, 0, (self.today - FIRST_DAY).days - 10)
            completed = started + _days(rng, 1, 60) if rng.random() < 0.85 else None
            if completed and completed > self.today:
                completed = None
            trainings.append((index, kind, started, completed))
            if kind == Training.Kind.LEAN_BASICS and completed:
                employee = employees[index]
                if employee.lean_basics_completed_on is None or completed < employee.lean_basics_completed_on:
                    employee.lean_basics_completed_on = completed
        # The offices' assessors are trained (4.2).
        for employee in employees:
            if employee.organisation_id in office_ids and employee.lean_basics_completed_on is None:
                employee.lean_basics_completed_on = FIRST_DAY
        employees = _bulk(Employee, employees, keep=True)
        self.employees_by_org: dict[int, list[Employee]] = defaultdict(list)
        for employee in employees:
            self.employees_by_org[employee.organisation_id].append(employee)
        self.step("сотрудники", len(employees))

        self.trainings_by_org_quarter: dict[tuple[int, Quarter], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        rows = []
        for index, kind, started, completed in trainings:
            employee = employees[index]
            if completed:
                self.trainings_by_org_quarter[(employee.organisation_id, Quarter.of(completed))][kind] += 1
            rows.append(
                Training(
                    employee=employee,
                    kind=kind,
                    provider="АНО «Центр компетенций Кузбасса»" if kind == Training.Kind.LEAN_BASICS else "",
                    started_on=started,
                    completed_on=completed,
                    hours=Decimal(rng.choice([8, 16, 24, 36, 72])),
                    created_at=_at(started),
                )
            )
        with _own_timestamps(Training):
            _bulk(Training, rows)
        self.step("обучение", len(rows))
        self.accounts()

    def accounts(self) -> None:
        """The benchmark's accounts: the default municipality's office, director and staff (as before
        municipalities), the regional office, and every other municipality's office — the biggest
        one's as ``bench-far-economy``, with ``bench-far-staff`` in its first unit."""
        busiest_unit = self.busiest_unit
        unit_staff = self.employees_by_org[busiest_unit.pk]
        accounts = []
        for index, m in enumerate(self.municipalities):
            office_staff = self.employees_by_org[self.offices[m.pk].pk]
            if m.is_default:
                name = "bench-economy"
            elif index == 1:
                name = "bench-far-economy"
                far_unit = self.working_orgs_first_unit(m)
                accounts.append(("bench-far-staff", User.Role.STAFF, self.employees_by_org[far_unit.pk][1]))
            else:
                name = f"bench-economy-{m.slug}"
            accounts.append((name, User.Role.ECONOMY, office_staff[0]))
        accounts += [
            ("bench-director", User.Role.DIRECTOR, unit_staff[0]),
            ("bench-staff", User.Role.STAFF, unit_staff[1]),
            ("bench-region", User.Role.REGION, self.employees_by_org[self.regional.pk][0]),
        ]
        password = make_password(PASSWORD)
        users = [
            User(username=name, role=role, employee=employee, password=password, first_name=employee.first_name)
            for name, role, employee in accounts
        ]
        users = _bulk(User, users, keep=True)
        # Who decides in each municipality: its office's account (assessments, reports, effects).
        self.office_user: dict[int, tuple[User, Employee]] = {}
        for user, (_, role, employee) in zip(users, accounts, strict=True):
            if role == User.Role.ECONOMY:
                self.office_user[self.municipality_of[employee.organisation_id]] = (user, employee)
            if role in (User.Role.ECONOMY, User.Role.REGION):
                # The office and the region need a second factor at log-in: a device of recovery codes,
                # to which the benchmark adds a fresh code for each of its log-ins (bench/run.py, ``login``).
                recovery_codes_issue(user=user)
        busiest_unit.head = unit_staff[0]
        busiest_unit.save(update_fields=["head"])
        self.step("учётные записи", len(users))

    def working_orgs_first_unit(self, municipality: Municipality) -> Organisation:
        return next(
            o
            for o in self.working_orgs
            if o.municipality_id == municipality.pk and o.kind == Organisation.Kind.STRUCTURAL_UNIT
        )

    # --- projects ------------------------------------------------------------------------

    def _stage_dates(self, project: Project, start: datetime.date, length: int) -> None:
        """Ten stages over ``length`` days from ``start``: 1 a date, 2–8 consecutive ranges, 9 and 10 dates."""
        rng = self.rng
        project.stage1_date = start
        shares = [rng.randint(5, 15) for _ in range(7)]
        total = sum(shares)
        day = start + datetime.timedelta(days=1)
        for number, share in zip(range(2, 9), shares, strict=True):
            span = max(3, length * share // total)
            begin, end = stage_field_names(number)
            setattr(project, begin, day)
            setattr(project, end, day + datetime.timedelta(days=span - 1))
            day += datetime.timedelta(days=span)
        project.stage9_date = day
        project.stage10_date = day + datetime.timedelta(days=90)

    def projects(self) -> None:
        rng = self.rng
        today = self.today
        # The first unit (the staff account's) gets a registry big enough to page through.
        owners = [self.busiest_unit] * (self.scale.projects // 100) + self.pick_orgs(
            rng, self.scale.projects - self.scale.projects // 100
        )
        projects = []
        for number, org in enumerate(owners, start=1):
            state = _weighted(rng, PROJECT_STATES)
            template, begin, end = rng.choice(PROCESSES)
            subject = rng.choice(OBJECTS)
            process = template.format(x=subject)
            project = Project(
                organisation=org,
                title=f"Оптимизация процесса «{process}» ({number})",
                kind=Project.Kind.INTERNAL if rng.random() < 0.85 else Project.Kind.INTERAGENCY,
                sphere=org.sphere,
                customer_organisation=org,
                process=process,
                process_start=begin,
                process_end=end,
                effects="Сокращение сроков и числа обращений заявителей; высвобождение рабочего времени сотрудников.",
                state=state,
            )
            staff = self.employees_by_org[org.pk]
            project.lead = staff[rng.randrange(len(staff))]
            length = rng.randint(400, 880)
            if state in (Project.State.DRAFT, Project.State.SUBMITTED, Project.State.RETURNED, Project.State.ACCEPTED):
                start = today + _days(rng, 5, 60)
                self._stage_dates(project, start, length)
                created = today - _days(rng, 1, 90)
                if state != Project.State.DRAFT:
                    project.submitted_at = _at(created + _days(rng, 0, 5))
            elif state in (Project.State.APPROVED, Project.State.IN_PROGRESS):
                start = today - _days(
                    rng,
                    5 if state == Project.State.APPROVED else 30,
                    60 if state == Project.State.APPROVED else min(length - 10, 880),
                )
                start = max(start, FIRST_DAY)
                self._stage_dates(project, start, length)
                created = start - _days(rng, 10, 40)
                project.current_stage = None if state == Project.State.APPROVED else project.planned_stage(today)
                if project.current_stage and rng.random() < 0.25:
                    project.current_stage = max(2, project.current_stage - 1)  # behind schedule
            else:
                latest_start = (today - FIRST_DAY).days - length - 10
                start = FIRST_DAY + _days(rng, 0, max(latest_start, 1))
                self._stage_dates(project, start, length)
                created = start - _days(rng, 10, 40)
                project.closed_on = min(project.stage9_date + _days(rng, -10, 30), today)
                project.current_stage = 9
                if state == Project.State.MONITORING and project.stage10_date <= today and rng.random() < 0.7:
                    project.stability_checked_on = min(project.stage10_date + _days(rng, 0, 20), today)
            created = max(created, FIRST_DAY - datetime.timedelta(days=40))
            project.created_at = _at(created)
            if project.state not in (
                Project.State.DRAFT,
                Project.State.SUBMITTED,
                Project.State.RETURNED,
                Project.State.ACCEPTED,
            ):
                project.approval_date = project.stage1_date
                project.approved_at = _at(project.stage1_date)
                project.submitted_at = _at(created + _days(rng, 1, 5))
                head = staff[0]
                project.approver_name = head.full_name
                project.approver_position = "руководитель"
            projects.append(project)
        with _own_timestamps(Project):
            self.project_list = _bulk(Project, projects, keep=True)
        self.step("проекты", len(self.project_list))

        team, goals = [], []
        for index, project in enumerate(self.project_list):
            staff = self.employees_by_org[project.organisation_id]
            others = [e for e in staff if e.pk != project.lead_id]
            members = [project.lead, *rng.sample(others, k=min(3, len(others)))]
            for position, employee in enumerate(members, start=1):
                role = "руководитель проекта" if position == 1 else "участник команды"
                team.append(TeamMember(project=project, employee=employee, role=role, position=position))
            for position in range(1, rng.randint(1, 3) + 1):
                name, unit, decrease = GOALS[(index + position) % len(GOALS)]  # not the pk: ids differ between runs
                current = Decimal(rng.randint(10, 90))
                factor = Decimal(rng.randint(40, 80)) / 100
                target = (current * factor if decrease else min(current / factor, Decimal(100))).quantize(Decimal("1"))
                goal = Goal(project=project, position=position, name=name, unit=unit, current_value=current)
                goal.target_value = target
                if project.stability_checked_on:
                    goal.stability_value = target if rng.random() < 0.85 else current
                goals.append(goal)
        _bulk(TeamMember, team)
        self.step("участники команд", len(team))
        goals = _bulk(Goal, goals, keep=True)
        self.goals_by_project: dict[int, list[Goal]] = defaultdict(list)
        for goal in goals:
            self.goals_by_project[goal.project_id].append(goal)
        self.step("цели", len(goals))

    # --- assessments -----------------------------------------------------------------------

    def assessments(self) -> None:
        rng = self.rng
        version = RubricVersion.objects.current()
        rubric = version.to_rubric()
        candidates = [p for p in self.project_list if p.state != Project.State.DRAFT]
        chosen = rng.sample(candidates, k=min(len(candidates), len(self.project_list) // 2))
        chosen.sort(key=lambda p: p.pk)
        assessments, choices_of = [], []
        for project in chosen:
            choices: dict[str, list[str]] = {}
            for criterion in rubric.criteria:
                if criterion.multiple:
                    plain = [i.code for i in criterion.indicators if not i.excludes_others]
                    picked = rng.sample(plain, k=min(len(plain), rng.choice([1, 1, 2, 2, 3])))
                    if rng.random() < 0.04:
                        picked = [i.code for i in criterion.indicators if i.excludes_others][:1] or picked
                else:
                    picked = [rng.choice(criterion.indicators).code]
                choices[criterion.code] = sorted(picked)
            result = evaluate(choices, rubric)
            # The office of the project's own municipality assesses it.
            office_user, office_employee = self.office_user[self.municipality_of[project.organisation_id]]
            day = (project.submitted_at or project.created_at).date() + _days(rng, 3, 20)
            assessments.append(
                Assessment(
                    project=project,
                    rubric_version=version,
                    kind=Assessment.Kind.OFFICE,
                    state=Assessment.State.AGREED,
                    total=result.total,
                    is_lean=result.is_lean,
                    status=result.status or "",
                    cut_off_by=",".join(result.cut_off_by),
                    assessor=office_user,
                    assessor_employee=office_employee,
                    assessed_on=min(day, self.today),
                    decided_at=_at(min(day, self.today)),
                    decided_by=office_user,
                )
            )
            choices_of.append((choices, result))
        assessments = _bulk(Assessment, assessments, keep=True)
        self.step("оценки значимости", len(assessments))
        criteria, picks = [], []
        for assessment, (choices, result) in zip(assessments, choices_of, strict=True):
            for criterion in rubric.criteria:
                criteria.append(
                    AssessmentCriterion(
                        assessment=assessment,
                        code=criterion.code,
                        score=result.scores[criterion.code],
                        justification=f"Обоснование по критерию {criterion.code}: по данным паспорта проекта.",
                    )
                )
                picks.append(choices.get(criterion.code, []))
        criteria = _bulk(AssessmentCriterion, criteria, keep=True)
        _bulk(
            AssessmentIndicator,
            (
                AssessmentIndicator(criterion=row, code=code)
                for row, codes in zip(criteria, picks, strict=True)
                for code in codes
            ),
        )
        self.step("критерии оценок", len(criteria))

    # --- registries -------------------------------------------------------------------------

    def suggestions(self) -> None:
        rng = self.rng
        states = [
            (Suggestion.State.SUBMITTED, 20),
            (Suggestion.State.ACCEPTED, 15),
            (Suggestion.State.IMPLEMENTED, 50),
            (Suggestion.State.REJECTED, 15),
        ]
        self.suggestions_by_org_quarter: dict[tuple[int, Quarter], list[int]] = defaultdict(lambda: [0, 0])
        rows, authors = [], []
        for org in self.pick_orgs(rng, self.scale.suggestions):
            state = _weighted(rng, states)
            submitted = FIRST_DAY + _days(rng, 0, (self.today - FIRST_DAY).days)
            implemented = None
            if state == Suggestion.State.IMPLEMENTED:
                implemented = min(submitted + _days(rng, 5, 90), self.today)
            subject = rng.choice(OBJECTS)
            rows.append(
                Suggestion(
                    organisation=org,
                    title=f"Упростить {rng.choice(PROCESSES)[0].format(x=subject)}",
                    submitted_on=submitted,
                    problem=f"Заявители тратят лишнее время: процесс «{subject}» требует повторных обращений.",
                    solution="Перенести сбор сведений в межведомственные запросы и сократить число согласований.",
                    expected_effect="Сокращение срока на 2–3 дня.",
                    state=state,
                    implemented_on=implemented,
                    achieved_effect="Срок сокращён на 2 дня." if implemented else "",
                    rejection_reason="Противоречит регламенту." if state == Suggestion.State.REJECTED else "",
                    created_at=_at(submitted),
                    updated_at=_at(implemented or submitted),
                )
            )
            self.suggestions_by_org_quarter[(org.pk, Quarter.of(submitted))][0] += 1
            if implemented:
                self.suggestions_by_org_quarter[(org.pk, Quarter.of(implemented))][1] += 1
        auto_now = Suggestion._meta.get_field("updated_at")
        auto_now.auto_now = False
        try:
            with _own_timestamps(Suggestion):
                rows = _bulk(Suggestion, rows, keep=True)
        finally:
            auto_now.auto_now = True
        through = Suggestion.authors.through
        for suggestion in rows:
            staff = self.employees_by_org[suggestion.organisation_id]
            for employee in rng.sample(staff, k=min(len(staff), rng.choice([1, 1, 2]))):
                authors.append(through(suggestion_id=suggestion.pk, employee_id=employee.pk))
        _bulk(through, authors)
        self.step("предложения по улучшению", len(rows))

    def surveys(self) -> None:
        rng = self.rng
        surveys = []
        for n, org in enumerate(self.pick_orgs(rng, self.scale.surveys)):
            held = FIRST_DAY + _days(rng, 0, (self.today - FIRST_DAY).days - 1)
            closes = held + datetime.timedelta(days=30)
            surveys.append(
                Survey(
                    organisation=org,
                    title=f"Удовлетворённость получателей услуг ({org.short_name}, {held:%m.%Y})",
                    service=rng.choice(OBJECTS),
                    method=Survey.Method.PORTAL,
                    held_on=held,
                    closes_on=closes,
                    public_token=hashlib.sha256(f"{self.seed}-{n}".encode()).hexdigest()[:16],
                    is_open=closes >= self.today,
                    created_at=_at(held),
                )
            )
        with _own_timestamps(Survey):
            surveys = _bulk(Survey, surveys, keep=True)
        questions = _bulk(
            SurveyQuestion,
            (
                SurveyQuestion(survey=s, position=i, text=SURVEY_QUESTIONS[i % len(SURVEY_QUESTIONS)])
                for s in surveys
                for i in range(1, self.scale.questions + 1)
            ),
            keep=True,
        )
        by_survey = defaultdict(list)
        for question in questions:
            by_survey[question.survey_id].append(question)
        answers = 0
        with _own_timestamps(SurveyResponse):
            for chunk in _chunks(surveys, 100):
                responses = []
                for survey in chunk:
                    for _ in range(self.scale.responses_per_survey):
                        when = _at(survey.held_on + _days(rng, 0, 29), rng.randint(8, 19))
                        comment = "Спасибо, стало быстрее." if rng.random() < 0.1 else ""
                        responses.append(SurveyResponse(survey=survey, submitted_at=when, comment=comment))
                responses = SurveyResponse.objects.bulk_create(responses, batch_size=BATCH)
                rows = [
                    SurveyAnswer(response=r, question=q, score=rng.choices([1, 2, 3, 4, 5], [3, 5, 15, 37, 40])[0])
                    for r in responses
                    for q in by_survey[r.survey_id]
                ]
                _bulk(SurveyAnswer, rows)
                answers += len(rows)
        self.step("опросы", len(surveys))
        self.step("ответы на вопросы опросов", answers)

    # --- quarterly reports ----------------------------------------------------------------

    def reports(self) -> None:
        """Each organisation's report for every quarter it had projects running, up to the last ended quarter."""
        rng = self.rng
        last = Quarter.of(self.today).previous()
        first = Quarter.of(FIRST_DAY)
        in_report: dict[tuple[int, Quarter], list[Project]] = defaultdict(list)
        approved_in: dict[tuple[int, Quarter], list[Project]] = defaultdict(list)
        for project in self.project_list:
            if project.approval_date is None:
                continue
            approved_in[(project.organisation_id, Quarter.of(project.approval_date))].append(project)
            quarter = max(Quarter.of(project.approval_date), first)
            end = min(Quarter.of(project.closed_on), last) if project.closed_on else last
            while quarter <= end:
                in_report[(project.organisation_id, quarter)].append(project)
                quarter = quarter.next()
        keys = sorted(in_report, key=lambda k: (k[1], k[0]))
        org_by_id = {o.pk: o for o in self.orgs}
        sphere_names = {s.pk: s.name for s in self.spheres.values()}
        latest: dict[int, tuple[Quarter, Decimal]] = {}
        reports_made = lines = actuals = 0
        for chunk in _chunks(keys, 500):
            reports, contents = [], []
            for org_id, quarter in chunk:
                projects = sorted(in_report[(org_id, quarter)], key=lambda p: (p.title, p.pk))
                if quarter < last:
                    state = _weighted(rng, [(QuarterlyReport.State.ACCEPTED, 92), (QuarterlyReport.State.SUBMITTED, 8)])
                else:
                    state = _weighted(
                        rng,
                        [
                            (QuarterlyReport.State.SUBMITTED, 50),
                            (QuarterlyReport.State.ACCEPTED, 20),
                            (QuarterlyReport.State.DRAFT, 20),
                            (QuarterlyReport.State.RETURNED, 10),
                        ],
                    )
                submitted = quarter.end + _days(rng, 1, 25)
                report = QuarterlyReport(
                    organisation_id=org_id,
                    year=quarter.year,
                    quarter=quarter.quarter,
                    state=state,
                    created_at=_at(quarter.end - _days(rng, 0, 10)),
                    updated_at=_at(submitted),
                )
                if state != QuarterlyReport.State.DRAFT:
                    report.submitted_at = _at(submitted)
                    report.submitted_by = None  # the offices file no reports: they own no projects
                if state == QuarterlyReport.State.ACCEPTED:
                    report.decided_at = _at(submitted + _days(rng, 1, 10))
                    report.decided_by = self.office_user[self.municipality_of[org_id]][0]
                if state == QuarterlyReport.State.RETURNED:
                    report.review_comment = "Заполните ход реализации по всем проектам."
                entries, values = [], []
                for project in projects:
                    stage = project.reported_stage
                    progress = f"Выполнены работы этапа {stage}; график соблюдается." if stage else ""
                    problems = "Задержка согласования со смежным подразделением." if rng.random() < 0.15 else ""
                    help_needed = "Методическая помощь управления." if problems and rng.random() < 0.5 else ""
                    entries.append((project, progress, problems, help_needed))
                    for goal in self.goals_by_project[project.pk]:
                        share = Decimal(rng.randint(0, 100)) / 100
                        value = (goal.current_value + (goal.target_value - goal.current_value) * share).quantize(
                            Decimal("0.01")
                        )
                        values.append((goal, value))
                if report.state in (QuarterlyReport.State.SUBMITTED, QuarterlyReport.State.ACCEPTED):
                    report.snapshot = self._snapshot(
                        org_by_id[org_id], quarter, entries, {g.pk: v for g, v in values}, latest, sphere_names,
                        approved_in.get((org_id, quarter), []),
                    )  # fmt: skip
                for goal, value in values:
                    latest[goal.pk] = (quarter, value)
                reports.append(report)
                contents.append((entries, values))
            with _own_timestamps(QuarterlyReport):
                updated = QuarterlyReport._meta.get_field("updated_at")
                updated.auto_now = False
                try:
                    reports = QuarterlyReport.objects.bulk_create(reports, batch_size=BATCH)
                finally:
                    updated.auto_now = True
            rows, actual_rows = [], []
            for report, (entries, values) in zip(reports, contents, strict=True):
                for project, progress, problems, help_needed in entries:
                    rows.append(
                        ReportProject(
                            report=report,
                            project=project,
                            progress=progress,
                            problems=problems,
                            help_needed=help_needed,
                        )
                    )
                actual_rows.extend(GoalActual(report=report, goal=goal, value=value) for goal, value in values)
            _bulk(ReportProject, rows)
            _bulk(GoalActual, actual_rows)
            reports_made += len(reports)
            lines += len(rows)
            actuals += len(actual_rows)
        self.step("квартальные отчёты", reports_made)
        self.step("строки отчётов (проекты в отчётах)", lines)
        self.step("фактические значения целей", actuals)

    def _snapshot(self, org, quarter, entries, mine, latest, sphere_names, approved) -> dict:
        """What ``reporting.figures.build_figures`` freezes on submission, from the rows being generated."""
        as_of = min(self.today, quarter.end)
        projects = []
        for project, progress, problems, help_needed in entries:
            stage = project.reported_stage
            scheduled, note = project.schedule_verdict(as_of)
            sphere_id = project.sphere_id or org.sphere_id
            goals = []
            for goal in self.goals_by_project[project.pk]:
                previous = latest.get(goal.pk)
                goals.append(
                    {
                        "id": goal.pk,
                        "name": goal.name,
                        "unit": goal.unit,
                        "current": str(goal.current_value),
                        "target": str(goal.target_value),
                        "latest": str(previous[1]) if previous else None,
                        "latest_period": previous[0].short_label if previous else "",
                        "actual": str(mine[goal.pk]) if goal.pk in mine else None,
                    }
                )
            projects.append(
                {
                    "id": project.pk,
                    "title": project.title,
                    "url": f"/projects/{project.pk}/",
                    "sphere": sphere_names.get(sphere_id, ""),
                    "state": project.state,
                    "state_label": project.get_state_display(),
                    "stage": stage,
                    "stage_name": STAGE_NAMES.get(stage, "") if stage else "",
                    "planned_stage": project.planned_stage(as_of),
                    "on_schedule": scheduled,
                    "schedule_note": note,
                    "progress": progress,
                    "problems": problems,
                    "help_needed": help_needed,
                    "goals": goals,
                }
            )
        submitted, implemented = self.suggestions_by_org_quarter.get((org.pk, quarter), (0, 0))
        kinds = dict(Training.Kind.choices)
        by_kind = sorted(self.trainings_by_org_quarter.get((org.pk, quarter), {}).items())
        return {
            "version": SNAPSHOT_VERSION,
            "as_of": as_of.isoformat(),
            "organisation": org.short_name,
            "organisation_sphere": sphere_names.get(org.sphere_id, ""),
            "period": {"year": quarter.year, "quarter": quarter.quarter, "label": quarter.label},
            "projects": projects,
            "passports": [
                {
                    "id": p.pk,
                    "title": p.title,
                    "approval_date": p.approval_date.isoformat(),
                    "url": f"/projects/{p.pk}/pdf/",
                }
                for p in approved
            ],
            "suggestions": {"submitted": submitted, "implemented": implemented, "items": []},
            "training": {
                "completed": sum(count for _, count in by_kind),
                "by_kind": [{"kind": k, "label": kinds[k], "count": count} for k, count in by_kind],
            },
            "general_comment": "",
        }

    def contests(self) -> None:
        """The office's municipal contest of the last full year: a nomination per sphere, the year's closed
        projects and implemented suggestions entered, the jury's places. Reads what the steps before made
        (so it can also be added to a data set generated before it existed) with its own random sequence."""
        rng = random.Random(f"{self.seed}-contests")  # noqa: S311 — test data, not secrets
        year = self.today.year - 1
        # The default municipality's office (the benchmark's account): a municipal contest enters its
        # own municipality's records only.
        default = Municipality.objects.default()
        office = Organisation.objects.get(is_economy_office=True, municipality=default)
        contest = Contest.objects.create(
            organisation=office,
            level=Contest.Level.MUNICIPAL,
            title=f"Лучшая практика бережливого управления {year} года",
            year=year,
            held_on=datetime.date(year, 12, 15),
            description="Конкурс лучших практик среди организаций региона.",
        )
        spheres = list(Sphere.objects.filter(municipality__isnull=True).order_by("position", "pk"))
        nominations = _bulk(
            ContestNomination,
            [ContestNomination(contest=contest, position=n, title=s.name) for n, s in enumerate(spheres, 1)],
            keep=True,
        )
        by_sphere = {n.title: n for n in nominations}
        own = {"organisation__municipality": default}
        projects = list(
            Project.objects.filter(closed_on__year=year, **own).order_by("pk").values_list("pk", "sphere__name")
        )
        suggestions = list(
            Suggestion.objects.filter(implemented_on__year=year, **own).order_by("pk").values_list("pk", flat=True)
        )
        entries = []
        for pk, sphere_name in rng.sample(projects, k=min(len(projects), self.scale.contest_projects)):
            entries.append(ContestEntry(contest=contest, nomination=by_sphere.get(sphere_name), project_id=pk))
        for pk in rng.sample(suggestions, k=min(len(suggestions), self.scale.contest_projects // 2)):
            entries.append(ContestEntry(contest=contest, nomination=rng.choice(nominations), suggestion_id=pk))
        for entry in entries:
            entry.score = Decimal(rng.randint(40, 100))
        ranked = sorted(entries, key=lambda e: (e.nomination.position if e.nomination else 0, -e.score))
        for nomination, group in itertools.groupby(ranked, key=lambda e: e.nomination):
            for place, entry in enumerate(list(group)[:3], start=1):
                entry.place, entry.is_winner = place, place == 1
                entry.jury_comment = f"{place} место в номинации «{nomination}»."
        _bulk(ContestEntry, entries)
        self.step("конкурсы (участники)", len(entries))

    def plans(self) -> None:
        """Each municipality's plan of measures for 2025–2027: the indicators of the decree's plan (worded
        for the municipality), targets scaled to its size, a little above or below what it reaches. Reads
        what the steps before made, with its own random sequence (the data before it does not change)."""
        rng = random.Random(f"{self.seed}-plans")  # noqa: S311 — test data, not secrets
        source = Plan.objects.filter(name=plan_seed.PLAN_NAME).first()
        if source is None:  # a flushed database: the decree's plan as its migration makes it
            source = plan_seed.seed_plan_2022_2024(Plan, Indicator, Target)
        indicators = list(source.indicators.order_by("position", "pk"))
        first_year, last_year = PLAN_YEARS[0], PLAN_YEARS[-1]
        existing = set(
            Plan.objects.filter(first_year=first_year, municipality__in=self.municipalities).values_list(
                "municipality_id", flat=True
            )
        )
        made = [(place, m) for place, m in zip(self.places, self.municipalities, strict=True) if m.pk not in existing]
        plans = _bulk(
            Plan,
            (
                Plan(
                    name=f"План мероприятий по реализации бережливого управления на территории {place.genitive} "
                    f"на {first_year}-{last_year} годы",
                    municipality=m,
                    decree=f"Постановление администрации {place.genitive} (нагрузочные данные)",
                    first_year=first_year,
                    last_year=last_year,
                )
                for place, m in made
            ),
            keep=True,
        )
        default = KUZBASS[0]
        rows = []
        for (place, _), plan in zip(made, plans, strict=True):

            def worded(text: str, place: Place = place) -> str:
                text = text.replace(default.genitive, place.genitive)
                return text.replace(default.prepositional, place.prepositional)

            for source_indicator in indicators:
                rows.append(
                    Indicator(
                        plan=plan,
                        section=worded(source_indicator.section),
                        code=source_indicator.code,
                        wording=worded(source_indicator.wording),
                        unit=source_indicator.unit,
                        computation=source_indicator.computation,
                        scope=source_indicator.scope,
                        position=source_indicator.position,
                    )
                )
        rows = _bulk(Indicator, rows, keep=True)
        whole = sum(place.population for place in self.places)
        # 1 for a district of 300 projects (the district scale), counts grow with the municipality.
        size = {
            plan.pk: place.population / whole * self.scale.projects / 300
            for (place, _), plan in zip(made, plans, strict=True)
        }
        targets = []
        for indicator in rows:
            comparison, values, scaled = PLAN_TARGETS.get(indicator.code, (AT_LEAST, [1, 1, 1], False))
            for year, value in zip(PLAN_YEARS, values, strict=True):
                if scaled:
                    value = max(1, round(value * size[indicator.plan_id] * rng.uniform(0.8, 1.25)))
                targets.append(Target(indicator=indicator, year=year, comparison=comparison, value=Decimal(value)))
        _bulk(Target, targets)
        self.step("планы мероприятий (целевые значения)", len(targets))

    def deadline_rules(self) -> None:
        """Each municipality's general deadline rules: the decree's, with its own reminder lead times."""
        rng = random.Random(f"{self.seed}-rules")  # noqa: S311 — test data, not secrets
        existing = set(
            DeadlineRule.objects.filter(organisation=None, municipality__in=self.municipalities).values_list(
                "municipality_id", "kind"
            )
        )
        rules = [
            DeadlineRule(kind=kind, municipality=m, **{**values, "remind_days_before": rng.choice([3, 5, 7])})
            for m in self.municipalities
            for kind, values in DeadlineRule.DEFAULTS.items()
            if (m.pk, kind) not in existing
        ]
        _bulk(DeadlineRule, rules)
        self.step("правила сроков", len(rules))

    def run(self) -> dict[str, int]:
        if Organisation.objects.filter(full_name=MARKER).exists():
            raise AlreadyGenerated
        # One transaction: a failure leaves nothing half-made.
        with transaction.atomic():
            self.organisations()
            self.people()
            self.projects()
            self.assessments()
            self.suggestions()
            self.surveys()
            self.reports()
            self.contests()
            self.plans()
            self.deadline_rules()
            self.step("эффекты", generate_effects(self.seed, self.today))
        return self.counts


# Effects of the generated projects (issue 20): kind, title, method, planned value range (per year).
EFFECT_TEMPLATES = [
    (Kind.STAFF_TIME, "Меньше времени сотрудников на операцию", "минут на операцию × операций в год ÷ 60", 50, 900),
    (Kind.CITIZEN_TIME, "Меньше ожидания заявителей", "минут ожидания × обращений в год ÷ 60", 100, 5000),
    (Kind.MONEY_SAVED, "Экономия расходных материалов", "единиц в год × цена", 5000, 150000),
    (Kind.MONEY_EARNED, "Доход от платных услуг", "услуг в год × цена", 10000, 300000),
    (Kind.QUALITY, "Меньше возвратов документов", "возвратов до − возвратов после", 5, 120),
]
EFFECT_RATES = [
    (datetime.date(2022, 1, 1), "340"),
    (datetime.date(2024, 1, 1), "380"),
    (datetime.date(2026, 1, 1), "445"),
]


def generate_effects(seed: int, today: datetime.date) -> int:
    """Effects of the approved projects: planned for all, forecasts of those being implemented, actual
    values of the closed ones (most confirmed, some returned or awaiting the office). Its own random
    stream, so the rest of the data set does not change with it."""
    rng = random.Random(f"effects-{seed}")  # noqa: S311 — test data, not secrets
    for valid_from, cost in EFFECT_RATES:
        ConversionRate.objects.get_or_create(
            valid_from=valid_from, defaults={"staff_hour_cost": Decimal(cost), "hours_per_position": Decimal("1973")}
        )
    # The office of each municipality verifies its own projects' effects (its first account).
    office: dict[int, int] = {}
    for pk, municipality_id in (
        User.objects.filter(role=User.Role.ECONOMY)
        .order_by("-pk")
        .values_list("pk", "employee__organisation__municipality_id")
    ):
        office[municipality_id] = pk
    counted = Project.APPROVED_STATES
    source = ["state", "closed_on", "stage9_date", "approval_date", "organisation_id", "sphere_id"]
    rows = (
        Project.objects.filter(state__in=counted)
        .order_by("pk")
        .values_list("pk", "organisation__municipality_id", *source)
    )
    implemented = set(Project.IMPLEMENTED_STATES)

    def effects() -> Iterator[Effect]:
        for pk, municipality_id, *values in rows.iterator(chunk_size=BATCH):
            state, closed_on = values[0], values[1]
            # bulk_create skips Effect.save: the project's figures for the district's roll-ups set here.
            figures = district_figures(**dict(zip(source, values, strict=True)))
            if rng.random() < 0.3:
                continue
            for position, (kind, title, method, low, high) in enumerate(
                rng.sample(EFFECT_TEMPLATES, rng.randint(1, 3))
            ):
                planned = Decimal(rng.randint(low, high))
                effect = Effect(
                    project_id=pk,
                    position=position + 1,
                    kind=kind,
                    title=title,
                    unit=FIXED_UNITS.get(kind, "возвратов в год"),
                    method=method,
                    planned_value=planned,
                    **figures,
                )
                if state == Project.State.IN_PROGRESS and rng.random() < 0.7:
                    effect.forecast_value, effect.forecast_on = (planned * Decimal(rng.randint(70, 110)) / 100), today
                if state in implemented:
                    effect.actual_value = (planned * Decimal(rng.randint(60, 120)) / 100).quantize(Decimal("1"))
                    effect.actual_on = closed_on or today
                    effect.status = _weighted(
                        rng, [(Effect.Status.CONFIRMED, 7), (Effect.Status.RETURNED, 1), (Effect.Status.SUBMITTED, 2)]
                    )
                    if effect.status != Effect.Status.SUBMITTED:
                        effect.verified_by_id = office.get(municipality_id)
                        effect.verified_at = _at(effect.actual_on)
                        if effect.status == Effect.Status.RETURNED:
                            effect.verification_comment = "Приложите расчёт по журналу операций."
                yield effect

    created = 0
    for chunk in _chunks(effects()):
        created += len(Effect.objects.bulk_create(chunk, batch_size=BATCH))
    return created


def generate(scale: str | Scale, seed: int = 1, today: datetime.date | None = None, log=lambda message: None) -> dict:
    """Generate the data set of ``scale`` (a name of ``SCALES`` or a ``Scale``); returns the counts made."""
    scale = SCALES[scale] if isinstance(scale, str) else scale
    if not 1 <= scale.municipalities <= len(KUZBASS):
        raise ValueError(f"municipalities: from 1 to {len(KUZBASS)}")
    return Generator(scale, seed, today or timezone.localdate(), log).run()


def fingerprint() -> str:
    """A digest of the generated content that does not depend on database ids (for the determinism test)."""
    digest = hashlib.sha256()
    organisations = Organisation.objects.order_by("full_name")
    for row in organisations.values_list("full_name", "parent__full_name", "is_active", "municipality__slug"):
        digest.update(repr(row).encode())
    fields = ["organisation__full_name", "title", "state", "lead__last_name", "closed_on", "current_stage"]
    fields += [name for number, _, _ in STAGES for name in stage_field_names(number)]
    # Every digested column is in the ordering: equal titles must not fall in the database's own order.
    for row in Project.objects.order_by(*fields).values_list(*fields):
        digest.update(repr(row).encode())
    goal_fields = ["project__title", "position", "name", "current_value", "target_value"]
    for row in Goal.objects.order_by(*goal_fields).values_list(*goal_fields):
        digest.update(repr(row).encode())
    assessment_fields = ["project__title", "total", "status", "cut_off_by"]
    for row in Assessment.objects.order_by(*assessment_fields).values_list(*assessment_fields):
        digest.update(repr(row).encode())
    for model in (Suggestion, Training, SurveyAnswer, ReportProject, GoalActual):
        digest.update(str(model.objects.count()).encode())
    for row in QuarterlyReport.objects.order_by("organisation__full_name", "year", "quarter").values_list(
        "organisation__full_name", "year", "quarter", "state"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()
