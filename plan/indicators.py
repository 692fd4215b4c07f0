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

Readings chosen where the decree (Приложение 2) is terse, in one place (DOMAIN.md «How the
figures are read»):

* A year is a calendar year; a record belongs to the year of its own date
  (``closed_on``, ``implemented_on``, ``completed_on``, ``audit_date``, ``held_on``).
* Count targets are district totals: the figure is the sum over all executors, compared
  with the target; per-organisation figures are shown beside it. The scope of a target
  («по округу» / «каждым исполнителем») is data of the plan (``Indicator.scope``).
* Lean projects (1.1, 1.3, 1.5) are implemented projects (closed or under stability
  monitoring) except those whose official significance assessment says «не может быть
  признан бережливым»; a project not yet assessed counts and is marked ``not_assessed``.
* 1.1 counts lean projects with ``closed_on`` in the year; 1.2 suggestions «Внедрено»
  with ``implemented_on`` in the year.
* 1.3 and 1.4 are read the same way, cumulatively from the start of the plan period
  (``since``) to the end of the year: the share of subordinate organisations (1.3; those
  reporting to a unit and every municipal institution, МАУ «МФЦ» without a parent unit
  included) or institutions (1.4) in which at least one lean project (1.3) or suggestion
  (1.4) of their own was implemented in that span.
