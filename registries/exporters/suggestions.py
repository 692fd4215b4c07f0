"""Spreadsheet of suggestions."""

from __future__ import annotations

from collections.abc import Iterator

from lean_portal.exporters import Column, Exporter


class SuggestionExporter(Exporter):
    identifier = "predlozheniya-po-uluchsheniyu"
    title = "Предложения по улучшению"
    columns = [
        Column("Организация", 30),
        Column("Кратко", 40),
        Column("Авторы", 35),
        Column("Дата подачи", 12, "date"),
        Column("Проблема", 50),
        Column("Предлагаемое решение", 50),
        Column("Ожидаемый эффект", 40),
        Column("Состояние", 18),
        Column("Дата внедрения", 12, "date"),
        Column("Достигнутый эффект", 40),
        Column("Причина отклонения", 40),
        Column("Открыт проект", 40),
    ]

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        queryset = self.queryset.select_related("organisation", "project").prefetch_related("authors")
        for s in queryset:
            yield [
                s.organisation.short_name,
                s.title,
                ", ".join(a.short_name for a in s.authors.all()),
                s.submitted_on,
                s.problem,
                s.solution,
                s.expected_effect,
                s.get_state_display(),
                s.implemented_on,
                s.achieved_effect,
                s.rejection_reason,
                s.project.title if s.project else "",
            ]
