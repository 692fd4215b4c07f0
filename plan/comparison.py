"""Every municipality's plan against its own targets, for the regional comparison page.

``plan_progress_by_municipality(year)`` reads, for each active municipality, the plan covering ``year``
(its *current* plan: the latest period covering the year, then by name) and each of its indicators'
actual value against that plan's target — the same figures and the same verdict
(``plan.monitoring.verdict``) as the municipality's own dashboard, since each municipality is measured
against its own targets and its own records only.

Queries do not grow with the number of municipalities: the municipalities, their plans, the plans'
indicators with the year's targets (2), then ONE query per computation used by any plan, grouped by
municipality (``GROUP BY municipality``), not a dashboard per municipality:

* counts (1.1, 1.2, 2.1, 2.2, 3.1–3.3): the year's records grouped by organisation (the records' own index,
  no join), folded by municipality in Python with one query of every organisation's municipality;
* 1.5 (share of replicated projects): the year's implemented projects grouped the same way;
* 1.3 / 1.4 (cumulative shares): the subordinate organisations grouped by municipality, with one
  conditional count per distinct first year of the plans (a plan's share is read from the start of its
  period), so the number of queries stays one per indicator.

A count read «каждым исполнителем» also needs each executor's own count — the same per-organisation rows —
and, once, the chosen executors of every plan and the number of active organisations of each
municipality (2). An unknown computation key (none today) would fall back to its definition's
``actuals`` per municipality — the only per-municipality loop, and it is documented here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch

from orgs.models import Municipality, Organisation
from plan import indicators as ind
from plan.indicators import Definition, Value
from plan.models import Indicator, Plan, Target
from plan.monitoring import PRELIMINARY_MET, verdict, whole_goal


@dataclass(frozen=True)
class IndicatorProgress:
    """One indicator of a municipality's plan in the year: its actual value against its own target."""

    code: str
    wording: str
    unit: str
    # A count (int), a share in % (Decimal), or None (a share with no base: «нет данных»).
    actual: int | Decimal | None
    # The plan's target of the year (for a count read «каждым исполнителем»: the target times the executors,
    # as the dashboard's «по всем исполнителям»); None when the plan sets none for the year.
    target: Decimal | None
    # The target is reached (a year under way: reached so far, «предварительно: цель достигнута»).
    met: bool
    # The dashboard's verdict in words («✓ выполнен», «◔ предварительно», «— цель не задана»…).
    status: str = ""


@dataclass
class MunicipalityProgress:
    municipality_id: int
    plan_id: int | None
    plan_name: str
    indicators: list[IndicatorProgress] = field(default_factory=list)
    # Indicators at or above their target / indicators of the plan (the dashboard's «Выполнено: met из total»).
    met: int = 0
    total: int = 0


def _current_plans(year: int, municipality_ids: list[int]) -> dict[int, Plan]:
    """Each municipality's plan covering ``year``: the latest period, then by name (one query)."""
    plans: dict[int, Plan] = {}
    covering = Plan.objects.filter(municipality_id__in=municipality_ids, first_year__lte=year, last_year__gte=year)
    for plan in covering.order_by("municipality_id", "-first_year", "name", "pk"):
        plans.setdefault(plan.municipality_id, plan)
    return plans


class _Organisations:
    """Each organisation's municipality and whether it is active (one query, read on first use): a count is
    grouped by organisation from the records' own index, then folded by municipality here — cheaper than
    joining every record to its organisation (measured: README «per municipality»)."""

    def __init__(self):
        self._rows: dict[int, tuple[int | None, bool]] | None = None

    def get(self) -> dict[int, tuple[int | None, bool]]:
        if self._rows is None:
            rows = Organisation.objects.values_list("pk", "municipality_id", "is_active")
            self._rows = {pk: (municipality_id, active) for pk, municipality_id, active in rows}
        return self._rows


def _count_by_organisation(counted: ind.Counted, year: int) -> dict[int, int]:
    rows = counted.between([year]).values(plan_org=F(counted.org_field)).annotate(plan_n=counted.counter())
    return {row["plan_org"]: row["plan_n"] for row in rows.order_by()}


