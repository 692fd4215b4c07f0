"""Excel exports of the registries (through ``lean_portal.exporters``)."""

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
