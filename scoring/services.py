"""Writes of the significance assessment: save (draft / submit), agree.

Rules of the procedure (Приложение №2):
  * 4.2 — only specialists trained in lean basics assess (``Employee.lean_basics_completed_on``);
  * 4.6 — the organisation implementing a project may assess it itself and have the
    assessment agreed by the economic development office; the office agrees it or makes
    its own assessment. Both are kept; the agreed one (or the office's own) is official;
  * projects of other organisations are assessed by the economic development office only.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.services import notify_decision
from orgs.access import decides_as_office, maker_refusal
from orgs.models import Municipality
from projects.models import Project
from scoring.models import Assessment, AssessmentCriterion, AssessmentIndicator, RubricVersion, StatusCorrection
from scoring.rubric import Rubric, evaluate, normalise_choices, rubric_to_data

# The significance of a project is assessed once it is approved (active or implemented).
ASSESSABLE_STATES = Project.APPROVED_STATES

TRAINING_REQUIRED = (
    "Оценка значимости бережливого проекта проводится специалистами, прошедшими обязательное обучение "
    "основам бережливого производства (п. 4.2 Порядка проведения оценки значимости бережливых проектов)."
)


class AssessmentRefused(PermissionDenied):
    """The user may not assess this project; the message explains why, in Russian."""


def training_refusal(user) -> str | None:
    """Why ``user`` may not assess anything at all (4.2), or None."""
    if not user.is_authenticated:
        return "Войдите в портал, чтобы проводить оценку значимости."
    employee = user.employee if user.employee_id else None
    if employee is None:
        return (
            f"{TRAINING_REQUIRED} Ваша учётная запись не связана с сотрудником, поэтому обучение "
            "не подтверждено. Обратитесь к администратору портала."
        )
    if not employee.has_lean_basics:
        # ``lean_basics_completed_on`` follows confirmed training only (registries.services): a certificate scan
        # or the economic development office's confirmation; a record typed in without either gives no right.
        return (
            f"{TRAINING_REQUIRED} У сотрудника {employee.full_name} нет подтверждённого обучения основам "
            "бережливого управления: в реестре «Обучение» нужна запись о завершённом обучении со сканом "
            "сертификата или подтверждённая управлением экономического развития. После подтверждения оценка "
            "станет доступна."
        )
    return None


def assessment_refusal(user, project: Project) -> str | None:
    """Why ``user`` may not assess ``project``, or None when they may."""
    reason = training_refusal(user)
    if reason:
        return reason
    if not user.is_economy and user.organisation_id != project.organisation_id:
        return (
            "Проекты других организаций оценивает управление экономического развития территории. "
            "Организация, реализующая бережливый проект, может самостоятельно оценить только свои проекты "
            "и согласовать оценку с управлением экономического развития (п. 4.6 Порядка)."
        )
    if project.state not in ASSESSABLE_STATES:
        return (
            "Оценка значимости проводится для утверждённых проектов. "
            f"Проект «{project.title}» сейчас в состоянии «{project.get_state_display()}»."
        )
    return None


def assessment_kind_for(user, project: Project | None = None) -> str:
    """The office's own assessment is official at once, except of a project of the office's own
    organisation: that one is a self-assessment, agreed by another office member (maker-checker)."""
    if user.is_economy and not (project is not None and project.organisation.is_economy_office):
        return Assessment.Kind.OFFICE
    return Assessment.Kind.SELF


def open_draft(project: Project, user) -> Assessment | None:
    """The draft of ``user``'s side (the office, or the project's organisation) for ``project``."""
    return (
        Assessment.objects.filter(
            project=project, kind=assessment_kind_for(user, project), state=Assessment.State.DRAFT
        )
        .select_related("rubric_version")
        .order_by("-id")
        .first()
    )


@transaction.atomic
def assessment_save(
    *,
    project: Project,
    user,
    choices: Mapping,
    justifications: Mapping[str, str],
    submit: bool,
    today: datetime.date | None = None,
) -> Assessment:
    """Save ``user``'s assessment of ``project`` (continuing their side's draft, if any).

    ``submit``: a self-assessment goes to the economic development office for agreement;
    the office's own assessment becomes the project's official one at once.
    """
    reason = assessment_refusal(user, project)
    if reason:
        raise AssessmentRefused(reason)
    # One writer per project at a time: two clicks or two assessors cannot both continue the
    # same draft, or both start one, and supersede each other half-way.
    Project.objects.select_for_update(of=("self",)).only("pk").get(pk=project.pk)
    kind = assessment_kind_for(user, project)
    assessment = open_draft(project, user)
    # A new assessment is made under the rubric in force in the project's municipality.
    municipality_id = project.organisation.municipality_id
    version = assessment.rubric_version if assessment else RubricVersion.objects.current(municipality_id)
    rubric = version.to_rubric()
    try:
        chosen = normalise_choices(choices, rubric)
        result = evaluate(chosen, rubric)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    unknown = set(justifications) - {c.code for c in rubric.criteria}
    if unknown:
        raise ValidationError(f"Неизвестный критерий «{sorted(unknown)[0]}» в обоснованиях.")
    texts = {code: (justifications.get(code) or "").strip() for code in (c.code for c in rubric.criteria)}
    if submit:
        # 4.1: only accurate and reliable information — every score is explained.
        missing = {
            f"justification_{c.code}": f"Обоснуйте оценку по критерию {c.code} «{c.name}»: укажите, "
            "на основании каких сведений выбраны показатели."
            for c in rubric.criteria
            if chosen.get(c.code) and not texts[c.code]
        }
        if missing:
            raise ValidationError(missing)

    if assessment is None:
        assessment = Assessment(project=project, kind=kind, rubric_version=version)
    assessment.assessor = user
    assessment.assessor_employee = user.employee
    assessment.assessed_on = today or timezone.localdate()
    assessment.total = result.total
    assessment.is_lean = result.is_lean
    assessment.status = result.status or ""
    assessment.cut_off_by = ",".join(result.cut_off_by)
    assessment.full_clean(exclude=["state"])
    assessment.save()
    _store_criteria(assessment, rubric, chosen, texts, result)
    if submit:
        if kind == Assessment.Kind.SELF:
            _submit(assessment)
        else:
            _make_official(assessment, user, comment="")
    return assessment


def _store_criteria(assessment, rubric, chosen, texts, result) -> None:
    assessment.criteria.all().delete()
    rows = AssessmentCriterion.objects.bulk_create(
        AssessmentCriterion(
            assessment=assessment, code=c.code, score=result.scores[c.code], justification=texts[c.code]
        )
        for c in rubric.criteria
    )
    AssessmentIndicator.objects.bulk_create(
        AssessmentIndicator(criterion=row, code=code) for row in rows for code in chosen.get(row.code, [])
    )


def _submit(assessment: Assessment) -> None:
    now = timezone.now()
    # An earlier self-assessment still waiting is superseded by this one.
    for earlier in Assessment.objects.filter(
        project=assessment.project, kind=Assessment.Kind.SELF, state=Assessment.State.SUBMITTED
    ).exclude(pk=assessment.pk):
        _replace(earlier, by=assessment)
    assessment.state = Assessment.State.SUBMITTED
    assessment.submitted_at = now
    assessment.save(update_fields=["state", "submitted_at", "updated_at"])


def _replace(old: Assessment, *, by: Assessment, user=None, comment: str = "") -> None:
    """Mark ``old`` replaced by ``by``; saved one by one so the history records each change."""
    old.state = Assessment.State.REPLACED
    old.replaced_by = by
    fields = ["state", "replaced_by", "updated_at"]
    if user is not None:
        old.decided_by = user
        old.decided_at = timezone.now()
        old.decision_comment = comment
        fields += ["decided_by", "decided_at", "decision_comment"]
    old.save(update_fields=fields)
    notify_decision(old, actor=user, comment=comment)


def _make_official(assessment: Assessment, user, *, comment: str) -> None:
    now = timezone.now()
    others = Assessment.objects.filter(project=assessment.project).exclude(pk=assessment.pk)
    for previous in others.filter(state=Assessment.State.AGREED):
        _replace(previous, by=assessment)
    if assessment.kind == Assessment.Kind.OFFICE:
        # The office made its own assessment instead of agreeing the waiting self-assessment.
        for waiting in others.filter(kind=Assessment.Kind.SELF, state=Assessment.State.SUBMITTED):
            _replace(
                waiting,
                by=assessment,
                user=user,
                comment="Управление экономического развития провело собственную оценку.",
            )
    assessment.state = Assessment.State.AGREED
    assessment.decided_by = user
    assessment.decided_at = now
    assessment.decision_comment = comment
    assessment.save(update_fields=["state", "decided_by", "decided_at", "decision_comment", "updated_at"])
    notify_decision(assessment, actor=user, comment=comment)


AGREE_CHECKER = "другой сотрудник управления экономического развития (или заместитель, назначенный администратором)"


def _agree_role_refusal(user, assessment: Assessment) -> str | None:
    """The office agrees (for a project of the office's own organisation, also the deputy the
    admin named), trained in lean basics (4.2); administrators do not decide for the office."""
    office = (
        user.is_authenticated
        and not user.is_portal_admin
        and decides_as_office(user, filed_by=assessment.project.organisation)
    )
    if not office:
        return "Самостоятельную оценку согласовывает управление экономического развития территории."
    return training_refusal(user)


def agree_refusal(user, assessment: Assessment) -> str | None:
    """Why ``user`` may not agree ``assessment``, or None; never its own assessor (maker-checker)."""
    return _agree_role_refusal(user, assessment) or maker_refusal(user, [assessment.assessor_id], AGREE_CHECKER)


@transaction.atomic
def assessment_agree(*, assessment: Assessment, user, comment: str = "") -> Assessment:
    """The economic development office agrees an organisation's self-assessment (4.6).

    Refused: anyone but the office (403); an assessment not waiting for agreement and the
    assessor's own assessment (maker-checker), with the reason on the page."""
    assessment = Assessment.objects.select_for_update().select_related("project__organisation").get(pk=assessment.pk)
    reason = _agree_role_refusal(user, assessment)
    if reason:
        raise AssessmentRefused(reason)
    if assessment.kind != Assessment.Kind.SELF or assessment.state != Assessment.State.SUBMITTED:
        raise ValidationError(
            f"Согласовать можно только самостоятельную оценку, направленную на согласование; "
            f"эта оценка — «{assessment.state_label}»."
        )
    refusal = maker_refusal(user, [assessment.assessor_id], AGREE_CHECKER)
    if refusal:
        raise ValidationError(refusal)
    _make_official(assessment, user, comment=comment.strip())
    return assessment