def _fold(by_org: dict[int, int], organisations: _Organisations) -> dict[int, Value]:
    """Organisations' counts summed per municipality (an employee works in one organisation: the distinct
    people of a municipality are the sum of its organisations')."""
    totals: dict[int, int] = defaultdict(int)
    known = organisations.get()
    for org, n in by_org.items():
        municipality_id = known.get(org, (None, False))[0]
        if municipality_id is not None:
            totals[municipality_id] += n
    return {municipality_id: Value(n) for municipality_id, n in totals.items()}


def _replicated_by_municipality(year: int) -> dict[int, Value]:
    rows = (
        ind._projects()
        .filter(**ind._in_year("closed_on", year))
        .values(plan_m=F("organisation__municipality"))
        .annotate(t=Count("pk"), y=Count("pk", filter=ind._replicated_q()))
        .order_by()
    )
    return {row["plan_m"]: Value(row["y"], row["t"]) for row in rows}


# The cumulative shares: (their base, the records that make an organisation count, the records' date).
CUMULATIVE = {
    "subordinates_with_projects_share": (lambda: ind._subordinates(), ind._projects, "closed_on"),
    "institutions_with_suggestions_share": (
        lambda: ind._subordinates(institutions_only=True),
        ind._suggestions,
        "implemented_on",
    ),
}


def _cumulative_by_municipality(key: str, year: int, sinces: set[int]) -> dict[tuple[int, int], Value]:
    """``(municipality, since) → share``: one query, one conditional count per first year of a plan period."""
    bases, records, date_field = CUMULATIVE[key]
    counted = {
        f"y{since}": Count("pk", filter=ind._has_record_in(records(), date_field, year, since)) for since in sinces
    }
    rows = bases().values(plan_m=F("municipality")).annotate(total=Count("pk"), **counted).order_by()
    return {
        (row["plan_m"], since): Value(row[f"y{since}"], row["total"])
        for row in rows
        if row["plan_m"] is not None
        for since in sinces
    }


