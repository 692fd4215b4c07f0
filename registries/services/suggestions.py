"""Writes to improvement suggestions: filing, and the decisions on them (maker-checker)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from notifications.services import notify_decision
from orgs.access import heads_organisation, is_decision_deputy
from orgs.models import Employee, Organisation
from projects.models import JustificationItem
from projects.services import passport_defaults, project_create_draft
from registries.models import (
    Suggestion,
    SuggestionTransition,
)
from registries.services.common import assign_fields, require_write, today

# --- Improvement suggestions -------------------------------------------------------------

SUGGESTION_EDITABLE = ("title", "problem", "solution", "expected_effect", "submitted_on")


def _check_authors(organisation: Organisation, authors: Iterable[Employee]) -> list[Employee]:
    authors = list(authors)
    if not authors:
        raise ValidationError({"authors": "Укажите хотя бы одного автора предложения."})
    strangers = [a for a in authors if a.organisation_id != organisation.pk]
    if strangers:
        raise ValidationError({"authors": "Авторы должны быть сотрудниками организации, подающей предложение."})
    return authors


def _log(suggestion: Suggestion, user, from_state: str, comment: str = "") -> None:
    SuggestionTransition.objects.create(
        suggestion=suggestion, from_state=from_state, to_state=suggestion.state, user=user, comment=comment
    )
    notify_decision(suggestion, actor=user, comment=comment)


@transaction.atomic
def suggestion_create(
    *, organisation: Organisation, user, authors: Iterable[Employee], problem: str, solution: str, **fields
) -> Suggestion:
    require_write(user, organisation)
    authors = _check_authors(organisation, authors)
    fields.setdefault("submitted_on", today())
    suggestion = Suggestion(organisation=organisation, problem=problem, solution=solution, created_by=user)
    assign_fields(suggestion, fields, SUGGESTION_EDITABLE)
    if suggestion.submitted_on > today():
        raise ValidationError({"submitted_on": "Дата подачи не может быть в будущем."})
    suggestion.full_clean(exclude=["authors", "project", "created_by"])
    suggestion.save()
    suggestion.authors.set(authors)
    _log(suggestion, user, "", "Предложение подано.")
    return suggestion


@transaction.atomic
def suggestion_update(
    *, suggestion: Suggestion, user, authors: Iterable[Employee] | None = None, **fields
) -> Suggestion:
    require_write(user, suggestion.organisation)
    if suggestion.is_decided:
        raise ValidationError("Решение по предложению уже принято: изменить его текст нельзя.")
    assign_fields(suggestion, fields, SUGGESTION_EDITABLE)
    if suggestion.submitted_on > today():
        raise ValidationError({"submitted_on": "Дата подачи не может быть в будущем."})
    suggestion.full_clean(exclude=["authors", "project", "created_by"])
    suggestion.save()
    if authors is not None:
        suggestion.authors.set(_check_authors(suggestion.organisation, authors))
    return suggestion


def suggestion_decision_refusal(user, suggestion: Suggestion) -> str | None:
    """Why ``user`` may not accept or reject ``suggestion``, or None.

    Deciders: the head of the suggestion's organisation, the unit it reports to (the parent's
    staff and head, who read its records), the deputy the admin named for the organisation's
    decisions, administrators. Never an author or whoever filed it."""
    organisation = suggestion.organisation
    decider = user.is_authenticated and (
        user.is_portal_admin
        or heads_organisation(user, organisation)
        or (organisation.parent_id is not None and user.organisation_id == organisation.parent_id)
        or is_decision_deputy(user, organisation)
    )
    author_ids = {a.pk for a in suggestion.authors.all()}
    if user.is_authenticated and (
        user.pk == suggestion.created_by_id or (user.employee_id is not None and user.employee_id in author_ids)
    ):
        return (
            "Решение по своему предложению принимать нельзя: его принимает руководитель организации "
            "или структурное подразделение, которому она подчиняется."
        )
    if not decider:
        return (
            "Решение по предложению принимает руководитель организации или структурное подразделение, "
            "которому она подчиняется."
        )
    return None


def _require_decider(user, suggestion: Suggestion) -> None:
    refusal = suggestion_decision_refusal(user, suggestion)
    if refusal:
        raise PermissionDenied(refusal)


def _move(suggestion: Suggestion, user, allowed_from: tuple[str, ...], to_state: str, *, decision: bool = False) -> str:
    if decision:
        _require_decider(user, suggestion)
    else:
        require_write(user, suggestion.organisation)
    # Re-read under lock: two people deciding at once must not both succeed.
    current = Suggestion.objects.select_for_update().values_list("state", flat=True).get(pk=suggestion.pk)
    if current not in allowed_from:
        label = Suggestion.State(current).label
        raise ValidationError(f"Предложение в состоянии «{label}»: этот переход недоступен.")
    suggestion.state = to_state
    return current


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, user, comment: str = "") -> Suggestion:
    previous = _move(suggestion, user, (Suggestion.State.SUBMITTED,), Suggestion.State.ACCEPTED, decision=True)
    suggestion.save(update_fields=["state", "updated_at"])
    _log(suggestion, user, previous, comment)
    return suggestion


@transaction.atomic
def suggestion_implement(
    *, suggestion: Suggestion, user, implemented_on: datetime.date | None, achieved_effect: str, comment: str = ""
) -> Suggestion:
    errors = {}
    if implemented_on is None:
        errors["implemented_on"] = "Укажите дату внедрения."
    elif implemented_on > today():
        errors["implemented_on"] = "Дата внедрения не может быть в будущем."
    elif implemented_on < suggestion.submitted_on:
        errors["implemented_on"] = "Дата внедрения не может быть раньше даты подачи."
    if not (achieved_effect or "").strip():
        errors["achieved_effect"] = "Опишите достигнутый эффект."
    if errors:
        raise ValidationError(errors)
    previous = _move(suggestion, user, (Suggestion.State.ACCEPTED,), Suggestion.State.IMPLEMENTED)
    suggestion.implemented_on = implemented_on
    suggestion.achieved_effect = achieved_effect.strip()
    suggestion.save(update_fields=["state", "implemented_on", "achieved_effect", "updated_at"])
    _log(suggestion, user, previous, comment)
    return suggestion


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, user, reason: str) -> Suggestion:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Укажите причину отклонения."})
    previous = _move(
        suggestion,
        user,
        (Suggestion.State.SUBMITTED, Suggestion.State.ACCEPTED),
        Suggestion.State.REJECTED,
        decision=True,
    )
    suggestion.rejection_reason = reason.strip()
    suggestion.save(update_fields=["state", "rejection_reason", "updated_at"])
    _log(suggestion, user, previous, reason.strip())
    return suggestion


@transaction.atomic
def suggestion_open_project(*, suggestion: Suggestion, user):
    """«Открыть проект»: a draft passport prefilled from the suggestion, linked to it.

    The draft starts from the defaults of any new passport (``passport_defaults``: customer,
    hence approver, and sphere); the suggestion's title becomes the project's, its problem and
    solution the justification, its expected effect the effects. The process is the team's to
    name. Opening a project is no step of the suggestion's own life, so its journal gets none.
    """

    require_write(user, suggestion.organisation)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.project_id is not None:
        raise ValidationError("По этому предложению проект уже открыт.")
    if suggestion.state == Suggestion.State.REJECTED:
        raise ValidationError("Предложение отклонено: открыть по нему проект нельзя.")
    title = (suggestion.title or suggestion.problem.splitlines()[0]).strip()[:500]
    project = project_create_draft(
        organisation=suggestion.organisation,
        user=user,
        title=title,
        effects=suggestion.expected_effect,
        **passport_defaults(suggestion.organisation),
    )
    bulk_create_with_history(
        [
            JustificationItem(project=project, position=1, text=suggestion.problem),
            JustificationItem(
                project=project, position=2, text=f"Предложение по улучшению: {suggestion.solution}".strip()
            ),
        ],
        JustificationItem,
        default_user=user,
    )
    suggestion.project = project
    suggestion.save(update_fields=["project", "updated_at"])
    return project
