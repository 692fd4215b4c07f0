"""The annual analytical information on the plan (section 5.3 of the regulation).

One context builder feeds both the PDF (``plan/report_pdf.html``) and the .xlsx
(``plan.exporters.AnnualReportExporter``), and it takes its figures from
``plan.monitoring`` — the same figures as the dashboard.

Significance statuses come from the scoring app's official (agreed) assessments, read
through the ORM only; if that app or its fields are absent the section is left out.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.utils import timezone

from plan.indicators import projects_implemented_records
from plan.models import Plan
from plan.monitoring import build_monitoring


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@dataclass(frozen=True)
class Significance:
    label: str
    total: object


NOT_ASSESSED = "оценка значимости не согласована"


def official_significance(project_ids: list[int]) -> dict[int, Significance] | None:
    """Project id → its official significance status; None when the scoring app offers none."""
    try:
        assessment = apps.get_model("scoring", "Assessment")
        status_field = assessment._meta.get_field("status")
        for name in ("project", "state", "is_lean", "total"):
            assessment._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return None
    manager = assessment.objects
    official = manager.official() if hasattr(manager, "official") else manager.filter(state="agreed")
    labels = dict(status_field.choices or [])
    rows = official.filter(project_id__in=project_ids).values("project_id", "is_lean", "status", "total")
    return {
        row["project_id"]: Significance(
            labels.get(row["status"], row["status"]) if row["is_lean"] else "не признан бережливым", row["total"]
        )
        for row in rows
    }


def build(plan: Plan, year: int) -> dict:
    from projects.models import Goal

    result = build_monitoring(plan, year)
    projects = list(
        projects_implemented_records(year)
        .select_related("organisation", "replicates", "replicates__organisation")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("position", "id")))
        .order_by("closed_on", "title")
    )
    significance = official_significance([p.pk for p in projects])
    if significance is not None:
        for project in projects:
            project.significance = significance.get(project.pk)
        statuses = Counter(p.significance.label if p.significance else NOT_ASSESSED for p in projects)
    else:
        statuses = None
    return {
        "significance_available": significance is not None,
        "statuses": sorted(statuses.items(), key=lambda item: -item[1]) if statuses else [],
        "plan": plan,
        "year": year,
        "monitoring": result,
        "rows": result.rows,
        "charts": [(row, svg_data_uri(row.chart)) for row in result.rows],
        "projects": projects,
        "replicated": [p for p in projects if p.is_replicated],
        "lagging": result.lagging_organisations,
        "generated_on": timezone.localdate(),
    }