* 1.5 share of replicated projects among the lean projects implemented in the year.
* 2.1 / 2.2 count people, not courses: distinct employees whose training of that kind
  was completed in the year; an employee counts for the organisation they work in. 2.1
  counts confirmed training only (a certificate scan or the office's confirmation).
* 3.1 model sites by the date of their partner audit; 3.2 surveys that received answers,
  by the date they were held; 3.3 municipal contests (organised by the office or marked
  municipal) by the date their results were summed up, for the organiser.
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
from decimal import Decimal

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear

from lean_portal.formats import percent
from orgs.models import Employee, Organisation
from projects.models import Project
from registries.models import Contest, ModelSite, Suggestion, Survey, SurveyResponse, Training
from scoring.models import Assessment


class Scope(models.TextChoices):
    """How a count target is read (DOMAIN.md «How the figures are read»): a district total by default."""

    DISTRICT = "district", "по округу"
    ORGANISATION = "organisation", "каждым исполнителем"


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
        return percent(self.numerator, self.denominator, 1)


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
    # ``compute(years, organisation=None, *, by_org=True)``: with an organisation, only its own figures are
    # read; with ``by_org=False`` only the district's, folded by the database.
    compute: Callable[..., Actuals]
    records: Callable[[int, object | None], QuerySet]
    # For the 1.3 / 1.4 shares: the projects or suggestions that make an organisation count.
    evidence: Callable[[int, object | None], QuerySet] | None = None
    evidence_title: str = ""
    # For counts: what is counted, so that the district's figures can be folded by the database.
    counted: Counted | None = None
    # Read cumulatively from the start of the plan period (``since``) to the end of the year (1.3, 1.4).
    cumulative: bool = False

    @property
    def is_share(self) -> bool:
        return self.kind == SHARE

    def actuals(
        self,
        years: Sequence[int],
        organisation=None,
        *,
        by_org: bool = True,
        since: int | None = None,
        municipality=None,
    ):
        """``compute``, given the first year of the plan period where the figure is cumulative.

        ``municipality`` (an instance or an id): the records of that municipality only — a plan's figures
        are its municipality's (``plan.municipality``); None reads every record (a test's or a tool's view).
        """
        if self.cumulative:
            return self.compute(years, organisation, by_org=by_org, since=since, municipality=municipality)
        return self.compute(years, organisation, by_org=by_org, municipality=municipality)

    def rows(self, year: int, organisation=None, *, since: int | None = None, municipality=None) -> QuerySet:
        """The records behind the figure of ``year`` (``records``, from ``since`` where cumulative)."""
        if self.cumulative:
            return self.records(year, organisation, since=since, municipality=municipality)
        return self.records(year, organisation, municipality=municipality)

    def evidence_rows(
        self, year: int, organisation=None, *, since: int | None = None, municipality=None
    ) -> QuerySet | None:
        if self.evidence is None:
            return None
        return self.evidence(year, organisation, since=since, municipality=municipality)

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


@dataclass(frozen=True)
class Counted:
    """What a count indicator counts: its records, the date that places a record in a year, the field
    that names the record's organisation and, for people, the field counted once each."""

    records: Callable[[], QuerySet]
    date_field: str
    org_field: str = "organisation"
    distinct: str | None = None

    def counter(self, condition: Q | None = None) -> Count:
        # COUNT(*), not COUNT(id): the database can then count from an index holding the date and the
        # organisation (index-only scan) without visiting the table.
        # With a condition: COUNT(<date>), as the date is in that index too and never empty here.
        if self.distinct:
            return Count(self.distinct, distinct=True, filter=condition)
        return Count("*") if condition is None else Count(self.date_field, filter=condition)

    def between(self, years: Sequence[int], organisation=None, municipality=None) -> QuerySet:
        queryset = self.records().filter(**_in_years(self.date_field, years))
        if organisation is not None:
            queryset = queryset.filter(**{self.org_field: organisation})
        if municipality is not None:
            queryset = queryset.filter(**{f"{self.org_field}__municipality": municipality})
        return queryset

    def grouped(self, years: Sequence[int], organisation=None, municipality=None) -> QuerySet:
        """One row per organisation and year: ``plan_org``, ``plan_year``, ``plan_n``."""
        return (
            self.between(years, organisation, municipality)
            .values(plan_org=F(self.org_field), plan_year=ExtractYear(self.date_field))
            .annotate(plan_n=self.counter())
            .order_by()
        )


def _counts(
    counted: Counted, years: Sequence[int], organisation=None, by_org: bool = True, municipality=None
) -> Actuals:
    """Count rows per organisation and year in one ``GROUP BY`` query (of one organisation when given).

    ``by_org=False``: the district totals only, folded by the database.
    """
    actuals = Actuals(COUNT, list(years))
    if not years:
        return actuals
    if not by_org:
        summary = count_summary(counted, years, municipality=municipality)
        actuals.district = {year: Value(summary[year].total) for year in years}
        return actuals
    totals: dict[int, int] = defaultdict(int)
    for row in counted.grouped(years, organisation, municipality):
        year, org = row["plan_year"], row["plan_org"]
        if year in actuals.years:
            actuals.by_org[year][org] = Value(row["plan_n"])
            totals[year] += row["plan_n"]
    actuals.district = {year: Value(totals.get(year, 0)) for year in years}
    return actuals


@dataclass(frozen=True)
class CountSummary:
    """A count indicator's year for the district: the total and how many executors reached their target."""

    total: int
    # Executors whose own count reached the per-organisation goal (None: no goal asked for that year).
    meeting: int | None = None


def count_summary(
    counted: Counted,
    years: Sequence[int],
    goals: dict[int, int] | None = None,
    executors: QuerySet | None = None,
    *,
    municipality=None,
) -> dict[int, CountSummary]:
    """Per year: the district total and the number of ``executors`` whose count reaches ``goals[year]``.

    ONE query whatever the number of organisations: the per-organisation ``GROUP BY`` of ``grouped`` is
    folded by the database (``SUM`` and ``COUNT … FILTER``), so no per-organisation row reaches Python.
    A goal must be a whole number above 0 (a count reaches 1.5 exactly when it reaches 2; with a goal
    of 0 every executor reaches it and the caller needs no query for that).
    """
    if not years:
        return {}
    goals = goals or {}
    # Inner query: one row per organisation with its count of each year (conditional counts on the date,
    # no grouping by an extracted year) and whether it is an executor; outer: sums and counts of those rows.
    per_org = {f"n{year}": counted.counter(Q(**_in_year(counted.date_field, year))) for year in years}
    if executors is not None:
        per_org["plan_exec"] = Count(
            counted.date_field, filter=Q(**{f"{counted.org_field}__in": executors.values("pk")})
        )
    rows = counted.between(years, municipality=municipality).values(plan_org=F(counted.org_field))
    rows = rows.annotate(**per_org).order_by()
    aggregates = {}
    for year in years:
        aggregates[f"t{year}"] = Sum(f"n{year}")
        if executors is not None and goals.get(year, 0) > 0:
            aggregates[f"m{year}"] = Count("plan_org", filter=Q(**{f"n{year}__gte": goals[year], "plan_exec__gt": 0}))
    result = rows.aggregate(**aggregates)
    return {year: CountSummary(result[f"t{year}"] or 0, result.get(f"m{year}")) for year in years}


def _own_count(counted: Counted, year: int) -> Coalesce:
    """An organisation's count in ``year``, as a subquery on ``OuterRef("pk")`` (0 without records)."""
    own = (
        counted.between([year])
        .filter(**{counted.org_field: OuterRef("pk")})
        .values(counted.org_field)
        .annotate(plan_c=counted.counter())
        .values("plan_c")
    )
    return Coalesce(Subquery(own, output_field=models.IntegerField()), 0)


def lagging(counted: Counted, year: int, goal: int, executors: QuerySet) -> QuerySet:
    """The ``executors`` whose count in ``year`` is below ``goal`` (those without records included), by
    name, each annotated with its count ``plan_n``. Slice it: the count subquery runs for the rows fetched.
    """
    in_year = counted.between([year])
    meeting = in_year.values(counted.org_field).annotate(plan_n=counted.counter()).filter(plan_n__gte=goal)
    return (
        executors.exclude(pk__in=meeting.values(counted.org_field))
        .annotate(plan_n=_own_count(counted, year))
        .order_by("short_name", "pk")
    )


# The first lagging executors are looked for among this many executors by name first.
LAGGING_BATCH = 100


def first_lagging(counted: Counted, year: int, goal: int, executors: QuerySet, limit: int, behind: int) -> list:
    """The first ``limit`` of the ``behind`` executors lagging in ``year``, by name, with ``plan_n``.

    Where executors lag, they are found among the first ``LAGGING_BATCH`` executors by name: one query
    that counts the records of those executors only (an index lookup each). Only when fewer than
    ``limit`` of them lag and more lag further down does the exact query of ``lagging`` (which groups
    the year's records) run as well — at most one more query.
    """
    wanted = min(limit, behind)
    if wanted <= 0:
        return []
    first = executors.annotate(plan_n=_own_count(counted, year)).order_by("short_name", "pk")
    rows = list(first.values_list("pk", "short_name", "plan_n")[:LAGGING_BATCH])
    if len(rows) == LAGGING_BATCH and sum(1 for row in rows if row[2] < goal) < wanted:
        rows = list(lagging(counted, year, goal, executors).values_list("pk", "short_name", "plan_n")[:wanted])
    behind = [row for row in rows if row[2] < goal]
    return [LaggingOrganisation(*row) for row in behind[:wanted]]


@dataclass(frozen=True)
class LaggingOrganisation:
    """What a lagging line shows of an organisation: its id, its name and its count (no model instance)."""

    pk: int
    short_name: str
    plan_n: int

    def __str__(self) -> str:
        return self.short_name


def _shares(queryset: QuerySet, aggregates: dict, years: Sequence[int], *, group: str, by_org: bool = True) -> Actuals:
    """Fold ``total`` (or ``t<year>``) and ``y<year>`` numerators, grouped by ``group``, into actuals.

    ``by_org=False``: the district only, one row folded by the database (a region has 10,000 groups).
    """
    grouped = queryset.values(group).annotate(**aggregates).order_by() if by_org else None
    rows = grouped if grouped is not None else [queryset.aggregate(**aggregates)]
    actuals = Actuals(SHARE, list(years))
    numerators: dict[int, int] = defaultdict(int)
    denominators: dict[int, int] = defaultdict(int)
    for row in rows:
        for year in years:
            numerator, denominator = row[f"y{year}"], row.get(f"t{year}", row.get("total", 0))
            if row.get(group) is not None:
                actuals.by_org[year][row[group]] = Value(numerator, denominator)
            numerators[year] += numerator
            denominators[year] += denominator
    actuals.district = {year: Value(numerators[year], denominators[year]) for year in years}
    return actuals


# --- The records each indicator counts -------------------------------------------------


def _rejected_q(prefix: str = "") -> Exists:
    """The project's official (agreed) assessment says «не может быть признан бережливым»."""
    return Exists(Assessment.objects.official().filter(project=OuterRef(f"{prefix}pk"), is_lean=False))


def _assessed_q() -> Exists:
    return Exists(Assessment.objects.official().filter(project=OuterRef("pk")))


def _projects():
    """Implemented lean projects (1.1, 1.3, 1.5): closed or under stability monitoring, except those the
    official significance assessment rejected; a project not yet assessed counts (and is marked so)."""
    return Project.objects.implemented().exclude(_rejected_q())


def _with_assessment(queryset: QuerySet) -> QuerySet:
    """Projects marked ``not_assessed`` (no official significance assessment yet), for the drill-downs."""
    return queryset.annotate(not_assessed=~_assessed_q())


def _suggestions():
    return Suggestion.objects.implemented()


def _organisations():
    return Organisation.objects.all()


def _subordinates(organisation=None, *, institutions_only: bool = False, municipality=None) -> QuerySet:
    """The base of the 1.3 / 1.4 shares: active subordinate organisations — those reporting to a unit, and
    every municipal institution, with a parent unit or not (МАУ «МФЦ» is one); 1.4 reads the institutions."""
    queryset = Organisation.objects.filter(is_active=True)
    if institutions_only:
        queryset = queryset.filter(kind=Organisation.Kind.INSTITUTION)
    else:
        queryset = queryset.filter(Q(parent__isnull=False) | Q(kind=Organisation.Kind.INSTITUTION))
    if organisation is not None:
        queryset = queryset.filter(parent=organisation)
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    return queryset


def _period(year: int, since: int | None) -> dict:
    """From the first day of the plan period (``since``; the year itself when not given) to the year's end."""
    return {"gte": _year_bounds(since if since is not None else year)[0], "lte": _year_bounds(year)[1]}


def _dated(date_field: str, year: int, since: int | None) -> dict:
    bounds = _period(year, since)
    return {f"{date_field}__gte": bounds["gte"], f"{date_field}__lte": bounds["lte"]}


def _by_org(queryset: QuerySet, organisation, field: str = "organisation", municipality=None) -> QuerySet:
    """The records of ``organisation`` (when given) within ``municipality`` (when given)."""
    if organisation is not None:
        queryset = queryset.filter(**{field: organisation})
    if municipality is not None:
        queryset = queryset.filter(**{f"{field}__municipality": municipality})
    return queryset


def _replicated_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}replicates__isnull": False}) | ~Q(**{f"{prefix}replicates_source": ""})


