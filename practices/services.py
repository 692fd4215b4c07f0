"""Writes of the bank of practices: replicating a practice into the user's organisation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from projects.models import Project
from projects.services import project_replicate

NO_ORGANISATION = (
    "Тиражирует практику сотрудник организации муниципального образования: ваша учётная запись не связана "
    "с такой организацией. Черновик паспорта создаётся в организации того, кто нажимает «Тиражировать»."
)
REGIONAL_LEVEL = (
    "Региональный проектный офис не ведёт бережливые проекты муниципальных образований: тиражирует практику "
    "организация муниципального образования, в которой её повторят."
)
OWN_PROJECT = "Это проект вашей организации: тиражирование — это повторение решения другой организацией."


def replication_refusal(user, source: Project) -> str | None:
    """Why ``user`` may not replicate ``source``, in Russian; None when they may."""
    organisation = user.organisation
    if organisation is None:
        return NO_ORGANISATION
    if user.is_region or organisation.municipality_id is None:
        return REGIONAL_LEVEL
    if organisation.pk == source.organisation_id:
        return OWN_PROJECT
    return None


def refusal_is_forbidden(reason: str) -> bool:
    """An account that can never replicate (403), as opposed to a practice it should not (own project)."""
    return reason in (NO_ORGANISATION, REGIONAL_LEVEL)


@transaction.atomic
def practice_replicate(*, source: Project, user) -> Project:
    """A draft passport in the user's organisation repeating ``source``, linked to it.

    A sphere from another municipality's own list does not travel with it: the new municipality
    cannot choose it, so the draft starts without one.
    """
    reason = replication_refusal(user, source)
    if reason is not None:
        if refusal_is_forbidden(reason):
            raise PermissionDenied(reason)
        raise ValidationError(reason)
    organisation = user.organisation
    project = project_replicate(source=source, organisation=organisation, user=user)
    sphere = project.sphere
    if sphere is not None and sphere.municipality_id not in (None, organisation.municipality_id):
        project.sphere = None
        project.save(update_fields=["sphere", "updated_at"])
    return project
