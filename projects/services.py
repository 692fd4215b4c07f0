"""Writes to projects: drafts and replications (other apps start them too), the passport
form's save, and every step of the passport's life cycle, each recorded in ``Transition``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from lean_portal.uploads import FORMATS_TEXT, check_document
from notifications.services import notify_decision
from orgs.access import can_write_organisation, decides_as_head, decides_as_office, heads_organisation, maker_refusal
from orgs.models import Employee, Organisation
from projects.changes import BASELINE_PARTS
from projects.models import ChangeRequest, Goal, JustificationItem, Project, TeamMember, Transition
from projects.rules import completeness_errors, goal_errors
from projects.stages import all_stage_fields, stage_date_errors, stage_values


def passport_defaults(organisation: Organisation) -> dict:
    """What a new passport of ``organisation`` starts with: the organisation is its own
    customer (its head approves) and its sphere is the project's."""
    return {"customer_organisation": organisation, "sphere": organisation.sphere}


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
    # With history: the bulk path skips the signals HistoricalRecords relies on.
    bulk_create_with_history(
        [
            JustificationItem(project=project, position=item.position, text=item.text)
            for item in source.justification.all()
        ],
        JustificationItem,
        default_user=user,
    )
    bulk_create_with_history(
        [
            Goal(
                project=project,
                position=goal.position,
                name=goal.name,
                unit=goal.unit,
                current_value=goal.current_value,
                target_value=goal.target_value,
            )
            for goal in source.goals.all()
        ],
        Goal,
        default_user=user,
    )
    return project


# --- The passport's content -----------------------------------------------------------

STALE_MESSAGE = (
    "Паспорт успели изменить в другом окне или другой пользователь (версия {current}). "
    "Ваш ввод сохранён в форме ниже, а над ней показано, что записано в паспорте сейчас: "
    "сверьте и сохраните ещё раз, чтобы не затереть чужие изменения."
)


class StalePassport(ValidationError):
    """The form was opened on an older version of the passport than the stored one."""

    def __init__(self, current: int):
        super().__init__(STALE_MESSAGE.format(current=current), code="stale")
        self.current = current


@transaction.atomic
def passport_save(*, form, formsets: list, user, version: int | None = None) -> Project:
    """Save the passport form and its row formsets (already validated) as one change.

    Refuses a passport outside the draft/returned states and a stale version (someone
    saved in between), so an approved passport is never silently changed.
    """
    project: Project = form.instance
    if project.pk:
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not locked.is_editable:
            raise ValidationError(
                f"Паспорт в состоянии «{locked.get_state_display()}» изменять нельзя: "
                "редактируются только черновики и возвращённые на доработку паспорта."
            )
        if not can_write_organisation(user, locked.organisation):
            raise ValidationError("Изменять паспорт может только сотрудник организации-заказчика.")
        if version is not None and version != locked.version:
            raise StalePassport(locked.version)
        project.version = locked.version + 1
    else:
        if not can_write_organisation(user, project.organisation):
            raise ValidationError("Создавать паспорта можно только в своей организации.")
        project.created_by = user
        project.state = Project.State.DRAFT
    try:
        with transaction.atomic():
            project = form.save()
            for formset in formsets:
                formset.instance = project
                formset.save()
    except IntegrityError:
        # Rows swapped between existing lines can collide on a unique pair (one employee twice).
        raise ValidationError(
            "Один и тот же сотрудник оказался в команде дважды: проверьте строки команды и сохраните ещё раз."
        ) from None
    return project


# --- The life cycle -------------------------------------------------------------------

State = Project.State

ORG_STAFF = "org"  # the organisation's own staff (write access to it)
ECONOMY = "economy"  # the economic development office
HEAD = "head"  # the head (director) of the customer organisation (``Project.approving_organisation``)

# (from, to) → who may make the step.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, State.SUBMITTED): ORG_STAFF,
    (State.RETURNED, State.SUBMITTED): ORG_STAFF,
    (State.SUBMITTED, State.RETURNED): ECONOMY,
    (State.SUBMITTED, State.ACCEPTED): ECONOMY,
    (State.ACCEPTED, State.RETURNED): HEAD,
    (State.ACCEPTED, State.APPROVED): HEAD,
    (State.APPROVED, State.IN_PROGRESS): ORG_STAFF,
    (State.IN_PROGRESS, State.CLOSED): ORG_STAFF,
    (State.CLOSED, State.MONITORING): ORG_STAFF,
}