# 1.1 ---------------------------------------------------------------------------------


PROJECTS_IMPLEMENTED = Counted(_projects, date_field="closed_on")


def projects_implemented(years: Sequence[int], organisation=None, *, by_org: bool = True, municipality=None) -> Actuals:
    """Projects implemented (closed or under stability monitoring) with ``closed_on`` in the year."""
    return _counts(PROJECTS_IMPLEMENTED, years, organisation, by_org, municipality)


def projects_implemented_records(year: int, organisation=None, *, municipality=None) -> QuerySet:
    """The year's implemented lean projects, each marked ``not_assessed`` when no official assessment exists."""
    return _with_assessment(
        _by_org(_projects().filter(**_in_year("closed_on", year)), organisation, municipality=municipality)
    ).select_related("organisation")


# 1.2 ---------------------------------------------------------------------------------


SUGGESTIONS_IMPLEMENTED = Counted(_suggestions, date_field="implemented_on")


def suggestions_implemented(
    years: Sequence[int], organisation=None, *, by_org: bool = True, municipality=None
) -> Actuals:
    """Suggestions in the state «Внедрено» with ``implemented_on`` in the year."""
    return _counts(SUGGESTIONS_IMPLEMENTED, years, organisation, by_org, municipality)


def suggestions_implemented_records(year: int, organisation=None, *, municipality=None) -> QuerySet:
    return _by_org(
        _suggestions().filter(**_in_year("implemented_on", year)), organisation, municipality=municipality
    ).select_related("organisation")


