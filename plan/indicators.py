"""How each plan indicator is computed: the ONE place the definitions live.

Every indicator of a plan names a *computation key* from ``DEFINITIONS``. A definition
carries:

* ``how`` — the Russian text «как считается» shown on the dashboard, the report and
  the drill-down pages, so the reading of the decree is visible to everyone;
* ``compute(years)`` — the actual values for the given years, district-wide and per
  organisation, from ONE aggregated query (``values`` + ``Count`` with conditional
  aggregation); nothing is looped over in Python except the aggregated rows;
* ``records(year, organisation)`` — the queryset of exactly the records the figure
  counts, for the drill-down pages.

Readings chosen where the decree (Приложение 2) is ambiguous, in one place:

* A year is a calendar year; a record belongs to the year of its own date
  (``closed_on``, ``implemented_on``, ``completed_on``, ``audit_date``, ``held_on``).
* 1.1 counts projects *implemented in the year*: implemented state (closed or under
  stability monitoring) and ``closed_on`` in the year.
* 1.2 counts suggestions in the state «Внедрено» with ``implemented_on`` in the year.
* 1.3 «Доля подведомственных организаций, в которых реализованы бережливые проекты»:
  subordinate organisations are the active organisations with a parent unit. One
  counts when at least one project of its own has been implemented (closed) by the end
  of the year — *to date*, not only in the year: the rising targets (40 → 55 → 70 %)
  measure how far lean projects have spread, and an organisation that implemented a
  project last year still is one «в которой реализованы бережливые проекты». Projects
  still in work do not count: «реализованы» is the perfective «implemented».
* 1.4 «Доля подведомственных учреждений, в которых реализованы ППУ»: active
  institutions with a parent unit; one counts when a suggestion of its own was
  implemented *in the year* (suggestions are small and quick, so the share is the
  year's activity).
* 1.5 share of replicated projects among the projects implemented in the year; a
  project is replicated when it repeats a portal project or names an outside source.
* 2.1 / 2.2 count people, not courses: distinct employees whose training of that kind
  was completed in the year; an employee counts for the organisation they work in.
* 3.1 model sites by the date of their partner audit; 3.2 surveys by the date they
  were held; 3.3 contests by the date their results were summed up, for the organiser.
* An empty share (no subordinate organisations, no project implemented) has no value
  (``None``, shown «нет данных»), never 0 % and never a division by zero.
* Per organisation: counts are the organisation's own records. Shares are district
  targets; for an organisation 1.3 / 1.4 are read among its own subordinate
  organisations and 1.5 among its own projects, for information.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear


class Scope(models.TextChoices):
    ORGANISATION = "organisation", "на каждую организацию"
    DISTRICT = "district", "по округу в целом"


COUNT = "count"
SHARE = "share"


@dataclass(frozen=True)
class Value:
    """An actual value: a count, or a share as numerator / denominator."""

    numerator: int = 0
    # None for counts; for shares the size of the base (0 → no data).
    denominator: int | None = None

    @property
    def value(self) -> int | Decimal | None:
        if self.denominator is None:
            return self.numerator
        if self.denominator == 0:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass
class Actuals:
    """Actual values of one indicator for some years: district-wide and per organisation."""

    kind: str
    years: list[int]
    district: dict[int, Value] = field(default_factory=dict)
    # year → organisation id → value; organisations without records are absent.
    by_org: dict[int, dict[int, Value]] = field(default_factory=lambda: defaultdict(dict))

    def _empty(self) -> Value:
        return Value(0) if self.kind == COUNT else Value(0, 0)

    def for_year(self, year: int) -> Value:
        return self.district.get(year, self._empty())

    def for_organisation(self, year: int, organisation_id: int) -> Value:
        return self.by_org.get(year, {}).get(organisation_id, self._empty())


@dataclass(frozen=True)
class Definition:
    key: str
    # Short label for choices and headings.
    title: str
    kind: str
    # «Как считается» — the Russian definition shown on screen.
    how: str
    # What the drill-down lists, e.g. «Реализованные проекты».
    records_title: str
    compute: Callable[[Sequence[int]], Actuals]
    records: Callable[[int, object | None], QuerySet]
    # For the 1.3 / 1.4 shares: the projects or suggestions that make an organisation count.
    evidence: Callable[[int, object | None], QuerySet] | None = None
    evidence_title: str = ""

    @property
    def is_share(self) -> bool:
        return self.kind == SHARE

    @property
    def unit_label(self) -> str:
        return "%" if self.is_share else ""


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _in_year(date_field: str, year: int) -> dict:
    first, last = _year_bounds(year)
    return {f"{date_field}__gte": first, f"{date_field}__lte": last}


def _in_years(date_field: str, years: Sequence[int]) -> dict:
    return {f"{date_field}__gte": _year_bounds(min(years))[0], f"{date_field}__lte": _year_bounds(max(years))[1]}


def _counts(
    queryset: QuerySet, *, date_field: str, org_field: str, years: Sequence[int], distinct: str | None = None
) -> Actuals:
    """Count rows per organisation and year in one ``GROUP BY`` query."""
    actuals = Actuals(COUNT, list(years))
    if not years:
        return actuals
    counter = Count(distinct, distinct=True) if distinct else Count("pk")
    rows = (
        queryset.filter(**_in_years(date_field, years))
        .values(plan_org=F(org_field), plan_year=ExtractYear(date_field))
        .annotate(plan_n=counter)
        .order_by()
    )
    totals: dict[int, int] = defaultdict(int)
    for row in rows:
        year, org = row["plan_year"], row["plan_org"]
        if year in actuals.years:
            actuals.by_org[year][org] = Value(row["plan_n"])
            totals[year] += row["plan_n"]
    actuals.district = {year: Value(totals.get(year, 0)) for year in years}
    return actuals


def _shares(rows, years: Sequence[int], *, group: str) -> Actuals:
    """Fold rows with ``total`` and ``y<year>`` numerators grouped by ``group`` into actuals."""
    actuals = Actuals(SHARE, list(years))
    numerators: dict[int, int] = defaultdict(int)
    denominators: dict[int, int] = defaultdict(int)
    for row in rows:
        for year in years:
            numerator, denominator = row[f"y{year}"], row.get(f"t{year}", row.get("total", 0))
            if row[group] is not None:
                actuals.by_org[year][row[group]] = Value(numerator, denominator)
            numerators[year] += numerator
            denominators[year] += denominator
    actuals.district = {year: Value(numerators[year], denominators[year]) for year in years}
    return actuals


# --- The records each indicator counts -------------------------------------------------


def _projects():
    from projects.models import Project

    return Project.objects.implemented()


def _suggestions():
    from registries.models import Suggestion

    return Suggestion.objects.implemented()


def _organisations():
    from orgs.models import Organisation

    return Organisation.objects.all()


def _subordinates(organisation=None, *, institutions_only: bool = False) -> QuerySet:
    from orgs.models import Organisation

    queryset = Organisation.objects.filter(is_active=True, parent__isnull=False)
    if institutions_only:
        queryset = queryset.filter(kind=Organisation.Kind.INSTITUTION)
    if organisation is not None:
        queryset = queryset.filter(parent=organisation)
    return queryset


def _by_org(queryset: QuerySet, organisation, field: str = "organisation") -> QuerySet:
    return queryset if organisation is None else queryset.filter(**{field: organisation})


def _replicated_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}replicates__isnull": False}) | ~Q(**{f"{prefix}replicates_source": ""})


# 1.1 ---------------------------------------------------------------------------------


def projects_implemented(years: Sequence[int]) -> Actuals:
    """Projects implemented (closed or under stability monitoring) with ``closed_on`` in the year."""
    return _counts(_projects(), date_field="closed_on", org_field="organisation", years=years)


def projects_implemented_records(year: int, organisation=None) -> QuerySet:
    return _by_org(_projects().filter(**_in_year("closed_on", year)), organisation).select_related("organisation")


# 1.2 ---------------------------------------------------------------------------------


def suggestions_implemented(years: Sequence[int]) -> Actuals:
    """Suggestions in the state «Внедрено» with ``implemented_on`` in the year."""
    return _counts(_suggestions(), date_field="implemented_on", org_field="organisation", years=years)


def suggestions_implemented_records(year: int, organisation=None) -> QuerySet:
    return _by_org(_suggestions().filter(**_in_year("implemented_on", year)), organisation).select_related(
        "organisation"
    )


# 1.3 ---------------------------------------------------------------------------------


def _has_project_by_end_of(year: int) -> Q:
    implemented = _projects().filter(organisation=OuterRef("pk"), closed_on__lte=_year_bounds(year)[1])
    return Q(Exists(implemented))


def subordinates_with_projects(years: Sequence[int]) -> Actuals:
    """Share of active subordinate organisations with a project implemented by the end of the year.

    Grouped by parent unit, so a unit's own share comes from the same query.
    """
    if not years:
        return Actuals(SHARE, [])
    per_year = {f"y{year}": Count("pk", filter=_has_project_by_end_of(year)) for year in years}
    rows = _subordinates().values("parent_id").annotate(total=Count("pk"), **per_year).order_by()
    return _shares(rows, years, group="parent_id")


def subordinates_with_projects_records(year: int, organisation=None) -> QuerySet:
    """The subordinate organisations (the base of the share), each marked ``counted``."""
    return (
        _subordinates(organisation)
        .annotate(counted=Exists(_projects().filter(organisation=OuterRef("pk"), closed_on__lte=_year_bounds(year)[1])))
        .select_related("parent")
        .order_by("-counted", "short_name")
    )


def subordinates_with_projects_evidence(year: int, organisation=None) -> QuerySet:
    """The implemented projects that make subordinate organisations count."""
    return (
        _projects()
        .filter(organisation__in=_subordinates(organisation), closed_on__lte=_year_bounds(year)[1])
        .select_related("organisation")
    )


# 1.4 ---------------------------------------------------------------------------------


def _has_suggestion_in(year: int) -> Q:
    implemented = _suggestions().filter(organisation=OuterRef("pk"), **_in_year("implemented_on", year))
    return Q(Exists(implemented))


def institutions_with_suggestions(years: Sequence[int]) -> Actuals:
    """Share of active subordinate institutions with a suggestion implemented in the year."""
    if not years:
        return Actuals(SHARE, [])
    per_year = {f"y{year}": Count("pk", filter=_has_suggestion_in(year)) for year in years}
    rows = _subordinates(institutions_only=True).values("parent_id").annotate(total=Count("pk"), **per_year).order_by()
    return _shares(rows, years, group="parent_id")


def institutions_with_suggestions_records(year: int, organisation=None) -> QuerySet:
    return (
        _subordinates(organisation, institutions_only=True)
        .annotate(
            counted=Exists(_suggestions().filter(organisation=OuterRef("pk"), **_in_year("implemented_on", year)))
        )
        .select_related("parent")
        .order_by("-counted", "short_name")
    )


def institutions_with_suggestions_evidence(year: int, organisation=None) -> QuerySet:
    return (
        _suggestions()
        .filter(
            organisation__in=_subordinates(organisation, institutions_only=True),
            **_in_year("implemented_on", year),
        )
        .select_related("organisation")
    )


# 1.5 ---------------------------------------------------------------------------------


def replicated_projects(years: Sequence[int]) -> Actuals:
    """Share of replicated projects among the projects implemented in the year."""
    if not years:
        return Actuals(SHARE, [])
    per_year = {}
    for year in years:
        in_year = Q(**_in_year("closed_on", year))
        per_year[f"t{year}"] = Count("pk", filter=in_year)
        per_year[f"y{year}"] = Count("pk", filter=in_year & _replicated_q())
    rows = _projects().filter(**_in_years("closed_on", years)).values("organisation_id").annotate(**per_year).order_by()
    return _shares(rows, years, group="organisation_id")


def replicated_projects_records(year: int, organisation=None) -> QuerySet:
    """The projects implemented in the year (the base of the share), each marked ``counted`` when replicated."""
    return (
        projects_implemented_records(year, organisation)
        .annotate(
            counted=models.ExpressionWrapper(
                Q(replicates__isnull=False) | ~Q(replicates_source=""), output_field=models.BooleanField()
            )
        )
        .select_related("replicates", "replicates__organisation")
    )


# 2.1 and 2.2 ---------------------------------------------------------------------------


def _trainings(kind: str) -> QuerySet:
    from registries.models import Training

    return Training.objects.filter(kind=kind, completed_on__isnull=False)


def _trained(kind: str, years: Sequence[int]) -> Actuals:
    return _counts(
        _trainings(kind),
        date_field="completed_on",
        org_field="employee__organisation",
        years=years,
        distinct="employee",
    )


def _trained_records(kind: str, year: int, organisation=None) -> QuerySet:
    """The people (employees) who completed training of ``kind`` in the year, once each."""
    from orgs.models import Employee

    trainings = _trainings(kind).filter(employee=OuterRef("pk"), **_in_year("completed_on", year))
    completed = trainings.order_by("-completed_on").values("completed_on")[:1]
    return (
        _by_org(Employee.objects.filter(Exists(trainings)), organisation)
        .annotate(completed_on=models.Subquery(completed))
        .select_related("organisation")
    )


def lean_basics_trained(years: Sequence[int]) -> Actuals:
    """Distinct employees whose lean-basics training was completed in the year."""
    from registries.models import Training

    return _trained(Training.Kind.LEAN_BASICS, years)


def lean_basics_trained_records(year: int, organisation=None) -> QuerySet:
    from registries.models import Training

    return _trained_records(Training.Kind.LEAN_BASICS, year, organisation)


def office_factory_trained(years: Sequence[int]) -> Actuals:
    """Distinct employees who completed training at the office process factory in the year."""
    from registries.models import Training

    return _trained(Training.Kind.OFFICE_FACTORY, years)


def office_factory_trained_records(year: int, organisation=None) -> QuerySet:
    from registries.models import Training

    return _trained_records(Training.Kind.OFFICE_FACTORY, year, organisation)


# 3.1, 3.2, 3.3 -------------------------------------------------------------------------


def _model_sites():
    from registries.models import ModelSite

    return ModelSite.objects.all()


def _surveys():
    from registries.models import Survey

    return Survey.objects.all()


def _contests():
    from registries.models import Contest

    return Contest.objects.all()


def model_sites(years: Sequence[int]) -> Actuals:
    """Model sites whose partner audit took place in the year."""
    return _counts(_model_sites(), date_field="audit_date", org_field="organisation", years=years)


def model_sites_records(year: int, organisation=None) -> QuerySet:
    return _by_org(_model_sites().filter(**_in_year("audit_date", year)), organisation).select_related(
        "organisation", "sphere"
    )


def surveys(years: Sequence[int]) -> Actuals:
    """Satisfaction surveys held (started) in the year."""
    return _counts(_surveys(), date_field="held_on", org_field="organisation", years=years)


def surveys_records(year: int, organisation=None) -> QuerySet:
    return _by_org(_surveys().filter(**_in_year("held_on", year)), organisation).select_related("organisation")


def contests(years: Sequence[int]) -> Actuals:
    """Best-practice contests whose results were summed up in the year, for the organiser."""
    return _counts(_contests(), date_field="held_on", org_field="organisation", years=years)


def contests_records(year: int, organisation=None) -> QuerySet:
    return _by_org(_contests().filter(**_in_year("held_on", year)), organisation).select_related("organisation")


DEFINITIONS: dict[str, Definition] = {
    d.key: d
    for d in [
        Definition(
            key="projects_implemented",
            title="Реализованные бережливые проекты",
            kind=COUNT,
            how=(
                "Число бережливых проектов, реализованных в году: проект закрыт (или находится на мониторинге "
                "стабильности), и дата закрытия проекта приходится на этот год. По организации — проекты этой "
                "организации."
            ),
            records_title="Реализованные проекты",
            compute=projects_implemented,
            records=projects_implemented_records,
        ),
        Definition(
            key="suggestions_implemented",
            title="Исполненные предложения по улучшению",
            kind=COUNT,
            how=(
                "Число предложений по улучшению (ППУ) в состоянии «Внедрено», дата внедрения которых приходится "
                "на год. По организации — ППУ этой организации."
            ),
            records_title="Исполненные ППУ",
            compute=suggestions_implemented,
            records=suggestions_implemented_records,
        ),
        Definition(
            key="subordinates_with_projects_share",
            title="Доля подведомственных организаций с реализованными проектами",
            kind=SHARE,
            how=(
                "Доля действующих подведомственных организаций (организаций, подчинённых структурному "
                "подразделению), в которых на конец года реализован (закрыт) хотя бы один собственный "
                "бережливый проект — нарастающим итогом, включая проекты прошлых лет. Проекты в работе не "
                "учитываются. Если подведомственных организаций нет — «нет данных». По структурному "
                "подразделению — доля среди его подведомственных организаций."
            ),
            records_title="Подведомственные организации",
            compute=subordinates_with_projects,
            records=subordinates_with_projects_records,
            evidence=subordinates_with_projects_evidence,
            evidence_title="Реализованные проекты подведомственных организаций (на конец года)",
        ),
        Definition(
            key="institutions_with_suggestions_share",
            title="Доля подведомственных учреждений с исполненными ППУ",
            kind=SHARE,
            how=(
                "Доля действующих подведомственных муниципальных учреждений, в которых в течение года внедрено "
                "хотя бы одно предложение по улучшению (дата внедрения в году). Если таких учреждений нет — "
                "«нет данных». По структурному подразделению — доля среди его подведомственных учреждений."
            ),
            records_title="Подведомственные учреждения",
            compute=institutions_with_suggestions,
            records=institutions_with_suggestions_records,
            evidence=institutions_with_suggestions_evidence,
            evidence_title="ППУ, внедрённые подведомственными учреждениями в году",
        ),
        Definition(
            key="replicated_projects_share",
            title="Доля тиражируемых бережливых проектов",
            kind=SHARE,
            how=(
                "Доля тиражируемых проектов среди проектов, реализованных в году (см. 1.1): проект тиражирует "
                "проект портала или решение из внешнего источника. Если в году не реализовано ни одного "
                "проекта — «нет данных». По организации — среди её проектов."
            ),
            records_title="Проекты, реализованные в году",
            compute=replicated_projects,
            records=replicated_projects_records,
        ),
        Definition(
            key="lean_basics_trained",
            title="Сотрудники, прошедшие обучение основам бережливого производства",
            kind=COUNT,
            how=(
                "Число сотрудников (каждый считается один раз), завершивших в году обучение вида «Основы "
                "бережливого управления (внешнее обучение)» — по дате окончания обучения. Сотрудник относится "
                "к организации, в которой работает."
            ),
            records_title="Сотрудники, прошедшие обучение основам",
            compute=lean_basics_trained,
            records=lean_basics_trained_records,
        ),
        Definition(
            key="office_factory_trained",
            title="Сотрудники, прошедшие обучение на фабрике офисных процессов",
            kind=COUNT,
            how=(
                "Число сотрудников (каждый считается один раз), завершивших в году обучение на фабрике офисных "
                "процессов — по дате окончания обучения. Сотрудник относится к организации, в которой работает."
            ),
            records_title="Сотрудники, обученные на фабрике офисных процессов",
            compute=office_factory_trained,
            records=office_factory_trained_records,
        ),
        Definition(
            key="model_sites",
            title="Созданные образцы (партнёрские проверки)",
            kind=COUNT,
            how=(
                "Число образцов по направлениям деятельности, подтверждённых партнёрской проверкой, дата "
                "которой приходится на год."
            ),
            records_title="Образцы и партнёрские проверки",
            compute=model_sites,
            records=model_sites_records,
        ),
        Definition(
            key="surveys",
            title="Проведённые опросы удовлетворённости",
            kind=COUNT,
            how="Число опросов удовлетворённости пользователей, проведённых (начатых) в году.",
            records_title="Опросы удовлетворённости",
            compute=surveys,
            records=surveys_records,
        ),
        Definition(
            key="contests",
            title="Проведённые конкурсы лучших практик",
            kind=COUNT,
            how=(
                "Число муниципальных конкурсов лучших практик, итоги которых подведены в году; конкурс "
                "относится к организации-организатору."
            ),
            records_title="Конкурсы лучших практик",
            compute=contests,
            records=contests_records,
        ),
    ]
}
