"""Helpers shared by the registry views: access-checked lookups and form error mapping."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404

from orgs.access import can_write_organisation, get_object_for_user
from orgs.audit import log_personal_data_access
from registries.models import Contest, CultureDiagnostic, ModelSite, Suggestion, Survey, Training

PAGE_SIZE = 30


def log_employee_pickers(request, form, *fields: str, what: str) -> None:
    """A form whose pickers list employees with their positions discloses personal data (152-ФЗ)."""
    records = sum(form.fields[name].queryset.count() for name in fields)
    log_personal_data_access(request, what, records=records)


def get_suggestion_for_user(request, pk, *, write: bool = False) -> Suggestion:
    queryset = Suggestion.objects.select_related("organisation", "project", "created_by")
    return get_object_for_user(request.user, queryset, pk, write=write)


def get_training_for_user(request, pk, *, write: bool = False) -> Training:
    queryset = Training.objects.select_related("employee__organisation", "mentor", "created_by")
    return get_object_for_user(request.user, queryset, pk, field="employee__organisation", write=write)


def get_modelsite_for_user(request, pk, *, write: bool = False) -> ModelSite:
    return get_object_for_user(
        request.user, ModelSite.objects.select_related("organisation", "sphere"), pk, write=write
    )


def get_survey_for_user(request, pk, *, write: bool = False) -> Survey:
    queryset = Survey.objects.select_related("organisation", "project")
    return get_object_for_user(request.user, queryset, pk, write=write)


def get_contest_for_user(request, pk, *, write: bool = False) -> Contest:
    """Contests are municipal events: every logged-in user reads them; the organiser writes."""

    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        contest = Contest.objects.select_related("organisation").get(pk=pk)
    except (Contest.DoesNotExist, ValueError, TypeError):
        raise Http404("Конкурс не найден.") from None
    if write and not can_write_organisation(request.user, contest.organisation):
        raise PermissionDenied("Изменять конкурс может только организатор.")
    return contest


def get_diagnostic_for_user(request, pk, *, write: bool = False) -> CultureDiagnostic:
    queryset = CultureDiagnostic.objects.select_related("organisation", "created_by")
    return get_object_for_user(request.user, queryset, pk, write=write)


def user_organisation(request):
    """The organisation the user writes for; 403 for an account not tied to one."""
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied("Учётная запись не привязана к организации: вносить записи от её имени нельзя.")
    return organisation


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields at fault (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def paginate(request, queryset, size: int = PAGE_SIZE) -> dict:
    return {
        "page_obj": Paginator(queryset, size).get_page(request.GET.get("page")),
    }
