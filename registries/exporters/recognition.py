"""Spreadsheet of the recognition of active staff."""

from __future__ import annotations

from collections.abc import Iterator

from lean_portal.exporters import Column, Exporter


class RecognitionExporter(Exporter):
    identifier = "pooshchrenie"
    title = "Активные сотрудники"
    columns = [
        Column("Организация", 30),
        Column("Сотрудник", 35),
        Column("Должность", 30),
        Column("ППУ внедрено", 12, "int"),
        Column("Проектов руководит", 12, "int"),
        Column("Наставничество", 12, "int"),
        Column("Всего", 10, "int"),
    ]

    def __init__(self, organisations, year: int):
        self.organisations = organisations
        self.year = year
        self.title = f"Активные сотрудники {year}"

    def filename(self) -> str:
        return f"{self.identifier}-{self.year}.xlsx"

    def rows(self) -> Iterator[list]:
        for organisation, people in self.organisations:
            for p in people:
                yield [
                    organisation.short_name,
                    p.employee.full_name,
                    p.employee.position,
                    p.suggestions,
                    p.projects,
                    p.mentoring,
                    p.total,
                ]
