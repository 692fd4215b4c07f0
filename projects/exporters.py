"""The registry of projects, as filtered, to Excel."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from lean_portal.exporters import Column, Exporter
from projects.models import STAGE_NAMES, Goal


class ProjectRegistryExporter(Exporter):
    identifier = "proekty"
    title = "Реестр бережливых проектов"
    columns = [
        Column("№", 8, "int"),
        Column("Название бережливого проекта", 50),
        Column("Организация", 35),
        Column("Вид проекта", 20),
        Column("Сфера деятельности", 25),
        Column("Состояние", 22),
        Column("Процесс", 40),
        Column("Руководитель проекта", 30),
        Column("Заказчик", 35),
        Column("Согласование паспорта", 14, "date"),
        Column("Дата утверждения", 14, "date"),
        Column("Закрытие проекта (план)", 14, "date"),
        Column("Дата закрытия", 14, "date"),
        Column("Этап по графику", 30),
        Column("Тиражирует", 40),
        Column("Цели (текущий → целевой)", 60),
    ]

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset

    def rows(self) -> Iterator[list]:
        queryset = self.queryset.select_related("customer_organisation").prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("position", "id"))
        )
        for project in queryset.iterator(chunk_size=500):
            stage = getattr(project, "planned_stage_no", None)
            replicates = ""
            if project.replicates_id:
                replicates = project.replicates.title
            elif project.replicates_source:
                replicates = project.replicates_source
            goals = "; ".join(f"{g.name}, {g.unit}: {g.current_value} → {g.target_value}" for g in project.goals.all())
            yield [
                project.pk,
                project.title,
                project.organisation.short_name,
                project.get_kind_display(),
                project.sphere.name if project.sphere_id else "",
                project.get_state_display(),
                project.process,
                project.lead.full_name if project.lead_id else "",
                project.customer_name,
                project.stage1_date,
                project.approval_date,
                project.stage9_date,
                project.closed_on,
                f"{stage}. {STAGE_NAMES[stage]}" if stage else "",
                replicates,
                goals,
            ]
