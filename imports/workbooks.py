"""The import template, and the registers written in its shape (through the portal's one safe writer).

The template has one sheet per register the user may import, Russian headers (a «*» marks a
required column), a note on every header cell, drop-down lists where a column has fixed choices,
and a row of example values. The same workbook filled with the records the user reads is the
portal's export of its registers for import elsewhere (or back): what it exports, it imports.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from imports.sheets import STAGE_FIELDS, Field, SheetSpec, importing_municipality_id, sheets_for
from lean_portal.exporters import Column, Exporter, Sheet
from orgs.access import visible_to
from orgs.models import Employee, Organisation, Sphere
from projects.models import Goal, Project
from registries.models import Suggestion, Training

KIND_COLUMN = {"date": "date", "decimal": "decimal"}


def column_of(f: Field, spheres: tuple[str, ...]) -> Column:
    lead = "Обязательный столбец." if f.required else "Можно оставить пустым: пустая ячейка не стирает сохранённое."
    limit = f" Не длиннее {f.max_length} знаков." if f.max_length else ""
    note = f"{lead} {f.note}{limit}".strip()
    choices = tuple(label for label, _ in f.choices) if f.kind == "choice" else ()
    if f.kind == "sphere":
        choices = spheres
    title = f"{f.title} *" if f.required else f.title
    return Column(title, f.width, KIND_COLUMN.get(f.kind, "text"), note=note, choices=choices)


class ImportTemplate(Exporter):
    identifier = "shablon-zagruzki"
    title = "Шаблон загрузки реестров"

    def __init__(self, user, *, with_records: bool = False):
        self.user = user
        self.with_records = with_records
        if with_records:
            self.identifier = "reestry-dlya-zagruzki"
            self.title = "Реестры портала в форме шаблона загрузки"

    def sheets(self) -> Iterator[Sheet]:
        # The regional list and the importer's municipality's own spheres.
        spheres = tuple(
            Sphere.objects.of_municipality(importing_municipality_id(self.user)).values_list("name", flat=True)
        )
        for spec in sheets_for(self.user):
            columns = [column_of(f, spheres) for f in spec.fields]
            rows = self.records(spec) if self.with_records else [self.example(spec)]
            yield Sheet(spec.title, columns, rows)

    @staticmethod
    def example(spec: SheetSpec) -> list:
        return [f.example for f in spec.fields]

    # --- The registers in the template's shape -------------------------------------------

    def records(self, spec: SheetSpec) -> Iterator[list]:
        return getattr(self, f"_{spec.key}")()

    def _organisations(self):
        queryset = (
            Organisation.objects.visible_to(self.user).select_related("sphere", "parent").order_by("parent_id", "pk")
        )
        # Units first: a subordinate's parent is then always above it.
        for org in sorted(queryset, key=lambda o: (o.parent_id is not None, o.pk)):
            yield [
                org.full_name,
                org.short_name,
                org.inn,
                org.get_kind_display(),
                org.sphere.name if org.sphere_id else "",
                org.parent.full_name if org.parent_id else "",
                org.email,
            ]

    def _employees(self):
        queryset = visible_to(self.user, Employee.objects.select_related("organisation")).order_by("pk")
        for e in queryset.iterator(chunk_size=1000):
            yield [
                e.last_name,
                e.first_name,
                e.middle_name,
                e.position,
                e.organisation.full_name,
                e.email,
                e.lean_basics_completed_on,
            ]

    def _projects(self):
        queryset = Project.objects.visible_to(self.user).select_related(
            "organisation", "sphere", "customer_organisation", "lead"
        )
        for p in queryset.order_by("pk").iterator(chunk_size=1000):
            yield [
                p.organisation.full_name,
                p.title,
                p.get_kind_display(),
                p.sphere.name if p.sphere_id else "",
                p.get_state_display(),
                p.customer_organisation.full_name if p.customer_organisation_id else p.customer,
                p.process,
                p.process_start,
                p.process_end,
                p.lead.full_name if p.lead_id else "",
                p.effects,
                p.replicates_source,
                *(getattr(p, f.key) for f in STAGE_FIELDS),
            ]

    def _goals(self):
        queryset = Goal.objects.filter(project__in=Project.objects.visible_to(self.user).values("pk")).select_related(
            "project__organisation"
        )
        for g in queryset.order_by("project_id", "position", "pk").iterator(chunk_size=1000):
            yield [g.project.organisation.full_name, g.project.title, g.name, g.unit, g.current_value, g.target_value]

    def _suggestions(self):
        queryset = (
            Suggestion.objects.visible_to(self.user)
            .select_related("organisation")
            .prefetch_related(Prefetch("authors", queryset=Employee.objects.order_by("pk")))
            .order_by("pk")
        )
        for s in queryset:
            yield [
                s.organisation.full_name,
                s.title,
                "; ".join(a.full_name for a in s.authors.all()),
                s.submitted_on,
                s.problem,
                s.solution,
                s.expected_effect,
                s.get_state_display(),
                s.implemented_on,
                s.achieved_effect,
                s.rejection_reason,
            ]

    def _training(self):
        queryset = Training.objects.visible_to(self.user).select_related("employee__organisation").order_by("pk")
        for t in queryset.iterator(chunk_size=1000):
            yield [
                t.employee.organisation.full_name,
                t.employee.full_name,
                t.get_kind_display(),
                t.provider,
                t.started_on,
                t.completed_on,
                t.hours,
            ]
