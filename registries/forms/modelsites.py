"""Model site form."""

from __future__ import annotations

from django import forms

from orgs.models import Sphere
from registries.forms.common import DATE
from registries.models import (
    ModelSite,
)

# --- Model sites -------------------------------------------------------------------------------


class ModelSiteForm(forms.ModelForm):
    class Meta:
        model = ModelSite
        fields = ["title", "sphere", "audit_date", "auditor", "result"]
        widgets = {"audit_date": DATE, "result": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # The regional list and the organisation's municipality's own spheres.
        self.fields["sphere"].queryset = Sphere.objects.of_municipality(organisation.municipality_id)
