"""Spreadsheet of model sites."""

from __future__ import annotations

from collections.abc import Iterator

from lean_portal.exporters import Column, Exporter


class ModelSiteExporter(Exporter):
    identifier = "obrazcy"
    title = "Образцы и партнёрские проверки"
    columns = [
        Column("Организация", 30),
        Column("Сфера (направление)", 25),
        Column("Что сделано образцом", 50),
        Column("Дата партнёрской проверки", 14, "date"),
        Column("Проверяющий партнёр", 35),
        Column("Результат проверки", 50),
    ]

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        for m in self.queryset.select_related("organisation", "sphere"):
            yield [
                m.organisation.short_name,
                m.sphere.name if m.sphere else "",
                m.title,
                m.audit_date,
                m.auditor,
                m.result,
            ]
