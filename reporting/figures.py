"""What a quarterly report says, gathered from the portal (so nobody types twice).

``build_figures`` reads the live data for a draft; ``report_figures`` returns the
frozen snapshot of a submitted report instead. Both give the same JSON-able dict,
which the page, the snapshot and the consolidated Excel all read. A constant
number of queries, however many projects and goals.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse

from projects.models import STAGE_NAMES, Project
from registries.models import Suggestion, Training
from reporting.deadlines import today
from reporting.models import GoalActual, QuarterlyReport, ReportProject
from reporting.periods import Quarter

SNAPSHOT_VERSION = 1


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def report_projects_queryset(organisation_id: int, period: Quarter):
    """Active projects and those closed during or after the quarter, approved by its end."""
    return (
        Project.objects.filter(organisation_id=organisation_id)
        .filter(
            Q(state__in=Project.ACTIVE_STATES) | Q(state__in=Project.IMPLEMENTED_STATES, closed_on__gte=period.start)
        )
        .filter(Q(approval_date__isnull=True) | Q(approval_date__lte=period.end))
        .select_related("sphere", "organisation__sphere")
        .prefetch_related("goals")
        .order_by("title", "pk")
    )


def opened_passports_queryset(organisation_id: int, period: Quarter):
    """Passports approved in the quarter: they go with the report (6.2)."""
    return (
        Project.objects.approved()
        .filter(organisation_id=organisation_id)
        .filter(
            Q(approval_date__gte=period.start, approval_date__lte=period.end)
            | Q(approval_date__isnull=True, approved_at__date__gte=period.start, approved_at__date__lte=period.end)
        )
        .order_by("approval_date", "title")
    )


def build_figures(report: QuarterlyReport, day: datetime.date | None = None) -> dict:
    """The report's content from live data and from what the organisation has entered so far."""
    period = report.period
    as_of = min(day or today(), period.end)
    projects = list(report_projects_queryset(report.organisation_id, period))
    goal_ids = [goal.pk for project in projects for goal in project.goals.all()]

    # Earlier actuals give «the latest actual value»; this report's own are the quarter's entry.
    latest: dict[int, tuple[Quarter, Decimal]] = {}
    mine: dict[int, Decimal] = {}
    rows = (
        GoalActual.objects.filter(goal_id__in=goal_ids)
        .filter(Q(report__year__lt=period.year) | Q(report__year=period.year, report__quarter__lte=period.quarter))
        .values_list("goal_id", "report_id", "report__year", "report__quarter", "value")
    )
    for goal_id, report_id, year, quarter, value in rows:
        if report_id == report.pk:
            mine[goal_id] = value
            continue
        at = Quarter(year, quarter)
        if at < period and (goal_id not in latest or latest[goal_id][0] < at):
            latest[goal_id] = (at, value)
    entries = {e.project_id: e for e in ReportProject.objects.filter(report=report)}

    project_rows = []
    for project in projects:
        stage = project.reported_stage
        planned = project.planned_stage(as_of)
        scheduled, schedule_note = project.schedule_verdict(as_of)
        sphere = project.sphere or project.organisation.sphere
        entry = entries.get(project.pk)
        goals = []
        for goal in project.goals.all():
            previous = latest.get(goal.pk)
            goals.append(
                {
                    "id": goal.pk,
                    "name": goal.name,
                    "unit": goal.unit,
                    "current": _dec(goal.current_value),
                    "target": _dec(goal.target_value),
                    "latest": _dec(previous[1]) if previous else None,
                    "latest_period": previous[0].short_label if previous else "",
                    "actual": _dec(mine.get(goal.pk)),
                }
            )
        project_rows.append(
            {
                "id": project.pk,
                "title": project.title,
                "url": project.get_absolute_url(),
                "sphere": sphere.name if sphere else "",
                "state": project.state,
                "state_label": project.get_state_display(),
                "stage": stage,
                "stage_name": _stage_name(stage),
                "planned_stage": planned,
                "on_schedule": scheduled,
                "schedule_note": schedule_note,
                "progress": entry.progress if entry else "",
                "problems": entry.problems if entry else "",
                "help_needed": entry.help_needed if entry else "",
                "goals": goals,
            }
        )

    passports = [
        {
            "id": p.pk,
            "title": p.title,
            "approval_date": (p.approval_date or (p.approved_at and p.approved_at.date()) or as_of).isoformat(),
            "url": reverse("projects:pdf", args=[p.pk]),
        }
        for p in opened_passports_queryset(report.organisation_id, period)
    ]

    suggestions = Suggestion.objects.filter(organisation_id=report.organisation_id)
    counts = suggestions.aggregate(
        submitted=Count("pk", filter=Q(submitted_on__gte=period.start, submitted_on__lte=period.end)),
        implemented=Count(
            "pk",
            filter=Q(
                state=Suggestion.State.IMPLEMENTED,
                implemented_on__gte=period.start,
                implemented_on__lte=period.end,
            ),
        ),
    )
    implemented = [
        {"id": s.pk, "problem": s.problem[:200], "implemented_on": s.implemented_on.isoformat()}
        for s in suggestions.filter(
            state=Suggestion.State.IMPLEMENTED, implemented_on__gte=period.start, implemented_on__lte=period.end
        ).order_by("implemented_on", "pk")[:50]
    ]
    kinds = dict(Training.Kind.choices)
    training = (
        Training.objects.filter(
            employee__organisation_id=report.organisation_id,
            completed_on__gte=period.start,
            completed_on__lte=period.end,
        )
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("kind")
    )
    by_kind = [{"kind": t["kind"], "label": kinds.get(t["kind"], t["kind"]), "count": t["count"]} for t in training]

    return {
        "version": SNAPSHOT_VERSION,
        "as_of": as_of.isoformat(),
        "organisation": report.organisation.short_name,
        "organisation_sphere": report.organisation.sphere.name if report.organisation.sphere_id else "",
        "period": {"year": period.year, "quarter": period.quarter, "label": period.label},
        "projects": project_rows,
        "passports": passports,
        "suggestions": {**counts, "items": implemented},
        "training": {"completed": sum(t["count"] for t in by_kind), "by_kind": by_kind},
        "general_comment": report.general_comment,
    }


def report_figures(report: QuarterlyReport, day: datetime.date | None = None) -> dict:
    """The frozen snapshot of a submitted or accepted report; live figures otherwise."""
    if report.is_frozen:
        return report.snapshot
    return build_figures(report, day)


def _stage_name(number: int | None) -> str:
    return STAGE_NAMES.get(number, "") if number else ""
