"""Writes of the effects ledger: every rule of the ledger is applied here.

* Planned values belong to the passport: they are written while the passport may be edited
  (draft, returned); once it is sent to review they are part of what is approved, and after
  approval they change only through a change request (``projects.changes`` baseline parts,
  registered in ``EffectsConfig.ready``).
* Forecasts are given in a quarterly report that may still be edited.
* Actual values are entered by the project's organisation once the project is closed (stage 9)
  or under stability monitoring (stage 10); the office confirms or returns them with a
  comment; nobody verifies what they entered (maker-checker); a confirmed effect is locked.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from effects.models import (
    FIXED_UNITS,
    PROJECT_SOURCE_FIELDS,
    ConversionRate,
    Effect,
    EffectForecast,
    project_district_figures,
)
from lean_portal.formats import number
from orgs.access import can_write_organisation, decides_as_office, maker_refusal
from projects.models import Project
from reporting.models import QuarterlyReport

PLANNED_LOCKED = (
    "Плановые значения эффектов входят в паспорт, направленный на рассмотрение или утверждённый: "
    "после утверждения их меняют запросом на изменение паспорта."
)
LOCKED = "Эффект подтверждён управлением экономического развития: его значения больше не меняются."
# Actual values are recorded once the project is implemented (closed, or monitored at stage 10).
ACTUAL_STATES = tuple(Project.IMPLEMENTED_STATES)
OFFICE = "управление экономического развития (другой сотрудник)"


def _require_writer(user, project: Project) -> None:
    if not can_write_organisation(user, project.organisation):
        raise ValidationError("Эффекты проекта ведёт его организация.")


def _locked_effect(effect: Effect) -> Effect:
    return Effect.objects.select_for_update(of=("self",)).select_related("project__organisation").get(pk=effect.pk)


def _check_values(kind: str, unit: str, planned_value: Decimal | None) -> dict:
    errors = {}
    if kind not in FIXED_UNITS and not unit.strip():
        errors["unit"] = "Укажите единицу измерения эффекта."
    if planned_value is not None and planned_value < 0:
        errors["planned_value"] = "Плановое значение не может быть отрицательным: укажите, сколько проект сэкономит."
    return errors


@transaction.atomic
def effect_create(
    *,
    project: Project,
    user,
    kind: str,
    title: str,
    method: str,
    planned_value: Decimal,
    unit: str = "",
    figures: str = "",
) -> Effect:
    project = Project.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=project.pk)
    _require_writer(user, project)
    if not project.is_editable:
        raise ValidationError(PLANNED_LOCKED)
    errors = _check_values(kind, unit, planned_value)
    if errors:
        raise ValidationError(errors)
    position = (project.effect_records.aggregate(m=Max("position"))["m"] or 0) + 1
    effect = Effect(
        project=project,
        position=position,
        kind=kind,
        title=title.strip(),
        unit=FIXED_UNITS.get(kind, unit.strip()),
        method=method.strip(),
        figures=figures.strip(),
        planned_value=planned_value,
    )
    effect.full_clean()
    effect.save()
    return effect


@transaction.atomic
def effect_update(*, effect: Effect, user, **fields) -> Effect:
    """Change an effect's description and planned value while the passport may be edited."""
    effect = _locked_effect(effect)
    _require_writer(user, effect.project)
    if effect.is_locked:
        raise ValidationError(LOCKED)
    if not effect.project.is_editable:
        raise ValidationError(PLANNED_LOCKED)
    allowed = {"kind", "title", "unit", "method", "figures", "planned_value"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"effect_update does not change {sorted(unknown)}")
    for name, value in fields.items():
        setattr(effect, name, value.strip() if isinstance(value, str) else value)
    errors = _check_values(effect.kind, effect.unit, effect.planned_value)
    if errors:
        raise ValidationError(errors)
    effect.unit = FIXED_UNITS.get(effect.kind, effect.unit)
    effect.full_clean()
    effect.save()
    return effect