class _Executors:
    """Who executes each plan, for counts read «каждым исполнителем» (two queries, read once if needed)."""

    def __init__(self, plans: list[Plan]):
        through = Plan.executors.through
        self.chosen: dict[int, set[int]] = defaultdict(set)
        for plan_id, org_id in through.objects.filter(
            plan_id__in=[p.pk for p in plans], organisation__is_active=True
        ).values_list("plan_id", "organisation_id"):
            self.chosen[plan_id].add(org_id)
        self.active: dict[int, int] = dict(
            Organisation.objects.active()
            .filter(municipality_id__in={p.municipality_id for p in plans})
            .values("municipality_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("municipality_id", "n")
        )

    def count(self, plan: Plan) -> int:
        chosen = self.chosen.get(plan.pk)
        return len(chosen) if chosen else self.active.get(plan.municipality_id, 0)


def _own_counts(by_org: dict[int, int], organisations: _Organisations) -> dict[int, list[tuple[int, bool, int]]]:
    """``municipality → [(organisation, active, count)]`` for the organisations with records in the year."""
    result: dict[int, list[tuple[int, bool, int]]] = defaultdict(list)
    known = organisations.get()
    for org, n in by_org.items():
        municipality_id, active = known.get(org, (None, False))
        result[municipality_id].append((org, active, n))
    return result


def _meeting(plan: Plan, goal: int, own: list[tuple[int, bool, int]], executors: _Executors) -> int:
    """How many of ``plan``'s executors reach ``goal`` (a whole number above 0)."""
    chosen = executors.chosen.get(plan.pk)
    if chosen:
        return sum(1 for org, _, n in own if org in chosen and n >= goal)
    return sum(1 for _, active, n in own if active and n >= goal)


def plan_progress_by_municipality(year: int) -> dict[int, MunicipalityProgress]:
    """``municipality id → MunicipalityProgress`` for every active municipality (``plan_id`` None, no
    indicators, when no plan of it covers ``year``). A fixed number of queries (module docstring)."""
    municipality_ids = list(Municipality.objects.active().values_list("pk", flat=True))
    plans = _current_plans(year, municipality_ids)
    result = {
        m: MunicipalityProgress(m, plans[m].pk, plans[m].name) if m in plans else MunicipalityProgress(m, None, "")
        for m in municipality_ids
    }
    if not plans:
        return result
    year_targets = Prefetch("targets", queryset=Target.objects.filter(year=year), to_attr="year_targets")
    by_plan: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in (
        Indicator.objects.filter(plan__in=list(plans.values()))
        .prefetch_related(year_targets)
        .order_by("plan_id", "position", "id")
    ):
        if indicator.computation in ind.DEFINITIONS:
            by_plan[indicator.plan_id].append(indicator)
    organisations = _Organisations()
    counts: dict[str, dict[int, int]] = {}
    values = _values(year, plans, by_plan, counts, organisations)
    per_org = [i for items in by_plan.values() for i in items if i.per_organisation and i.definition.counted]
    executors = _Executors(list(plans.values())) if per_org else None
    own = {key: _own_counts(counts[key], organisations) for key in {i.computation for i in per_org}}
    for m, plan in plans.items():
        progress = result[m]
        for indicator in by_plan.get(plan.pk, []):
            item = _progress(indicator, plan, year, values, own, executors)
            progress.indicators.append(item)
        progress.total = len(progress.indicators)
        progress.met = sum(1 for item in progress.indicators if item.met)
    return result


def _values(
    year: int, plans: dict[int, Plan], by_plan: dict[int, list[Indicator]], counts: dict, organisations
) -> dict:
    """``computation key → {municipality (or (municipality, since)) → Value}``: one query per key (``counts``
    gets each count's figures per organisation)."""
    sinces: dict[str, set[int]] = defaultdict(set)
    for plan in plans.values():
        for indicator in by_plan.get(plan.pk, []):
            sinces[indicator.computation].add(plan.first_year)
    values: dict[str, dict] = {}
    for key, key_sinces in sinces.items():
        definition: Definition = ind.DEFINITIONS[key]
        if definition.counted is not None:
            counts[key] = _count_by_organisation(definition.counted, year)
            values[key] = _fold(counts[key], organisations)
        elif key == "replicated_projects_share":
            values[key] = _replicated_by_municipality(year)
        elif key in CUMULATIVE:
            values[key] = _cumulative_by_municipality(key, year, key_sinces)
        else:  # not grouped: one computation per municipality (no definition needs it today)
            values[key] = {
                (plan.municipality_id, plan.first_year): definition.actuals(
                    [year], by_org=False, since=plan.first_year, municipality=plan.municipality_id
                ).for_year(year)
                for plan in plans.values()
            }
    return values


def _progress(indicator: Indicator, plan: Plan, year: int, values: dict, own: dict, executors) -> IndicatorProgress:
    definition = indicator.definition
    found = values.get(indicator.computation, {})
    value = found.get(plan.municipality_id) or found.get((plan.municipality_id, plan.first_year))
    if value is None:
        value = Value(0, 0) if definition.is_share else Value(0)
    target = indicator.year_targets[0] if indicator.year_targets else None
    goal = target.value if target is not None else None
    if target is not None and indicator.per_organisation and definition.counted is not None:
        total = executors.count(plan)
        need = whole_goal(target)
        meeting = (
            total
            if need <= 0
            else _meeting(plan, need, own[indicator.computation].get(plan.municipality_id, []), executors)
        )
        status = verdict(value.value, target, year, times=total, all_reached=meeting >= total)
        goal = target.value * total
    else:
        status = verdict(value.value, target, year)
    return IndicatorProgress(
        code=indicator.code,
        wording=indicator.wording,
        unit=indicator.unit,
        actual=value.value,
        target=goal,
        met=status.is_met or status is PRELIMINARY_MET,
        status=status.text,
    )
