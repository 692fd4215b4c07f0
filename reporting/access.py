"""Reports and self-assessments looked up by id through the access rules (``orgs.access``)."""

from __future__ import annotations

from orgs.access import get_object_for_user
from reporting.models import QuarterlyReport, SelfAssessment


def get_report_for_user(request, pk, *, write: bool = False) -> QuarterlyReport:
    """404 outside the user's reach, 403 when only reading is allowed and writing is asked."""
    queryset = QuarterlyReport.objects.select_related("organisation__sphere", "organisation__parent")
    return get_object_for_user(request.user, queryset, pk, write=write)


def get_selfassessment_for_user(request, pk, *, write: bool = False) -> SelfAssessment:
    queryset = SelfAssessment.objects.select_related("organisation__parent", "organisation__head")
    return get_object_for_user(request.user, queryset, pk, write=write)
