"""Training form."""

from __future__ import annotations

from django import forms

from lean_portal.autocomplete import AutocompleteSelect, use_autocomplete
from orgs.models import Employee, Organisation
from registries.forms.common import DATE, EmployeeChoiceField, employees_of, staff_widget, validate_certificate
from registries.models import (
    Training,
)

# --- Training --------------------------------------------------------------------------------


class TrainingForm(forms.ModelForm):
    employee = EmployeeChoiceField(label="Сотрудник", queryset=Employee.objects.none())
    mentor = EmployeeChoiceField(
        label="Наставник", queryset=Employee.objects.none(), required=False, help_text="Только для наставничества."
    )

    class Meta:
        model = Training
        fields = ["employee", "kind", "provider", "mentor", "started_on", "completed_on", "hours", "certificate"]
        widgets = {"started_on": DATE, "completed_on": DATE}
        help_texts = {"certificate": "PDF, JPEG или PNG, не больше 5 МБ."}

    def __init__(self, *args, organisation: Organisation, mentor_organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees_of([organisation.pk])
        use_autocomplete(self.fields["employee"], staff_widget(organisation, "Фамилия сотрудника"))
        self.fields["mentor"].queryset = Employee.objects.filter(
            organisation__in=mentor_organisations, is_active=True
        ).select_related("organisation")
        # Found by a typed name (orgs:employee-lookup), never listed: only the chosen mentor is in the page.
        self.fields["mentor"].label_from_instance = lambda e: (
            f"{e.full_name} — {e.position}, {e.organisation.short_name}"
        )
        use_autocomplete(
            self.fields["mentor"],
            AutocompleteSelect("orgs:employee-lookup", placeholder="Фамилия наставника", min_chars=3),
        )

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            validate_certificate(upload)
        return upload