ROLE_REFUSALS = {
    ORG_STAFF: "Это действие выполняет сотрудник организации, реализующей проект.",
    ECONOMY: "Это действие выполняет управление экономического развития.",
    HEAD: "Это действие выполняет руководитель заказчика проекта.",
}

# Who takes a decision instead of its maker (maker-checker).
CHECKERS = {
    ECONOMY: "другой сотрудник управления экономического развития (или заместитель, назначенный администратором)",
    HEAD: "руководитель заказчика, а если паспорт подал он сам — заместитель, назначенный администратором",
}

# What a button says for each step (the project page shows the ones the user may take).
ACTION_LABELS = {
    (State.DRAFT, State.SUBMITTED): "Направить на рассмотрение",
    (State.RETURNED, State.SUBMITTED): "Направить на рассмотрение повторно",
    (State.SUBMITTED, State.RETURNED): "Вернуть на доработку",
    (State.SUBMITTED, State.ACCEPTED): "Принять паспорт",
    (State.ACCEPTED, State.RETURNED): "Вернуть на доработку",
    (State.ACCEPTED, State.APPROVED): "Утвердить паспорт",
    (State.APPROVED, State.IN_PROGRESS): "Начать реализацию",
    (State.IN_PROGRESS, State.CLOSED): "Закрыть проект",
    (State.CLOSED, State.MONITORING): "Перейти к мониторингу стабильности",
}

# Steps that need a comment (a return must say what to fix).
COMMENT_REQUIRED = {(State.SUBMITTED, State.RETURNED), (State.ACCEPTED, State.RETURNED)}

# Decisions on the passport: never taken by whoever filed it (maker-checker).
DECISIONS = {key for key, who in TRANSITIONS.items() if who in (ECONOMY, HEAD)}


def has_role_for(user, project: Project, who: str) -> bool:
    if not user.is_authenticated:
        return False
    if who == ORG_STAFF:
        return can_write_organisation(user, project.organisation)
    if who == ECONOMY:
        return decides_as_office(user, filed_by=project.organisation)
    if who == HEAD:
        return decides_as_head(user, project.approving_organisation)
    return False


def passport_makers(project: Project) -> set[int]:
    """Who filed the passport: its author and everyone who sent it to review (user ids).

    Reads ``project.transitions.all()``, so a page that prefetched the journal asks nothing more."""
    makers = {t.user_id for t in project.transitions.all() if t.to_state == State.SUBMITTED}
    return {m for m in (project.created_by_id, *makers) if m is not None}


def allowed_transitions(user, project: Project) -> list[tuple[str, str]]:
    """The (target state, button label) pairs ``user`` may take from the project's state now."""
    makers = None
    result = []
    for (from_state, to_state), who in TRANSITIONS.items():
        if from_state != project.state or not has_role_for(user, project, who):
            continue
        if (from_state, to_state) in DECISIONS:
            makers = passport_makers(project) if makers is None else makers
            if user.pk in makers:
                continue
        result.append((to_state, ACTION_LABELS[(from_state, to_state)]))
    return result


def _check_transition(*, project: Project, user, to_state: str) -> None:
    key = (project.state, to_state)
    who = TRANSITIONS.get(key)
    if who is None:
        raise ValidationError(
            f"Нельзя перевести проект из состояния «{project.get_state_display()}» "
            f"в состояние «{State(to_state).label}»."
        )
    if not has_role_for(user, project, who):
        raise ValidationError(ROLE_REFUSALS[who])
    if key in DECISIONS:
        refusal = maker_refusal(user, passport_makers(project), CHECKERS[who])
        if refusal:
            raise ValidationError(refusal)


def _record(*, project: Project, user, to_state: str, comment: str = "", update_fields: list[str] = ()) -> Transition:
    transition = Transition.objects.create(
        project=project, from_state=project.state, to_state=to_state, user=user, comment=comment.strip()
    )
    project.state = to_state
    project.save(update_fields=["state", "updated_at", *update_fields])
    return transition


