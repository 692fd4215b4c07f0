"""Selectors for plan monitoring: targets against actuals for a plan and a year.

The dashboard, the per-organisation view, the analytical report (PDF and .xlsx) and
the home panel all read their figures from here, so they always agree. Queries do
not grow with the data: the plan's indicators with their targets (2 queries), the
responsible organisations (1–2) and one aggregated query per indicator.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from plan.charts import ChartPoint, indicator_chart
from plan.indicators import Actuals, Definition, Value
from plan.models import Indicator, Plan, Target


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    # A symbol beside the label so that met / not met never relies on colour alone.
    icon: str
    css: str

    @property
    def is_met(self) -> bool:
        return self.code == "met"


MET = Status("met", "выполнен", "✓", "status-met")
NOT_MET = Status("not_met", "не выполнен", "✗", "status-missed")
# A planned value (a target without «не менее») reached and exceeded: the plan is fulfilled.
ABOVE_PLAN = Status("met", "выполнен, с превышением планового значения", "✓", "status-met")
NO_DATA = Status("no_data", "нет данных", "—", "text-muted")
NO_TARGET = Status("no_target", "цель не задана", "—", "text-muted")
# An organisation's own count of an indicator whose target is set for the district as a whole.
DISTRICT_TARGET = Status("district", "для сведения: цель установлена для округа", "ℹ", "text-muted")


def evaluate(actual: int | Decimal | None, target: Target | None, *, times: int = 1) -> Status:
    """Met / not met: a target is met when the actual reaches it.

    A decree value without «не менее» (``Target.Comparison.EXACT``) is the *planned* value: a plan
    reviewer counts reaching or exceeding it as fulfilling the plan, so it is met at or above the
    target too, and an actual above it is labelled «выполнен, с превышением планового значения».
    ``times`` multiplies the target (a per-organisation target summed for the district).
    """
    if target is None:
        return NO_TARGET
    if actual is None:
        return NO_DATA
    goal = target.value * times
    actual = Decimal(actual)
    if actual < goal:
        return NOT_MET
    if actual > goal and target.comparison == Target.Comparison.EXACT:
        return ABOVE_PLAN
    return MET


def current_year() -> int:
    return timezone.localdate().year


def plans() -> list[Plan]:
    return list(Plan.objects.order_by("-first_year", "name"))


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
    behind: int = 0


@dataclass
class IndicatorRow:
    indicator: Indicator
    definition: Definition
    year: int
    figures: list[YearFigure]
    per_organisation: bool
    executors_count: int = 0
    # Per-organisation results for the year (count indicators read per organisation).
    results: list[OrganisationResult] = field(default_factory=list)
    chart: str = ""
    # The organisation the row is about (per-organisation view), else None.
    organisation: object = None

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
    def behind(self) -> list[OrganisationResult]:
        return [r for r in self.results if r.status.code == "not_met"]


@dataclass
class Monitoring:
    plan: Plan
    year: int
    rows: list[IndicatorRow]
    executors: list
    organisation: object = None
    # True when the plan names its executors (by agreement), False when every active organisation is one.
    executors_chosen: bool = False

    @property
    def is_preliminary(self) -> bool:
        """The year is not over yet: figures may still grow."""
        return self.year >= current_year()

    @property
    def executors_label(self) -> str:
        """«исполнители по согласованию: 7 организаций» or, with none chosen, «все действующие организации: 25»."""
        if self.executors_chosen:
            return f"исполнители по согласованию: {organisations(len(self.executors))}"
        return f"исполнители не выбраны — все действующие организации: {organisations(len(self.executors))}"

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.rows if r.status.is_met)

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


def _row(
    indicator: Indicator,
    actuals: Actuals,
    plan: Plan,
    year: int,
    executors: list,
    organisation=None,
) -> IndicatorRow:
    definition = indicator.definition
    targets = {t.year: t for t in indicator.targets.all()}
    per_org = indicator.per_organisation
    figures = []
    results: list[OrganisationResult] = []
    for y in plan.years:
        target = targets.get(y)
        if organisation is not None:
            value = actuals.for_organisation(y, organisation.pk)
            district_count = not per_org and not definition.is_share
            status = DISTRICT_TARGET if district_count and target else evaluate(value.value, target)
            goal = target.value if target else None
            figures.append(YearFigure(y, target, goal, value, status))
            continue
        value = actuals.for_year(y)
        if per_org:
            year_results = [
                OrganisationResult(org, v := actuals.for_organisation(y, org.pk), evaluate(v.value, target))
                for org in executors
            ]
            behind = sum(1 for r in year_results if r.status.code == "not_met")
            # The district fulfils a per-organisation target when every executor has; its total then
            # tells whether the planned value was exceeded.
            status = NOT_MET if behind else evaluate(value.value, target, times=len(executors))
            goal = target.value * len(executors) if target else None
            figures.append(YearFigure(y, target, goal, value, status, behind))
            if y == year:
                results = year_results
        else:
            status = evaluate(value.value, target)
            figures.append(YearFigure(y, target, target.value if target else None, value, status))
    row = IndicatorRow(
        indicator=indicator,
        definition=definition,
        year=year,
        figures=figures,
        per_organisation=per_org,
        executors_count=len(executors),
        results=results,
        organisation=organisation,
    )
    row.chart = indicator_chart(
        [ChartPoint(f.year, f.goal, f.value.value, f.status.is_met) for f in figures],
        unit=indicator.unit,
        title=f"{indicator.code} {definition.title}",
        highlight=year,
    )
    return row


def build_monitoring(plan: Plan, year: int, *, organisation=None) -> Monitoring:
    """Targets against actuals of every indicator of ``plan`` for ``year`` and across the period.

    With ``organisation``: that organisation's own figures against the targets.
    """
    indicators = _indicators(plan)
    executors, chosen = plan.responsible_executors() if organisation is None else ([], False)
    rows = []
    for indicator in indicators:
        actuals = indicator.definition.compute(plan.years)
        rows.append(_row(indicator, actuals, plan, year, executors, organisation))
    return Monitoring(
        plan=plan, year=year, rows=rows, executors=executors, organisation=organisation, executors_chosen=chosen
    )


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
