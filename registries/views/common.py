"""Helpers shared by the registry views: the writing organisation, form error mapping, paging."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator

from orgs.access import refuse_regional_writes
from orgs.audit import log_personal_data_access

PAGE_SIZE = 30


def log_employee_pickers(request, form, *fields: str, what: str) -> None:
    """A form whose pickers list employees with their positions discloses personal data (152-ФЗ)."""
    records = sum(form.fields[name].queryset.count() for name in fields)
    log_personal_data_access(request, what, records=records)


def user_organisation(request, *, regional: bool = False):
    """The organisation the user writes for; 403 for an account not tied to one, and for the
    regional office unless the register has a regional level (``regional``: contests)."""
    if not regional:
        refuse_regional_writes(request.user)
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
