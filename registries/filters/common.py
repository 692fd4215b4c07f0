"""The filter set every register list starts from: organisations limited to what the user sees."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef

from lean_portal.search import normalise
from lean_portal.security import StrictFilterSet
from orgs.autocomplete import OrganisationChoiceFilter
from orgs.models import Employee, Organisation
from registries.models import Suggestion
from registries.selectors.common import year_choices

AUTHOR_SELECT_LIMIT = 300


def year_filter_choices():
    return [(y, str(y)) for y in year_choices()]


class OrganisationScopedFilter(StrictFilterSet):
    """Sets the organisation (and employee) choices from the user's visible organisations.

    The organisation is chosen with the autocomplete widget (orgs.autocomplete): a plain
    ``<select>`` when the user sees few organisations, a search field when there are thousands
    (the office at region scale). The author is a ``<select>`` of employees only when there
    are at most ``AUTHOR_SELECT_LIMIT`` of them; otherwise it is typed (surname, or its start).
    """

    organisation = OrganisationChoiceFilter(
        label="Организация", queryset=Organisation.objects.none(), empty_label="Все организации"
    )

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user
        organisations = Organisation.objects.visible_to(user).order_by("short_name")
        self.filters["organisation"].queryset = organisations
        if "author" in self.filters:
            employees = (
                Employee.objects.filter(organisation__in=organisations)
                .select_related("organisation")
                .order_by("last_name", "first_name")
            )
            if len(employees[: AUTHOR_SELECT_LIMIT + 1]) <= AUTHOR_SELECT_LIMIT:
                self.filters["author"].queryset = employees
            else:
                self.filters["author"] = django_filters.CharFilter(
                    label="Автор (фамилия)", method=self.filter_author_name, field_name="authors"
                )

    def filter_author_name(self, queryset, name, value):
        value = " ".join(value.split())
        if not value:
            return queryset
        links = Suggestion.authors.through.objects.filter(suggestion_id=OuterRef("pk"))
        if value.isdigit():
            return queryset.filter(Exists(links.filter(employee_id=int(value))))
        # ``search_text`` begins with the surname (е/ё and case alike, ``lean_portal.search``).
        return queryset.filter(Exists(links.filter(employee__search_text__startswith=normalise(value))))
