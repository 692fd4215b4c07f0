"""Search endpoints behind the passport's choices (lean_portal/autocomplete.py widgets).

``people_lookup`` is how employees are found for a passport's lead and team. Employees of the
project's own organisation may be listed as the user types from the first letter; employees
of a participating organisation only when at least ``OTHERS_MIN_CHARS`` letters of their name
are typed, and only of organisations saved as the passport's participants: the staff of another
organisation is never handed out as a list. Each lookup is written to the personal-data log.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.views.decorators.http import require_GET

from lean_portal.autocomplete import clean_query, lookup_response, search_filter
from orgs.audit import log_personal_data_access
from orgs.models import Employee, Organisation
from projects.access import get_project_for_user
from projects.models import Project

OTHERS_MIN_CHARS = 3
EMPLOYEE_NAME_FIELDS = ("last_name", "first_name", "middle_name")


def employee_label(employee: Employee) -> str:
    """«ФИО — должность, организация»: namesakes told apart (the organisation must be loaded)."""
    return f"{employee.full_name} — {employee.position}, {employee.organisation.short_name}"


def passport_people(organisation, participant_ids) -> Q:
    """Who may be a passport's lead or team member: the organisation's staff and its participants'."""
    return Q(organisation=organisation) | Q(organisation__in=participant_ids)


@require_GET
@login_required
def people_lookup(request):
    """``?q=`` (part of a name) and ``?project=`` (the passport being edited, write access)."""
    text = clean_query(request.GET.get("q", ""))
    project_id = request.GET.get("project", "")
    if project_id:
        project = get_project_for_user(request, project_id, write=True)
        organisation = project.organisation
        participants = list(project.participants.values_list("pk", flat=True))
    else:
        organisation = request.user.organisation
        if organisation is None:
            raise PermissionDenied("Сотрудников подбирают в паспорте своей организации.")
        project, participants = None, []
    people = Q(organisation=organisation)
    if participants and len(text.replace(" ", "")) >= OTHERS_MIN_CHARS:
        people = passport_people(organisation, participants)
    queryset = (
        Employee.objects.filter(people, is_active=True)
        .filter(search_filter(text, EMPLOYEE_NAME_FIELDS))
        .select_related("organisation")
        .annotate(
            _own=Case(When(organisation=organisation, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("_own", "last_name", "first_name", "middle_name", "pk")
    )
    response = lookup_response(
        queryset,
        text=lambda e: e.full_name,
        description=lambda e: f"{e.position}, {e.organisation.short_name}",
    )
    where = f"паспорта № {project.pk}" if project else "нового паспорта"
    log_personal_data_access(request, f"Поиск сотрудников для {where}: «{text}»", records=response.found)
    return response


@require_GET
@login_required
def project_lookup(request):
    """Projects by title: ``?scope=replicable`` (published projects, for «Тиражирует проект»,
    ``?exclude=`` the passport itself) or ``?scope=contest`` (projects the user may read that are
    past the draft, for contest entries) or ``?scope=organisation&organisation=`` (that organisation's
    projects the user may read, for a survey's project)."""
    text = clean_query(request.GET.get("q", ""))
    scope = request.GET.get("scope", "replicable")
    if scope == "contest":
        queryset = Project.objects.visible_to(request.user).exclude(state=Project.State.DRAFT)
    elif scope == "organisation":
        only = request.GET.get("organisation", "")
        queryset = Project.objects.visible_to(request.user).filter(
            organisation_id=int(only) if only.isascii() and only.isdigit() else None
        )
    else:
        # Replication within the municipality; the bank of practices links projects across it.
        queryset = Project.objects.published().filter(
            organisation__in=Organisation.objects.in_municipality_of(request.user).values("pk")
        )
        exclude = request.GET.get("exclude", "")
        if exclude.isascii() and exclude.isdigit():
            queryset = queryset.exclude(pk=int(exclude))
    queryset = (
        queryset.filter(search_filter(text, ("title",)))
        .select_related("organisation")
        .only("pk", "title", "organisation__short_name")
        .order_by("title", "pk")
    )
    return lookup_response(queryset, text=lambda p: p.title, description=lambda p: p.organisation.short_name)
