"""Writes to projects that other apps start: a new draft passport, a replication."""

from __future__ import annotations

from django.db import transaction

from orgs.models import Organisation
from projects.models import Goal, JustificationItem, Project


@transaction.atomic
def project_create_draft(*, organisation: Organisation, user, title: str, **fields) -> Project:
    """Start a draft passport of ``organisation``; ``fields`` are Project fields."""
    project = Project(organisation=organisation, title=title, created_by=user, state=Project.State.DRAFT, **fields)
    project.full_clean(exclude=["lead", "sphere"])
    project.save()
    return project


@transaction.atomic
def project_replicate(*, source: Project, organisation: Organisation, user) -> Project:
    """A draft in ``organisation`` that repeats ``source``'s solution, linked to it.

    Copies what a replicating organisation would otherwise retype (title, process and
    its boundaries, justification, goals with their target values, effects); dates,
    team and approval belong to the new project and start empty.
    """
    project = project_create_draft(
        organisation=organisation,
        user=user,
        title=source.title,
        kind=Project.Kind.INTERNAL,
        sphere=source.sphere,
        process=source.process,
        process_start=source.process_start,
        process_end=source.process_end,
        effects=source.effects,
        replicates=source,
    )
    JustificationItem.objects.bulk_create(
        JustificationItem(project=project, position=item.position, text=item.text)
        for item in source.justification.all()
    )
    Goal.objects.bulk_create(
        Goal(
            project=project,
            position=goal.position,
            name=goal.name,
            unit=goal.unit,
            current_value=goal.current_value,
            target_value=goal.target_value,
        )
        for goal in source.goals.all()
    )
    return project
