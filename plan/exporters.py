"""The annual analytical report as .xlsx: the dashboard's figures, the per-organisation breakdown and the
annex of every project implemented in the year (streamed from the database: a region has thousands)."""

from __future__ import annotations

from collections.abc import Iterator

from effects.exporters import effects_sheets
from lean_portal.exporters import Column, Exporter, Percent, Sheet
from plan.report import by_unit, goals_for_annex, implemented_projects, project_significance, projects_for_annex


def _status(figure_or_result) -> str:
    """The verdict in the words the dashboard and the PDF use (``plan.monitoring.verdict``)."""
    return figure_or_result.status.text


def _value(row, value):
    """A figure or target as the sheet writes it: a share (1.3–1.5) as an Excel percentage."""
    if value is None or value == "":
        return None
    return Percent(value) if row.definition.is_share else value


class AnnualReportExporter(Exporter):
    identifier = "plan-report"
    title = "Аналитическая информация о выполнении плана"

    def __init__(self, context: dict):
        self.context = context

    def filename(self) -> str:
        return f"plan-report-{self.context['year']}.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        year = self.context["year"]
        rows = self.context["rows"]
        yield Sheet(
            f"Показатели {year}",
            [
                Column("№ п/п", 8),
                Column("Наименование показателя", 60),
                Column("Единица измерения", 14),
                Column("Вид значения", 12),
                Column("Целевое значение", 14, "decimal"),
                Column("Целевое значение по округу (итого)", 18, "decimal"),
                Column("Фактическое значение", 14, "decimal"),
                Column("Выполнение", 30),
                Column("Организаций отстаёт", 14, "int"),
                Column("Ответственных исполнителей", 16, "int"),
                Column("Как считается", 80),
            ],
            (
                [
                    row.indicator.code,
                    row.indicator.wording,
                    row.indicator.unit,
                    row.target.get_comparison_display() if row.target else "",
                    _value(row, row.target.value if row.target else None),
                    _value(row, row.current.goal) if row.per_organisation else None,
                    _value(row, row.actual),
                    _status(row),
                    row.behind_count if row.per_organisation else None,
                    row.executors_count if row.per_organisation else None,
                    row.definition.how,
                ]
                for row in rows
            ),
        )
        yield Sheet(
            "По годам",
            [
                Column("№ п/п", 8),
                Column("Год", 8, "int"),
                Column("Вид значения", 12),
                Column("Целевое значение", 14, "decimal"),
                Column("Фактическое значение", 14, "decimal"),
                Column("Выполнение", 30),
            ],
            (
                [
                    row.indicator.code,
                    figure.year,
                    figure.target.get_comparison_display() if figure.target else "",
                    _value(row, figure.target.value if figure.target else None),
                    _value(row, figure.value.value),
                    _status(figure),
                ]
                for row in rows
                for figure in row.figures
            ),
        )
        yield Sheet(
            "По организациям",
            [
                Column("Организация", 45),
                Column("№ п/п", 8),
                Column("Показатель", 50),
                Column("Вид значения", 12),
                Column("Целевое значение", 14, "decimal"),
                Column("Фактическое значение", 14, "decimal"),
                Column("Выполнение", 30),
            ],
            (
                [
                    result.organisation.short_name,
                    row.indicator.code,
                    row.definition.title,
                    row.target.get_comparison_display() if row.target else "",
                    _value(row, row.target.value if row.target else None),
                    _value(row, result.value.value),
                    _status(result),
                ]
                for row in rows
                for result in row.results
            ),
        )
        monitoring = self.context["monitoring"]
        yield Sheet(
            "Исполнители",
            [
                Column("Организация", 45),
                Column("Полное наименование", 70),
                Column("Подчиняется", 35),
                Column("Исполнитель", 40),
                Column(f"Выполнено показателей «каждым исполнителем» в {year} г.", 18, "int"),
                Column("Не выполнено", 14, "int"),
                Column("Не выполнены (№ п/п)", 30),
            ],
            (
                [
                    organisation.short_name,
                    organisation.full_name,
                    organisation.parent.short_name if organisation.parent_id else "",
                    "по согласованию" if monitoring.executors_chosen else "все действующие (исполнители не выбраны)",
                    len(met),
                    len(missed),
                    ", ".join(missed),
                ]
                for organisation, met, missed in monitoring.executor_summary
            ),
        )
        yield Sheet(
            f"Проекты {year}",
            [
                Column("Организация", 40),
                Column("Бережливый проект", 60),
                Column("Дата закрытия", 14, "date"),
                Column("Тиражирует", 40),
                Column("Эффекты", 60),
                Column("Статус значимости", 30),
                Column("Балл", 8, "decimal"),
            ],
            (
                [
                    project.organisation.short_name,
                    project.title,
                    project.closed_on,
                    _replicates(project),
                    project.effects,
                    significance.label if (significance := project_significance(project)) else "",
                    significance.total if significance else None,
                ]
                # Streamed in chunks: never the whole year in memory.
                for project in projects_for_annex(year, self.context["plan"].municipality_id).iterator(chunk_size=1000)
            ),
        )
        yield Sheet(
            f"Цели проектов {year}",
            [
                Column("Организация", 40),
                Column("Бережливый проект", 60),
                Column("Цель", 60),
                Column("Единица измерения", 16),
                Column("Текущий показатель", 14, "decimal"),
                Column("Целевой показатель", 14, "decimal"),
            ],
            (
                [
                    goal.project.organisation.short_name,
                    goal.project.title,
                    goal.name,
                    goal.unit,
                    goal.current_value,
                    goal.target_value,
                ]
                for goal in goals_for_annex(year, self.context["plan"].municipality_id).iterator(chunk_size=2000)
            ),
        )
        yield Sheet(
            "По подразделениям",
            [
                Column("Структурное подразделение (с подведомственными)", 50),
                Column(f"Реализовано проектов в {year} г.", 16, "int"),
                Column("из них тиражируемых", 14, "int"),
            ],
            (
                [unit["name"], unit["total"], unit["replicated"]]
                for unit in by_unit(implemented_projects(year, self.context["plan"].municipality_id))
            ),
        )
        yield from effects_sheets(self.context["effects"])


def _replicates(project) -> str:
    if project.replicates_id:
        return f"{project.replicates.title} ({project.replicates.organisation.short_name})"
    return project.replicates_source
