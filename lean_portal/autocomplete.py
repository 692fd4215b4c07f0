"""Choosing among records that grow with the data: organisations, employees, projects.

A ``<select>`` listing every organisation of a region (about 6,000) or every employee weighs
hundreds of kilobytes and hands the whole staff directory to whoever opens the form. Instead:

* ``AutocompleteSelect`` / ``AutocompleteSelectMultiple``: Django's own ``Select`` widgets
  (their templates, labels and ids) that render **only the chosen options**. Tom Select
  (vendored in ``static/vendor/tom-select``, started by ``static/js/autocomplete.js``) turns
  them into search-as-you-type boxes that ask a JSON endpoint for the few records matching
  what was typed. The field's queryset still validates every submitted id, so an id the
  endpoint would not offer is refused («Выберите вариант из списка»).
* ``lookup_response``: the JSON answer of such an endpoint, ``{"results": [{"value", "text",
  "description"}], "more": bool}``, never more than ``LOOKUP_LIMIT`` rows.
* ``search_filter``: the ``Q`` for "any of these fields contains the text", case-insensitive on
  SQLite too (which folds ASCII only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django import forms
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import JsonResponse
from django.urls import reverse

LOOKUP_LIMIT = 20
MAX_QUERY_LENGTH = 100


def clean_query(text: str) -> str:
    """The typed text, whitespace collapsed, NUL and other control characters dropped."""
    text = "".join(ch for ch in str(text) if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _case_variants(text: str) -> set[str]:
    if connection.vendor == "postgresql":
        return {text}
    return {text, text.lower(), text.upper(), text.capitalize(), text.title()}


def search_filter(text: str, fields: Iterable[str]) -> Q:
    """Rows where every word of ``text`` is in one of ``fields`` (any case)."""
    result = Q()
    for word in text.split():
        any_field = Q()
        for variant in _case_variants(word):
            for field in fields:
                any_field |= Q(**{f"{field}__icontains": variant})
        result &= any_field
    return result


def lookup_response(
    queryset: QuerySet, *, text: Callable[[object], str], description: Callable[[object], str] | None = None
) -> JsonResponse:
    """At most ``LOOKUP_LIMIT`` rows of ``queryset`` (already filtered and ordered) as JSON."""
    rows = list(queryset[: LOOKUP_LIMIT + 1])
    results = [
        {"value": row.pk, "text": text(row), "description": description(row) if description else ""}
        for row in rows[:LOOKUP_LIMIT]
    ]
    response = JsonResponse({"results": results, "more": len(rows) > LOOKUP_LIMIT})
    response["Cache-Control"] = "private, no-store"
    response.found = len(results)  # for the personal-data log of lookups that return people
    return response


class AutocompleteMixin:
    """Render only the selected options; the rest is found through ``url_name``."""

    template_name = "lean_portal/widgets/autocomplete_select.html"

    def __init__(
        self,
        url_name: str,
        *,
        params: dict | None = None,
        placeholder: str = "Начните вводить название",
        min_chars: int = 0,
        attrs=None,
    ):
        super().__init__(attrs)
        self.url_name = url_name
        self.params = dict(params or {})
        self.placeholder = placeholder
        self.min_chars = min_chars

    class Media:
        css = {"all": ["vendor/tom-select/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select/tom-select.complete.min.js", "js/autocomplete.js"]

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    def lookup_url(self) -> str:
        url = reverse(self.url_name)
        return f"{url}?{urlencode(self.params)}" if self.params else url

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-autocomplete"] = "1"
        attrs["data-url"] = self.lookup_url()
        attrs["data-placeholder"] = self.placeholder
        attrs["data-min-chars"] = str(self.min_chars)
        return attrs

    # Labels already known by id (a formset reads its rows' choices in one query): no query per row.
    known_labels: dict | None = None

    def _chosen(self, values: list[str]) -> list:
        ids = [v for v in values if v.isascii() and v.isdigit()]
        if not ids:
            return []
        known = self.known_labels or {}
        if all(int(v) in known for v in ids):
            return [(int(v), known[int(v)]) for v in ids]
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is None:  # plain choices: keep Django's behaviour
            return [(value, label) for value, label in choices if str(value) in ids]
        field = choices.field
        return [(obj.pk, field.label_from_instance(obj)) for obj in queryset.filter(pk__in=ids)]

    def optgroups(self, name, value, attrs=None):
        values = [str(v) for v in value if v not in (None, "")]
        options = []
        empty_label = getattr(getattr(self.choices, "field", None), "empty_label", None)
        if not self.allow_multiple_selected and empty_label is not None:
            options.append(self.create_option(name, "", empty_label, not values, 0, attrs=attrs))
        for index, (pk, label) in enumerate(self._chosen(values), start=len(options)):
            options.append(self.create_option(name, pk, label, True, index, attrs=attrs))
        return [(None, options, 0)]


class AutocompleteSelect(AutocompleteMixin, forms.Select):
    pass


class AutocompleteSelectMultiple(AutocompleteMixin, forms.SelectMultiple):
    pass


def use_autocomplete(field: forms.ChoiceField, widget: AutocompleteMixin) -> None:
    """Give ``field`` (already built, its queryset set) an autocomplete widget, as Django would have."""
    widget.choices = field.choices
    widget.is_required = field.required
    widget.attrs.update(field.widget_attrs(widget))
    field.widget = widget
