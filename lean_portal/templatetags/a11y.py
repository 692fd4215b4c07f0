"""Accessible forms: the error summary shown at the top of every form page.

``{% error_summary form formset … title="…" %}`` lists every error of the forms and formsets
given, each with the field's Russian name as a link to the field (static/js/portal.js moves the
focus to the first field at fault when the page opens).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.text import capfirst

register = template.Library()

DEFAULT_TITLE = "Форма не сохранена: исправьте ошибки, введённые данные остались в форме."


@dataclass(frozen=True)
class Entry:
    label: str
    message: str
    href: str = ""


def field_anchor(bound_field) -> str:
    """The id of the control the link leads to (the first option of a radio or checkbox list)."""
    target = bound_field.id_for_label or (f"{bound_field.auto_id}_0" if bound_field.auto_id else "")
    return f"#{target}" if target else ""


def form_entries(form: BaseForm, row: str = "") -> list[Entry]:
    entries = []
    for name, messages in form.errors.items():
        if name == "__all__" or name not in form.fields:
            entries += [Entry(row, message) for message in messages]
            continue
        bound = form[name]
        if bound.is_hidden:
            entries += [Entry(row, message) for message in messages]
            continue
        label = capfirst(str(bound.label or name))
        entries += [Entry(f"{row}{label}", message, field_anchor(bound)) for message in messages]
    return entries


def formset_title(formset: BaseFormSet) -> str:
    model = getattr(formset, "model", None)
    return capfirst(str(model._meta.verbose_name_plural)) if model is not None else "Строки"


def formset_entries(formset: BaseFormSet) -> list[Entry]:
    title = formset_title(formset)
    entries = [Entry(title, message) for message in formset.non_form_errors()]
    for index, form in enumerate(formset.forms, start=1):
        if form.errors:
            entries += form_entries(form, row=f"{title}, строка {index}: ")
    return entries


def summary_entries(*items) -> list[Entry]:
    entries: list[Entry] = []
    for item in items:
        if isinstance(item, BaseFormSet):
            if item.is_bound:
                entries += formset_entries(item)
        elif isinstance(item, BaseForm):
            if item.is_bound:
                entries += form_entries(item)
        elif isinstance(item, dict):
            entries += summary_entries(*item.values())
        elif isinstance(item, list | tuple):
            entries += summary_entries(*item)
    return entries


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*items, title: str = DEFAULT_TITLE, testid: str = "error-summary") -> dict:
    return {"entries": summary_entries(*items), "title": title, "testid": testid}