# 1.3 and 1.4: the same reading -----------------------------------------------------------
#
# Both shares are read the same way (DOMAIN.md «How the figures are read»): the subordinate organisations
# (1.3) or institutions (1.4) in which at least one lean project (1.3) or improvement suggestion (1.4) of
# their own was implemented from the start of the plan period (``since``) to the end of the year, among
# all of them. Without ``since`` the year alone is read.


def _has_record_in(records: QuerySet, date_field: str, year: int, since: int | None) -> Q:
    # ``IN (SELECT …)`` rather than a correlated EXISTS: the database reads the records once per year into a
    # hash instead of probing them once per organisation (measured: bench/README.md).
    return Q(pk__in=records.filter(**_dated(date_field, year, since)).values("organisation"))


def _cumulative_share(
    bases: QuerySet, records: QuerySet, date_field: str, years: Sequence[int], *, by_org: bool, since: int | None
) -> Actuals:
    if not years:
        return Actuals(SHARE, [])
    per_year = {f"y{year}": Count("pk", filter=_has_record_in(records, date_field, year, since)) for year in years}
    return _shares(bases, {"total": Count("pk"), **per_year}, years, group="parent_id", by_org=by_org)


def _cumulative_records(bases: QuerySet, records: QuerySet, date_field: str, year: int, since: int | None):
    """The base of the share, each organisation marked ``counted``."""
    own = records.filter(organisation=OuterRef("pk"), **_dated(date_field, year, since))
    return bases.annotate(counted=Exists(own)).select_related("parent").order_by("-counted", "short_name")