@transaction.atomic
def effect_delete(*, effect: Effect, user) -> None:
    effect = _locked_effect(effect)
    _require_writer(user, effect.project)
    if not effect.project.is_editable:
        raise ValidationError(PLANNED_LOCKED)
    effect.delete()


@transaction.atomic
def effect_forecasts_save(*, report, user, values: dict[int, Decimal | None]) -> int:
    """Store the forecasts given in ``report`` (effect id → value; None removes it). Returns how many
    effects now have a forecast in the report."""
    report = QuarterlyReport.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=report.pk)
    if not can_write_organisation(user, report.organisation):
        raise ValidationError("Прогноз эффектов в отчёт вносит организация, которая его готовит.")
    if not report.is_editable:
        raise ValidationError("Отчёт уже направлен или принят: прогноз в нём не меняется.")
    effects = {e.pk: e for e in forecastable_effects(report).select_for_update(of=("self",))}
    if set(values) - set(effects):
        raise ValidationError("Эффект не относится к проектам этого отчёта.")
    day = report.period.end
    for effect_id, value in values.items():
        effect = effects[effect_id]
        if value is None:
            EffectForecast.objects.filter(effect=effect, report=report).delete()
            continue
        if value < 0:
            raise ValidationError({f"effect_{effect_id}": "Прогноз не может быть отрицательным."})
        EffectForecast.objects.update_or_create(effect=effect, report=report, defaults={"value": value})
        effect.forecast_value, effect.forecast_on = value, day
        effect.save(update_fields=["forecast_value", "forecast_on"])
    return EffectForecast.objects.filter(report=report).count()


def forecastable_effects(report):
    """Effects a quarterly report gives forecasts for: of the organisation's approved projects not yet closed."""
    return Effect.objects.filter(
        project__organisation=report.organisation, project__state__in=Project.ACTIVE_STATES
    ).select_related("project")


@transaction.atomic
def effect_record_actual(*, effect: Effect, user, value: Decimal, on: datetime.date, figures: str = "") -> Effect:
    """The organisation enters the actual value at closure or at the stability check; it goes to the office."""
    effect = _locked_effect(effect)
    _require_writer(user, effect.project)
    if effect.is_locked:
        raise ValidationError(LOCKED)
    if effect.project.state not in ACTUAL_STATES:
        raise ValidationError(
            "Фактическое значение вносят при закрытии проекта (этап 9) и при проверке стабильности (этап 10)."
        )
    errors = {}
    if value < 0:
        errors["actual_value"] = "Фактическое значение не может быть отрицательным."
    if on > timezone.localdate():
        errors["actual_on"] = "Дата фактического значения не может быть в будущем."
    if errors:
        raise ValidationError(errors)
    effect.actual_value, effect.actual_on, effect.actual_by = value, on, user
    if figures.strip():
        effect.figures = figures.strip()
    effect.status = Effect.Status.SUBMITTED
    effect.save()
    return effect


def effects_follow_project(sender, instance: Project, created: bool = False, update_fields=None, raw=False, **kwargs):
    """A project was saved (``post_save``, connected in ``EffectsConfig.ready``): its effects' stored
    district figures (year, organisation, sphere) follow it, in one UPDATE, inside the saving
    transaction. Saves that change none of the fields they come from cost nothing."""
    if raw or created:
        return  # fixtures load the effects' own rows; a new project has no effects yet
    if update_fields is not None and not PROJECT_SOURCE_FIELDS.intersection(update_fields):
        return
    Effect.objects.filter(project_id=instance.pk).update(**project_district_figures(instance))


def _check_verifier(effect: Effect, user) -> None:
    if not decides_as_office(user, filed_by=effect.project.organisation):
        raise ValidationError("Фактические эффекты подтверждает управление экономического развития.")
    refusal = maker_refusal(user, [effect.actual_by_id], OFFICE)
    if refusal:
        raise ValidationError(refusal)
    if effect.status != Effect.Status.SUBMITTED:
        raise ValidationError("Проверяют фактическое значение, которое организация направила на проверку.")