def _locked(project: Project) -> Project:
    return (
        Project.objects.select_related("organisation", "customer_organisation")
        .select_for_update(of=("self",))
        .get(pk=project.pk)
    )


@transaction.atomic
def project_transition(*, project: Project, user, to_state: str, comment: str = "", **extra) -> Project:
    """Move ``project`` to ``to_state`` if the life cycle and ``user``'s role allow it."""
    project = _locked(project)
    _check_transition(project=project, user=user, to_state=to_state)
    key = (project.state, to_state)
    if key in COMMENT_REQUIRED and not comment.strip():
        raise ValidationError({"comment": "Укажите, что нужно доработать: без комментария паспорт не возвращают."})
    handler = _HANDLERS.get(to_state)
    update_fields = handler(project=project, user=user, **extra) if handler else []
    _record(project=project, user=user, to_state=to_state, comment=comment, update_fields=update_fields)
    notify_decision(project, actor=user, comment=comment)
    return project


def _on_submit(*, project: Project, user) -> list[str]:
    errors = completeness_errors(project)
    if errors:
        raise ValidationError(errors)
    project.submitted_at = timezone.now()
    return ["submitted_at"]


def validate_scan(scan) -> None:
    """A signed passport scan: PDF, PNG or JPEG by content, at most 10 MB, and a file whose
    name does not claim another format than its content."""
    claimed = scan.name.rsplit(".", 1)[-1].lower() if "." in scan.name else ""
    try:
        extension = check_document(scan, max_mb=10, stem="scan")
    except ValidationError as exc:
        raise ValidationError({"approval_scan": exc.messages}) from None
    if claimed not in {extension, "jpeg" if extension == "jpg" else extension}:
        message = f"Загрузите скан в формате {FORMATS_TEXT}: расширение файла не совпадает с его содержимым."
        raise ValidationError({"approval_scan": message})


def _on_approve(*, project: Project, user, scan=None) -> list[str]:
    fields = ["approved_at", "approved_by", "approval_date", "baseline"]
    project.baseline = passport_snapshot(project)
    project.approved_at = timezone.now()
    project.approved_by = user
    project.approval_date = timezone.localdate()
    employee = user.employee if user.employee_id else None
    if project.customer_organisation_id and employee is not None:
        # «УТВЕРЖДАЮ» prints the person who approved, as the portal recorded them.
        project.approver_name, project.approver_position = employee.full_name, employee.position
        fields += ["approver_name", "approver_position"]
    elif not project.approver_name and employee is not None:
        project.approver_name = employee.full_name
        project.approver_position = project.approver_position or employee.position
        fields += ["approver_name", "approver_position"]
    if scan:
        validate_scan(scan)
        _store_scan(project, scan)
        fields.append("approval_scan")
    return fields


def _on_close(*, project: Project, user, closed_on: datetime.date | None = None) -> list[str]:
    today = timezone.localdate()
    closed_on = closed_on or today
    if closed_on > today:
        raise ValidationError({"closed_on": "Дата закрытия не может быть в будущем."})
    if project.approval_date and closed_on < project.approval_date:
        raise ValidationError({"closed_on": "Дата закрытия не может быть раньше утверждения паспорта."})
    project.closed_on = closed_on
    return ["closed_on"]


_HANDLERS = {
    State.SUBMITTED: _on_submit,
    State.APPROVED: _on_approve,
    State.CLOSED: _on_close,
}


def passport_submit(*, project: Project, user, comment: str = "") -> Project:
    return project_transition(project=project, user=user, to_state=State.SUBMITTED, comment=comment)


def passport_return(*, project: Project, user, comment: str) -> Project:
    return project_transition(project=project, user=user, to_state=State.RETURNED, comment=comment)


def passport_accept(*, project: Project, user, comment: str = "") -> Project:
    return project_transition(project=project, user=user, to_state=State.ACCEPTED, comment=comment)


def passport_approve(*, project: Project, user, comment: str = "", scan=None) -> Project:
    return project_transition(project=project, user=user, to_state=State.APPROVED, comment=comment, scan=scan)


def project_start(*, project: Project, user, comment: str = "") -> Project:
    return project_transition(project=project, user=user, to_state=State.IN_PROGRESS, comment=comment)