def subordinates_with_projects(
    years: Sequence[int], organisation=None, *, by_org: bool = True, since: int | None = None, municipality=None
) -> Actuals:
    """Share of subordinate organisations with a lean project implemented from ``since`` to the year's end.

    Grouped by parent unit, so a unit's own share comes from the same query (only that unit's
    subordinates are read when ``organisation`` is given).
    """
    bases = _subordinates(organisation, municipality=municipality)
    return _cumulative_share(bases, _projects(), "closed_on", years, by_org=by_org, since=since)


def subordinates_with_projects_records(
    year: int, organisation=None, *, since: int | None = None, municipality=None
) -> QuerySet:
    bases = _subordinates(organisation, municipality=municipality)
    return _cumulative_records(bases, _projects(), "closed_on", year, since)


def subordinates_with_projects_evidence(
    year: int, organisation=None, *, since: int | None = None, municipality=None
) -> QuerySet:
    """The implemented lean projects that make subordinate organisations count."""
    return _with_assessment(
        _projects().filter(
            organisation__in=_subordinates(organisation, municipality=municipality),
            **_dated("closed_on", year, since),
        )
    ).select_related("organisation")


def institutions_with_suggestions(
    years: Sequence[int], organisation=None, *, by_org: bool = True, since: int | None = None, municipality=None
) -> Actuals:
    """Share of subordinate institutions with a suggestion implemented from ``since`` to the year's end."""
    bases = _subordinates(organisation, institutions_only=True, municipality=municipality)
    return _cumulative_share(bases, _suggestions(), "implemented_on", years, by_org=by_org, since=since)


def institutions_with_suggestions_records(
    year: int, organisation=None, *, since: int | None = None, municipality=None
) -> QuerySet:
    bases = _subordinates(organisation, institutions_only=True, municipality=municipality)
    return _cumulative_records(bases, _suggestions(), "implemented_on", year, since)


def institutions_with_suggestions_evidence(
    year: int, organisation=None, *, since: int | None = None, municipality=None
) -> QuerySet:
    return (
        _suggestions()
        .filter(
            organisation__in=_subordinates(organisation, institutions_only=True, municipality=municipality),
            **_dated("implemented_on", year, since),
        )
        .select_related("organisation")
    )


# 1.5 ---------------------------------------------------------------------------------


