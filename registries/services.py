"""Writes to the registries: every change that applies a rule goes through here.

Access rule of this app (same as the rest of the portal, ``orgs.access``): a record is
written by the staff of its own organisation (administrators write everything); the
structural unit over a subordinate institution and the economic development office only
read it. A suggestion is accepted or rejected by the head of its organisation or by the
unit the organisation reports to (its staff and head), never by its authors or by whoever
filed it (maker-checker); its organisation's staff record its implementation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from notifications.services import notify_decision
from orgs.access import can_write_organisation, heads_organisation, is_decision_deputy
from orgs.models import Employee, Organisation
from registries.models import (
    SCALE_MAX,
    SCALE_MIN,
    Contest,
    ContestEntry,
    ContestNomination,
    CultureDiagnostic,
    DiagnosticRating,
    DiagnosticStatement,
    GoalSurvey,
    ModelSite,
    Suggestion,
    SuggestionTransition,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    Training,
)

# --- helpers ---------------------------------------------------------------------------


def require_write(user, organisation: Organisation) -> None:
    if not can_write_organisation(user, organisation):
        raise PermissionDenied("Изменять эту запись может только её организация.")


def _today() -> datetime.date:
    return timezone.localdate()


def _assign(instance, fields: Mapping, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"{type(instance).__name__}: field {name!r} cannot be set here")
        setattr(instance, name, value)


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
    fields.setdefault("submitted_on", _today())
    suggestion = Suggestion(organisation=organisation, problem=problem, solution=solution, created_by=user)
    _assign(suggestion, fields, SUGGESTION_EDITABLE)
    if suggestion.submitted_on > _today():
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
    _assign(suggestion, fields, SUGGESTION_EDITABLE)
    if suggestion.submitted_on > _today():
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
    elif implemented_on > _today():
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
    from projects.models import JustificationItem
    from projects.services import passport_defaults, project_create_draft

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


# --- Training ------------------------------------------------------------------------------

TRAINING_EDITABLE = ("employee", "kind", "provider", "mentor", "started_on", "completed_on", "hours", "certificate")


def employee_refresh_lean_basics(employee: Employee) -> Employee:
    """Keep ``lean_basics_completed_on`` equal to the earliest completed lean-basics training.

    The field is derived: it is what the scoring app checks before letting someone
    assess projects (4.2), and only training records set it.
    """
    earliest = Training.objects.filter(
        employee=employee, kind=Training.Kind.LEAN_BASICS, completed_on__isnull=False
    ).aggregate(first=Min("completed_on"))["first"]
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
    if training.completed_on and training.completed_on > _today():
        errors["completed_on"] = "Дата окончания не может быть в будущем."
    if training.hours is not None and training.hours <= 0:
        errors["hours"] = "Число часов должно быть больше нуля."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_create(*, user, employee: Employee, **fields) -> Training:
    require_write(user, employee.organisation)
    training = Training(employee=employee, created_by=user)
    _assign(training, fields, TRAINING_EDITABLE)
    _validate_training(training)
    training.full_clean(exclude=["created_by"])
    training.save()
    employee_refresh_lean_basics(training.employee)
    return training


@transaction.atomic
def training_update(*, training: Training, user, **fields) -> Training:
    require_write(user, training.employee.organisation)
    previous_employee = training.employee
    previous_file = Training.objects.filter(pk=training.pk).values_list("certificate", flat=True).first() or ""
    _assign(training, fields, TRAINING_EDITABLE)
    if training.employee_id != previous_employee.pk:
        require_write(user, training.employee.organisation)
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


# --- Model sites ---------------------------------------------------------------------------

MODELSITE_EDITABLE = ("organisation", "sphere", "title", "audit_date", "auditor", "result")


def _validate_site(site: ModelSite) -> None:
    if site.audit_date and site.audit_date > _today():
        raise ValidationError({"audit_date": "Дата партнёрской проверки не может быть в будущем."})


@transaction.atomic
def modelsite_create(*, user, organisation: Organisation, **fields) -> ModelSite:
    require_write(user, organisation)
    site = ModelSite(organisation=organisation)
    _assign(site, fields, MODELSITE_EDITABLE)
    _validate_site(site)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def modelsite_update(*, site: ModelSite, user, **fields) -> ModelSite:
    require_write(user, site.organisation)
    _assign(site, fields, MODELSITE_EDITABLE)
    require_write(user, site.organisation)
    _validate_site(site)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def modelsite_delete(*, site: ModelSite, user) -> None:
    require_write(user, site.organisation)
    site.delete()


# --- Surveys ---------------------------------------------------------------------------------

SURVEY_EDITABLE = (
    "organisation",
    "project",
    "title",
    "service",
    "method",
    "held_on",
    "closes_on",
    "respondents",
    "satisfied_share",
    "intro",
)


def _validate_survey(survey: Survey, questions: list[str] | None) -> None:
    errors = {}
    if survey.closes_on and survey.held_on and survey.closes_on < survey.held_on:
        errors["closes_on"] = "Дата окончания не может быть раньше даты начала."
    if survey.project_id and survey.project.organisation_id != survey.organisation_id:
        errors["project"] = "Проект должен принадлежать организации, проводящей опрос."
    if survey.runs_in_portal:
        if questions is not None and not questions:
            errors["__all__"] = "Для опроса на портале добавьте хотя бы один вопрос."
    else:
        if survey.held_on and survey.held_on > _today():
            errors["held_on"] = "Проведённый опрос не может быть датирован будущим."
        if survey.respondents is None:
            errors["respondents"] = "Укажите число респондентов."
        if survey.satisfied_share is None:
            errors["satisfied_share"] = "Укажите долю удовлетворённых."
        elif not 0 <= survey.satisfied_share <= 100:
            errors["satisfied_share"] = "Доля удовлетворённых — от 0 до 100 %."
    if errors:
        raise ValidationError(errors)


def _set_questions(survey: Survey, questions: list[str]) -> None:
    existing = list(survey.questions.all())
    if SurveyAnswer.objects.filter(question__survey=survey).exists():
        if [q.text for q in existing] != questions:
            raise ValidationError("На опрос уже ответили: изменить вопросы нельзя, иначе результаты станут несравнимы.")
        return
    survey.questions.all().delete()
    bulk_create_with_history(
        [SurveyQuestion(survey=survey, position=index, text=text) for index, text in enumerate(questions, start=1)],
        SurveyQuestion,
    )


@transaction.atomic
def survey_create(*, user, organisation: Organisation, questions: list[str] | None = None, **fields) -> Survey:
    require_write(user, organisation)
    survey = Survey(organisation=organisation, created_by=user)
    _assign(survey, fields, SURVEY_EDITABLE)
    questions = [q.strip() for q in (questions or []) if q and q.strip()]
    if survey.runs_in_portal:
        survey.respondents = None
        survey.satisfied_share = None
    _validate_survey(survey, questions if survey.runs_in_portal else None)
    survey.full_clean(exclude=["created_by"])
    survey.save()
    if survey.runs_in_portal:
        _set_questions(survey, questions)
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, user, questions: list[str] | None = None, **fields) -> Survey:
    require_write(user, survey.organisation)
    has_answers = survey.responses.exists()
    if has_answers and fields.get("method", survey.method) != survey.method:
        raise ValidationError({"method": "На опрос уже ответили на портале: способ проведения изменить нельзя."})
    _assign(survey, fields, SURVEY_EDITABLE)
    require_write(user, survey.organisation)
    if survey.runs_in_portal:
        questions = [q.strip() for q in (questions or []) if q and q.strip()]
        _validate_survey(survey, questions)
        survey.full_clean(exclude=["created_by"])
        survey.save()
        _set_questions(survey, questions)
        survey_refresh_totals(survey)
    else:
        survey.is_open = False
        _validate_survey(survey, None)
        survey.full_clean(exclude=["created_by"])
        survey.save()
    return survey


@transaction.atomic
def survey_set_open(*, survey: Survey, user, is_open: bool) -> Survey:
    require_write(user, survey.organisation)
    if is_open:
        if not survey.runs_in_portal:
            raise ValidationError(
                "Принимать ответы на портале может только опрос со способом «Онлайн-опрос на портале»."
            )
        if not survey.questions.exists():
            raise ValidationError("Добавьте в опрос хотя бы один вопрос.")
        if survey.closes_on and survey.closes_on < _today():
            raise ValidationError("Срок опроса истёк: измените дату окончания, чтобы снова принимать ответы.")
    survey.is_open = is_open
    survey.save(update_fields=["is_open"])
    return survey


def survey_refresh_totals(survey: Survey) -> None:
    """Mirror the live result into ``respondents``/``satisfied_share`` for the counting apps."""
    from registries.selectors import survey_results

    result = survey_results(survey)
    survey.respondents = result.respondents or None
    survey.satisfied_share = result.satisfied_share
    # A save, not queryset.update(), so the survey's history records the change.
    survey.save(update_fields=["respondents", "satisfied_share"])


@transaction.atomic
def survey_submit_response(*, survey: Survey, scores: Mapping[int, int], comment: str = "") -> SurveyResponse:
    """Record one anonymous submission of the public page. Every question needs a mark 1–5."""
    if not survey.accepts_answers(_today()):
        raise ValidationError("Опрос сейчас не принимает ответы.")
    questions = list(survey.questions.all())
    errors = {}
    for question in questions:
        score = scores.get(question.pk)
        if score is None:
            errors[f"q{question.pk}"] = "Выберите оценку от 1 до 5."
        elif not SCALE_MIN <= int(score) <= SCALE_MAX:
            errors[f"q{question.pk}"] = "Оценка — от 1 до 5."
    if errors:
        raise ValidationError(errors)
    response = SurveyResponse.objects.create(survey=survey, comment=(comment or "").strip()[:2000])
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question=question, score=int(scores[question.pk])) for question in questions
    )
    survey_refresh_totals(survey)
    return response


@transaction.atomic
def survey_link_goal(*, survey: Survey, goal, moment: str, user) -> GoalSurvey:
    require_write(user, survey.organisation)
    require_write(user, goal.project.organisation)
    if moment not in GoalSurvey.Moment.values:
        raise ValidationError({"moment": "Укажите, до или после проекта проведён опрос."})
    link, _ = GoalSurvey.objects.update_or_create(goal=goal, moment=moment, defaults={"survey": survey})
    return link


@transaction.atomic
def survey_unlink_goal(*, link: GoalSurvey, user) -> None:
    require_write(user, link.survey.organisation)
    link.delete()


# --- Contests ----------------------------------------------------------------------------------

CONTEST_EDITABLE = ("organisation", "title", "year", "held_on", "description")


def _validate_contest(contest: Contest) -> None:
    if contest.held_on and contest.year and contest.held_on.year != contest.year:
        raise ValidationError({"held_on": "Итоги подводятся в год конкурса."})


@transaction.atomic
def contest_create(*, user, organisation: Organisation, nominations: list[str] | None = None, **fields) -> Contest:
    require_write(user, organisation)
    contest = Contest(organisation=organisation)
    _assign(contest, fields, CONTEST_EDITABLE)
    _validate_contest(contest)
    contest.full_clean()
    contest.save()
    contest_set_nominations(contest=contest, user=user, titles=nominations or [])
    return contest


@transaction.atomic
def contest_update(*, contest: Contest, user, **fields) -> Contest:
    require_write(user, contest.organisation)
    _assign(contest, fields, CONTEST_EDITABLE)
    require_write(user, contest.organisation)
    _validate_contest(contest)
    contest.full_clean()
    contest.save()
    return contest


@transaction.atomic
def contest_set_nominations(*, contest: Contest, user, titles: list[str]) -> None:
    """Keep the nominations named ``titles`` in that order; a nomination with entries cannot go."""
    require_write(user, contest.organisation)
    titles = list(dict.fromkeys(t.strip() for t in titles if t and t.strip()))
    existing = {n.title: n for n in contest.nominations.all()}
    for title, nomination in existing.items():
        if title not in titles:
            if nomination.entries.exists():
                raise ValidationError(f"В номинации «{title}» есть участники: удалить её нельзя.")
            nomination.delete()
    for position, title in enumerate(titles, start=1):
        nomination = existing.get(title)
        if nomination is None:
            ContestNomination.objects.create(contest=contest, title=title, position=position)
        elif nomination.position != position:
            nomination.position = position
            nomination.save(update_fields=["position"])


@transaction.atomic
def contest_add_entry(
    *, contest: Contest, user, project=None, suggestion: Suggestion | None = None, nomination=None
) -> ContestEntry:
    require_write(user, contest.organisation)
    if (project is None) == (suggestion is None):
        raise ValidationError("Выберите либо проект, либо предложение по улучшению.")
    if nomination is not None and nomination.contest_id != contest.pk:
        raise ValidationError({"nomination": "Номинация относится к другому конкурсу."})
    duplicate = ContestEntry.objects.filter(contest=contest)
    duplicate = duplicate.filter(project=project) if project is not None else duplicate.filter(suggestion=suggestion)
    if duplicate.exists():
        raise ValidationError("Этот участник уже заявлен на конкурс.")
    entry = ContestEntry(contest=contest, project=project, suggestion=suggestion, nomination=nomination)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def contest_record_result(
    *, entry: ContestEntry, user, score=None, place: int | None = None, is_winner: bool = False, jury_comment: str = ""
) -> ContestEntry:
    """The jury's result for one entry. A winner takes a place; first place is always a winner."""
    require_write(user, entry.contest.organisation)
    errors = {}
    if score is not None and score < 0:
        errors["score"] = "Балл не может быть отрицательным."
    if place is not None and place < 1:
        errors["place"] = "Место — 1 или больше."
    if is_winner and place is None:
        errors["place"] = "Укажите место победителя."
    if errors:
        raise ValidationError(errors)
    entry.score = score
    entry.place = place
    entry.is_winner = is_winner or place == 1
    entry.jury_comment = (jury_comment or "").strip()
    entry.save(update_fields=["score", "place", "is_winner", "jury_comment"])
    return entry


@transaction.atomic
def contest_remove_entry(*, entry: ContestEntry, user) -> None:
    require_write(user, entry.contest.organisation)
    entry.delete()


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
    _assign(diagnostic, fields, DIAGNOSTIC_EDITABLE)
    errors = {}
    if diagnostic.held_on and diagnostic.year and diagnostic.held_on.year != diagnostic.year:
        errors["held_on"] = "Дата проведения должна относиться к году самодиагностики."
    if diagnostic.held_on and diagnostic.held_on > _today():
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
    """The statements are the office's questionnaire: the office and administrators edit them."""
    return user.is_authenticated and (user.is_economy or user.is_portal_admin)


@transaction.atomic
def statement_save(*, user, statement: DiagnosticStatement | None = None, **fields) -> DiagnosticStatement:
    if not statement_editor(user):
        raise PermissionDenied("Перечень утверждений ведёт управление экономического развития.")
    statement = statement or DiagnosticStatement()
    _assign(statement, fields, ("text", "position", "is_active"))
    statement.full_clean()
    statement.save()
    return statement
