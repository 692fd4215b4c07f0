"""Each municipality's plan against its own targets, for the regional comparison (region/).

MINIMAL VERSION written on the branch "region" so that the comparison page can be developed;
engineer "plan" writes the real one with exactly this name and return shape, and the lead keeps
theirs at merge. Readings of this version: the plan of a municipality is the one covering ``year``
(the latest first year first); a count is that municipality's total over its organisations'
records; the shares 1.3–1.5 are read among its organisations; a target read «каждым исполнителем»
is compared with the municipality's total as if read «по округу» (the real version reads it per
executor). A fixed number of queries whatever the number of municipalities: the plans (1), their
indicators and the year's targets (2), and one grouped query per computation key used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch

from plan import indicators as ind
from plan.models import Indicator, Plan, Target
from plan.monitoring import verdict


@dataclass(frozen=True)
class IndicatorProgress:
    code: str
    wording: str
    unit: str
    # A count, a share in per cent, or None (no data: an empty share).
    actual: int | Decimal | None
    target: Decimal | None
    met: bool


@dataclass
class MunicipalityProgress:
    municipality_id: int
    plan_id: int | None
    plan_name: str
    indicators: list[IndicatorProgress] = field(default_factory=list)
    # Indicators at or above their target (in the year under way: already reached), and how many have a target.
    met: int = 0
    total: int = 0


def _counted_by_municipality(counted: ind.Counted, year: int, since: int) -> dict[int, ind.Value]:
    rows = (
        counted.between([year])
        .values(plan_m=F(f"{counted.org_field}__municipality"))
        .annotate(plan_n=counted.counter())
        .order_by()
    )
    return {row["plan_m"]: ind.Value(row["plan_n"]) for row in rows}


def _share_rows(queryset, aggregates: dict, group: str) -> dict[int, ind.Value]:
    rows = queryset.values(plan_m=F(group)).annotate(**aggregates).order_by()
    return {row["plan_m"]: ind.Value(row["plan_y"], row["plan_t"]) for row in rows}


def _subordinates_share(records, date_field: str, *, institutions_only: bool) -> Callable:
    def compute(year: int, since: int) -> dict[int, ind.Value]:
        bases = ind._subordinates(institutions_only=institutions_only)
        done = Count("pk", filter=ind._has_record_in(records(), date_field, year, since))
        return _share_rows(bases, {"plan_t": Count("pk"), "plan_y": done}, "municipality")

    return compute


def _replicated_share(year: int, since: int) -> dict[int, ind.Value]:
    implemented = ind._projects().filter(**ind._in_year("closed_on", year))
    aggregates = {"plan_t": Count("pk"), "plan_y": Count("pk", filter=ind._replicated_q())}
    return _share_rows(implemented, aggregates, "organisation__municipality")


SHARES: dict[str, Callable[[int, int], dict[int, ind.Value]]] = {
    "subordinates_with_projects_share": _subordinates_share(ind._projects, "closed_on", institutions_only=False),
    "institutions_with_suggestions_share": _subordinates_share(
        ind._suggestions, "implemented_on", institutions_only=True
    ),
    "replicated_projects_share": _replicated_share,
}


def _actuals(key: str, year: int, since: int) -> dict[int, ind.Value]:
    definition = ind.DEFINITIONS[key]
    if definition.counted is not None:
        return _counted_by_municipality(definition.counted, year, since)
    return SHARES[key](year, since if definition.cumulative else year)


def plan_progress_by_municipality(year: int) -> dict[int, MunicipalityProgress]:
    """``{municipality_id: MunicipalityProgress}`` for every municipality with a plan covering ``year``."""
    plans: dict[int, Plan] = {}
    for plan in Plan.objects.filter(first_year__lte=year, last_year__gte=year).order_by("-first_year", "name"):
        plans.setdefault(plan.municipality_id, plan)
    if not plans:
        return {}
    targets = Prefetch("targets", queryset=Target.objects.filter(year=year))
    indicators = list(
        Indicator.objects.filter(plan__in=[p.pk for p in plans.values()])
        .order_by("plan_id", "position", "id")
        .prefetch_related(targets)
    )
    computed: dict[tuple[str, int], dict[int, ind.Value]] = {}
    by_plan: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_plan.setdefault(indicator.plan_id, []).append(indicator)
    result = {}
    for municipality_id, plan in plans.items():
        progress = MunicipalityProgress(municipality_id, plan.pk, plan.name)
        for indicator in by_plan.get(plan.pk, []):
            key = (indicator.computation, plan.first_year)
            if key not in computed:
                computed[key] = _actuals(indicator.computation, year, plan.first_year)
            empty = ind.Value(0) if indicator.definition.kind == ind.COUNT else ind.Value(0, 0)
            value = computed[key].get(municipality_id, empty)
            target = next(iter(indicator.targets.all()), None)
            status = verdict(value.value, target, year)
            met = status.code in ("met", "preliminary_met")
            progress.indicators.append(
                IndicatorProgress(
                    indicator.code,
                    indicator.wording,
                    indicator.unit,
                    value.value,
                    target.value if target else None,
                    met,
                )
            )
            if target is not None:
                progress.total += 1
                progress.met += met
        result[municipality_id] = progress
    return result