def replicated_projects(years: Sequence[int], organisation=None, *, by_org: bool = True, municipality=None) -> Actuals:
    """Share of replicated projects among the projects implemented in the year."""
    if not years:
        return Actuals(SHARE, [])
    per_year = {}
    for year in years:
        in_year = Q(**_in_year("closed_on", year))
        per_year[f"t{year}"] = Count("pk", filter=in_year)
        per_year[f"y{year}"] = Count("pk", filter=in_year & _replicated_q())
    implemented = _by_org(_projects().filter(**_in_years("closed_on", years)), organisation, municipality=municipality)
    return _shares(implemented, per_year, years, group="organisation_id", by_org=by_org)


def replicated_projects_records(year: int, organisation=None, *, municipality=None) -> QuerySet:
    """The projects implemented in the year (the base of the share), each marked ``counted`` when replicated."""
    return (
        projects_implemented_records(year, organisation, municipality=municipality)
        .annotate(
            counted=models.ExpressionWrapper(
                Q(replicates__isnull=False) | ~Q(replicates_source=""), output_field=models.BooleanField()
            )
        )
        .select_related("replicates", "replicates__organisation")
    )


# 2.1 and 2.2 ---------------------------------------------------------------------------


def _trainings(kind: str) -> QuerySet:
    return Training.objects.filter(kind=kind, completed_on__isnull=False)


def _lean_basics() -> QuerySet:
    """Confirmed lean-basics training only (a certificate scan or the office's confirmation): the same
    confirmation that gives the right to assess (4.2)."""
    return _trainings(Training.Kind.LEAN_BASICS).confirmed()


def _office_factory() -> QuerySet:
    return _trainings(Training.Kind.OFFICE_FACTORY)


# People, not courses: an employee counts once, for the organisation they work in.
LEAN_BASICS_TRAINED = Counted(
    _lean_basics, date_field="completed_on", org_field="employee__organisation", distinct="employee"
)
OFFICE_FACTORY_TRAINED = Counted(
    _office_factory, date_field="completed_on", org_field="employee__organisation", distinct="employee"
)


def _trained_records(trainings: QuerySet, year: int, organisation=None, municipality=None) -> QuerySet:
    """The people (employees) who completed the ``trainings`` (those the figure counts) in the year, once each."""
    trainings = trainings.filter(employee=OuterRef("pk"), **_in_year("completed_on", year))
    completed = trainings.order_by("-completed_on").values("completed_on")[:1]
    return (
        _by_org(Employee.objects.filter(Exists(trainings)), organisation, municipality=municipality)
        .annotate(completed_on=models.Subquery(completed))
        .select_related("organisation")
    )


def lean_basics_trained(years: Sequence[int], organisation=None, *, by_org: bool = True, municipality=None) -> Actuals:
    """Distinct employees whose lean-basics training was completed in the year."""
    return _counts(LEAN_BASICS_TRAINED, years, organisation, by_org, municipality)


def lean_basics_trained_records(year: int, organisation=None, *, municipality=None) -> QuerySet:
    return _trained_records(_lean_basics(), year, organisation, municipality)


def office_factory_trained(
    years: Sequence[int], organisation=None, *, by_org: bool = True, municipality=None
) -> Actuals:
    """Distinct employees who completed training at the office process factory in the year."""
    return _counts(OFFICE_FACTORY_TRAINED, years, organisation, by_org, municipality)


def office_factory_trained_records(year: int, organisation=None, *, municipality=None) -> QuerySet:
    return _trained_records(_office_factory(), year, organisation, municipality)


# 3.1, 3.2, 3.3 -------------------------------------------------------------------------


def _model_sites():
    return ModelSite.objects.all()


def _surveys():
    """Surveys that actually received answers: responses in the portal, or respondents recorded for a survey
    held outside it. A portal survey nobody answered is not a survey held."""
    answered = Exists(SurveyResponse.objects.filter(survey=OuterRef("pk")))
    return Survey.objects.filter(answered | (~Q(method=Survey.Method.PORTAL) & Q(respondents__gt=0)))


