"""Selectors for plan monitoring: targets against actuals for a plan and a year.

The dashboard, the per-organisation view, the analytical report (PDF and .xlsx) and
the home panel all read their figures from here, so they always agree. Queries do
not grow with the data: the plan's indicators with their targets (2 queries), the
responsible organisations (2: chosen or not, how many) and one aggregated query per
indicator, plus one per count read per organisation for its first lagging executors.
A count read per organisation is folded by the database into «how many executors
reached the target» — a region has some 6,000 executors, and nothing is done per
executor unless an export asks for every executor's result.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Prefetch
from django.utils import timezone

from plan.charts import ChartPoint, indicator_chart
from plan.indicators import Definition, Value, count_summary, first_lagging
from plan.models import Indicator, Plan, Target


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    # A symbol beside the label so that met / not met never relies on colour alone.
    icon: str
    css: str
    # Why, in words, where the label alone is terse («—» for a year not begun).
    hint: str = ""

    @property
    def is_met(self) -> bool:
        return self.code == "met"

    @property
    def text(self) -> str:
        """The verdict as one line of text (the PDF, the .xlsx, the home panel): the same words everywhere."""
        return " ".join(part for part in (self.icon, self.label) if part)


MET = Status("met", "выполнен", "✓", "status-met")
NOT_MET = Status("not_met", "не выполнен", "✗", "status-missed")
# A planned value (a target without «не менее») reached and exceeded: the plan is fulfilled.
ABOVE_PLAN = Status("met", "выполнен, с превышением планового значения", "✓", "status-met")
NO_DATA = Status("no_data", "нет данных", "—", "text-muted")
NO_TARGET = Status("no_target", "цель не задана", "—", "text-muted")
# A year that has not begun: nothing to judge yet.
NOT_BEGUN = Status("not_begun", "—", "", "text-muted", "год ещё не начался")
# The year under way: never «не выполнен» before the year is over.
PRELIMINARY = Status(
    "preliminary", "предварительно", "◔", "text-muted", "год не завершён: целевое значение пока не достигнуто"
)
PRELIMINARY_MET = Status(
    "preliminary_met", "предварительно: цель достигнута", "✓", "status-met", "год не завершён: значение может вырасти"
)
# An organisation's own count of an indicator whose target is set for the district as a whole.
DISTRICT_TARGET = Status("district", "для сведения: цель установлена для округа", "ℹ", "text-muted")


def _reached(actual: int | Decimal, target: Target, times: int = 1) -> Status:
    goal = target.value * times
    actual = Decimal(actual)
    if actual < goal:
        return NOT_MET
    if actual > goal and target.comparison == Target.Comparison.EXACT:
        return ABOVE_PLAN
    return MET


def verdict(
    actual: int | Decimal | None,
    target: Target | None,
    year: int,
    *,
    times: int = 1,
    all_reached: bool = True,
    this_year: int | None = None,
) -> Status:
    """THE status of a figure: the dashboard, its drill-down, the annual PDF and the .xlsx all show this.

    A target is met when the actual reaches it. A decree value without «не менее» (``Target.Comparison.EXACT``)
    is the *planned* value: met at or above it, and an actual above it is «выполнен, с превышением планового
    значения». ``times`` multiplies the target and ``all_reached`` says whether every executor reached its own
    (a target read «каждым исполнителем»). A year that has not begun is «—»; the year under way is
    «предварительно» (reached or not yet), never «не выполнен».
    """
    if target is None:
        return NO_TARGET
    this_year = current_year() if this_year is None else this_year
    if year > this_year:
        return NOT_BEGUN
    if actual is None:
        return PRELIMINARY if year == this_year else NO_DATA
    reached = _reached(actual, target, times) if all_reached else NOT_MET
    if year == this_year:
        return PRELIMINARY_MET if reached.is_met else PRELIMINARY
    return reached


def current_year() -> int:
    return timezone.localdate().year


def plans(municipality) -> list[Plan]:
    """The plans of ``municipality`` (an instance or an id): each municipality keeps its own."""
    return list(
        Plan.objects.filter(municipality=municipality).select_related("municipality").order_by("-first_year", "name")
    )


def choose_plan_and_year(all_plans: list[Plan], plan_id, year) -> tuple[Plan | None, int | None]:
    """The plan and year asked for, else the plan covering this year (or the latest) and its best year."""
    plan = None
    if plan_id:
        plan = next((p for p in all_plans if str(p.pk) == str(plan_id)), None)
    today = current_year()
    if plan is None:
        plan = next((p for p in all_plans if p.first_year <= today <= p.last_year), None)
    if plan is None and all_plans:
        plan = all_plans[0]
    if plan is None:
        return None, None
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year not in plan.years:
        year = min(max(today, plan.first_year), plan.last_year)
    return plan, year


@dataclass
class OrganisationResult:
    organisation: object
    value: Value
    status: Status


@dataclass
class YearFigure:
    year: int
    target: Target | None
    # The district's (or the organisation's) target total: the target times the executors for counts.
    goal: Decimal | None
    value: Value
    status: Status
    # Executors behind their per-organisation target that year (a number; the district view).
    behind: int = 0


# The dashboard names at most this many lagging executors per indicator; the rest are counted and
# listed page by page (``plan:lagging``) and in the .xlsx. A district (up to LAGGING_ALL_UP_TO executors)
# sees every lagging executor, as it always did.
LAGGING_PREVIEW = 20
LAGGING_ALL_UP_TO = 60


@dataclass
class IndicatorRow:
    indicator: Indicator
    definition: Definition
    year: int
    figures: list[YearFigure]
    per_organisation: bool
    executors_count: int = 0
    chart: str = ""
    # The organisation the row is about (per-organisation view), else None.
    organisation: object = None
    # The first executors (by name) behind the per-organisation target this year.
    lagging: list[OrganisationResult] = field(default_factory=list)
    # Beside a district total: (organisation name, id, count) of those contributing this year, most first.
    contributors: list[tuple[str, int, int]] = field(default_factory=list)
    # Reads every executor's result this year; called on first use of ``results`` only.
    load_results: Callable[[], list[OrganisationResult]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._results: list[OrganisationResult] | None = None

    @property
    def current(self) -> YearFigure:
        return next(f for f in self.figures if f.year == self.year)

    @property
    def target(self) -> Target | None:
        return self.current.target

    @property
    def value(self) -> Value:
        return self.current.value

    @property
    def actual(self):
        return self.current.value.value

    @property
    def status(self) -> Status:
        return self.current.status

    @property
    def results(self) -> list[OrganisationResult]:
        """Every executor's own result this year (count indicators read per organisation).

        Read on first use, with one more query and one object per executor: the exports need it, the
        dashboard does not (a region has some 6,000 executors).
        """
        if self._results is None:
            self._results = self.load_results() if self.load_results is not None else []
        return self._results

    @property
    def behind(self) -> list[OrganisationResult]:
        return [r for r in self.results if r.status.code in ("not_met", "preliminary")]

    @property
    def behind_count(self) -> int:
        return self.current.behind

    @property
    def meeting_count(self) -> int:
        return self.executors_count - self.current.behind

    @property
    def lagging_more(self) -> int:
        """Lagging executors not named in ``lagging``."""
        return self.current.behind - len(self.lagging)


class Executors:
    """The plan's responsible executors, read as little as each page needs.

    The dashboard needs their number and a queryset to count with (two queries); only the exports and
    a district-sized page list them all (one more query, on first use of ``all()``).
    """

    def __init__(self, plan: Plan):
        self.municipality_id = plan.municipality_id
        self.queryset, self.chosen = plan.responsible()
        self._count: int | None = None
        self._all: list | None = None

    @property
    def count(self) -> int:
        if self._count is None:
            self._count = len(self._all) if self._all is not None else self.queryset.count()
        return self._count

    def all(self) -> list:
        if self._all is None:
            self._all = list(self.queryset.select_related("parent").order_by("short_name", "pk"))
        return self._all


@dataclass
class Monitoring:
    plan: Plan
    year: int
    rows: list[IndicatorRow]
    responsible: Executors | None = None
    organisation: object = None

    @property
    def executors_chosen(self) -> bool:
        """True when the plan names its executors (by agreement), False when every active organisation is one."""
        return self.responsible is not None and self.responsible.chosen

    @property
    def executors_count(self) -> int:
        return self.responsible.count if self.responsible is not None else 0

    @property
    def executors(self) -> list:
        """Every executor (one query on first use; a region's list is long: check ``executors_count``)."""
        return self.responsible.all() if self.responsible is not None else []

    @property
    def is_preliminary(self) -> bool:
        """The year is under way: figures may still grow, nothing is «не выполнен» yet."""
        return self.year == current_year()

    @property
    def is_future(self) -> bool:
        """The year has not begun: every figure is «—»."""
        return self.year > current_year()

    @property
    def executors_label(self) -> str:
        """«исполнители по согласованию: 7 организаций» or, with none chosen, «все действующие организации: 25»."""
        if self.executors_chosen:
            return f"исполнители по согласованию: {organisations(self.executors_count)}"
        return f"исполнители не выбраны — все действующие организации: {organisations(self.executors_count)}"

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.rows if r.status.is_met)

    @property
    def reached_count(self) -> int:
        """The year under way: indicators whose target is already reached («предварительно: цель достигнута»)."""
        return sum(1 for r in self.rows if r.status is PRELIMINARY_MET)

    @property
    def summary(self) -> str:
        """«Выполнено показателей: 7 из 10», said as the calendar allows (the same words on the page and the PDF)."""
        total = len(self.rows)
        if self.is_future:
            return f"{self.year} год ещё не начался: выполнение показателей не оценивается."
        if self.is_preliminary:
            return f"Цель уже достигнута (предварительно): {self.reached_count} из {total} показателей."
        return f"Выполнено показателей: {self.met_count} из {total}."

    @property
    def executor_summary(self) -> list[tuple[object, list[str], list[str]]]:
        """Each executor with the codes of the per-organisation indicators it met and did not meet this year."""
        met: dict[int, list[str]] = {org.pk: [] for org in self.executors}
        missed: dict[int, list[str]] = {org.pk: [] for org in self.executors}
        for row in self.rows:
            for result in row.results:
                if result.status.is_met:
                    met[result.organisation.pk].append(row.indicator.code)
                elif result.status.code == "not_met":
                    missed[result.organisation.pk].append(row.indicator.code)
        return [(org, met[org.pk], missed[org.pk]) for org in self.executors]

    @property
    def lagging_count(self) -> int:
        """Executors behind at least one per-organisation target this year (reads every result)."""
        return len(self.lagging_organisations)

    @property
    def lagging_organisations(self) -> list[tuple[object, list[tuple[IndicatorRow, OrganisationResult]]]]:
        """Organisations behind at least one per-organisation target this year, with those indicators."""
        lagging: dict[int, tuple[object, list]] = {}
        for row in self.rows:
            for result in row.behind:
                lagging.setdefault(result.organisation.pk, (result.organisation, []))[1].append((row, result))
        return sorted(lagging.values(), key=lambda item: (-len(item[1]), item[0].short_name))


