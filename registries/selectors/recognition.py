"""Reads for the recognition of active staff (5.2.3): suggestions and training per employee."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet

from orgs.access import visible_organisation_filter
from orgs.models import Employee, Organisation
from projects.models import Project
from registries.models import (
    Suggestion,
    Training,
)
from registries.selectors.suggestions import count_by


@dataclass
class ActiveEmployee:
    employee: Employee
    suggestions: int
    projects: int
    mentoring: int

    @property
    def total(self) -> int:
        return self.suggestions + self.projects + self.mentoring


def _recognition_subqueries(year: int):
    """What counts for an employee in ``year`` (``OuterRef("pk")`` is the employee): suggestions
    implemented in the year that they co-authored; projects they lead that closed in the year
    or are being implemented (approved by the year's end); mentoring that ran during the year."""

    through = Suggestion.authors.through
    suggestions = through.objects.filter(
        suggestion__state=Suggestion.State.IMPLEMENTED,
        suggestion__implemented_on__year=year,
    )
    projects = Project.objects.filter(
        Q(state__in=Project.IMPLEMENTED_STATES, closed_on__year=year)
        | (
            Q(state__in=Project.ACTIVE_STATES)
            & (Q(approved_at__isnull=True) | Q(approved_at__year__lte=year))
            & Q(created_at__year__lte=year)
        )
    )
    mentoring = Training.objects.filter(kind=Training.Kind.MENTORING, started_on__year__lte=year).filter(
        Q(completed_on__isnull=True) | Q(completed_on__year__gte=year)
    )
    return (suggestions, "employee"), (projects, "lead"), (mentoring, "mentor")


def recognition_organisations(user, year: int) -> QuerySet:
    """The visible organisations with at least one active employee in ``year``, by name
    (three grouped queries inside one; the page is then built for a page of them)."""
    active = Q()
    for queryset, person in _recognition_subqueries(year):
        active |= Q(pk__in=queryset.filter(**{f"{person}__isnull": False}).values(f"{person}__organisation_id"))
    return Organisation.objects.visible_to(user).filter(active).order_by("short_name", "pk")


def recognition(
    user, year: int, *, top: int = 5, organisations=None
) -> list[tuple[Organisation, list[ActiveEmployee]]]:
    """Each visible organisation's most active employees of ``year``: one query.

    ``organisations`` (ids) restricts it to some of them — a page of
    ``recognition_organisations`` — so that a region's page does not count every employee.
    What counts: see ``_recognition_subqueries``.
    """
    (suggestions, _), (projects, _), (mentoring, _) = _recognition_subqueries(year)
    employees = Employee.objects.filter(visible_organisation_filter(user, field="organisation"))
    if organisations is not None:
        employees = employees.filter(organisation_id__in=list(organisations))
    employees = (
        employees.select_related("organisation")
        .annotate(
            n_suggestions=count_by(suggestions.filter(employee_id=OuterRef("pk")), "employee_id"),
            n_projects=count_by(projects.filter(lead_id=OuterRef("pk")), "lead_id"),
            n_mentoring=count_by(mentoring.filter(mentor_id=OuterRef("pk")), "mentor_id"),
        )
        .filter(Q(n_suggestions__gt=0) | Q(n_projects__gt=0) | Q(n_mentoring__gt=0))
        .order_by("organisation__short_name", "organisation_id", "last_name", "first_name")
    )
    grouped: dict[int, tuple[Organisation, list[ActiveEmployee]]] = {}
    for employee in employees:
        item = ActiveEmployee(employee, employee.n_suggestions, employee.n_projects, employee.n_mentoring)
        grouped.setdefault(employee.organisation_id, (employee.organisation, []))[1].append(item)
    result = []
    for organisation, people in grouped.values():
        people.sort(key=lambda p: (-p.total, -p.suggestions, p.employee.last_name))
        result.append((organisation, people[:top]))
    return result