@transaction.atomic
def effect_confirm(*, effect: Effect, user, comment: str = "") -> Effect:
    effect = _locked_effect(effect)
    _check_verifier(effect, user)
    effect.status = Effect.Status.CONFIRMED
    effect.verified_by, effect.verified_at = user, timezone.now()
    effect.verification_comment = comment.strip()
    effect.save()
    return effect


@transaction.atomic
def effect_return(*, effect: Effect, user, comment: str) -> Effect:
    effect = _locked_effect(effect)
    _check_verifier(effect, user)
    if not comment.strip():
        raise ValidationError({"comment": "Укажите, что не так с расчётом: без комментария эффект не возвращают."})
    effect.status = Effect.Status.RETURNED
    effect.verified_by, effect.verified_at = user, timezone.now()
    effect.verification_comment = comment.strip()
    effect.save()
    return effect


@transaction.atomic
def conversion_rate_create(
    *, user, valid_from: datetime.date, staff_hour_cost: Decimal, hours_per_position: Decimal, note: str = ""
) -> ConversionRate:
    if not (user.is_authenticated and (user.is_economy or user.is_portal_admin)):
        raise ValidationError("Ставки пересчёта ведёт управление экономического развития.")
    if ConversionRate.objects.filter(valid_from=valid_from).exists():
        raise ValidationError({"valid_from": "Ставки с этой даты уже внесены: выберите другую дату."})
    rate = ConversionRate(
        valid_from=valid_from,
        staff_hour_cost=staff_hour_cost,
        hours_per_position=hours_per_position,
        note=note.strip(),
        created_by=user,
    )
    rate.full_clean()
    rate.save()
    return rate


# --- The approved baseline and change requests -------------------------------------------------


def baseline_snapshot(project: Project) -> list[dict]:
    """The planned effects at approval: stored in the passport's baseline."""
    return [
        {"id": e.pk, "title": e.title, "unit": e.shown_unit, "planned_value": str(e.planned_value)}
        for e in project.effect_records.all()
    ]


def check_proposal(project: Project, proposed: dict) -> None:
    """A change request's new planned values: {effect id: "value"}."""
    effects = {str(e.pk): e for e in project.effect_records.all()}
    for effect_id, value in proposed.items():
        effect = effects.get(str(effect_id))
        if effect is None:
            raise ValidationError("Эффект не относится к этому проекту.")
        if effect.is_locked:
            raise ValidationError(LOCKED)
        try:
            planned = Decimal(value)
        except (ArithmeticError, TypeError, ValueError):
            raise ValidationError({f"effect_{effect_id}": "Введите число."}) from None
        if planned < 0:
            raise ValidationError({f"effect_{effect_id}": "Плановое значение не может быть отрицательным."})


def apply_proposal(project: Project, proposed: dict) -> None:
    """Applied when the head approves an agreed change request (inside its transaction)."""
    for effect in Effect.objects.select_for_update(of=("self",)).filter(
        project=project, pk__in=[int(k) for k in proposed]
    ):
        effect.planned_value = Decimal(proposed[str(effect.pk)])
        effect.save(update_fields=["planned_value"])


def describe_proposal(project: Project, proposed: dict) -> list[str]:
    effects = {str(e.pk): e for e in project.effect_records.all()}
    lines = []
    for effect_id, value in proposed.items():
        effect = effects.get(str(effect_id))
        if effect is None:
            lines.append("Эффект (удалён): плановое значение → " + number(Decimal(value)))
        else:
            lines.append(
                f"Эффект «{effect.title}»: плановое значение {number(effect.planned_value)} → "
                f"{number(Decimal(value))} {effect.shown_unit}"
            )
    return lines