def _indicators(plan: Plan) -> list[Indicator]:
    targets = Prefetch("targets", queryset=Target.objects.order_by("year"))
    return list(plan.indicators.order_by("position", "id").prefetch_related(targets))


def whole_goal(target: Target) -> int:
    """The smallest count that reaches ``target`` (a count reaches 1.5 when it reaches 2)."""
    return math.ceil(target.value)


def _organisation_figures(indicator: Indicator, targets: dict, plan: Plan, organisation) -> list[YearFigure]:
    """An organisation's own figures: its records only (one query)."""
    definition = indicator.definition
    years = plan.years
    actuals = definition.actuals(years, organisation, since=plan.first_year)
    district_count = not indicator.per_organisation and not definition.is_share
    figures = []
    for y in years:
        target = targets.get(y)
        value = actuals.for_organisation(y, organisation.pk)
        if district_count and target:
            status = NOT_BEGUN if y > current_year() else DISTRICT_TARGET
        else:
            status = verdict(value.value, target, y)
        figures.append(YearFigure(y, target, target.value if target else None, value, status))
    return figures


def _district_figures(indicator: Indicator, targets: dict, plan: Plan) -> list[YearFigure]:
    """Shares and counts read «по округу»: the district totals (the sum over every executor) against the target."""
    years = plan.years
    actuals = indicator.definition.actuals(
        years, by_org=False, since=plan.first_year, municipality=plan.municipality_id
    )
    values = {y: actuals.for_year(y) for y in years}
    figures = []
    for y in years:
        target = targets.get(y)
        goal = target.value if target else None
        figures.append(YearFigure(y, target, goal, values[y], verdict(values[y].value, target, y)))
    return figures


