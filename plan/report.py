"""The annual analytical information on the plan (section 5.3 of the regulation).

One context builder feeds both the PDF (``plan/report_pdf.html``) and the .xlsx
(``plan.exporters.AnnualReportExporter``), and it takes its figures from
``plan.monitoring`` — the same figures as the dashboard.

Significance statuses are not included: when this report was written the scoring app
had no models to read them from.
"""

from __future__ import annotations

import base64

from django.db.models import Prefetch
from django.utils import timezone

from plan.indicators import projects_implemented_records
from plan.models import Plan
from plan.monitoring import build_monitoring


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def build(plan: Plan, year: int) -> dict:
    from projects.models import Goal

    result = build_monitoring(plan, year)
    projects = list(
        projects_implemented_records(year)
        .select_related("organisation", "replicates", "replicates__organisation")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("position", "id")))
        .order_by("closed_on", "title")
    )
    return {
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