def _contests():
    """Municipal contests only: organised by the economic development office or marked municipal; an
    organisation's in-house contest is not a «муниципальный конкурс»."""
    return Contest.objects.filter(Q(level=Contest.Level.MUNICIPAL) | Q(organisation__is_economy_office=True))


MODEL_SITES = Counted(_model_sites, date_field="audit_date")


def model_sites(years: Sequence[int], organisation=None, *, by_org: bool = True, municipality=None) -> Actuals:
    """Model sites whose partner audit took place in the year."""
    return _counts(MODEL_SITES, years, organisation, by_org, municipality)


def model_sites_records(year: int, organisation=None, *, municipality=None) -> QuerySet:
    return _by_org(
        _model_sites().filter(**_in_year("audit_date", year)), organisation, municipality=municipality
    ).select_related("organisation", "sphere")


SURVEYS = Counted(_surveys, date_field="held_on")


def surveys(years: Sequence[int], organisation=None, *, by_org: bool = True, municipality=None) -> Actuals:
    """Satisfaction surveys held (started) in the year."""
    return _counts(SURVEYS, years, organisation, by_org, municipality)


def surveys_records(year: int, organisation=None, *, municipality=None) -> QuerySet:
    return _by_org(
        _surveys().filter(**_in_year("held_on", year)), organisation, municipality=municipality
    ).select_related("organisation")


CONTESTS = Counted(_contests, date_field="held_on")


def contests(years: Sequence[int], organisation=None, *, by_org: bool = True, municipality=None) -> Actuals:
    """Best-practice contests whose results were summed up in the year, for the organiser."""
    return _counts(CONTESTS, years, organisation, by_org, municipality)


def contests_records(year: int, organisation=None, *, municipality=None) -> QuerySet:
    return _by_org(
        _contests().filter(**_in_year("held_on", year)), organisation, municipality=municipality
    ).select_related("organisation")


