"""Choosing one organisation out of thousands: a JSON search endpoint, a form widget and field.

At region scale (about 6,000 organisations) a ``<select>`` listing every organisation the user
may read is too heavy to send and render on every page (bench/README.md). This module replaces it:

* ``organisation_autocomplete`` (``orgs:autocomplete``, ``/orgs/autocomplete/?q=…``): at most
  ``AUTOCOMPLETE_LIMIT`` organisations visible to the user (``Organisation.objects.visible_to``)
  whose short or full name contains ``q``, as JSON. It takes no ids: it only searches what the
  user may read.
* ``OrganisationAutocomplete``: a ``Select`` that renders only the chosen option, plus a text
  field. ``static/js/org-autocomplete.js`` (in the widget's media) turns the text field into a
  search-as-you-type list and keeps the chosen id in the ``<select>``. Without JavaScript the
  text field still works: the typed name is matched on the server (see ``value_from_datadict``).
  When the user sees few organisations (``PLAIN_SELECT_LIMIT``), a plain ``<select>`` with all of
  them is rendered instead.
* ``OrganisationChoiceField`` (and ``OrganisationChoiceFilter`` for django-filter): a
  ``ModelChoiceField`` with that widget and Russian errors. The id is always validated against
  the field's queryset, so a forged id answers «not among the organisations available to you».

Usage::

    organisation = OrganisationChoiceFilter(label="Организация", queryset=..., empty_label="Все")
    # and in the FilterSet's __init__: self.filters["organisation"].queryset = visible queryset
    # in the template: {{ filter.form.media }} (loads static/js/org-autocomplete.js)
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.forms.utils import flatatt
from django.http import JsonResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from lean_portal.autocomplete import clean_query, lookup_response, search_filter
from lean_portal.search import normalise
from orgs.audit import log_personal_data_access
from orgs.models import Employee, Organisation

AUTOCOMPLETE_LIMIT = 20
PLAIN_SELECT_LIMIT = 50
MAX_QUERY_LENGTH = 100
TEXT_SUFFIX = "_text"
SELECTED = SafeString(" selected")


def _case_variants(text: str) -> set[str]:
    """SQLite folds case for ASCII only: on it, ask for the usual spellings of a Cyrillic word.
    PostgreSQL's ``icontains`` (``UPPER(...) LIKE UPPER(...)``) needs only the text itself."""
    if connection.vendor == "postgresql":
        return {text}
    return {text, text.lower(), text.upper(), text.capitalize(), text.title()}


