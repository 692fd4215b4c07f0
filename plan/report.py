"""The annual analytical information on the plan (section 5.3 of the regulation).

One context builder feeds both the PDF (``plan/report_pdf.html``) and the .xlsx
(``plan.exporters.AnnualReportExporter``), and it takes its figures from
``plan.monitoring`` — the same figures as the dashboard.

A district implements tens of projects a year and the PDF lists each with its goals. A
region implements thousands (5,300 in a year of the region data set): the PDF then gives
a summary — by structural unit, by sphere of activity, by kind of organisation, by
significance status, the replicated ones counted — and says that the full list is in the
.xlsx annex, which streams the projects from the database (``projects_for_annex``).
The same holds for the executors: listed by name in the PDF while they are few.

Significance statuses come from the scoring app's official (agreed) assessments, read
through the ORM only; if that app or its fields are absent the section is left out.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from effects.selectors import district_effects
from orgs.models import Organisation
from plan.indicators import projects_implemented_records
from plan.models import Plan
from plan.monitoring import build_monitoring
from projects.models import Goal
from scoring.models import Assessment
from scoring.rubric import STATUS_CHOICES

# Above this many projects implemented in the year (or executors) the PDF summarises and the
# .xlsx annex lists: one WeasyPrint document with thousands of rows takes minutes and gigabytes.
PROJECTS_LISTED = 200
EXECUTORS_LISTED = 100
# Structural units named in the PDF's summary (by number of projects); all of them are in the .xlsx.
UNITS_LISTED = 30


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@dataclass(frozen=True)
class Significance:
    label: str
    total: object


NOT_ASSESSED = "оценка значимости не согласована"
NOT_LEAN = "не признан бережливым"
STATUS_LABELS = dict(STATUS_CHOICES)


def _label(is_lean: bool, status: str) -> str:
    return STATUS_LABELS.get(status, status) if is_lean else NOT_LEAN


def official_significance(project_ids: list[int]) -> dict[int, Significance]:
    """Project id → its official significance status."""
    rows = (
        Assessment.objects.official()
        .filter(project_id__in=project_ids)
        .values("project_id", "is_lean", "status", "total")
    )
    return {row["project_id"]: Significance(_label(row["is_lean"], row["status"]), row["total"]) for row in rows}


def significance_counts(projects: QuerySet) -> list[tuple[str, int]]:
    """(status, number of ``projects``) by official significance status, most frequent first (one query)."""
    counts: Counter = Counter()
    assessed = 0
    rows = (
        Assessment.objects.official()
        .filter(project__in=projects.values("pk"))
        .values("is_lean", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows.order_by():
        counts[_label(row["is_lean"], row["status"])] += row["n"]
        assessed += row["n"]
    not_assessed = projects.count() - assessed
    if not_assessed:
        counts[NOT_ASSESSED] += not_assessed
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def with_significance(projects: QuerySet) -> QuerySet:
    """``projects`` annotated with their official assessment (``sig_is_lean``, ``sig_status``, ``sig_total``)
    by subqueries, so that they can be streamed."""
    official = Assessment.objects.official().filter(project=OuterRef("pk"))
    return projects.annotate(
        sig_is_lean=Subquery(official.values("is_lean")[:1]),
        sig_status=Subquery(official.values("status")[:1]),
        sig_total=Subquery(official.values("total")[:1]),
    )


def project_significance(project) -> Significance | None:
    """The official significance of a project read by ``with_significance`` or set by ``build``."""
    if hasattr(project, "significance"):
        return project.significance
    if getattr(project, "sig_status", None) is None and getattr(project, "sig_is_lean", None) is None:
        return None
    return Significance(_label(project.sig_is_lean, project.sig_status), project.sig_total)


def implemented_projects(year: int, municipality=None) -> QuerySet:
    """The lean projects implemented in ``year`` (of ``municipality``: a plan's report reads its own)."""
    return projects_implemented_records(year, municipality=municipality).order_by("closed_on", "title", "pk")


def projects_for_annex(year: int, municipality=None) -> QuerySet:
    """Every project implemented in ``year`` with what the annex shows: stream it with ``.iterator()``."""
    return with_significance(
        implemented_projects(year, municipality).select_related(
            "organisation", "replicates", "replicates__organisation"
        )
    )


def goals_for_annex(year: int, municipality=None) -> QuerySet:
    """The goals of every project implemented in ``year``, in the projects' order: stream it."""
    return (
        Goal.objects.filter(project__in=implemented_projects(year, municipality).values("pk"))
        .select_related("project__organisation")
        .order_by("project__closed_on", "project__title", "project_id", "position", "id")
    )


def _unit_expression():
    """The structural unit a project belongs to: its organisation's parent, or the organisation itself."""
    return Coalesce(F("organisation__parent_id"), F("organisation_id"))


def by_unit(projects: QuerySet) -> list[dict]:
    """Projects by structural unit (with its subordinate organisations): number and replicated, most first."""
    rows = list(
        projects.values(unit=_unit_expression())
        .annotate(total=Count("pk"), replicated=Count("pk", filter=_replicated()))
        .order_by("-total", "unit")
    )
    names = dict(Organisation.objects.filter(pk__in=[r["unit"] for r in rows]).values_list("pk", "short_name"))
    for row in rows:
        row["name"] = names.get(row["unit"], "")
    return rows


def _replicated() -> Q:
    return Q(replicates__isnull=False) | ~Q(replicates_source="")


def _grouped(projects: QuerySet, field: str, labels: dict | None = None) -> list[tuple[str, int, int]]:
    rows = (
        projects.values(field)
        .annotate(total=Count("pk"), replicated=Count("pk", filter=_replicated()))
        .order_by("-total", field)
    )
    labels = labels or {}
    return [(labels.get(row[field], row[field]) or "не указана", row["total"], row["replicated"]) for row in rows]


def summary(projects: QuerySet) -> dict:
    """The year's implemented projects summarised (a constant number of grouped queries)."""
    totals = projects.aggregate(total=Count("pk"), replicated=Count("pk", filter=_replicated()))
    units = by_unit(projects)
    return {
        "total": totals["total"],
        "replicated": totals["replicated"],
        "by_kind": _grouped(projects, "organisation__kind", dict(Organisation.Kind.choices)),
        "by_sphere": _grouped(projects, "sphere__name"),
        "units": units[:UNITS_LISTED],
        "units_count": len(units),
        "units_more": max(len(units) - UNITS_LISTED, 0),
    }


def build(plan: Plan, year: int) -> dict:
    """The report's context.

    The projects are listed one by one while they are few (``projects_listed``); otherwise ``summary``
    describes them and the .xlsx annex lists them. The lagging executors are named while the executors
    are few (``lagging``); otherwise each indicator says how many met its target. The .xlsx reads every
    executor's result itself (``IndicatorRow.results``).
    """
    result = build_monitoring(plan, year, lagging_limit=0)
    executors_listed = result.executors_count <= EXECUTORS_LISTED
    projects_qs = implemented_projects(year, plan.municipality_id)
    projects_count = projects_qs.count()
    projects_listed = projects_count <= PROJECTS_LISTED
    context = {
        "plan": plan,
        "year": year,
        "monitoring": result,
        "rows": result.rows,
        "charts": [(row, svg_data_uri(row.chart)) for row in result.rows],
        "projects_count": projects_count,
        "projects_listed": projects_listed,
        "projects_limit": PROJECTS_LISTED,
        "executors_listed": executors_listed,
        "executors_limit": EXECUTORS_LISTED,
        "per_org_rows": [row for row in result.rows if row.per_organisation and row.target],
        "generated_on": timezone.localdate(),
        "effects": district_effects(year, municipality=plan.municipality_id),
    }
    if executors_listed:
        context["lagging"] = result.lagging_organisations
        # Beside the district totals: each executor's own count of every count indicator read «по округу».
        district_counts = [
            row for row in result.rows if row.definition.counted is not None and not row.per_organisation
        ]
        by_row = [{r.organisation.pk: r.value.value for r in row.results} for row in district_counts]
        context["contribution_rows"] = district_counts
        context["contributions"] = [
            (organisation, [values.get(organisation.pk, 0) for values in by_row]) for organisation in result.executors
        ]
    if projects_listed:
        projects = list(
            projects_qs.select_related("organisation", "replicates", "replicates__organisation").prefetch_related(
                Prefetch("goals", queryset=Goal.objects.order_by("position", "id"))
            )
        )
        significance = official_significance([p.pk for p in projects])
        for project in projects:
            project.significance = significance.get(project.pk)
        statuses = Counter(p.significance.label if p.significance else NOT_ASSESSED for p in projects)
        context.update(
            projects=projects,
            replicated=[p for p in projects if p.is_replicated],
            statuses=sorted(statuses.items(), key=lambda item: -item[1]),
        )
    else:
        context.update(
            projects=[],
            replicated=[],
            summary=summary(projects_qs),
            statuses=significance_counts(projects_qs),
        )
    return context
