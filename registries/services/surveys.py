"""Writes to surveys: questions, opening, anonymous answers, links to project goals."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from orgs.models import Organisation
from registries.models import (
    GoalSurvey,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from registries.models.surveys import SCALE_MAX, SCALE_MIN
from registries.selectors.surveys import survey_results
from registries.services.common import assign_fields, require_write, today

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
        if survey.held_on and survey.held_on > today():
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
    assign_fields(survey, fields, SURVEY_EDITABLE)
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
    assign_fields(survey, fields, SURVEY_EDITABLE)
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
        if survey.closes_on and survey.closes_on < today():
            raise ValidationError("Срок опроса истёк: измените дату окончания, чтобы снова принимать ответы.")
    survey.is_open = is_open
    survey.save(update_fields=["is_open"])
    return survey


def survey_refresh_totals(survey: Survey) -> None:
    """Mirror the live result into ``respondents``/``satisfied_share`` for the counting apps."""

    result = survey_results(survey)
    survey.respondents = result.respondents or None
    survey.satisfied_share = result.satisfied_share
    # A save, not queryset.update(), so the survey's history records the change.
    survey.save(update_fields=["respondents", "satisfied_share"])


@transaction.atomic
def survey_submit_response(*, survey: Survey, scores: Mapping[int, int], comment: str = "") -> SurveyResponse:
    """Record one anonymous submission of the public page. Every question needs a mark 1–5."""
    if not survey.accepts_answers(today()):
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