DEFINITIONS: dict[str, Definition] = {
    d.key: d
    for d in [
        Definition(
            key="projects_implemented",
            title="Реализованные бережливые проекты",
            kind=COUNT,
            how=(
                "Число бережливых проектов, реализованных в году, по округу в целом — сумма по всем исполнителям; "
                "рядом — сколько реализовала каждая организация. Проект реализован, когда он закрыт (или находится "
                "на мониторинге стабильности) и дата закрытия приходится на этот год. Не учитываются проекты, "
                "которые по согласованной оценке значимости «не могут быть признаны бережливыми»; проекты, ещё "
                "не прошедшие оценку, учитываются и отмечаются в перечне."
            ),
            records_title="Реализованные проекты",
            compute=projects_implemented,
            counted=PROJECTS_IMPLEMENTED,
            records=projects_implemented_records,
        ),
        Definition(
            key="suggestions_implemented",
            title="Исполненные предложения по улучшению",
            kind=COUNT,
            how=(
                "Число предложений по улучшению (ППУ) в состоянии «Внедрено», дата внедрения которых приходится "
                "на год, по округу в целом — сумма по всем исполнителям; рядом — ППУ каждой организации."
            ),
            records_title="Исполненные ППУ",
            compute=suggestions_implemented,
            counted=SUGGESTIONS_IMPLEMENTED,
            records=suggestions_implemented_records,
        ),
        Definition(
            key="subordinates_with_projects_share",
            title="Доля подведомственных организаций с реализованными проектами",
            kind=SHARE,
            how=(
                "Доля действующих подведомственных организаций (подчинённых структурному подразделению, а также "
                "всех муниципальных учреждений, в том числе не подчинённых подразделению, как МАУ «МФЦ»), в "
                "которых реализован (закрыт) хотя бы один собственный бережливый проект — нарастающим итогом с "
                "начала периода плана до конца года. Считается так же, как 1.4. Проекты в работе и проекты, "
                "не признанные бережливыми по оценке значимости, не учитываются. Если подведомственных "
                "организаций нет — «нет данных». По структурному подразделению — доля среди его "
                "подведомственных организаций."
            ),
            records_title="Подведомственные организации",
            compute=subordinates_with_projects,
            records=subordinates_with_projects_records,
            evidence=subordinates_with_projects_evidence,
            evidence_title="Реализованные проекты подведомственных организаций (с начала периода плана)",
            cumulative=True,
        ),
        Definition(
            key="institutions_with_suggestions_share",
            title="Доля подведомственных учреждений с исполненными ППУ",
            kind=SHARE,
            how=(
                "Доля действующих муниципальных учреждений (в том числе не подчинённых структурному "
                "подразделению, как МАУ «МФЦ»), в которых внедрено хотя бы одно собственное предложение по "
                "улучшению — нарастающим итогом с начала периода плана до конца года. Считается так же, как 1.3. "
                "Если учреждений нет — «нет данных». По структурному подразделению — доля среди его "
                "подведомственных учреждений."
            ),
            records_title="Подведомственные учреждения",
            compute=institutions_with_suggestions,
            records=institutions_with_suggestions_records,
            evidence=institutions_with_suggestions_evidence,
            evidence_title="ППУ, внедрённые учреждениями (с начала периода плана)",
            cumulative=True,
        ),
        Definition(
            key="replicated_projects_share",
            title="Доля тиражируемых бережливых проектов",
            kind=SHARE,
            how=(
                "Доля тиражируемых проектов среди бережливых проектов, реализованных в году (как в 1.1: без "
                "проектов, не признанных бережливыми по оценке значимости): проект тиражирует проект портала "
                "или решение из внешнего источника. Если в году не реализовано ни одного проекта — «нет данных». "
                "По организации — среди её проектов."
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
                "бережливого управления (внешнее обучение)» — по дате окончания обучения, по округу в целом. "
                "Учитывается только подтверждённое обучение: приложен скан сертификата или обучение подтвердило "
                "управление экономического развития (то же подтверждение даёт право проводить оценку "
                "значимости, п. 4.2). Сотрудник относится к организации, в которой работает."
            ),
            records_title="Сотрудники, прошедшие обучение основам",
            compute=lean_basics_trained,
            counted=LEAN_BASICS_TRAINED,
            records=lean_basics_trained_records,
        ),
        Definition(
            key="office_factory_trained",
            title="Сотрудники, прошедшие обучение на фабрике офисных процессов",
            kind=COUNT,
            how=(
                "Число сотрудников (каждый считается один раз), завершивших в году обучение на фабрике офисных "
                "процессов — по дате окончания обучения, по округу в целом. Сотрудник относится к организации, "
                "в которой работает."
            ),
            records_title="Сотрудники, обученные на фабрике офисных процессов",
            compute=office_factory_trained,
            counted=OFFICE_FACTORY_TRAINED,
            records=office_factory_trained_records,
        ),
        Definition(
            key="model_sites",
            title="Созданные образцы (партнёрские проверки)",
            kind=COUNT,
            how=(
                "Число образцов по направлениям деятельности, подтверждённых партнёрской проверкой, дата "
                "которой приходится на год, по округу в целом."
            ),
            records_title="Образцы и партнёрские проверки",
            compute=model_sites,
            counted=MODEL_SITES,
            records=model_sites_records,
        ),
        Definition(
            key="surveys",
            title="Проведённые опросы удовлетворённости",
            kind=COUNT,
            how=(
                "Число опросов удовлетворённости пользователей, проведённых (начатых) в году, по округу в целом. "
                "Учитываются только опросы, на которые получены ответы: ответы на портале или записанное число "
                "респондентов опроса, проведённого вне портала."
            ),
            records_title="Опросы удовлетворённости",
            compute=surveys,
            counted=SURVEYS,
            records=surveys_records,
        ),
        Definition(
            key="contests",
            title="Проведённые конкурсы лучших практик",
            kind=COUNT,
            how=(
                "Число муниципальных конкурсов лучших практик, итоги которых подведены в году, по округу в целом: "
                "конкурсы, которые проводит управление экономического развития или которые отмечены как "
                "муниципальные. Внутренний конкурс организации не учитывается. Конкурс относится к "
                "организации-организатору."
            ),
            records_title="Конкурсы лучших практик",
            compute=contests,
            counted=CONTESTS,
            records=contests_records,
        ),
    ]
}
