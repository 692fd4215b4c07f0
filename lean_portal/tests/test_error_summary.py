"""The error summary (``{% error_summary %}``): every error, with its field's Russian name as a
link to the field, for forms and the rows of formsets."""

from __future__ import annotations

from django import forms
from django.template import Context, Template

from lean_portal.templatetags.a11y import summary_entries


class PersonForm(forms.Form):
    name = forms.CharField(label="фамилия, имя, отчество")
    kind = forms.ChoiceField(label="Вид", choices=[("a", "А"), ("b", "Б")], widget=forms.RadioSelect)
    note = forms.CharField(label="Примечание", required=False)

    def clean(self):
        raise forms.ValidationError("Запись не сохранена.")


PersonFormSet = forms.formset_factory(PersonForm, extra=0)


def test_each_error_is_named_and_links_to_its_field():
    entries = summary_entries(PersonForm(data={}))
    assert [(e.label, e.message, e.href) for e in entries] == [
        ("Фамилия, имя, отчество", "Обязательное поле.", "#id_name"),
        ("Вид", "Обязательное поле.", "#id_kind_0"),  # the first radio button of the group
        ("", "Запись не сохранена.", ""),
    ]


def test_formset_rows_are_numbered():
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "Иванов",
        "form-0-kind": "a",
        "form-1-kind": "b",
    }
    entries = summary_entries(PersonFormSet(data=data))
    labels = [(e.label, e.href) for e in entries]
    assert ("Строки, строка 2: Фамилия, имя, отчество", "#id_form-1-name") in labels
    assert ("Строки, строка 1: ", "") in labels  # the row's own error, without a field


def test_unbound_and_valid_forms_show_nothing():
    template = Template("{% load a11y %}{% error_summary form %}")
    assert template.render(Context({"form": PersonForm()})).strip() == ""
    html = template.render(Context({"form": PersonForm(data={"kind": "x"})}))
    assert 'role="alert"' in html and "data-error-summary" in html
    assert '<a href="#id_name">Фамилия, имя, отчество</a>: Обязательное поле.' in html
