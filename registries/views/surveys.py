"""Satisfaction surveys: recorded ones, and ones run in the portal on a public page."""

from __future__ import annotations

import logging

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lean_portal.auth import client_ip
from orgs.access import can_write_organisation
from registries.access import get_goal_link_for_user, get_survey_for_user
from registries.filters.surveys import SurveyFilter
from registries.forms.surveys import GoalLinkForm, PublicSurveyForm, SurveyForm
from registries.models import Survey
from registries.selectors.surveys import survey_results
from registries.services import surveys as services
from registries.views.common import apply_errors, paginate, user_organisation

# At most RATE_LIMIT answers per survey from one address within RATE_WINDOW seconds:
# enough for a family at one counter tablet, too few for stuffing the results.
RATE_LIMIT = getattr(settings, "REGISTRIES_SURVEY_RATE_LIMIT", 3)
RATE_WINDOW = getattr(settings, "REGISTRIES_SURVEY_RATE_WINDOW", 60)
RATE_MESSAGE = (
    "С этого адреса только что уже отправили несколько ответов. "
    "Чтобы защитить опрос от накрутки, следующий ответ можно отправить через минуту."
)


@login_required
def survey_list(request):
    queryset = Survey.objects.visible_to(request.user).select_related("organisation", "project")
    filterset = SurveyFilter(request.GET, queryset=queryset, user=request.user)
    context = {
        "filter": filterset,
        "can_create": request.user.organisation is not None,
        "today": timezone.localdate(),
    }
    context.update(paginate(request, filterset.qs))
    return render(request, "registries/survey_list.html", context)


def _save(request, form, organisation, survey=None):
    data = dict(form.cleaned_data)
    data.pop("questions", None)
    questions = form.question_list()
    if survey is None:
        return services.survey_create(user=request.user, organisation=organisation, questions=questions, **data)
    return services.survey_update(survey=survey, user=request.user, questions=questions, **data)


