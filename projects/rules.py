"""Rules a passport's content must satisfy, as pure functions shared by forms, models and services.

Stage order — the rule we chose: the ten stages of «Сроки» follow one another, so each
stage starts on or after the day the previous dated stage ends (the same day is allowed:
one stage may end and the next begin on the same date). Stages left empty in a draft are
skipped, so the rule compares every stage with the nearest earlier stage that has dates.
Within a range stage, the end is on or after the start.

Date window: a passport's dates lie between 1 January 2015 (well before the lean programme
of 2022) and ten years from today — anything outside is a typing error.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst

from lean_portal.formats import short_date
from projects.models import STAGE_NAMES, STAGES, stage_field_names

EARLIEST_DATE = datetime.date(2015, 1, 1)
HORIZON_YEARS = 10


def latest_date(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year + HORIZON_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + HORIZON_YEARS, day=28)


def stage_date_errors(values: dict, today: datetime.date) -> dict[str, str]:
    """Errors of the «Сроки» dates in ``values`` (field name → date or None), by field at fault."""
    errors: dict[str, str] = {}
    latest = latest_date(today)
    for number, _name, _is_range in STAGES:
        for field in dict.fromkeys(stage_field_names(number)):
            value = values.get(field)
            if value is not None and not EARLIEST_DATE <= value <= latest:
                errors[field] = f"Дата должна быть в пределах с {short_date(EARLIEST_DATE)} по {short_date(latest)}."

    previous: tuple[int, datetime.date] | None = None
    for number, name, is_range in STAGES:
        start_field, end_field = stage_field_names(number)
        start, end = values.get(start_field), values.get(end_field)
        if is_range and start and end and end < start and end_field not in errors:
            errors[end_field] = (
                f"Окончание этапа {number} «{name}» не может быть раньше его начала ({short_date(start)})."
            )
        if start and previous and start < previous[1] and start_field not in errors:
            prev_number, prev_end = previous
            errors[start_field] = (
                f"Этап {number} «{name}» не может начинаться раньше окончания этапа {prev_number} "
                f"«{STAGE_NAMES[prev_number]}» ({short_date(prev_end)}): этапы идут друг за другом."
            )
        last = end or start
        if last:
            previous = (number, last)
    return errors


def goal_errors(current: Decimal | None, target: Decimal | None) -> dict[str, str]:
    if current is not None and target is not None and current == target:
        return {"target_value": "Целевой показатель должен отличаться от текущего: иначе цели нет."}
    return {}


def stage_values(project) -> dict:
    fields = {f for number, _, _ in STAGES for f in stage_field_names(number)}
    return {f: getattr(project, f) for f in fields}


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
    from projects.models import Project

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


def all_stage_fields() -> list[str]:
    fields: list[str] = []
    for number, _, _ in STAGES:
        for f in dict.fromkeys(stage_field_names(number)):
            fields.append(f)
    return fields


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
