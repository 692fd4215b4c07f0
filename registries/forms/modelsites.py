"""Model site form."""

from __future__ import annotations

from django import forms

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
