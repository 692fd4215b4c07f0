"""The portal's own figures for an organisation's year, shown in the self-assessment (6.3)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from projects.models import Project
from registries.models import Suggestion, Training
from reporting.models import QuarterlyReport


def selfassessment_figures(organisation_id: int, year: int) -> dict:
    """Counts for ``year``: projects, suggestions, training, quarterly reports. Four queries."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    projects = Project.objects.filter(organisation_id=organisation_id).aggregate(
        opened=Count(
            "pk",
            filter=Q(approval_date__gte=start, approval_date__lte=end) & Q(state__in=Project.APPROVED_STATES),
        ),
        active=Count("pk", filter=Q(state__in=Project.ACTIVE_STATES)),
        implemented=Count(
            "pk", filter=Q(state__in=Project.IMPLEMENTED_STATES, closed_on__gte=start, closed_on__lte=end)
        ),
        replicated=Count(
            "pk",
            filter=Q(approval_date__gte=start, approval_date__lte=end)
            & (Q(replicates__isnull=False) | ~Q(replicates_source="")),
        ),
    )
    suggestions = Suggestion.objects.filter(organisation_id=organisation_id).aggregate(
        submitted=Count("pk", filter=Q(submitted_on__gte=start, submitted_on__lte=end)),
        implemented=Count(
            "pk",
            filter=Q(state=Suggestion.State.IMPLEMENTED, implemented_on__gte=start, implemented_on__lte=end),
        ),
    )
    training = Training.objects.filter(
        employee__organisation_id=organisation_id, completed_on__gte=start, completed_on__lte=end
    ).aggregate(
        completed=Count("pk"),
        lean_basics=Count("pk", filter=Q(kind=Training.Kind.LEAN_BASICS)),
        office_factory=Count("pk", filter=Q(kind=Training.Kind.OFFICE_FACTORY)),
    )
    reports = QuarterlyReport.objects.filter(organisation_id=organisation_id, year=year).aggregate(
        submitted=Count("pk", filter=Q(state__in=[QuarterlyReport.State.SUBMITTED, QuarterlyReport.State.ACCEPTED])),
        accepted=Count("pk", filter=Q(state=QuarterlyReport.State.ACCEPTED)),
    )
    return {"year": year, "projects": projects, "suggestions": suggestions, "training": training, "reports": reports}


FIGURE_LABELS = [
    ("projects", "opened", "Открыто бережливых проектов (утверждено паспортов)"),
    ("projects", "active", "Реализуется проектов сейчас"),
    ("projects", "implemented", "Реализовано (закрыто) проектов"),
    ("projects", "replicated", "Из открытых — тиражированных"),
    ("suggestions", "submitted", "Подано предложений по улучшению"),
    ("suggestions", "implemented", "Внедрено предложений по улучшению"),
    ("training", "completed", "Завершено обучений сотрудников"),
    ("training", "lean_basics", "из них — основы бережливого управления"),
    ("training", "office_factory", "из них — фабрика офисных процессов"),
    ("reports", "submitted", "Направлено квартальных отчётов"),
    ("reports", "accepted", "Принято квартальных отчётов"),
]


def figure_rows(figures: dict) -> list[tuple[str, int]]:
    return [(label, figures.get(group, {}).get(key, 0)) for group, key, label in FIGURE_LABELS]
