"""The consolidated Excel of a quarter: every received report, by organisation and project, and by sphere."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from lean_portal.exporters import Column, Exporter, Sheet
from reporting.models import QuarterlyReport
from reporting.periods import Quarter

NO_SPHERE = "Сфера не указана"


def _number(value: str | int | float | None) -> float | None:
    """A snapshot's number («30.5») as the float Excel stores; no Decimal round-trip."""
    return None if value is None else float(value)


def _schedule(value: bool | None) -> str:
    return {True: "да", False: "нет", None: "нет данных"}[value]


class ConsolidatedReportExporter(Exporter):
    """Sheet 1: one row per goal (or per project without goals); sheet 2: totals by sphere.

    Reads the frozen snapshots of submitted and accepted reports, streaming them with
    ``.iterator()``; the sphere totals are gathered while sheet 1 is written.
    """

    identifier = "kvartalnye-otchety"

    PROJECT_COLUMNS = [
        Column("Организация", 36),
        Column("Состояние отчёта", 16),
        Column("Сфера деятельности", 26),
        Column("Бережливый проект", 48),
        Column("Текущий этап", 30),
        Column("По графику", 12),
        Column("Цель", 40),
        Column("Единица измерения", 14),
        Column("Текущий показатель", 14, "decimal"),
        Column("Факт за квартал", 14, "decimal"),
        Column("Целевой показатель", 14, "decimal"),
        Column("Ход реализации", 48),
        Column("Проблемы", 36),
        Column("Необходимая помощь", 36),
    ]
    SPHERE_COLUMNS = [
        Column("Сфера деятельности", 34),
        Column("Организаций", 12, "int"),
        Column("Проектов", 12, "int"),
        Column("Из них по графику", 14, "int"),
        Column("Целей", 10, "int"),
        Column("Целей с фактом за квартал", 16, "int"),
        Column("Открыто паспортов", 14, "int"),
        Column("Внедрено ППУ", 12, "int"),
        Column("Завершено обучений", 14, "int"),
    ]

    def __init__(self, period: Quarter, municipality=None):
        self.municipality = municipality
        self.period = period
        self.title = f"Отчёты за {period.label}"
        self.totals: dict[str, dict] = defaultdict(
            lambda: {
                "organisations": set(),
                "projects": 0,
                "on_schedule": 0,
                "goals": 0,
                "goals_with_actual": 0,
                "passports": 0,
                "suggestions": 0,
                "training": 0,
            }
        )

    def filename(self) -> str:
        return f"{self.identifier}-{self.period.year}-{self.period.quarter}.xlsx"

    def reports(self):
        return (
            QuarterlyReport.objects.received()
            .filter(year=self.period.year, quarter=self.period.quarter)
            .filter(**({"organisation__municipality": self.municipality} if self.municipality is not None else {}))
            .order_by("organisation__short_name")
            .values_list("state", "snapshot", "organisation__short_name")
        )

    def project_rows(self) -> Iterator[list]:
        state_labels = dict(QuarterlyReport.State.choices)
        for state, figures, short_name in self.reports().iterator(chunk_size=200):
            figures = figures or {}
            organisation = figures.get("organisation", short_name)
            state_label = state_labels.get(state, state)
            org_sphere = figures.get("organisation_sphere") or NO_SPHERE
            org_totals = self.totals[org_sphere]
            org_totals["organisations"].add(organisation)
            org_totals["passports"] += len(figures.get("passports", []))
            org_totals["suggestions"] += figures.get("suggestions", {}).get("implemented", 0)
            org_totals["training"] += figures.get("training", {}).get("completed", 0)
            for project in figures.get("projects", []):
                sphere = project["sphere"] or NO_SPHERE
                goals = project["goals"]
                totals = self.totals[sphere]
                totals["organisations"].add(organisation)
                totals["projects"] += 1
                totals["on_schedule"] += 1 if project["on_schedule"] else 0
                totals["goals"] += len(goals)
                totals["goals_with_actual"] += sum(1 for g in goals if g["actual"] is not None)
                stage = f"{project['stage']}. {project['stage_name']}" if project["stage"] else "—"
                head = (organisation, state_label, project["sphere"], project["title"], stage)
                schedule = _schedule(project["on_schedule"])
                progress, problems, help_needed = project["progress"], project["problems"], project["help_needed"]
                if not goals:
                    yield [*head, schedule, "", "", None, None, None, progress, problems, help_needed]
                for goal in goals:
                    yield [
                        *head,
                        schedule,
                        goal["name"],
                        goal["unit"],
                        _number(goal["current"]),
                        _number(goal["actual"]),
                        _number(goal["target"]),
                        progress,
                        problems,
                        help_needed,
                    ]

    def sphere_rows(self) -> Iterator[list]:
        for sphere, t in sorted(self.totals.items()):
            yield [
                sphere,
                len(t["organisations"]),
                t["projects"],
                t["on_schedule"],
                t["goals"],
                t["goals_with_actual"],
                t["passports"],
                t["suggestions"],
                t["training"],
            ]

    def sheets(self) -> Iterator[Sheet]:
        yield Sheet("По организациям и проектам", self.PROJECT_COLUMNS, self.project_rows())
        # Generated after sheet 1 has been written, so the totals are complete.
        yield Sheet("Сводка по сферам", self.SPHERE_COLUMNS, self.sphere_rows())
