"""Projects looked up by id through the access rules (``orgs.access``): 404 outside the user's
reach, 403 when writing is asked and the user may only read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from orgs.access import can_write_organisation
from projects.models import Project


def get_project_for_user(request, pk, *, write: bool = False, queryset=None) -> Project:
    """The project by id through the access rules: 404 outside the user's reach, 403 read-only.

    Besides the organisation's readers, the customer's readers (its head approves the passport)
    and the deputy named for decisions read it (``Project.objects.reachable_by``)."""
    queryset = queryset if queryset is not None else Project.objects.select_related("organisation")
    try:
        project = queryset.reachable_by(request.user).get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404("Запись не найдена или недоступна.") from None
    if write and not can_write_organisation(request.user, project.organisation):
        raise PermissionDenied("Изменять эту запись может только её организация.")
    return project
