"""The score sheet PDF («Лист оценки значимости»): the context builder, apart from WeasyPrint."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from lean_portal.pdf import qr_data_uri
from scoring.models import Assessment


def score_sheet_context(assessment: Assessment) -> dict:
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("scoring:detail", args=[assessment.pk])
    return {
        "assessment": assessment,
        "project": assessment.project,
        "rows": assessment.score_rows(),
        "rubric_version": assessment.rubric_version,
        "qr": qr_data_uri(url),
        "url": url,
    }
