"""Excel export of assessments: one row a project (its official assessment)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lean_portal.exporters import Column, Exporter
from scoring.rubric import Criterion


class AssessmentExporter(Exporter):
    identifier = "otsenka-znachimosti"
    title = "Оценка значимости бережливых проектов"
    sheet_name = "Оценка значимости проектов"

    def __init__(self, assessments: Iterable, criteria: Iterable[Criterion]):
        self.assessments = assessments
        self.criteria = list(criteria)
        self.columns = [
            Column("Бережливый проект", 50),
            Column("Организация", 35),
            Column("Сфера деятельности", 25),
            *(Column(f"Критерий {c.code}. {c.name}", 14, "decimal") for c in self.criteria),
            Column("Общий балл", 10, "decimal"),
            Column("Статус", 40),
            Column("Вид оценки", 30),
            Column("Оценивал", 30),
            Column("Дата оценки", 12, "date"),
        ]

    def rows(self) -> Iterator[list]:
        for assessment in self.assessments:
            project = assessment.project
            scores = {c.code: c.score for c in assessment.criteria.all()}
            yield [
                project.title,
                project.organisation.short_name,
                project.sphere.name if project.sphere else "",
                *(scores.get(c.code) for c in self.criteria),
                assessment.total,
                assessment.status_label,
                assessment.get_kind_display(),
                assessment.assessor_employee.full_name,
                assessment.assessed_on,
            ]
