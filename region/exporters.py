"""The regional comparison as a spreadsheet, written by the portal's one safe writer."""

from __future__ import annotations

from collections.abc import Iterator

from lean_portal.exporters import Column, Exporter, Percent, Sheet
from region.selectors import PROJECT_GROUPS, Comparison


class ComparisonExporter(Exporter):
    identifier = "region-comparison"
    title = "Сравнение муниципальных образований"

    def __init__(self, data: Comparison):
        self.data = data

    def filename(self) -> str:
        return f"{self.identifier}-{self.data.year}.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        yield Sheet(f"Сравнение {self.data.year}", self._columns(), self._rows())
        yield Sheet(f"Показатели плана {self.data.year}", self._indicator_columns(), self._indicator_rows())

    def _columns(self) -> list[Column]:
        return [
            Column("Муниципальное образование", 40),
            Column("План мероприятий", 40),
            Column("Показателей выполнено", 12, "int"),
            Column("Показателей с целевым значением", 14, "int"),
            Column("Доля выполненных показателей", 12, "percent"),
            *[Column(f"Проекты: {title}", 12, "int") for _, title, _ in PROJECT_GROUPS],
            Column("Сотрудников", 12, "int"),
            Column(f"ППУ, поданные в {self.data.year} году", 12, "int"),
            Column("ППУ на 1 000 сотрудников", 12, "decimal"),
            Column(f"Обучено сотрудников в {self.data.year} году", 12, "int"),
            Column("Обучено на 1 000 сотрудников", 12, "decimal"),
            Column("Подтверждённые эффекты, руб. в год", 16, "decimal"),
            Column("Подтверждённое время сотрудников, ч в год", 16, "decimal"),
        ]

    def _rows(self) -> Iterator[list]:
        for row in self.data.rows:
            progress = row.progress
            yield [
                row.name,
                progress.plan_name if progress else "план на год не задан",
                progress.met if progress else None,
                progress.total if progress else None,
                Percent(row.plan_share) if row.plan_share is not None else None,
                *[row.projects.get(key, 0) for key, _, _ in PROJECT_GROUPS],
                row.staff,
                row.suggestions,
                row.suggestions_per_1000,
                row.trained,
                row.trained_per_1000,
                row.effects_money,
                row.effects_hours,
            ]

    def _indicator_columns(self) -> list[Column]:
        columns = [Column("Муниципальное образование", 40)]
        for code in self.data.codes:
            columns += [
                Column(f"{code}: факт", 10, "decimal"),
                Column(f"{code}: цель", 10, "decimal"),
                Column(f"{code}: выполнен", 10),
            ]
        return columns

    def _indicator_rows(self) -> Iterator[list]:
        for row in self.data.rows:
            cells = [row.name]
            indicators = row.indicators
            for code in self.data.codes:
                indicator = indicators.get(code)
                if indicator is None:
                    cells += [None, None, "нет в плане"]
                else:
                    met = "да" if indicator.met else ("нет" if indicator.target is not None else "цель не задана")
                    cells += [indicator.actual, indicator.target, met]
            yield cells
