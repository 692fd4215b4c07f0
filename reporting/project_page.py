"""The project page's «Фактические значения целей» section: each goal's time series as a chart."""

from __future__ import annotations

from collections import defaultdict

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from lean_portal.panels import ProjectSection
from reporting.charts import goal_chart_svg
from reporting.models import GoalActual
from reporting.periods import Quarter


def sections(request, project) -> list[ProjectSection]:
    """Two queries: the goals and all their actuals."""
    goals = list(project.goals.all())
    if not goals:
        return []
    series: dict[int, list[tuple[Quarter, object, str]]] = defaultdict(list)
    rows = (
        GoalActual.objects.filter(goal__in=goals)
        .values_list("goal_id", "report__year", "report__quarter", "value", "report__state")
        .order_by("report__year", "report__quarter")
    )
    for goal_id, year, quarter, value, state in rows:
        series[goal_id].append((Quarter(year, quarter), value, state))
    items = []
    for goal in goals:
        points = series.get(goal.pk, [])
        items.append(
            {
                "goal": goal,
                "points": [{"period": q.label, "value": v, "draft": s == "draft"} for q, v, s in points],
                "svg": mark_safe(  # noqa: S308 - built by goal_chart_svg, which escapes every text
                    goal_chart_svg(
                        name=goal.name,
                        unit=goal.unit,
                        current=goal.current_value,
                        target=goal.target_value,
                        actuals=[(q.short_label, v) for q, v, _ in points],
                    )
                ),
            }
        )
    html = render_to_string("reporting/project_section.html", {"items": items}, request=request)
    return [ProjectSection(title="Фактические значения целей по кварталам", html=html, weight=20)]
