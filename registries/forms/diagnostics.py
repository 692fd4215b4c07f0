"""Culture self-diagnostics forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from registries.forms.common import DATE
from registries.models import (
    CultureDiagnostic,
    DiagnosticStatement,
)

# --- Culture self-diagnostics ------------------------------------------------------------------------


class DiagnosticForm(forms.ModelForm):
    class Meta:
        model = CultureDiagnostic
        fields = ["year", "held_on", "participants", "problems", "achievements", "directions"]
        widgets = {
            "held_on": DATE,
            "problems": forms.Textarea(attrs={"rows": 3}),
            "achievements": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        current = {}
        if self.instance.pk:
            current = {r.statement_id: r.score for r in self.instance.ratings.all()}
        else:
            self.initial.setdefault("year", timezone.localdate().year)
        for statement in self.statements:
            name = f"s{statement.pk}"
            self.fields[name] = forms.DecimalField(
                label=statement.text,
                required=False,
                min_value=1,
                max_value=5,
                max_digits=3,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.1", "min": "1", "max": "5"}),
            )
            if statement.pk in current:
                self.initial[name] = current[statement.pk]

    def statement_fields(self):
        return [self[f"s{s.pk}"] for s in self.statements]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def ratings(self) -> dict:
        return {s: self.cleaned_data.get(f"s{s.pk}") for s in self.statements}


class StatementForm(forms.ModelForm):
    class Meta:
        model = DiagnosticStatement
        fields = ["text", "position", "is_active"]
