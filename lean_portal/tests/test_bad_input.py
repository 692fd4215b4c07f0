"""Hostile input through the real views: a validation error or a correct save, never a 500,
and a stored ``<script>`` is shown escaped, never as a tag.

Each test builds its data once and lets hypothesis replace a few fields of a valid
submission with random and hostile values (huge strings, control characters with NUL,
HTML/script, SQL fragments, malformed and out-of-range dates, absurd numbers, wrong types
for choices and ids). The Django test client re-raises any exception a view lets escape,
so a would-be 500 fails the test with its traceback.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.models import Project
from projects.tests.factories import STAGE_DATES, FullProjectFactory
from registries.models import Suggestion
from registries.tests.factories import PortalSurveyFactory, SurveyQuestionFactory
from reporting.models import QuarterlyReport
from reporting.tests.factories import GoalFactory, ReportFactory
from reporting.tests.factories import ProjectFactory as RunningProjectFactory
from scoring.tests.conftest import REGIONAL_7_5, justify

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script>'

HOSTILE_SAMPLES = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE projects_project; --",
    "1 OR 1=1",
    "\x00",
    "до\x00после",
    "\x01\x02\x1b[31m\x7f",
    "\u202eперевёрнуто",
    "\ud7ff💥",
    "x" * 100_000,
    "9" * 40,
    "-1",
    "-99999999999999999999999999",
    "1e308",
    "NaN",
    "Infinity",
    "0x1F",
    "²",
    "12,345.67",
    "9999-99-99",
    "0000-00-00",
    "31.02.2024",
    "99999-01-01",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "",
    " ",
    "\r\n",
    "{{ 7*7 }}",
    "{% debug %}",
    "[]",
    "null",
]

HOSTILE = st.one_of(
    st.sampled_from(HOSTILE_SAMPLES),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    st.lists(st.sampled_from(HOSTILE_SAMPLES[:8]), max_size=3),
)

BOUNDED = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def _mutations(fields: list[str]):
    return st.dictionaries(st.sampled_from(fields), HOSTILE, min_size=1, max_size=4)


def _post(client, url, data, allowed=(200, 302)):
    response = client.post(url, data)
    assert response.status_code in allowed, response.status_code
    if response.status_code != 302:
        content = response.content.decode()
        assert SCRIPT not in content, "a posted <script> came back unescaped"
    else:
        # What was saved must display: the page the save leads to renders, escaped.
        shown = client.get(response["Location"])
        assert shown.status_code == 200, shown.status_code
        assert SCRIPT not in shown.content.decode()
    return response


def _shown_escaped(client, url):
    content = client.get(url).content.decode()
    assert SCRIPT not in content
    return content


# --- Passport -----------------------------------------------------------------------------


def _passport_data(employee, sphere, extra=None) -> dict:
    data = {
        "title": "Запись в первый класс без очередей",
        "kind": "internal",
        "version": "",
        "sphere": str(sphere.pk),
        "approver_name": "Морозов Игорь Николаевич",
        "approver_position": "Начальник управления образования",
        "customer": "Управление образования",
        "process": "Приём заявлений в первый класс",
        "process_start": "Подача заявления",
        "process_end": "Зачисление",
        "lead": str(employee.pk),
        "effects": "Меньше очередей",
        "team-TOTAL_FORMS": "1",
        "team-INITIAL_FORMS": "0",
        "team-0-employee": str(employee.pk),
        "team-0-role": "Руководитель",
        "justification-TOTAL_FORMS": "1",
        "justification-INITIAL_FORMS": "0",
        "justification-0-text": "Очереди по 3 часа",
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-0-name": "Время ожидания",
        "goals-0-unit": "мин",
        "goals-0-current_value": "180",
        "goals-0-target_value": "15",
        "save": "1",
    }
    data.update({k: v.isoformat() for k, v in STAGE_DATES.items()})
    data.update(extra or {})
    return data


PASSPORT_FIELDS = [
    "title",
    "kind",
    "sphere",
    "participants",
    "approver_name",
    "customer",
    "process",
    "lead",
    "effects",
    "replicates",
    "stage1_date",
    "stage2_start",
    "stage7_end",
    "stage10_date",
    "team-TOTAL_FORMS",
    "team-0-employee",
    "team-0-role",
    "justification-0-text",
    "goals-0-name",
    "goals-0-current_value",
    "goals-0-target_value",
    "submit",
]


def test_passport_create_survives_hostile_input(client, department_user, unit):
    client.force_login(department_user)
    url = reverse("projects:create")

    @BOUNDED
    @given(_mutations(PASSPORT_FIELDS))
    def run(changes):
        data = _passport_data(department_user.employee, unit.sphere, changes)
        if "submit" in changes:
            data.pop("save")
        _post(client, url, data)

    run()
    # Whatever was accepted (odd but valid dates, long texts) displays everywhere it is listed.
    assert Project.objects.exists()
    for project in Project.objects.all():
        _shown_escaped(client, project.get_absolute_url())
        _shown_escaped(client, reverse("projects:history", args=[project.pk]))
    _shown_escaped(client, reverse("projects:registry"))
    assert client.get(reverse("projects:export")).status_code == 200


def test_passport_edit_survives_hostile_input(client, department_user, unit):
    client.force_login(department_user)
    project = FullProjectFactory(organisation=unit, created_by=department_user, rows=False)
    url = reverse("projects:edit", args=[project.pk])
    fields = [f for f in PASSPORT_FIELDS if not f.startswith(("team", "justification", "goals", "submit"))]
    fields.append("version")

    @BOUNDED
    @given(_mutations(fields))
    def run(changes):
        project.refresh_from_db()
        data = _passport_data(department_user.employee, unit.sphere, {"version": str(project.version)})
        for prefix in ("team", "justification", "goals"):
            data[f"{prefix}-TOTAL_FORMS"] = "0"
        data.update(changes)
        _post(client, url, data)

    run()


def test_passport_shows_stored_script_escaped(client, department_user, unit):
    client.force_login(department_user)
    data = _passport_data(
        department_user.employee, unit.sphere, {"title": SCRIPT, "effects": SCRIPT, "process": SCRIPT}
    )
    data["justification-0-text"] = SCRIPT
    data["goals-0-name"] = SCRIPT
    assert _post(client, reverse("projects:create"), data).status_code == 302
    project = Project.objects.get(title=SCRIPT)
    for url in (project.get_absolute_url(), reverse("projects:edit", args=[project.pk]), reverse("projects:registry")):
        assert "&lt;script&gt;" in _shown_escaped(client, url)
    _shown_escaped(client, reverse("projects:history", args=[project.pk]))


# --- Quarterly report ---------------------------------------------------------------------


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_quarterly_report_survives_hostile_input(client, department_user, unit, frozen):
    client.force_login(department_user)
    project = RunningProjectFactory(organisation=unit)
    goals = [GoalFactory(project=project), GoalFactory(project=project)]
    report = ReportFactory(organisation=unit, year=2026, quarter=4)
    url = reverse("reporting:detail", args=[report.pk])
    base = {
        "version": str(report.version),
        "general_comment": "Всё по плану",
        f"p{project.pk}-progress": "Идёт этап 7",
        f"p{project.pk}-problems": "",
        f"p{project.pk}-help_needed": "",
        f"g{goals[0].pk}": "12,5",
        f"g{goals[1].pk}": "30",
    }
    fields = [*base, "action"]

    @BOUNDED
    @given(_mutations(fields))
    def run(changes):
        report.refresh_from_db()
        data = {**base, "version": str(report.version), **changes}
        if data.get("action") == "submit":
            data["action"] = "save"
        _post(client, url, data)
        assert QuarterlyReport.objects.get(pk=report.pk).state == QuarterlyReport.State.DRAFT

    run()


def test_quarterly_report_shows_stored_script_escaped(client, department_user, economy_user, unit, frozen):
    client.force_login(department_user)
    project = RunningProjectFactory(organisation=unit)
    report = ReportFactory(organisation=unit, year=2026, quarter=4)
    url = reverse("reporting:detail", args=[report.pk])
    data = {"version": str(report.version), "general_comment": SCRIPT, f"p{project.pk}-progress": SCRIPT}
    assert _post(client, url, data).status_code == 302
    assert "&lt;script&gt;" in _shown_escaped(client, url)
    client.force_login(economy_user)
    _shown_escaped(client, url)


# --- Assessment ---------------------------------------------------------------------------


def test_assessment_survives_hostile_input(client, department_user, unit):
    from scoring.tests.factories import ProjectFactory as ApprovedProjectFactory

    client.force_login(department_user)
    project = ApprovedProjectFactory(organisation=unit)
    url = reverse("scoring:assess", args=[project.pk])
    base = {f"criterion_{code}": codes for code, codes in REGIONAL_7_5.items()}
    base.update({f"justification_{code}": text for code, text in justify(REGIONAL_7_5).items()})
    base["draft"] = "1"

    @BOUNDED
    @given(_mutations([*base]))
    def run(changes):
        _post(client, url, {**base, **changes})

    run()


def test_assessment_shows_stored_script_escaped(client, department_user, unit):
    from scoring.models import Assessment
    from scoring.tests.factories import ProjectFactory as ApprovedProjectFactory

    client.force_login(department_user)
    project = ApprovedProjectFactory(organisation=unit)
    data = {f"criterion_{code}": codes for code, codes in REGIONAL_7_5.items()}
    data.update({f"justification_{code}": SCRIPT for code in REGIONAL_7_5})
    data["draft"] = "1"
    assert _post(client, reverse("scoring:assess", args=[project.pk]), data).status_code == 302
    assessment = Assessment.objects.get(project=project)
    _shown_escaped(client, reverse("scoring:assess", args=[project.pk]))
    _shown_escaped(client, reverse("scoring:detail", args=[assessment.pk]))


# --- Suggestion ---------------------------------------------------------------------------


def test_suggestion_survives_hostile_input(client, department_user):
    client.force_login(department_user)
    url = reverse("registries:suggestion-create")
    base = {
        "title": "Один журнал вместо двух",
        "problem": "Два журнала",
        "solution": "Один электронный журнал",
        "expected_effect": "Меньше ошибок",
        "authors": [str(department_user.employee_id)],
        "submitted_on": "2024-06-15",
    }

    @BOUNDED
    @given(_mutations([*base]))
    def run(changes):
        _post(client, url, {**base, **changes})

    run()


def test_suggestion_shows_stored_script_escaped(client, department_user):
    client.force_login(department_user)
    data = {
        "title": SCRIPT,
        "problem": SCRIPT,
        "solution": SCRIPT,
        "expected_effect": SCRIPT,
        "authors": [str(department_user.employee_id)],
    }
    assert _post(client, reverse("registries:suggestion-create"), data).status_code == 302
    suggestion = Suggestion.objects.get()
    assert "&lt;script&gt;" in _shown_escaped(client, suggestion.get_absolute_url())
    _shown_escaped(client, reverse("registries:suggestion-list"))


# --- Public survey ------------------------------------------------------------------------


def test_public_survey_survives_hostile_input(client, unit, department_user):
    with time_machine.travel(datetime.datetime(2024, 6, 15, 9, 0, tzinfo=datetime.UTC), tick=False):
        survey = PortalSurveyFactory(organisation=unit, title="Оценка приёма")
        questions = [SurveyQuestionFactory(survey=survey, position=n, text=f"Вопрос {n}") for n in (1, 2)]
        url = reverse("registries:survey-public", args=[survey.public_token])
        base = {f"q{q.pk}": "5" for q in questions}
        base["comment"] = "Спасибо"

        @BOUNDED
        @given(_mutations([*base]))
        def run(changes):
            cache.clear()  # the per-address rate limit is not what this test is about
            _post(client, url, {**base, **changes}, allowed=(200, 302, 400))

        run()

        cache.clear()
        assert _post(client, url, {**base, "comment": SCRIPT}).status_code == 302
        client.force_login(department_user)
        assert "&lt;script&gt;" in _shown_escaped(client, reverse("registries:survey-detail", args=[survey.pk]))


# --- Query parameters and small forms that bypass form classes ------------------------------


@pytest.mark.parametrize(
    "name, params",
    [
        ("projects:similar", {"exclude": "²", "title": "x\x00y"}),
        ("projects:registry", {"page": "9" * 40, "o": SCRIPT}),
        ("projects:registry", {"o": SCRIPT}),
        ("reporting:list", {"year": "9" * 40, "quarter": "\x00", "state": SCRIPT}),
        ("reporting:list", {"year": "-1e308"}),
        ("reporting:list", {"state": SCRIPT}),
        ("reporting:selfassessment-list", {"year": "²"}),
        ("reporting:selfassessment-list", {"year": "9" * 40}),
        ("registries:recognition", {"year": "9" * 40}),
        ("registries:suggestion-list", {"page": "-1", "o": "\x00"}),
    ],
)
def test_hostile_query_parameters(client, department_user, name, params):
    """A bad value answers 400 with a Russian message (issue 16), never 500, never echoed raw."""
    client.force_login(department_user)
    response = client.get(reverse(name), params)
    assert response.status_code == 400
    content = response.content.decode()
    assert SCRIPT not in content
    assert "Неверн" in content or "ноль-байт" in content or "Номер страницы" in content or "корректный" in content


@pytest.mark.parametrize(
    "name, params",
    [
        ("projects:similar", {"exclude": "²", "title": "Запись в школу"}),
        ("reporting:selfassessment-list", {"year": "2025"}),
        ("registries:recognition", {"year": "1999"}),
        ("registries:suggestion-list", {"page": "99999"}),
    ],
)
def test_odd_but_valid_query_parameters_answer_200(client, department_user, name, params):
    client.force_login(department_user)
    assert client.get(reverse(name), params).status_code == 200


@pytest.mark.parametrize("year", ["²", "9" * 40, "-1", "\x00", SCRIPT])
def test_selfassessment_start_with_a_hostile_year(client, department_user, year):
    client.force_login(department_user)
    response = client.post(reverse("reporting:selfassessment-start"), {"year": year})
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:selfassessment-list")


def test_nul_byte_is_refused_with_a_russian_message_on_the_field(client, department_user, unit):
    client.force_login(department_user)
    data = _passport_data(department_user.employee, unit.sphere, {"title": "до\x00после"})
    response = _post(client, reverse("projects:create"), data)
    assert response.status_code == 200
    assert "ноль-байт" in " ".join(response.context["form"].errors["title"])
    assert not Project.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_passport_dates_out_of_range_are_refused_on_the_fields(client, department_user, unit, day):
    client.force_login(department_user)
    data = _passport_data(department_user.employee, unit.sphere, dict.fromkeys(STAGE_DATES, day))
    response = _post(client, reverse("projects:create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert all("Дата должна быть в пределах" in errors[name][0] for name in STAGE_DATES)
    assert not Project.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1900-01-01", "9999-12-31"])
def test_suggestion_with_an_extreme_date_is_refused_or_displays_everywhere(client, department_user, day):
    client.force_login(department_user)
    data = {
        "title": "Старое предложение",
        "problem": "Проблема",
        "solution": "Решение",
        "authors": [str(department_user.employee_id)],
        "submitted_on": day,
    }
    response = _post(client, reverse("registries:suggestion-create"), data)
    if response.status_code == 200:
        assert "submitted_on" in response.context["form"].errors
    for name in ("home", "registries:suggestion-list", "registries:suggestion-counts", "registries:recognition"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("registries:suggestion-export")).status_code == 200