def _executor_figures(indicator: Indicator, targets: dict, years: list[int], executors: Executors) -> list[YearFigure]:
    """A count read «каждым исполнителем»: how many executors reached the target each year, folded by the
    database. The district fulfils it when every executor has; its total then tells whether the planned value
    was exceeded. One query whatever the number of executors.
    """
    goals = {y: whole_goal(t) for y, t in targets.items() if y in years}
    summary = count_summary(
        indicator.definition.counted, years, goals, executors.queryset, municipality=executors.municipality_id
    )
    total = executors.count
    figures = []
    for y in years:
        target = targets.get(y)
        value = Value(summary[y].total)
        if target is None:
            figures.append(YearFigure(y, None, None, value, NO_TARGET))
            continue
        meeting = total if goals[y] <= 0 else summary[y].meeting
        behind = total - meeting
        status = verdict(value.value, target, y, times=total, all_reached=not behind)
        figures.append(YearFigure(y, target, target.value * total, value, status, behind))
    return figures


def _lagging_preview(row: IndicatorRow, executors: Executors, limit: int) -> list[OrganisationResult]:
    """The first ``limit`` executors by name behind the target this year (one query, rarely two)."""
    target = row.target
    if not limit or target is None or not row.behind_count:
        return []
    found = first_lagging(
        row.definition.counted, row.year, whole_goal(target), executors.queryset, limit, row.behind_count
    )
    return [
        OrganisationResult(org, value := Value(org.plan_n), verdict(value.value, target, row.year)) for org in found
    ]


