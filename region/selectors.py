"""Reads of the regional office: the comparison of municipalities and a municipality's counts.

The comparison runs a fixed number of queries whatever the number of municipalities: one per
figure, each grouped by municipality (``values(...).annotate(...)``), plus the plan's own
(``plan.comparison``) and the effects' (``effects.selectors``). Rows are put together and sorted
in Python: a region has a few dozen municipalities.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from effects.models import Kind
from effects.selectors import confirmed_effects_by_municipality
from lean_portal.formats import percent, round_half_up
from orgs.models import Employee, Municipality, Organisation, User
from plan.comparison import MunicipalityProgress, plan_progress_by_municipality
from plan.models import Plan
from projects.models import Project
from registries.models import Suggestion, Training

# Projects by state, in three groups the comparison shows (current state, whatever the year).
PREPARING_STATES = [
    Project.State.DRAFT,
    Project.State.RETURNED,
    Project.State.SUBMITTED,
    Project.State.ACCEPTED,
]
PROJECT_GROUPS = (
    ("preparing", "в подготовке", PREPARING_STATES),
    ("active", "реализуются", Project.ACTIVE_STATES),
    ("implemented", "реализованы", Project.IMPLEMENTED_STATES),
)


def per_thousand(count: int, staff: int) -> Decimal | None:
    """``count`` per 1,000 staff, to one decimal place (None without staff)."""
    if not staff:
        return None
    return round_half_up(Decimal(count) * 1000 / Decimal(staff), 1)


@dataclass
class ComparisonRow:
    municipality_id: int
    name: str
    short_name: str
    slug: str
    progress: MunicipalityProgress | None = None
    projects: dict[str, int] = field(default_factory=dict)
    staff: int = 0
    suggestions: int = 0
    trained: int = 0
    effects_money: Decimal | None = None
    effects_hours: Decimal | None = None
    # The plan's indicators in the order of ``Comparison.codes`` (None where the plan has no such indicator).
    indicator_cells: list = field(default_factory=list)

    @property
    def plan_share(self) -> Decimal | None:
        """Per cent of the plan's indicators with a target that reached it (None: no plan or no targets)."""
        if self.progress is None or not self.progress.total:
            return None
        return percent(self.progress.met, self.progress.total, 1)

    @property
    def suggestions_per_1000(self) -> Decimal | None:
        return per_thousand(self.suggestions, self.staff)

    @property
    def trained_per_1000(self) -> Decimal | None:
        return per_thousand(self.trained, self.staff)

    @property
    def project_cells(self) -> list[int]:
        """Projects of each group of ``PROJECT_GROUPS``, in order."""
        return [self.projects.get(key, 0) for key, _, _ in PROJECT_GROUPS]

    @property
    def projects_total(self) -> int:
        return sum(self.projects.values())

    @property
    def indicators(self) -> dict[str, object]:
        return {i.code: i for i in self.progress.indicators} if self.progress else {}


# Sort keys of the table: key → (column title, value of a row). None sorts last either way.
SORTS = {
    "name": ("Муниципальное образование", lambda r: r.name),
    "plan": ("Показатели плана выполнены", lambda r: r.plan_share),
    "preparing": ("Проекты в подготовке", lambda r: r.projects.get("preparing", 0)),
    "active": ("Проекты реализуются", lambda r: r.projects.get("active", 0)),
    "implemented": ("Проекты реализованы", lambda r: r.projects.get("implemented", 0)),
    "staff": ("Сотрудников", lambda r: r.staff),
    "suggestions": ("ППУ на 1 000 сотрудников", lambda r: r.suggestions_per_1000),
    "training": ("Обучено на 1 000 сотрудников", lambda r: r.trained_per_1000),
    "effects": ("Подтверждённые эффекты, руб. в год", lambda r: r.effects_money),
}
DEFAULT_SORT = "name"


def sort_rows(rows: list[ComparisonRow], sort: str) -> tuple[list[ComparisonRow], str]:
    """``rows`` sorted by ``sort`` (a key of ``SORTS``, «-» first for descending); unknown → by name."""
    key = sort.lstrip("-")
    if key not in SORTS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT
    descending = sort.startswith("-")
    value = SORTS[key][1]
    present = [r for r in rows if value(r) is not None]
    absent = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: (value(r), r.name), reverse=descending)
    absent.sort(key=lambda r: r.name)
    return present + absent, sort


@dataclass
class Comparison:
    year: int
    years: list[int]
    rows: list[ComparisonRow]
    # The plans' indicator codes in order (the columns of the indicator table).
    codes: list[str]
    wordings: dict[str, str]
    sort: str = DEFAULT_SORT
    # When the figures were read from the records (they are kept for ``COMPARISON_CACHE_SECONDS``).
    computed_at: datetime.datetime | None = None

    @property
    def indicator_headers(self) -> list[tuple[str, str]]:
        return [(code, self.wordings[code]) for code in self.codes]

    @property
    def with_plan(self) -> int:
        return sum(1 for r in self.rows if r.progress is not None)

    @property
    def plan_fulfilled(self) -> int:
        """Municipalities whose every indicator with a target reached it."""
        return sum(1 for r in self.rows if r.progress and r.progress.total and r.progress.met == r.progress.total)

    @property
    def implemented(self) -> int:
        return sum(r.projects.get("implemented", 0) for r in self.rows)

    @property
    def staff(self) -> int:
        return sum(r.staff for r in self.rows)

    @property
    def effects_money(self) -> Decimal:
        return sum((r.effects_money or Decimal(0) for r in self.rows), Decimal(0))


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def comparison_years() -> list[int]:
    """The years one may choose: from the first plan's first year to the last plan's last (this year at least)."""
    this_year = timezone.localdate().year
    bounds = Plan.objects.aggregate(first=Min("first_year"), last=Max("last_year"))
    first = min(bounds["first"] or this_year, this_year)
    last = max(bounds["last"] or this_year, this_year)
    return list(range(first, last + 1))