def project_close(*, project: Project, user, closed_on: datetime.date | None = None, comment: str = "") -> Project:
    return project_transition(project=project, user=user, to_state=State.CLOSED, comment=comment, closed_on=closed_on)


def project_start_monitoring(*, project: Project, user, comment: str = "") -> Project:
    return project_transition(project=project, user=user, to_state=State.MONITORING, comment=comment)


@transaction.atomic
def project_record_stage(*, project: Project, user, stage: int) -> Project:
    """The team reports the stage it has reached (in progress only)."""
    project = _locked(project)
    if project.state != State.IN_PROGRESS:
        raise ValidationError("Текущий этап отмечают только у реализуемого проекта.")
    if not has_role_for(user, project, ORG_STAFF):
        raise ValidationError(ROLE_REFUSALS[ORG_STAFF])
    if stage not in range(2, 10):
        raise ValidationError({"current_stage": "Во время реализации отмечают этапы со 2-го по 9-й."})
    project.current_stage = stage
    project.save(update_fields=["current_stage", "updated_at"])
    return project


@transaction.atomic
def project_record_stability(
    *, project: Project, user, checked_on: datetime.date, values: dict[int, Decimal]
) -> Project:
    """At the stability date the organisation measures each goal again (stage 10)."""
    project = _locked(project)
    if project.state != State.MONITORING:
        raise ValidationError("Стабильность результатов проверяют у проекта на мониторинге стабильности.")
    if not has_role_for(user, project, ORG_STAFF):
        raise ValidationError(ROLE_REFUSALS[ORG_STAFF])
    if checked_on > timezone.localdate():
        raise ValidationError({"stability_checked_on": "Дата проверки не может быть в будущем."})
    if project.closed_on and checked_on < project.closed_on:
        raise ValidationError({"stability_checked_on": "Проверка стабильности проводится после закрытия проекта."})
    goals = list(project.goals.all())
    missing = [g for g in goals if values.get(g.pk) is None]
    if missing:
        raise ValidationError(f"Укажите значение показателя «{missing[0].name}» на дату проверки.")
    for goal in goals:
        goal.stability_value = values[goal.pk]
        goal.save(update_fields=["stability_value"])
    project.stability_checked_on = checked_on
    project.save(update_fields=["stability_checked_on", "updated_at"])
    return project


@transaction.atomic
def passport_attach_scan(*, project: Project, user, scan) -> Project:
    """Upload (or replace) the signed passport's scan after approval."""
    project = _locked(project)
    if project.state not in Project.APPROVED_STATES:
        raise ValidationError("Скан подписанного паспорта прикладывают после утверждения.")
    if not (has_role_for(user, project, HEAD) or has_role_for(user, project, ORG_STAFF)):
        raise ValidationError(ROLE_REFUSALS[ORG_STAFF])
    validate_scan(scan)
    _store_scan(project, scan)
    project.save(update_fields=["approval_scan", "updated_at"])
    return project


def _store_scan(project: Project, scan) -> None:
    """Attach ``scan`` (the caller saves the row); a replaced scan's file is deleted once the
    change is committed, like a replaced training certificate: no orphan copy of signed papers."""
    previous = project.approval_scan.name if project.approval_scan else ""
    project.approval_scan.save(scan.name, scan, save=False)
    if previous and previous != project.approval_scan.name:
        storage = Project._meta.get_field("approval_scan").storage
        transaction.on_commit(lambda: storage.delete(previous))


# --- Changes after approval ----------------------------------------------------------------

CHANGEABLE_STATES = (State.APPROVED, State.IN_PROGRESS)


