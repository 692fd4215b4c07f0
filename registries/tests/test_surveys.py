"""Satisfaction surveys: recorded and portal-run, public page, rate limit, live results, QR, goal links."""

import datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
import segno
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import resolve, reverse
from redis.exceptions import ConnectionError as RedisDown

from projects.models import Goal
from projects.tests.factories import ProjectFactory
from registries.models import GoalSurvey, Survey, SurveyResponse
from registries.models.surveys import SURVEY_TOKEN_ALPHABET, _survey_token
from registries.project_page import sections
from registries.selectors.surveys import survey_results
from registries.services.surveys import survey_create, survey_link_goal, survey_set_open, survey_update
from registries.tests.factories import PortalSurveyFactory, SurveyFactory, SurveyQuestionFactory
from registries.views.surveys import survey_public

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime.datetime(2024, 6, 15, 9, 0), tick=False)


@pytest.fixture
def portal_survey(unit):
    survey = PortalSurveyFactory(organisation=unit, title="Оценка приёма")
    SurveyQuestionFactory(survey=survey, position=1, text="Время ожидания")
    SurveyQuestionFactory(survey=survey, position=2, text="Вежливость")
    return survey


def _answer(client, survey, scores, comment="", ip="10.0.0.1"):
    questions = list(survey.questions.all())
    data = {f"q{q.pk}": s for q, s in zip(questions, scores, strict=True)}
    data["comment"] = comment
    return client.post(reverse("registries:survey-public", args=[survey.public_token]), data, REMOTE_ADDR=ip)


# --- recording and creating -------------------------------------------------------------------