def _grouped(queryset, path: str, **aggregate) -> dict:
    rows = queryset.values(plan_m=F(path)).annotate(**aggregate).order_by()
    return {row["plan_m"]: row for row in rows}


def _effects(value) -> tuple[Decimal | None, Decimal | None]:
    """(money, staff hours) confirmed, from what ``confirmed_effects_by_municipality`` gives for a municipality:
    an object with ``money`` and ``staff_hours``, the effects' ``Totals`` (``money("confirmed")``), or a sum."""
    if value is None:
        return None, None
    money = getattr(value, "money", None)
    if callable(money):
        return money("confirmed"), value.value(Kind.STAFF_TIME, "confirmed")
    if money is not None:
        return money, getattr(value, "staff_hours", None)
    return Decimal(value), None


# The comparison reads every municipality's records (a few hundred milliseconds at region scale): its
# figures are kept in the shared cache for a few minutes per year, and the page says when they were
# read. Only the computed rows are kept, never the page; only the regional office and administrators
# see them, so the key names no user or municipality.
COMPARISON_CACHE_SECONDS = 600


def comparison_cache_seconds() -> int:
    return getattr(settings, "REGION_COMPARISON_CACHE_SECONDS", COMPARISON_CACHE_SECONDS)


def comparison(year: int, sort: str = DEFAULT_SORT) -> Comparison:
    """Every active municipality for ``year``, one row each, sorted by ``sort``."""
    rows, codes, wordings, computed_at = cache.get_or_set(
        f"region:comparison:{year}", lambda: _figures(year), comparison_cache_seconds()
    )
    ordered, sort = sort_rows(rows, sort)
    return Comparison(year, comparison_years(), ordered, codes, wordings, sort, computed_at)


def _figures(year: int) -> tuple[list[ComparisonRow], list[str], dict[str, str], datetime.datetime]:
    """The rows of every active municipality for ``year``, read from the records."""
    municipalities = list(Municipality.objects.active().values("pk", "name", "short_name", "slug"))
    rows = {m["pk"]: ComparisonRow(m["pk"], m["name"], m["short_name"] or m["name"], m["slug"]) for m in municipalities}
    progress = plan_progress_by_municipality(year)
    for municipality_id, row in rows.items():
        row.progress = progress.get(municipality_id)
        if row.progress is not None and row.progress.plan_id is None:
            row.progress = None
    state_rows = Project.objects.values("organisation__municipality", "state").annotate(plan_n=Count("pk")).order_by()
    group_of = {state: key for key, _, states in PROJECT_GROUPS for state in states}
    for item in state_rows:
        row = rows.get(item["organisation__municipality"])
        group = group_of.get(item["state"])
        if row is not None and group is not None:
            row.projects[group] = row.projects.get(group, 0) + item["plan_n"]
    first, last = _year_bounds(year)
    staff = _grouped(Employee.objects.filter(is_active=True), "organisation__municipality", plan_n=Count("pk"))
    suggestions = _grouped(
        Suggestion.objects.filter(submitted_on__gte=first, submitted_on__lte=last),
        "organisation__municipality",
        plan_n=Count("pk"),
    )
    trained = _grouped(
        Training.objects.filter(completed_on__gte=first, completed_on__lte=last),
        "employee__organisation__municipality",
        plan_n=Count("employee", distinct=True),
    )
    effects = confirmed_effects_by_municipality(year)
    for municipality_id, row in rows.items():
        row.staff = staff.get(municipality_id, {}).get("plan_n", 0)
        row.suggestions = suggestions.get(municipality_id, {}).get("plan_n", 0)
        row.trained = trained.get(municipality_id, {}).get("plan_n", 0)
        row.effects_money, row.effects_hours = _effects(effects.get(municipality_id))
    codes: list[str] = []
    wordings: dict[str, str] = {}
    for row in rows.values():
        for indicator in row.progress.indicators if row.progress else []:
            if indicator.code not in wordings:
                codes.append(indicator.code)
                wordings[indicator.code] = indicator.wording
    codes.sort(key=_code_key)
    for row in rows.values():
        cells = row.indicators
        row.indicator_cells = [cells.get(code) for code in codes]
    return list(rows.values()), codes, wordings, timezone.now()


def _code_key(code: str) -> tuple:
    """«1.2» before «1.10», whatever else a code holds after its numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in code.split("."))


# --- A municipality's page -----------------------------------------------------------------------


@dataclass
class MunicipalityCounts:
    organisations: int
    employees: int
    users: int
    projects: int
    suggestions: int


def municipality_counts(municipality: Municipality) -> MunicipalityCounts:
    """What the municipality holds: five counts (five queries, whatever it holds)."""
    return MunicipalityCounts(
        organisations=Organisation.objects.filter(municipality=municipality).count(),
        employees=Employee.objects.filter(organisation__municipality=municipality).count(),
        users=User.objects.filter(employee__organisation__municipality=municipality).count(),
        projects=Project.objects.filter(organisation__municipality=municipality).count(),
        suggestions=Suggestion.objects.filter(organisation__municipality=municipality).count(),
    )
