"""Spreadsheet of training."""

from __future__ import annotations

from collections.abc import Iterator

from lean_portal.exporters import Column, Exporter


class TrainingExporter(Exporter):
    identifier = "obuchenie"
    title = "Обучение бережливому управлению"
    columns = [
        Column("Организация", 30),
        Column("Сотрудник", 35),
        Column("Должность", 30),
        Column("Вид обучения", 35),
        Column("Организатор обучения", 35),
        Column("Наставник", 30),
        Column("Дата начала", 12, "date"),
        Column("Дата окончания", 12, "date"),
        Column("Часов", 8, "decimal"),
        Column("Сертификат", 12),
    ]

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        for t in self.queryset.select_related("employee__organisation", "mentor"):
            yield [
                t.employee.organisation.short_name,
                t.employee.full_name,
                t.employee.position,
                t.get_kind_display(),
                t.provider,
                t.mentor.full_name if t.mentor else "",
                t.started_on,
                t.completed_on,
                t.hours,
                "есть" if t.certificate else "нет",
            ]
