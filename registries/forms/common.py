"""Form pieces every register uses: date input, employee pickers."""

from __future__ import annotations

from django import forms

from lean_portal.autocomplete import AutocompleteSelect, AutocompleteSelectMultiple
from lean_portal.uploads import check_document
from orgs.models import Employee, Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validate_certificate(upload) -> None:
    check_document(upload, max_mb=5, stem="certificate")


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} — {obj.position}"


class EmployeeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.full_name} — {obj.position}"


def employees_of(organisation_ids) -> object:
    return (
        Employee.objects.filter(organisation_id__in=organisation_ids, is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


def staff_widget(organisation: Organisation, placeholder: str, *, multiple: bool = False):
    """The organisation's staff found by a typed name (orgs:employee-lookup), never listed in the page."""
    widget = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    return widget(
        "orgs:employee-lookup", params={"organisation": organisation.pk}, placeholder=placeholder, min_chars=3
    )