@login_required
def survey_create(request):
    organisation = user_organisation(request)
    form = SurveyForm(request.POST or None, organisation=organisation, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            survey = _save(request, form, organisation)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Опрос внесён.")
            return redirect(survey)
    return render(request, "registries/survey_form.html", {"form": form})


@login_required
def survey_edit(request, pk: int):
    survey = get_survey_for_user(request, pk, write=True)
    form = SurveyForm(request.POST or None, instance=survey, organisation=survey.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, survey.organisation, survey)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(survey)
    return render(request, "registries/survey_form.html", {"form": form, "survey": survey})


def _detail_context(request, survey, link_form=None) -> dict:
    can_write = can_write_organisation(request.user, survey.organisation)
    return {
        "survey": survey,
        "result": survey_results(survey),
        "can_write": can_write,
        "accepts_answers": survey.accepts_answers(timezone.localdate()),
        "goal_links": survey.goal_links.select_related("goal__project"),
        "link_form": link_form or (GoalLinkForm(organisation=survey.organisation) if can_write else None),
        "comments": survey.responses.exclude(comment="").only("comment", "submitted_at")[:20],
    }


@login_required
def survey_detail(request, pk: int):
    """The survey and its results, computed live from the answers."""
    survey = get_survey_for_user(request, pk)
    return render(request, "registries/survey_detail.html", _detail_context(request, survey))


@login_required
@require_POST
def survey_toggle(request, pk: int):
    survey = get_survey_for_user(request, pk, write=True)
    is_open = request.POST.get("open") == "1"
    try:
        services.survey_set_open(survey=survey, user=request.user, is_open=is_open)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Приём ответов открыт." if is_open else "Приём ответов закрыт.")
    return redirect(survey)


@login_required
@require_POST
def survey_link_goal(request, pk: int):
    survey = get_survey_for_user(request, pk, write=True)
    form = GoalLinkForm(request.POST, organisation=survey.organisation)
    if form.is_valid():
        try:
            services.survey_link_goal(survey=survey, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Опрос связан с целью проекта.")
            return redirect(survey)
    return render(request, "registries/survey_detail.html", _detail_context(request, survey, form), status=400)


@login_required
@require_POST
def survey_unlink_goal(request, pk: int, link_pk: int):
    survey = get_survey_for_user(request, pk, write=True)
    link = get_goal_link_for_user(request, survey, link_pk, write=True)
    services.survey_unlink_goal(link=link, user=request.user)
    messages.success(request, "Связь с целью проекта удалена.")
    return redirect(survey)


@login_required
def survey_print(request, pk: int):
    """A page for the service counter: the question, the short link and its QR code."""
    survey = get_survey_for_user(request, pk)
    url = survey.public_url()
    return render(request, "registries/survey_print.html", {"survey": survey, "url": url, "qr": survey_qr(url)})


def survey_qr(url: str) -> str:
    """The QR code of ``url`` as an SVG ``data:`` URI a browser shows and prints.

    A quiet zone of 4 modules, as the QR standard asks, so phone cameras read it reliably.

    segno's own data URI carries the SVG namespace, without which browsers refuse an
    SVG given as an image.
    """
    return segno.make(url, error="m").svg_data_uri(scale=8, border=4)


# --- The public page: no log-in ---------------------------------------------------------------


def _public_survey(token: str) -> Survey:
    surveys = Survey.objects.select_related("organisation")
    survey = surveys.filter(public_token=token).first()
    if survey is None and token != token.lower():
        # Typed from paper in capitals: today's codes are lower case (older codes match exactly above).
        survey = surveys.filter(public_token=token.lower()).first()
    if survey is None or not survey.runs_in_portal:
        raise Http404("Опрос не найден.")
    return survey


def _client_address(request) -> str:
    # The portal's one rule for the client address: REMOTE_ADDR, or X-Forwarded-For as seen by
    # the trusted proxies when DJANGO_PROXY_COUNT says there are any (a client can forge it otherwise).

    return client_ip(request) or "unknown"


def _rate_key(survey: Survey, request) -> str:
    return f"registries:survey-rate:{survey.pk}:{_client_address(request)}"


logger = logging.getLogger(__name__)


def _answers_counted(key: str) -> int:
    """Answers from this address within the window; 0 when the shared cache is down (the limit
    is then not applied: losing a resident's answer is worse than letting a burst through)."""
    try:
        return cache.get(key, 0)
    except Exception:
        logger.warning("Общий кэш недоступен: ограничение частоты ответов на опрос не проверено.", exc_info=True)
        return 0


def _count_answer(key: str) -> None:
    try:
        if not cache.add(key, 1, RATE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, RATE_WINDOW)
    except Exception:
        logger.warning("Общий кэш недоступен: ответ на опрос не учтён в ограничении частоты.", exc_info=True)


@never_cache
def survey_public(request, token: str):
    survey = _public_survey(token)
    questions = list(survey.questions.all())
    accepts = survey.accepts_answers(timezone.localdate())
    form = PublicSurveyForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST" and accepts:
        key = _rate_key(survey, request)
        if _answers_counted(key) >= RATE_LIMIT:
            form.is_valid()  # keep what was chosen on the page
            form.add_error(None, RATE_MESSAGE)
            status = 429
        elif form.is_valid():
            try:
                services.survey_submit_response(
                    survey=survey, scores=form.scores(), comment=form.cleaned_data.get("comment", "")
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                _count_answer(key)
                return redirect("registries:survey-thanks", token=token)
        else:
            status = 400
    return render(
        request,
        "registries/survey_public.html",
        {"survey": survey, "form": form, "accepts": accepts},
        status=status,
    )


@never_cache
def survey_thanks(request, token: str):
    survey = _public_survey(token)
    return render(request, "registries/survey_thanks.html", {"survey": survey})
