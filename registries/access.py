"""Each registry record looked up by id through the access rules (``orgs.access``).

404 outside the user's reach, 403 when writing is asked and the user may only read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from orgs.access import can_write_organisation, get_object_for_user
from registries.models import Contest, CultureDiagnostic, GoalSurvey, ModelSite, Suggestion, Survey, Training


def get_suggestion_for_user(request, pk, *, write: bool = False) -> Suggestion:
    queryset = Suggestion.objects.select_related("organisation", "project", "created_by")
    return get_object_for_user(request.user, queryset, pk, write=write)


def get_training_for_user(request, pk, *, write: bool = False) -> Training:
    queryset = Training.objects.select_related("employee__organisation", "mentor", "created_by")
    return get_object_for_user(request.user, queryset, pk, write=write)


def get_modelsite_for_user(request, pk, *, write: bool = False) -> ModelSite:
    return get_object_for_user(
        request.user, ModelSite.objects.select_related("organisation", "sphere"), pk, write=write
    )


def get_survey_for_user(request, pk, *, write: bool = False) -> Survey:
    queryset = Survey.objects.select_related("organisation", "project")
    return get_object_for_user(request.user, queryset, pk, write=write)


def get_contest_for_user(request, pk, *, write: bool = False) -> Contest:
    """A municipality's contests are read by its users, regional contests by everyone
    (``Contest.objects.visible_to``); the organiser writes."""

    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        contest = Contest.objects.visible_to(request.user).select_related("organisation").get(pk=pk)
    except (Contest.DoesNotExist, ValueError, TypeError):
        raise Http404("Конкурс не найден.") from None
    if write and not can_write_organisation(request.user, contest.organisation):
        raise PermissionDenied("Изменять конкурс может только организатор.")
    return contest


def get_diagnostic_for_user(request, pk, *, write: bool = False) -> CultureDiagnostic:
    queryset = CultureDiagnostic.objects.select_related("organisation", "created_by")
    return get_object_for_user(request.user, queryset, pk, write=write)


def get_goal_link_for_user(request, survey: Survey, pk, *, write: bool = False) -> GoalSurvey:
    """A link of ``survey`` to a project goal (the survey's organisation decides)."""
    queryset = GoalSurvey.objects.filter(survey=survey).select_related("survey__organisation")
    return get_object_for_user(request.user, queryset, pk, field="survey__organisation", write=write)