def test_recorded_survey_needs_respondents_and_share(unit, department_user):
    with pytest.raises(ValidationError) as error:
        survey_create(
            user=department_user,
            organisation=unit,
            title="Опрос",
            method=Survey.Method.PAPER,
            held_on=datetime.date(2024, 5, 1),
        )
    assert {"respondents", "satisfied_share"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        survey_create(
            user=department_user,
            organisation=unit,
            title="Опрос",
            method=Survey.Method.PAPER,
            held_on=datetime.date(2024, 5, 1),
            respondents=10,
            satisfied_share=Decimal("120"),
        )
    survey = survey_create(
        user=department_user,
        organisation=unit,
        title="Опрос",
        method=Survey.Method.PAPER,
        held_on=datetime.date(2024, 5, 1),
        respondents=10,
        satisfied_share=Decimal("80"),
    )
    result = survey_results(survey)
    assert (result.respondents, result.satisfied_share, result.live) == (10, Decimal("80"), False)


def test_portal_survey_needs_questions_and_own_organisation(unit, department_user, outsider_user):
    fields = {"title": "Опрос", "method": Survey.Method.PORTAL, "held_on": datetime.date(2024, 6, 1)}
    with pytest.raises(ValidationError):
        survey_create(user=department_user, organisation=unit, questions=[" "], **fields)
    with pytest.raises(PermissionDenied):
        survey_create(user=outsider_user, organisation=unit, questions=["Вопрос"], **fields)
    survey = survey_create(user=department_user, organisation=unit, questions=["Первый", "Второй"], **fields)
    assert [q.text for q in survey.questions.all()] == ["Первый", "Второй"]
    assert not survey.is_open
    survey_set_open(survey=survey, user=department_user, is_open=True)
    assert survey.accepts_answers(datetime.date(2024, 6, 15))


def test_questions_frozen_once_answered(portal_survey, department_user, client):
    _answer(client, portal_survey, [5, 4])
    with pytest.raises(ValidationError, match="изменить вопросы нельзя"):
        survey_update(survey=portal_survey, user=department_user, questions=["Другой вопрос"])
    survey_update(
        survey=portal_survey, user=department_user, questions=["Время ожидания", "Вежливость"], title="Новое название"
    )
    portal_survey.refresh_from_db()
    assert portal_survey.title == "Новое название"


def test_create_view_with_questions(client, department_user):
    client.force_login(department_user)
    response = client.post(
        reverse("registries:survey-create"),
        {"title": "Опрос", "method": "portal", "held_on": "2024-06-01", "questions": "Один\n\nДва\n"},
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert survey.questions.count() == 2


# --- public page ------------------------------------------------------------------------------


def test_public_page_needs_no_login_and_records_anonymous_answers(client, portal_survey):
    page = client.get(reverse("registries:survey-public", args=[portal_survey.public_token]))
    assert page.status_code == 200
    assert "Время ожидания" in page.content.decode()
    response = _answer(client, portal_survey, [5, 3], comment="Спасибо")
    assert response.status_code == 302
    assert response["Location"] == reverse("registries:survey-thanks", args=[portal_survey.public_token])
    answer = SurveyResponse.objects.get()
    assert answer.comment == "Спасибо"
    assert sorted(answer.answers.values_list("score", flat=True)) == [3, 5]
    assert [f.name for f in SurveyResponse._meta.get_fields() if f.concrete] == [
        "id",
        "survey",
        "submitted_at",
        "comment",
    ]


def test_every_question_needs_a_mark(client, portal_survey):
    question = portal_survey.questions.first()
    response = client.post(
        reverse("registries:survey-public", args=[portal_survey.public_token]),
        {f"q{question.pk}": "9", "comment": "Мой"},
    )
    assert response.status_code == 400
    assert "Мой" in response.content.decode()
    assert "Выберите оценку от 1 до 5." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_closed_or_unknown_survey_takes_no_answers(client, portal_survey):
    portal_survey.is_open = False
    portal_survey.save()
    assert _answer(client, portal_survey, [5, 5]).status_code == 200
    assert not SurveyResponse.objects.exists()
    assert client.get(reverse("registries:survey-public", args=["nosuchtoken"])).status_code == 404
    recorded = SurveyFactory()
    assert client.get(reverse("registries:survey-public", args=[recorded.public_token])).status_code == 404


def test_burst_from_one_address_is_refused(client, portal_survey):
    for _ in range(3):
        assert _answer(client, portal_survey, [4, 4]).status_code == 302
    refused = _answer(client, portal_survey, [1, 1], comment="Накрутка")
    assert refused.status_code == 429
    assert "через минуту" in refused.content.decode()
    assert "С этого адреса" in refused.content.decode()  # an address, not a device, is what is counted
    assert "Накрутка" in refused.content.decode()
    assert SurveyResponse.objects.count() == 3
    # Another address is not affected, and the same one may answer again a minute later.
    assert _answer(client, portal_survey, [4, 4], ip="10.0.0.2").status_code == 302


def test_answers_are_taken_while_the_shared_cache_is_down(client, portal_survey, monkeypatch):

    def down(*args, **kwargs):
        raise RedisDown("Redis недоступен")

    for method in ("get", "add", "incr", "set"):
        monkeypatch.setattr(cache, method, down)
    assert _answer(client, portal_survey, [4, 5]).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_behind_a_proxy_the_forwarded_address_counts(client, settings, portal_survey):
    settings.PROXY_COUNT = 1
    for i in range(3):
        response = client.post(
            reverse("registries:survey-public", args=[portal_survey.public_token]),
            {f"q{q.pk}": 5 for q in portal_survey.questions.all()},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        )
        assert response.status_code == 302  # three citizens behind one proxy are not one client


def test_rate_window_passes(client, portal_survey, time_machine):
    for _ in range(3):
        _answer(client, portal_survey, [4, 4])
    assert _answer(client, portal_survey, [4, 4]).status_code == 429
    time_machine.shift(datetime.timedelta(seconds=61))
    assert _answer(client, portal_survey, [4, 4]).status_code == 302


# --- results ---------------------------------------------------------------------------------


def test_results_are_aggregated_live(client, portal_survey, django_assert_max_num_queries):
    for i, scores in enumerate([[5, 4], [4, 2], [1, 5], [3, 3]]):
        _answer(client, portal_survey, scores, ip=f"10.0.1.{i}")
    with django_assert_max_num_queries(3):
        result = survey_results(portal_survey)
    assert result.respondents == 4
    # Answers 4–5: 5, 4, 4, 5 of 8 answers.
    assert result.satisfied_share == Decimal("50.0")
    first, second = result.questions
    assert first.distribution == {1: 1, 2: 0, 3: 1, 4: 1, 5: 1}
    assert first.average == Decimal("3.25")
    assert second.satisfied_share == Decimal("50.0")
    portal_survey.refresh_from_db()
    assert (portal_survey.respondents, portal_survey.satisfied_share) == (4, Decimal("50.0"))


def test_result_page_access(client, portal_survey, department_user, colleague_user, economy_user, outsider_user):
    _answer(client, portal_survey, [5, 5])
    url = portal_survey.get_absolute_url()
    for user, status in [(department_user, 200), (colleague_user, 200), (economy_user, 200), (outsider_user, 404)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status
    client.force_login(department_user)
    assert client.get(url).context["result"].respondents == 1
    client.force_login(economy_user)
    assert client.get(reverse("registries:survey-edit", args=[portal_survey.pk])).status_code == 403
    assert client.post(reverse("registries:survey-toggle", args=[portal_survey.pk])).status_code == 403
    client.force_login(outsider_user)
    assert client.get(reverse("registries:survey-print", args=[portal_survey.pk])).status_code == 404


def test_toggle_closes_and_reopens(client, portal_survey, department_user):
    client.force_login(department_user)
    client.post(reverse("registries:survey-toggle", args=[portal_survey.pk]), {"open": "0"})
    portal_survey.refresh_from_db()
    assert not portal_survey.is_open
    client.post(reverse("registries:survey-toggle", args=[portal_survey.pk]), {"open": "1"})
    portal_survey.refresh_from_db()
    assert portal_survey.is_open


# --- QR code --------------------------------------------------------------------------------


def test_print_page_qr_encodes_the_public_link(client, settings, portal_survey, department_user):
    settings.PORTAL_BASE_URL = "https://lean.example.ru/"
    expected = "https://lean.example.ru" + portal_survey.public_path()
    assert portal_survey.public_url() == expected
    assert resolve(portal_survey.public_path()).func is survey_public
    assert portal_survey.public_token in expected
    client.force_login(department_user)
    response = client.get(reverse("registries:survey-print", args=[portal_survey.pk]))
    assert response.context["url"] == expected
    assert expected in response.content.decode()
    data_uri = response.context["qr"]
    # The same symbol as one built from the expected link, and a different one from any other link.
    assert data_uri == segno.make(expected, error="m").svg_data_uri(scale=8, border=4)
    assert data_uri != segno.make(expected + "x", error="m").svg_data_uri(scale=8, border=4)
    assert data_uri.startswith("data:image/svg+xml") and "xmlns" in unquote(data_uri)
    assert data_uri.replace("&", "&amp;") in response.content.decode() or data_uri in response.content.decode()


# --- goals and the project page ----------------------------------------------------------------


def test_goal_links_before_and_after_show_on_the_project_page(
    rf, unit, department_user, make_project, portal_survey, outsider_user
):
    project = make_project(unit)
    goal = Goal.objects.create(
        project=project, name="Доля удовлетворённых", unit="%", current_value=60, target_value=90
    )
    before = SurveyFactory(organisation=unit, title="До", satisfied_share=Decimal("60"))
    survey_link_goal(survey=before, goal=goal, moment="before", user=department_user)
    survey_link_goal(survey=portal_survey, goal=goal, moment="after", user=department_user)
    with pytest.raises(PermissionDenied):
        survey_link_goal(survey=portal_survey, goal=goal, moment="after", user=outsider_user)
    assert GoalSurvey.objects.count() == 2
    request = rf.get("/")
    request.user = department_user
    [section] = sections(request, project)
    assert section.title == "Удовлетворённость пользователей"
    assert "До" in section.html and "Оценка приёма" in section.html


def test_link_goal_view(client, unit, department_user, make_project, portal_survey):
    project = make_project(unit)
    goal = Goal.objects.create(project=project, name="Время", unit="мин", current_value=40, target_value=10)
    client.force_login(department_user)
    response = client.post(
        reverse("registries:survey-link-goal", args=[portal_survey.pk]), {"goal": goal.pk, "moment": "after"}
    )
    assert response.status_code == 302
    link = GoalSurvey.objects.get()
    response = client.post(reverse("registries:survey-unlink-goal", args=[portal_survey.pk, link.pk]))
    assert response.status_code == 302
    assert not GoalSurvey.objects.exists()


def test_list_constant_queries(client, unit, department_user, django_assert_max_num_queries):
    for _ in range(8):
        SurveyFactory(organisation=unit)
    client.force_login(department_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registries:survey-list"))
    assert response.context["page_obj"].paginator.count == 8
    assert client.get(reverse("registries:survey-list"), {"method": "portal"}).context["page_obj"].paginator.count == 0


def test_survey_code_has_no_lookalike_characters_and_opens_typed_in_capitals(client, portal_survey):

    codes = [_survey_token() for _ in range(300)] + [portal_survey.public_token]
    for code in codes:
        assert len(code) == 12 and set(code) <= set(SURVEY_TOKEN_ALPHABET)
        assert not set(code) & set("01ilIoOL-_")
    assert len(set(codes)) == len(codes)
    page = client.get(reverse("registries:survey-public", args=[portal_survey.public_token.upper()]))
    assert page.status_code == 200


def test_survey_form_finds_the_organisations_projects_by_title(client, department_user, unit, outsider_user):
    ProjectFactory(organisation=unit, title="Запись к врачу без очереди")
    ProjectFactory(organisation=outsider_user.organisation, title="Запись в кружки")
    client.force_login(department_user)
    html = client.get(reverse("registries:survey-create")).content.decode()
    assert "Запись к врачу" not in html  # found as typed, not listed
    lookup = reverse("projects:project-lookup")
    rows = client.get(lookup, {"q": "Запись", "scope": "organisation", "organisation": unit.pk}).json()["results"]
    assert [row["text"] for row in rows] == ["Запись к врачу без очереди"]
    other = {"q": "Запись", "scope": "organisation", "organisation": outsider_user.organisation.pk}
    assert client.get(lookup, other).json()["results"] == []
