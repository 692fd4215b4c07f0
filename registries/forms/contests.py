"""Contest forms: the contest, an entry, a result."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from lean_portal.autocomplete import AutocompleteSelect, use_autocomplete
from projects.models import Project
from registries.forms.common import DATE
from registries.models import (
    Contest,
    ContestEntry,
    ContestNomination,
    Suggestion,
)

# --- Contests ---------------------------------------------------------------------------------------


class ContestForm(forms.ModelForm):
    nominations = forms.CharField(
        label="Номинации (по одной в строке)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Contest
        fields = ["title", "year", "held_on", "level", "description"]
        widgets = {"held_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The office's contests are municipal whatever is chosen (plan 3.3), the regional office's
        # regional: no choice to offer them; other organisers choose municipal or in-house.
        organisation = (
            self.instance.organisation if self.instance.organisation_id else getattr(user, "organisation", None)
        )
        if organisation is not None and (organisation.is_economy_office or organisation.is_regional):
            del self.fields["level"]
        else:
            self.fields["level"].choices = [
                choice for choice in self.fields["level"].choices if choice[0] != Contest.Level.REGIONAL
            ]
        if self.instance.pk:
            self.initial.setdefault("nominations", "\n".join(n.title for n in self.instance.nominations.all()))

    def nomination_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("nominations", "").splitlines() if line.strip()]


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.organisation.short_name})"


class SuggestionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.organisation.short_name})"


class ContestEntryForm(forms.Form):
    nomination = forms.ModelChoiceField(label="Номинация", queryset=ContestNomination.objects.none(), required=False)
    project = ProjectChoiceField(label="Проект", queryset=None, required=False)
    suggestion = SuggestionChoiceField(label="Предложение по улучшению", queryset=None, required=False)

    def __init__(self, *args, contest: Contest, user, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = contest.nominations.all()
        use_autocomplete(
            self.fields["project"],
            AutocompleteSelect(
                "projects:project-lookup", params={"scope": "contest"}, placeholder="Начните вводить название проекта"
            ),
        )
        use_autocomplete(
            self.fields["suggestion"],
            AutocompleteSelect("registries:suggestion-lookup", placeholder="Начните вводить название предложения"),
        )
        self.fields["project"].queryset = (
            Project.objects.visible_to(user)
            .exclude(state=Project.State.DRAFT)
            .select_related("organisation")
            .order_by("title")
        )
        self.fields["suggestion"].queryset = (
            Suggestion.objects.visible_to(user)
            .filter(state=Suggestion.State.IMPLEMENTED)
            .select_related("organisation")
            .order_by("-implemented_on")
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("project")) == bool(data.get("suggestion")):
            raise ValidationError("Выберите либо проект, либо предложение по улучшению.")
        return data


class ContestResultForm(forms.ModelForm):
    class Meta:
        model = ContestEntry
        fields = ["score", "place", "is_winner", "jury_comment"]
        widgets = {"jury_comment": forms.Textarea(attrs={"rows": 2})}
