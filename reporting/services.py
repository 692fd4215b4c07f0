"""Writes to quarterly reports and self-assessments: each rule checked here, each step logged."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.services import notify_decision
from orgs.access import can_write_organisation, maker_refusal
from reporting.figures import build_figures
from reporting.models import GoalActual, QuarterlyReport, ReportProject, ReportTransition, SelfAssessment
from reporting.periods import Quarter
from reporting.selfassessment import selfassessment_figures

State = QuarterlyReport.State


def _require_writer(user, organisation) -> None:
    if not can_write_organisation(user, organisation):
        raise PermissionDenied("Заполнять и направлять отчёт может только сама организация.")


def _require_office(user) -> None:
    if not (user.is_economy or user.is_portal_admin):
        raise PermissionDenied("Рассматривает отчёты управление экономического развития.")


REPORT_CHECKER = "другой сотрудник управления экономического развития"


def report_makers(report: QuarterlyReport) -> list[int | None]:
    """Who filed the report: whoever started it and whoever sent it (user ids)."""
    return [report.created_by_id, report.submitted_by_id]


def may_review(user, report: QuarterlyReport) -> bool:
    """The office reviews a submitted report, except one its reviewer filed (maker-checker)."""
    return (
        (user.is_economy or user.is_portal_admin)
        and report.state == State.SUBMITTED
        and maker_refusal(user, report_makers(report), REPORT_CHECKER) is None
    )


def _require_checker(user, report: QuarterlyReport) -> None:
    refusal = maker_refusal(user, report_makers(report), REPORT_CHECKER)
    if refusal:
        raise ValidationError(refusal)


def _log(report: QuarterlyReport, *, from_state: str, user, comment: str = "") -> None:
    ReportTransition.objects.create(
        report=report, from_state=from_state, to_state=report.state, user=user, comment=comment
    )
    notify_decision(report, actor=user, comment=comment)


STALE_MESSAGE = (
    "Отчёт успели изменить в другом окне или другой пользователь (версия {current}). "
    "Ваш ввод сохранён в форме ниже, а над ней показано, что записано в отчёте сейчас: "
    "сверьте и сохраните ещё раз, чтобы не затереть чужие изменения."
)


class StaleReport(ValidationError):
    """The form was opened on an older version of the report than the stored one."""

    def __init__(self, current: int):
        super().__init__(STALE_MESSAGE.format(current=current), code="stale")
        self.current = current


def _bump(report: QuarterlyReport) -> None:
    report.version += 1


def _locked(report: QuarterlyReport) -> QuarterlyReport:
    return (
        QuarterlyReport.objects.select_for_update(of=("self",)).select_related("organisation__sphere").get(pk=report.pk)
    )


@transaction.atomic
def report_start(*, organisation, period: Quarter, user) -> QuarterlyReport:
    """The organisation's report for ``period``, created as a draft the first time."""
    _require_writer(user, organisation)
    if organisation.is_economy_office:
        raise ValidationError("Управление экономического развития не представляет квартальные отчёты.")
    report, created = QuarterlyReport.objects.get_or_create(
        organisation=organisation,
        year=period.year,
        quarter=period.quarter,
        defaults={"created_by": user},
    )
    if created:
        _log(report, from_state="", user=user)
    return report


@transaction.atomic
def report_save(
    *,
    report: QuarterlyReport,
    user,
    general_comment: str,
    entries: dict[int, dict[str, str]],
    actuals: dict[int, Decimal | None],
    version: int | None = None,
) -> QuarterlyReport:
    """Store what the organisation typed: notes per project, goal actuals, the general comment.

    ``entries`` maps project id to {progress, problems, help_needed}; ``actuals`` maps
    goal id to the value reached this quarter (None clears it). Only projects and
    goals the report covers are accepted. ``version`` is the one the form was opened
    on: if someone saved in between, ``StaleReport`` is raised and nothing is written.
    """
    report = _locked(report)
    _require_writer(user, report.organisation)
    if not report.is_editable:
        raise ValidationError(f"Отчёт в состоянии «{report.get_state_display()}»: изменять его нельзя.")
    if version is not None and version != report.version:
        raise StaleReport(report.version)
    figures = build_figures(report)
    project_ids = {p["id"] for p in figures["projects"]}
    goal_ids = {g["id"] for p in figures["projects"] for g in p["goals"]}
    if set(entries) - project_ids or set(actuals) - goal_ids:
        raise ValidationError("Отчёт не охватывает указанный проект или цель. Обновите страницу.")

    report.general_comment = general_comment.strip()
    report.full_clean(exclude=["snapshot"])
    _bump(report)
    report.save(update_fields=["general_comment", "version", "updated_at"])
    existing = {e.project_id: e for e in ReportProject.objects.filter(report=report)}
    for project_id, values in entries.items():
        entry = existing.get(project_id) or ReportProject(report=report, project_id=project_id)
        entry.progress = values.get("progress", "").strip()
        entry.problems = values.get("problems", "").strip()
        entry.help_needed = values.get("help_needed", "").strip()
        entry.save()
    stored = {a.goal_id: a for a in GoalActual.objects.filter(report=report)}
    for goal_id, value in actuals.items():
        actual = stored.get(goal_id)
        if value is None:
            if actual is not None:
                actual.delete()
            continue
        actual = actual or GoalActual(report=report, goal_id=goal_id)
        actual.value = value
        actual.full_clean(exclude=["report", "goal"])
        actual.save()
    return report