def organisation_search(queryset: QuerySet, text: str) -> QuerySet:
    """Organisations of ``queryset`` whose short or full name contains ``text`` (any case),
    those whose short name starts with it first, then by short name."""
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not text:
        return queryset.order_by("short_name", "pk")
    # ``search_text`` begins with the short name (е/ё and case alike, ``lean_portal.search``).
    starts = Q(search_text__startswith=normalise(text))
    return (
        queryset.search(text)
        .annotate(_prefix=Case(When(starts, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("_prefix", "short_name", "pk")
    )


@require_GET
@login_required
def organisation_autocomplete(request):
    """``{"results": [{"id", "text", "full_name", "active"}], "more": bool}`` for ``?q=``."""
    text = request.GET.get("q", "")
    queryset = Organisation.objects.visible_to(request.user).only("pk", "short_name", "full_name", "is_active")
    rows = list(organisation_search(queryset, text)[: AUTOCOMPLETE_LIMIT + 1])
    results = [
        {"id": org.pk, "text": org.short_name, "full_name": org.full_name, "active": org.is_active}
        for org in rows[:AUTOCOMPLETE_LIMIT]
    ]
    response = JsonResponse({"results": results, "more": len(rows) > AUTOCOMPLETE_LIMIT})
    response["Cache-Control"] = "private, no-store"
    return response


class UnresolvedName(str):
    """A typed organisation name the widget could not turn into exactly one organisation."""

    ambiguous = False


class OrganisationAutocomplete(forms.Select):
    """A ``<select>`` holding only the chosen organisation, plus a search text field.

    Works with a ``ModelChoiceField`` (best with ``OrganisationChoiceField``); its queryset is
    what may be chosen. Renders a plain ``<select>`` when that queryset is small."""

    class Media:
        js = ["js/org-autocomplete.js"]

    def __init__(self, attrs=None, url_name: str = "orgs:autocomplete", plain_limit: int = PLAIN_SELECT_LIMIT):
        super().__init__(attrs)
        self.url_name = url_name
        self.plain_limit = plain_limit

    def _queryset(self) -> QuerySet:
        return self.choices.queryset

    def _empty_label(self) -> str | None:
        field = getattr(self.choices, "field", None)
        return getattr(field, "empty_label", None)

    def value_from_datadict(self, data, files, name):
        """The chosen id; or, when a name was typed (no JavaScript, or typed without choosing
        from the list), the one organisation of the queryset it names."""
        text = " ".join(str(data.get(name + TEXT_SUFFIX, "")).split())
        if text:
            return self._resolve(text)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT_SUFFIX not in data

    def _resolve(self, text: str):
        queryset = self._queryset()
        exact = Q()
        for variant in _case_variants(text):
            exact |= Q(short_name__iexact=variant) | Q(full_name__iexact=variant)
        for candidates in (queryset.filter(exact), organisation_search(queryset, text)):
            pks = list(candidates.values_list("pk", flat=True)[:2])
            if len(pks) == 1:
                return str(pks[0])
            if len(pks) > 1:
                unresolved = UnresolvedName(text)
                unresolved.ambiguous = True
                return unresolved
        return UnresolvedName(text)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        attrs["name"] = name
        typed = value if isinstance(value, UnresolvedName) else ""
        selected_ids = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v not in (None, "")}
        selected_ids = {v for v in selected_ids if v.isdigit()} if not typed else set()
        first = list(self._queryset()[: self.plain_limit + 1])
        if len(first) <= self.plain_limit:
            return self._render_select(attrs, first, selected_ids)
        chosen = [org for org in first if str(org.pk) in selected_ids]
        if selected_ids and not chosen:
            chosen = list(self._queryset().filter(pk__in=selected_ids))
        return self._render_autocomplete(name, attrs, chosen, typed)

    def _label(self, org) -> str:
        field = getattr(self.choices, "field", None)
        return field.label_from_instance(org) if field is not None else str(org)

    def _options(self, orgs, selected_ids) -> str:
        rows = []
        empty = self._empty_label()
        if empty is not None:
            rows.append(("", not selected_ids, empty))
        rows += [(org.pk, str(org.pk) in selected_ids, self._label(org)) for org in orgs]
        return format_html_join(
            "",
            "{}",
            (
                (format_html('<option value="{}"{}>{}</option>', pk, SELECTED if selected else "", label),)
                for pk, selected, label in rows
            ),
        )

    def _render_select(self, attrs, orgs, selected_ids) -> str:
        return format_html("<select{}>{}</select>", flatatt(attrs), self._options(orgs, selected_ids))

    def _render_autocomplete(self, name, attrs, chosen, typed) -> str:
        selected_ids = {str(org.pk) for org in chosen}
        select_id = attrs.get("id") or f"id_{name}"
        invalid = "is-invalid" in str(attrs.get("class", ""))
        text_attrs = {
            "type": "search",
            "name": name + TEXT_SUFFIX,
            "id": select_id + TEXT_SUFFIX,
            "class": "form-control mt-1" + (" is-invalid" if invalid else ""),
            "placeholder": "Найти по названию",
            "autocomplete": "off",
            "aria-label": "Поиск организации по названию",
            "value": typed,
        }
        for key in ("aria-describedby", "aria-invalid"):
            if key in attrs:
                text_attrs[key] = attrs[key]
        return format_html(
            # ``is-invalid`` on the wrapper too: Bootstrap shows the error that follows it.
            '<div class="org-autocomplete position-relative{}" data-org-autocomplete data-url="{}">'
            "<select{}>{}</select><input{}></div>",
            " is-invalid" if invalid else "",
            reverse(self.url_name),
            flatatt(attrs),
            self._options(chosen, selected_ids),
            flatatt(text_attrs),
        )


class OrganisationChoiceField(forms.ModelChoiceField):
    """One organisation of ``queryset``, chosen with ``OrganisationAutocomplete``."""

    widget = OrganisationAutocomplete
    default_error_messages = {
        "invalid_choice": "Такой организации нет среди доступных вам. Выберите организацию из подсказок.",
        "not_found": "Организация «%(value)s» не найдена среди доступных вам. Уточните название "
        "или выберите организацию из подсказок.",
        "ambiguous": "Название «%(value)s» подходит к нескольким организациям. Уточните его "
        "или выберите организацию из подсказок.",
    }

    def to_python(self, value):
        if isinstance(value, UnresolvedName):
            code = "ambiguous" if value.ambiguous else "not_found"
            raise ValidationError(self.error_messages[code], code=code, params={"value": str(value)})
        return super().to_python(value)


class OrganisationChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ``ModelChoiceFilter`` with ``OrganisationChoiceField``."""

    field_class = OrganisationChoiceField


@require_GET
@login_required
def organisation_lookup(request):
    """Active organisations of the user's municipality whose short or full name contains ``?q=``
    (the names are public there; never across the municipality's border): what passport
    participants, plan executors and deadline rules are chosen from."""
    text = clean_query(request.GET.get("q", ""))
    queryset = organisation_search(
        Organisation.objects.active()
        .in_municipality_of(request.user)
        .only("pk", "short_name", "full_name", "is_active"),
        text,
    )
    return lookup_response(queryset, text=lambda org: org.short_name, description=lambda org: org.full_name)


EMPLOYEE_MIN_CHARS = 3


@require_GET
@login_required
def employee_lookup(request):
    """Active employees of the organisations the user may read whose name contains ``?q=`` (at least
    three letters: never the staff list as such), as «ФИО» with position and organisation; with
    ``?organisation=`` only that organisation's (when the user may read it). Each lookup is written to
    the personal-data log. The training form's trainee and mentor and a suggestion's authors are chosen
    from these."""
    text = clean_query(request.GET.get("q", ""))
    organisations = Organisation.objects.visible_to(request.user)
    only = request.GET.get("organisation", "")
    if only.isascii() and only.isdigit():  # a form choosing among one organisation's staff
        organisations = organisations.filter(pk=int(only))
    queryset = Employee.objects.none()
    if len(text.replace(" ", "")) >= EMPLOYEE_MIN_CHARS:
        queryset = (
            Employee.objects.filter(organisation__in=organisations.values("pk"), is_active=True)
            .filter(search_filter(text, ("last_name", "first_name", "middle_name")))
            .select_related("organisation")
            .order_by("last_name", "first_name", "middle_name", "pk")
        )
    response = lookup_response(
        queryset, text=lambda e: e.full_name, description=lambda e: f"{e.position}, {e.organisation.short_name}"
    )
    if text:
        log_personal_data_access(request, f"Поиск сотрудников: «{text}»", records=response.found)
    return response
