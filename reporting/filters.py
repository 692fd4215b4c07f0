"""List filters of reporting: every choice limited to what the user may read."""

from __future__ import annotations

import django_filters

from lean_portal.ordering import OrderingFilter
from lean_portal.security import StrictFilterSet, YearFilter
from orgs.autocomplete import OrganisationChoiceFilter
from orgs.models import Organisation
from reporting.models import QuarterlyReport


class ReportFilter(StrictFilterSet):
    year = YearFilter(label="Год")
    quarter = django_filters.ChoiceFilter(
        label="Квартал", choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")], empty_label="Все кварталы"
    )
    state = django_filters.ChoiceFilter(
        label="Состояние", choices=QuarterlyReport.State.choices, empty_label="Все состояния"
    )
    organisation = OrganisationChoiceFilter(
        label="Организация", queryset=Organisation.objects.none(), empty_label="Все организации"
    )
    o = OrderingFilter(
        label="Сортировка",
        fields=(
            ("year", "year"),
            ("quarter", "quarter"),
            ("organisation__short_name", "organisation"),
            ("state", "state"),
            ("submitted_at", "submitted_at"),
        ),
        field_labels={
            "year": "Год",
            "quarter": "Квартал",
            "organisation": "Организация",
            "state": "Состояние",
            "submitted_at": "Дата направления",
        },
        empty_label="Сначала новые периоды",
    )

    class Meta:
        model = QuarterlyReport
        fields = ["year", "quarter", "state", "organisation"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organisation"].queryset = Organisation.objects.visible_to(user).filter(is_economy_office=False)
