"""Rules a passport's content must satisfy, as pure functions shared by forms and services.
The rules of the stage dates live with the stage list (``projects/stages.py``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst

from projects.models import Project
from projects.stages import STAGES, all_stage_fields, stage_date_errors, stage_field_names, stage_values


def goal_errors(current: Decimal | None, target: Decimal | None) -> dict[str, str]:
    if current is not None and target is not None and current == target:
        return {"target_value": "Целевой показатель должен отличаться от текущего: иначе цели нет."}
    return {}


# Passport fields that must be filled before the passport goes to review (a draft may lack them).
REQUIRED_FOR_SUBMISSION = [
    "title",
    "sphere",
    "process",
    "process_start",
    "process_end",
    "lead",
    "effects",
]


def field_title(field: str) -> str:
    """The passport field's name as the clerk sees it: «Этап 2. Картирование…: начало» for stages."""
    for number, name, is_range in STAGES:
        start, end = stage_field_names(number)
        if field in (start, end):
            if not is_range:
                return f"Этап {number}. {name}: дата"
            return f"Этап {number}. {name}: {'начало' if field == start else 'окончание'}"
    return capfirst(Project._meta.get_field(field).verbose_name)


def required_message(field: str) -> str:
    """One message per missing field, naming it (the error summary lists them one by one)."""
    return f"Заполните поле «{field_title(field)}»: без него паспорт нельзя направить на рассмотрение."


def customer_errors(customer_organisation, customer: str, approver_name: str, approver_position: str) -> dict:
    """«Заказчик» and «УТВЕРЖДАЮ» before submission: an organisation of the portal with a head
    (who approves in the portal), or an outside customer's name with the head who will sign."""
    if customer_organisation is not None:
        if customer_organisation.head_id is None:
            return {
                "customer_organisation": "У организации-заказчика не указан руководитель: утвердить паспорт "
                "будет некому. Обратитесь к администратору портала или выберите другого заказчика."
            }
        return {}
    if not (customer or "").strip():
        return {"customer_organisation": "Выберите заказчика — организацию портала или укажите заказчика вне портала."}
    errors = {}
    if not (approver_name or "").strip():
        errors["approver_name"] = "Укажите Ф.И.О. руководителя заказчика вне портала."
    if not (approver_position or "").strip():
        errors["approver_position"] = "Укажите должность руководителя заказчика вне портала."
    return errors


def completeness_errors(project) -> dict[str, list[str]]:
    """What a saved passport lacks before submission, by field (``__all__`` for rows)."""
    errors: dict[str, list[str]] = {}
    for field in [*REQUIRED_FOR_SUBMISSION, *all_stage_fields()]:
        value = getattr(project, f"{field}_id" if field in ("sphere", "lead") else field)
        if value in (None, ""):
            errors.setdefault(field, []).append(required_message(field))
    customer = project.customer_organisation if project.customer_organisation_id else None
    for field, message in customer_errors(
        customer, project.customer, project.approver_name, project.approver_position
    ).items():
        errors.setdefault(field, []).append(message)
    if project.kind != project.Kind.INTERNAL and not project.participants.exists():
        errors.setdefault("participants", []).append(
            "Укажите участвующие организации: проект межведомственный или межорганизационный."
        )
    rows = [
        (project.team, "Добавьте в команду хотя бы одного сотрудника."),
        (project.justification, "Добавьте хотя бы один пункт обоснования."),
        (project.goals, "Добавьте хотя бы одну цель с текущим и целевым показателями."),
    ]
    for manager, message in rows:
        if not manager.exists():
            errors.setdefault("__all__", []).append(message)
    for field, message in stage_date_errors(stage_values(project), timezone.localdate()).items():
        errors.setdefault(field, []).append(message)
    return errors