# --- Rubric versions ------------------------------------------------------------------------


RUBRIC_REFUSAL = (
    "Редакцию методики оценки утверждает управление экономического развития муниципального образования "
    "(для своего муниципального образования) или региональный проектный офис (региональную методику по умолчанию)."
)


def rubric_scope_for(user) -> Municipality | None:
    """Whose rubric versions ``user`` adopts: a municipality's office its municipality's own, the
    regional office (and administrators) the regional default (None); anyone else is refused."""
    if not user.is_authenticated:
        raise PermissionDenied(RUBRIC_REFUSAL)
    if user.is_economy:
        municipality = user.municipality
        if municipality is None:
            raise PermissionDenied(RUBRIC_REFUSAL)
        return municipality
    if user.sees_region:
        return None
    raise PermissionDenied(RUBRIC_REFUSAL)


@transaction.atomic
def rubric_version_create(
    *,
    rubric: Rubric,
    title: str,
    basis: str,
    valid_from: datetime.date,
    make_current: bool,
    user,
) -> RubricVersion:
    """The office adopts a new rubric version of its scope; stored assessments keep theirs.

    A municipality's office creates its municipality's own version (starting from the regional
    default or its own current one); the regional office sets the regional default, which every
    municipality without a version of its own assesses under. ``make_current``: new assessments
    in that scope are made under it from now on (the previous version of the same scope stays in
    the history and with the assessments made under it).
    """
    municipality = rubric_scope_for(user)
    scope = RubricVersion.objects.of_scope(municipality)
    # Numbers are given one after another, a municipality's continuing from the regional ones it
    # starts from (regional 1, then the municipality's 2): lock the last version while counting.
    last = RubricVersion.objects.readable_in(municipality).select_for_update().order_by("-number").first()
    version = RubricVersion(
        number=(last.number if last else 0) + 1,
        municipality=municipality,
        title=title.strip(),
        basis=basis.strip(),
        valid_from=valid_from,
        is_current=False,
        data=rubric_to_data(rubric),
        created_by=user,
        created_at=timezone.now(),
    )
    version.full_clean()
    version.save()
    if make_current:
        # Saved one by one so the history records who changed the version in force.
        for previous in scope.select_for_update().filter(is_current=True).exclude(pk=version.pk):
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        version.is_current = True
        version.save(update_fields=["is_current"])
    return version


@transaction.atomic
def status_corrections_acknowledge(*, user, up_to: int | None = None) -> int:
    """The office has seen the statuses a rubric correction changed; the notice goes away."""
    if not (user.is_authenticated and (user.is_economy or user.is_portal_admin)):
        raise PermissionDenied("Отметить изменения статусов может управление экономического развития территории.")
    # The office acknowledges its own municipality's corrections only.
    pending = StatusCorrection.objects.unacknowledged().visible_to(user)
    if up_to is not None:
        pending = pending.filter(pk__lte=up_to)
    return pending.update(acknowledged_at=timezone.now(), acknowledged_by=user)
