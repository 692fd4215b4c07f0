"""Writes to culture self-diagnostics and the office questionnaire."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from orgs.models import Organisation
from registries.models import (
    CultureDiagnostic,
    DiagnosticRating,
    DiagnosticStatement,
)
from registries.services.common import assign_fields, require_write, today

# --- Culture self-diagnostics ---------------------------------------------------------------------

DIAGNOSTIC_EDITABLE = ("year", "held_on", "participants", "problems", "achievements", "directions")


@transaction.atomic
def diagnostic_save(
    *,
    user,
    organisation: Organisation,
    ratings: Mapping[DiagnosticStatement, object],
    diagnostic: CultureDiagnostic | None = None,
    **fields,
) -> CultureDiagnostic:
    """Create or update an organisation's self-diagnostics of a year with its ratings."""
    require_write(user, organisation)
    if diagnostic is None:
        diagnostic = CultureDiagnostic(organisation=organisation, created_by=user)
    assign_fields(diagnostic, fields, DIAGNOSTIC_EDITABLE)
    errors = {}
    if diagnostic.held_on and diagnostic.year and diagnostic.held_on.year != diagnostic.year:
        errors["held_on"] = "Дата проведения должна относиться к году самодиагностики."
    if diagnostic.held_on and diagnostic.held_on > today():
        errors["held_on"] = "Дата проведения не может быть в будущем."
    clash = CultureDiagnostic.objects.filter(organisation=organisation, year=diagnostic.year).exclude(pk=diagnostic.pk)
    if clash.exists():
        errors["year"] = "Самодиагностика организации за этот год уже внесена."
    if not any(score is not None for score in ratings.values()):
        errors["__all__"] = "Оцените хотя бы одно утверждение."
    if errors:
        raise ValidationError(errors)
    diagnostic.full_clean(exclude=["created_by"])
    diagnostic.save()
    kept = []
    for statement, score in ratings.items():
        if score is None:
            continue
        rating = DiagnosticRating.objects.filter(diagnostic=diagnostic, statement=statement).first()
        rating = rating or DiagnosticRating(diagnostic=diagnostic, statement=statement)
        rating.score = score
        rating.full_clean()
        rating.save()
        kept.append(statement.pk)
    diagnostic.ratings.exclude(statement_id__in=kept).delete()
    return diagnostic


@transaction.atomic
def diagnostic_delete(*, diagnostic: CultureDiagnostic, user) -> None:
    require_write(user, diagnostic.organisation)
    diagnostic.delete()


def statement_editor(user) -> bool:
    """The questionnaire is a reference list: a municipality's office keeps its municipality's
    statements, the regional office (and administrators) the regional ones."""
    return user.is_authenticated and (user.is_economy or user.sees_region)


def statement_scope(user) -> int | None:
    """The municipality whose statements ``user`` keeps (None: the regional ones)."""
    return user.municipality_id if user.is_economy else None


def editable_statements(user):
    """The statements ``user`` may change: those of their scope only (administrators: every one)."""
    if not statement_editor(user):
        return DiagnosticStatement.objects.none()
    if user.is_portal_admin:
        return DiagnosticStatement.objects.all()
    scope = statement_scope(user)
    if scope is None:
        return DiagnosticStatement.objects.filter(municipality__isnull=True)
    return DiagnosticStatement.objects.filter(municipality_id=scope)


@transaction.atomic
def statement_save(*, user, statement: DiagnosticStatement | None = None, **fields) -> DiagnosticStatement:
    if not statement_editor(user):
        raise PermissionDenied("Перечень утверждений ведёт управление экономического развития.")
    if statement is not None and not editable_statements(user).filter(pk=statement.pk).exists():
        raise PermissionDenied("Утверждения регионального перечня изменяет региональный проектный офис.")
    statement = statement or DiagnosticStatement(municipality_id=statement_scope(user))
    assign_fields(statement, fields, ("text", "position", "is_active"))
    statement.full_clean()
    statement.save()
    return statement
