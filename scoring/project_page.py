"""The «Оценка значимости» section of a project's page: official status, both assessments side by side."""

from __future__ import annotations

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse

from lean_portal.panels import ProjectSection
from scoring import services
from scoring.models import Assessment, AssessmentCriterion


def sections(request, project) -> list[ProjectSection]:
    assessments = list(
        Assessment.objects.filter(project=project)
        .exclude(state=Assessment.State.DRAFT)
        .select_related("assessor_employee", "rubric_version")
        .prefetch_related(Prefetch("criteria", queryset=AssessmentCriterion.objects.order_by("code")))
        .order_by("-assessed_on", "-id")
    )
    official = next((a for a in assessments if a.state == Assessment.State.AGREED), None)
    latest_self = next((a for a in assessments if a.kind == Assessment.Kind.SELF), None)
    latest_office = next((a for a in assessments if a.kind == Assessment.Kind.OFFICE), None)
    columns = [
        {
            "title": "Самостоятельная оценка организации",
            "assessment": latest_self,
            "empty": "Организация свой проект не оценивала.",
        },
        {
            "title": "Оценка управления экономического развития",
            "assessment": latest_office,
            "empty": "Управление собственную оценку не проводило.",
        },
    ]
    user = request.user
    refusal = services.assessment_refusal(user, project)
    assess_url = assess_label = ""
    if refusal is None:
        assess_url = reverse("scoring:assess", args=[project.pk])
        draft_exists = Assessment.objects.filter(
            project=project, kind=services.assessment_kind_for(user, project), state=Assessment.State.DRAFT
        ).exists()
        assess_label = "Продолжить оценку значимости" if draft_exists else "Оценить значимость"
    shown_refusal = refusal if user.organisation_id == project.organisation_id else ""
    html = render_to_string(
        "scoring/project_section.html",
        {
            "official": official,
            "columns": columns,
            "assess_url": assess_url,
            "assess_label": assess_label,
            "refusal": shown_refusal,
        },
        request=request,
    )
    return [ProjectSection(title="Оценка значимости", html=html, weight=50)]