# The dashboard names at most this many organisations beside a district total (by their count); all of them
# are in the .xlsx (sheet «По организациям»).
CONTRIBUTORS_LISTED = 20


def _contributors(indicator: Indicator, year: int, municipality_id: int | None) -> list[tuple[str, int, int]]:
    """Beside a district total: ``(organisation name, id, count)`` of the organisations whose records make up
    the year's total, most first (one query)."""
    counted = indicator.definition.counted
    if counted is None or year > current_year():
        return []
    rows = (
        counted.between([year], municipality=municipality_id)
        .values(plan_org=F(counted.org_field), plan_name=F(f"{counted.org_field}__short_name"))
        .annotate(plan_n=counted.counter())
        .order_by("-plan_n", "plan_name")[:CONTRIBUTORS_LISTED]
    )
    return [(row["plan_name"], row["plan_org"], row["plan_n"]) for row in rows]


def _results_loader(row: IndicatorRow, executors: Executors, since: int) -> Callable[[], list[OrganisationResult]]:
    """Every executor's own figure this year: against its own target when read «каждым исполнителем», else for
    information beside the district total."""

    def load() -> list[OrganisationResult]:
        actuals = row.definition.actuals([row.year], since=since, municipality=executors.municipality_id)
        target = row.target
        results = []
        for org in executors.all():
            value = actuals.for_organisation(row.year, org.pk)
            if row.per_organisation:
                status = verdict(value.value, target, row.year)
            else:
                status = NOT_BEGUN if row.year > current_year() else DISTRICT_TARGET
            results.append(OrganisationResult(org, value, status))
        return results

    return load