@transaction.atomic
def report_submit(*, report: QuarterlyReport, user, comment: str = "") -> QuarterlyReport:
    """Draft or returned → submitted: checks completeness, freezes the figures into a snapshot."""
    report = _locked(report)
    _require_writer(user, report.organisation)
    if report.state not in (State.DRAFT, State.RETURNED):
        raise ValidationError(f"Отчёт в состоянии «{report.get_state_display()}» направить нельзя.")
    figures = build_figures(report)
    errors: dict[str, str] = {}
    for project in figures["projects"]:
        if not project["progress"]:
            errors[f"p{project['id']}-progress"] = "Опишите ход реализации проекта за квартал."
        for goal in project["goals"]:
            if goal["actual"] is None:
                errors[f"g{goal['id']}"] = "Укажите фактическое значение, достигнутое в квартале."
    if not figures["projects"] and not report.general_comment:
        errors["general_comment"] = "Проектов в квартале нет: поясните это в общем комментарии."
    if errors:
        raise ValidationError(errors)
    previous = report.state
    report.state = State.SUBMITTED
    report.snapshot = figures
    report.submitted_at = timezone.now()
    report.submitted_by = user
    _bump(report)
    report.save(update_fields=["state", "snapshot", "submitted_at", "submitted_by", "version", "updated_at"])
    _log(report, from_state=previous, user=user, comment=comment)
    return report


@transaction.atomic
def report_return(*, report: QuarterlyReport, user, comment: str) -> QuarterlyReport:
    """Submitted → returned with the office's comments; the organisation edits and resubmits."""
    report = _locked(report)
    _require_office(user)
    _require_checker(user, report)
    if report.state != State.SUBMITTED:
        raise ValidationError(f"Вернуть можно только направленный отчёт, а этот — «{report.get_state_display()}».")
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "Укажите, что нужно исправить в отчёте."})
    report.state = State.RETURNED
    report.review_comment = comment
    report.decided_at = timezone.now()
    report.decided_by = user
    _bump(report)
    report.save(update_fields=["state", "review_comment", "decided_at", "decided_by", "version", "updated_at"])
    _log(report, from_state=State.SUBMITTED, user=user, comment=comment)
    return report


@transaction.atomic
def report_accept(*, report: QuarterlyReport, user, comment: str = "") -> QuarterlyReport:
    """Submitted → accepted by the economic development office."""
    report = _locked(report)
    _require_office(user)
    _require_checker(user, report)
    if report.state != State.SUBMITTED:
        raise ValidationError(f"Принять можно только направленный отчёт, а этот — «{report.get_state_display()}».")
    report.state = State.ACCEPTED
    report.decided_at = timezone.now()
    report.decided_by = user
    _bump(report)
    report.save(update_fields=["state", "decided_at", "decided_by", "version", "updated_at"])
    _log(report, from_state=State.SUBMITTED, user=user, comment=comment.strip())
    return report


# --- Self-assessment (6.3) --------------------------------------------------------------

SA = SelfAssessment.State


def _locked_assessment(assessment: SelfAssessment) -> SelfAssessment:
    return SelfAssessment.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=assessment.pk)


@transaction.atomic
def selfassessment_start(*, organisation, year: int, user) -> SelfAssessment:
    _require_writer(user, organisation)
    if organisation.is_economy_office:
        raise ValidationError("Управление экономического развития не проводит самооценку по этой форме.")
    assessment, _ = SelfAssessment.objects.get_or_create(organisation=organisation, year=year)
    return assessment


@transaction.atomic
def selfassessment_save(
    *, assessment: SelfAssessment, user, achievements: str, problem_areas: str, plans: str
) -> SelfAssessment:
    assessment = _locked_assessment(assessment)
    _require_writer(user, assessment.organisation)
    if not assessment.is_editable:
        raise ValidationError("Самооценка уже проведена: её текст изменить нельзя.")
    assessment.achievements = achievements.strip()
    assessment.problem_areas = problem_areas.strip()
    assessment.plans = plans.strip()
    assessment.full_clean(exclude=["figures", "scan"])
    assessment.save()
    return assessment


@transaction.atomic
def selfassessment_complete(*, assessment: SelfAssessment, user) -> SelfAssessment:
    """Draft → completed: the texts are required; the portal's figures are frozen."""
    assessment = _locked_assessment(assessment)
    _require_writer(user, assessment.organisation)
    if assessment.state != SA.DRAFT:
        raise ValidationError("Самооценка уже проведена.")
    errors = {}
    if not assessment.achievements:
        errors["achievements"] = "Опишите достижения организации за год."
    if not assessment.problem_areas:
        errors["problem_areas"] = "Самооценка проводится для определения проблемных зон (п. 6.3): опишите их."
    if errors:
        raise ValidationError(errors)
    assessment.figures = selfassessment_figures(assessment.organisation_id, assessment.year)
    assessment.state = SA.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.completed_by = user
    assessment.save()
    return assessment


@transaction.atomic
def selfassessment_send(*, assessment: SelfAssessment, user, scan) -> SelfAssessment:
    """Completed → sent: the scan signed by the head goes to the office (by 1 December)."""
    assessment = _locked_assessment(assessment)
    _require_writer(user, assessment.organisation)
    if assessment.state != SA.COMPLETED:
        raise ValidationError(
            "Направить можно только проведённую самооценку." if assessment.state == SA.DRAFT else "Уже направлена."
        )
    if not scan:
        raise ValidationError({"scan": "Приложите скан самооценки за подписью руководителя."})
    assessment.scan.save(scan.name, scan, save=False)
    assessment.state = SA.SENT
    assessment.sent_at = timezone.now()
    assessment.sent_by = user
    assessment.save()
    return assessment
