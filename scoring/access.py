"""Assessments looked up by id through the access rules (``orgs.access``, the project's reach)."""

from __future__ import annotations

from django.http import Http404

from projects.models import Project
from scoring.models import Assessment


def get_assessment_for_user(request, pk) -> Assessment:
    """404 for outsiders; a draft is seen only by its own side (the office or the organisation).

    Read through the project's reach (``Project.objects.reachable_by``): the deputy the admin
    named to agree the office's own assessments reads them too."""
    assessment = (
        Assessment.objects.select_related(
            "project__organisation", "project__sphere", "rubric_version", "assessor_employee__organisation"
        )
        .prefetch_related("criteria__indicators")
        .filter(pk=pk, project__in=Project.objects.reachable_by(request.user))
        .first()
    )
    if assessment is None:
        raise Http404("Запись не найдена или недоступна.")
    if (
        assessment.state == Assessment.State.DRAFT
        and request.user.organisation_id != assessment.assessor_employee.organisation_id
        and not request.user.is_portal_admin
    ):
        raise Http404("Черновик оценки доступен только тому, кто его готовит.")
    return assessment