def _row(
    indicator: Indicator,
    plan: Plan,
    year: int,
    executors: Executors | None,
    organisation=None,
    lagging_limit: int = LAGGING_PREVIEW,
    *,
    contributors: bool = False,
) -> IndicatorRow:
    """One indicator's row."""
    definition = indicator.definition
    targets = {t.year: t for t in indicator.targets.all()}
    per_org = indicator.per_organisation and definition.counted is not None and organisation is None
    if organisation is not None:
        figures = _organisation_figures(indicator, targets, plan, organisation)
    elif per_org:
        figures = _executor_figures(indicator, targets, plan.years, executors)
    else:
        figures = _district_figures(indicator, targets, plan)
    row = IndicatorRow(
        indicator=indicator,
        definition=definition,
        year=year,
        figures=figures,
        per_organisation=indicator.per_organisation,
        executors_count=executors.count if executors is not None else 0,
        organisation=organisation,
    )
    if organisation is None and definition.counted is not None and executors is not None:
        row.load_results = _results_loader(row, executors, plan.first_year)
    if per_org:
        row.lagging = _lagging_preview(row, executors, lagging_limit)
    elif organisation is None and definition.counted is not None and contributors:
        row.contributors = _contributors(indicator, year, plan.municipality_id)
    row.chart = indicator_chart(
        [ChartPoint(f.year, f.goal, f.value.value, f.status.is_met) for f in figures],
        unit=indicator.unit,
        title=f"{indicator.code} {definition.title}",
        highlight=year,
    )
    return row


def figure(indicator: Indicator, year: int, organisation=None) -> YearFigure:
    """One figure exactly as the dashboard shows it (the drill-down's heading): the same code, the same verdict."""
    plan = indicator.plan
    executors = Executors(plan) if organisation is None and indicator.per_organisation else None
    targets = {t.year: t for t in indicator.targets.all()}
    if organisation is not None:
        figures = _organisation_figures(indicator, targets, plan, organisation)
    elif executors is not None and indicator.definition.counted is not None:
        figures = _executor_figures(indicator, targets, plan.years, executors)
    else:
        figures = _district_figures(indicator, targets, plan)
    return next(f for f in figures if f.year == year)


def _district_rows(
    plan: Plan, year: int, indicators: list, executors: Executors, limit: int, contributors: bool
) -> list[IndicatorRow]:
    return [_row(indicator, plan, year, executors, None, limit, contributors=contributors) for indicator in indicators]


def build_monitoring(
    plan: Plan, year: int, *, organisation=None, lagging_limit: int | None = None, contributors: bool = False
) -> Monitoring:
    """Targets against actuals of every indicator of ``plan`` for ``year`` and across the period.

    With ``organisation``: that organisation's own figures against the targets (its records only).
    Without: the district, a count read per organisation folded by the database into the number of
    executors meeting the target, plus the first ``lagging_limit`` lagging executors by name (by default
    ``LAGGING_PREVIEW``, or all of them when the executors are few); every
    executor's own result is read only when ``row.results`` is used (the exports). ``contributors``: beside
    each district count total, the organisations that make it up this year (one query per count; the dashboard).
    """
    indicators = _indicators(plan)
    executors = Executors(plan) if organisation is None else None
    if lagging_limit is None:
        few = executors is not None and executors.count <= LAGGING_ALL_UP_TO
        lagging_limit = executors.count if few else LAGGING_PREVIEW
    if organisation is None:
        rows = _district_rows(plan, year, indicators, executors, lagging_limit, contributors)
    else:
        rows = [_row(indicator, plan, year, None, organisation) for indicator in indicators]
    return Monitoring(plan=plan, year=year, rows=rows, responsible=executors, organisation=organisation)


def organisations(count: int) -> str:
    """«1 организация», «3 организации», «7 организаций»."""
    if count % 10 == 1 and count % 100 != 11:
        word = "организация"
    elif 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        word = "организации"
    else:
        word = "организаций"
    return f"{count} {word}"


def is_executor(plan: Plan, organisation) -> bool:
    return plan.responsible_organisations().filter(pk=organisation.pk).exists()


def today() -> datetime.date:
    return timezone.localdate()
