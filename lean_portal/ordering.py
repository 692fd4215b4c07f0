"""The portal's sort control: every label in Russian, one style for both directions.

django-filter's ``OrderingFilter`` reads ascending labels by model field and makes the descending ones
with its own format; a label missing under the right key shows the parameter in English
(«Organisation»). Here labels are looked up by parameter (or field), every option comes with its
reverse right after it, and the reverse always reads «… (по убыванию)».
"""

from __future__ import annotations

import django_filters

DESCENDING = "{} (по убыванию)"


class OrderingFilter(django_filters.OrderingFilter):
    def build_choices(self, fields, labels):
        choices = []
        for field, param in fields.items():
            label = labels.get(param) or labels.get(field)
            if not label:
                raise ValueError(f"No Russian label for the sort «{param}»")
            choices += [(param, label), (f"-{param}", DESCENDING.format(label))]
        return choices