def passport_snapshot(project: Project) -> dict:
    """The approved passport's stages, goals and team: the baseline later changes compare with."""
    return {
        "stages": {f: _iso(getattr(project, f)) for f in all_stage_fields()},
        "goals": [
            {
                "id": g.pk,
                "name": g.name,
                "unit": g.unit,
                "current_value": str(g.current_value),
                "target_value": str(g.target_value),
            }
            for g in project.goals.all()
        ],
        "team": [
            {"id": m.pk, "employee": m.employee_id, "name": m.employee.full_name, "role": m.role}
            for m in project.team.select_related("employee")
        ],
        **{key: part.snapshot(project) for key, part in BASELINE_PARTS.items()},
    }


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _check_proposal(project: Project, proposed: dict) -> None:
    stages = proposed.get("stages", {})
    goals = proposed.get("goals", {})
    parts = {key: part for key, part in BASELINE_PARTS.items() if proposed.get(key)}
    if not (stages or goals or proposed.get("team_add") or proposed.get("team_remove") or parts):
        raise ValidationError("Предложение ничего не меняет: измените сроки, цели или команду.")
    for key, part in parts.items():
        part.check(project, proposed[key])
    merged = stage_values(project)
    for f, value in stages.items():
        if f not in merged:
            raise ValidationError(f"Неизвестное поле сроков: {f}.")
        merged[f] = datetime.date.fromisoformat(value) if value else None
    errors = dict(stage_date_errors(merged, timezone.localdate()))
    project_goals = {g.pk: g for g in project.goals.all()}
    for goal_id, values in goals.items():
        goal = project_goals.get(int(goal_id))
        if goal is None:
            raise ValidationError("Цель не относится к этому проекту.")
        current = Decimal(values.get("current_value", goal.current_value))
        target = Decimal(values.get("target_value", goal.target_value))
        for message in goal_errors(current, target).values():
            errors[f"goal_{goal.pk}_target"] = message
    added = {row["employee"] for row in proposed.get("team_add", [])}
    allowed = Employee.objects.filter(
        Q(organisation=project.organisation) | Q(organisation__in=project.participants.all()), pk__in=added
    )
    if len(added) != allowed.count():
        raise ValidationError({"team_add_employee": "В команду включают сотрудников организаций проекта."})
    team_ids = set(project.team.values_list("pk", flat=True))
    if not set(proposed.get("team_remove", [])) <= team_ids:
        raise ValidationError("Участник команды не относится к этому проекту.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def change_request_create(*, project: Project, user, summary: str, reason: str, proposed: dict) -> ChangeRequest:
    project = _locked(project)
    if project.state not in CHANGEABLE_STATES:
        raise ValidationError("Изменения через запрос вносятся в утверждённый или реализуемый проект.")
    if not has_role_for(user, project, ORG_STAFF):
        raise ValidationError(ROLE_REFUSALS[ORG_STAFF])
    if project.change_requests.filter(state__in=ChangeRequest.OPEN_STATES).exists():
        raise ValidationError("По проекту уже есть запрос на изменение, который ещё не рассмотрен.")
    _check_proposal(project, proposed)
    request = ChangeRequest(project=project, created_by=user, summary=summary, reason=reason, proposed=proposed)
    request.full_clean()
    request.save()
    return request


CR = ChangeRequest.State


def _decide(change_request: ChangeRequest, user, state: str, comment: str) -> ChangeRequest:
    change_request.state = state
    change_request.decided_by = user
    change_request.decided_at = timezone.now()
    change_request.comment = comment.strip()
    change_request.save()
    notify_decision(change_request, actor=user, comment=comment)
    return change_request


def _locked_request(change_request: ChangeRequest) -> ChangeRequest:
    return (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("project__organisation", "project__customer_organisation")
        .get(pk=change_request.pk)
    )


def _check_decider(change_request: ChangeRequest, user, who: str) -> None:
    if not has_role_for(user, change_request.project, who):
        raise ValidationError(ROLE_REFUSALS[who])
    refusal = maker_refusal(user, [change_request.created_by_id], CHECKERS[who])
    if refusal:
        raise ValidationError(refusal)


def may_decide_change(user, change_request: ChangeRequest, who: str) -> bool:
    """For the project page: ``user`` has the role of the step and did not file the request."""
    return has_role_for(user, change_request.project, who) and change_request.created_by_id != user.pk


@transaction.atomic
def change_request_agree(*, change_request: ChangeRequest, user, comment: str = "") -> ChangeRequest:
    change_request = _locked_request(change_request)
    if change_request.state != CR.SUBMITTED:
        raise ValidationError("Согласовать можно только запрос, который ждёт согласования.")
    _check_decider(change_request, user, ECONOMY)
    return _decide(change_request, user, CR.AGREED, comment)


@transaction.atomic
def change_request_reject(*, change_request: ChangeRequest, user, comment: str) -> ChangeRequest:
    change_request = _locked_request(change_request)
    who = {CR.SUBMITTED: ECONOMY, CR.AGREED: HEAD}.get(change_request.state)
    if who is None:
        raise ValidationError("Этот запрос уже рассмотрен.")
    _check_decider(change_request, user, who)
    if not comment.strip():
        raise ValidationError({"comment": "Укажите причину отклонения."})
    return _decide(change_request, user, CR.REJECTED, comment)


@transaction.atomic
def change_request_approve(*, change_request: ChangeRequest, user, comment: str = "") -> ChangeRequest:
    """The head approves an agreed change: it is applied to the passport (and kept in its history)."""
    change_request = _locked_request(change_request)
    if change_request.state != CR.AGREED:
        raise ValidationError("Утвердить можно только запрос, согласованный управлением экономического развития.")
    project = _locked(change_request.project)
    change_request.project = project
    _check_decider(change_request, user, HEAD)
    if project.state not in CHANGEABLE_STATES:
        raise ValidationError("Проект уже не в том состоянии, в котором его можно изменить.")
    proposed = change_request.proposed
    _check_proposal(project, proposed)
    for f, value in proposed.get("stages", {}).items():
        setattr(project, f, datetime.date.fromisoformat(value) if value else None)
    for goal in project.goals.filter(pk__in=[int(k) for k in proposed.get("goals", {})]):
        for name, value in proposed["goals"][str(goal.pk)].items():
            setattr(goal, name, Decimal(value))
        goal.save()
    for member in project.team.filter(pk__in=proposed.get("team_remove", [])):
        member.delete()
    position = project.team.count()
    for row in proposed.get("team_add", []):
        position += 1
        TeamMember.objects.update_or_create(
            project=project, employee_id=row["employee"], defaults={"role": row["role"], "position": position}
        )
    for key, part in BASELINE_PARTS.items():
        if proposed.get(key):
            part.apply(project, proposed[key])
    project.version += 1
    project.save()
    return _decide(change_request, user, CR.APPROVED, comment)


@transaction.atomic
def project_delete_draft(*, project: Project, user) -> None:
    """Delete a draft that never went to review (anything reviewed stays, with its history)."""
    project = _locked(project)
    if project.state != State.DRAFT or project.transitions.exists():
        raise ValidationError("Удалить можно только черновик, который ещё не направлялся на рассмотрение.")
    if not has_role_for(user, project, ORG_STAFF):
        raise ValidationError(ROLE_REFUSALS[ORG_STAFF])
    try:
        with transaction.atomic():
            project.delete()
    except ProtectedError:
        raise ValidationError("На черновик уже ссылаются другие разделы портала: удалить его нельзя.") from None


# --- Staff of one organisation on another's project (152-ФЗ, issue 16) ------------------------


def _require_head_of(user, organisation) -> None:
    if not heads_organisation(user, organisation):
        raise PermissionDenied("Отозвать сотрудника из команды может руководитель его организации.")


@transaction.atomic
def team_member_withdraw(*, member: TeamMember, user) -> None:
    """The head of the employee's organisation takes the employee off another organisation's team."""
    member = TeamMember.objects.select_related("employee__organisation", "project").get(pk=member.pk)
    _require_head_of(user, member.employee.organisation)
    if member.project.organisation_id == member.employee.organisation_id:
        raise ValidationError("Сотрудник в команде проекта своей организации: состав команды меняет сама организация.")
    project = Project.objects.select_for_update(of=("self",)).get(pk=member.project_id)
    member.delete()
    project.version += 1
    project.save(update_fields=["version", "updated_at"])


@transaction.atomic
def lead_withdraw(*, project: Project, user) -> None:
    """The head of the lead's organisation takes the lead off another organisation's project."""
    project = Project.objects.select_for_update(of=("self",)).select_related("lead__organisation").get(pk=project.pk)
    if project.lead is None:
        raise ValidationError("У проекта нет руководителя.")
    _require_head_of(user, project.lead.organisation)
    if project.organisation_id == project.lead.organisation_id:
        raise ValidationError("Руководитель проекта — сотрудник его организации: его меняет сама организация.")
    project.lead = None
    project.version += 1
    project.save(update_fields=["lead", "version", "updated_at"])
