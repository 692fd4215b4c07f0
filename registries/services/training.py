"""Writes to training records and the derived lean-basics date of an employee."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from orgs.models import Employee
from registries.models import (
    Training,
)
from registries.services.common import assign_fields, require_write, today

# --- Training ------------------------------------------------------------------------------

TRAINING_EDITABLE = ("employee", "kind", "provider", "mentor", "started_on", "completed_on", "hours", "certificate")


def employee_refresh_lean_basics(employee: Employee) -> Employee:
    """Keep ``lean_basics_completed_on`` equal to the earliest completed lean-basics training.

    The field is derived: it is what the scoring app checks before letting someone
    assess projects (4.2), and only *confirmed* training records set it (a certificate scan, or
    the economic development office's confirmation): a record an organisation types in for
    itself without a certificate gives no right to assess.
    """
    earliest = (
        Training.objects.confirmed()
        .filter(employee=employee, kind=Training.Kind.LEAN_BASICS, completed_on__isnull=False)
        .aggregate(first=Min("completed_on"))["first"]
    )
    if employee.lean_basics_completed_on != earliest:
        employee.lean_basics_completed_on = earliest
        employee.save(update_fields=["lean_basics_completed_on"])
    return employee


def _validate_training(training: Training) -> None:
    errors = {}
    if training.kind == Training.Kind.MENTORING and training.mentor_id is None:
        errors["mentor"] = "Для наставничества укажите наставника."
    if training.mentor_id is not None and training.mentor_id == training.employee_id:
        errors["mentor"] = "Сотрудник не может быть наставником самому себе."
    if training.completed_on and training.started_on and training.completed_on < training.started_on:
        errors["completed_on"] = "Дата окончания не может быть раньше даты начала."
    if training.completed_on and training.completed_on > today():
        errors["completed_on"] = "Дата окончания не может быть в будущем."
    if training.hours is not None and training.hours <= 0:
        errors["hours"] = "Число часов должно быть больше нуля."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_create(*, user, employee: Employee, **fields) -> Training:
    require_write(user, employee.organisation)
    training = Training(employee=employee, created_by=user)
    assign_fields(training, fields, TRAINING_EDITABLE)
    if user.is_economy:
        # The office entering a training confirms it by doing so.
        training.confirmed_by, training.confirmed_at = user, timezone.now()
    _validate_training(training)
    training.full_clean(exclude=["created_by"])
    training.save()
    employee_refresh_lean_basics(training.employee)
    return training


@transaction.atomic
def training_update(*, training: Training, user, **fields) -> Training:
    require_write(user, training.employee.organisation)
    previous_employee = training.employee
    previous = Training.objects.filter(pk=training.pk).values("certificate", "kind", "completed_on").first() or {}
    previous_file = previous.get("certificate") or ""
    assign_fields(training, fields, TRAINING_EDITABLE)
    if training.employee_id != previous_employee.pk:
        require_write(user, training.employee.organisation)
    changed = (
        training.employee_id != previous_employee.pk
        or training.kind != previous.get("kind")
        or training.completed_on != previous.get("completed_on")
    )
    if user.is_economy:
        training.confirmed_by, training.confirmed_at = user, timezone.now()
    elif changed and training.confirmed_at is not None:
        # The office confirmed another record: what changed must be confirmed again.
        training.confirmed_by, training.confirmed_at = None, None
    _validate_training(training)
    training.full_clean(exclude=["created_by"])
    training.save()
    employee_refresh_lean_basics(training.employee)
    if training.employee_id != previous_employee.pk:
        employee_refresh_lean_basics(previous_employee)
    if previous_file and previous_file != training.certificate.name:
        # A replaced or cleared scan leaves no orphan file behind once the change is committed.
        storage = Training._meta.get_field("certificate").storage
        transaction.on_commit(lambda: storage.delete(previous_file))
    return training


@transaction.atomic
def training_confirm(*, training: Training, user) -> Training:
    """The economic development office confirms a training record without a certificate scan (who and when):
    it then counts for plan 2.1 and, for lean basics, gives the right to assess (4.2)."""
    if not user.is_economy:
        raise PermissionDenied("Обучение подтверждает управление экономического развития.")
    if training.completed_on is None:
        raise ValidationError("Обучение ещё не завершено: подтвердить можно завершённое обучение.")
    if training.confirmed_at is None:
        training.confirmed_by, training.confirmed_at = user, timezone.now()
        training.save(update_fields=["confirmed_by", "confirmed_at"])
        employee_refresh_lean_basics(training.employee)
    return training


@transaction.atomic
def training_delete(*, training: Training, user) -> None:
    require_write(user, training.employee.organisation)
    employee = training.employee
    certificate = training.certificate.name if training.certificate else ""
    training.delete()
    employee_refresh_lean_basics(employee)
    if certificate:
        # Delete the file only once the row is really gone.
        storage = Training._meta.get_field("certificate").storage
        transaction.on_commit(lambda: storage.delete(certificate))
