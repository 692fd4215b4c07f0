"""No list page or dashboard makes more queries when it has more rows (issue 9, item 5).

Each test fills a page with a few rows (each with its related records: organisations,
authors, employees, projects, entries…), counts the queries of one request, adds more
rows of every kind and counts again: the two counts must be equal, and every row must be
on the page. The project registry, the reporting status table and the plan pages have
their own tests in their apps (projects/tests, reporting/tests, plan/tests).
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from conftest import client_for
from orgs.models import PersonalDataAccess
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, SphereFactory, UserFactory
from projects.models import Goal, Project, TeamMember
from registries.models import (
    ContestEntry,
    ContestNomination,
    CultureDiagnostic,
    DiagnosticRating,
    GoalSurvey,
    ModelSite,
    Suggestion,
    SurveyAnswer,
    SurveyResponse,
    Training,
)
from registries.tests.factories import (
    ContestFactory,
    PortalSurveyFactory,
    StatementFactory,
    SuggestionFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    TrainingFactory,
)
from scoring import services as scoring_services

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    # Frozen: the session's last-activity mark is never rewritten between the two counts.
    time_machine.move_to(datetime.datetime(2024, 6, 15, 9, 0, tzinfo=datetime.UTC), tick=False)


def _n() -> int:
    return next(_serial)


def _get(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return captured.captured_queries, response.content.decode()


def _assert_shown(content: str, texts: list[str], url: str) -> None:
    missing = [t for t in texts if escape(t) not in content]
    assert not missing, f"{url}: rows missing from the page: {missing[:5]}"


def assert_flat(client, url, add, *, params=None, first: int = 2, then: int = 4) -> int:
    """``add(k)`` creates k rows (with their related records) and returns texts the page must show."""
    shown = list(add(first))
    client.get(url, params or {})  # warm-up: one-off queries (content types, caches)
    few, content = _get(client, url, params)
    _assert_shown(content, shown, url)
    shown += add(then)
    many, content = _get(client, url, params)
    _assert_shown(content, shown, url)
    if len(many) != len(few):
        extra = [q["sql"][:200] for q in many[len(few) - 1 :]][:10]
        counts = f"{len(few)} queries with {first} rows, {len(many)} with {first + then}"
        pytest.fail(f"{url}: {counts}:\n" + "\n".join(extra))
    return len(few)


# --- helpers making rows with everything they refer to -----------------------------------


def _employee(organisation, **fields) -> object:
    return EmployeeFactory(organisation=organisation, last_name=f"Сотрудникова{_n()}", **fields)


def _project(organisation, **fields) -> Project:
    n = _n()
    fields.setdefault("state", Project.State.IN_PROGRESS)
    project = Project.objects.create(
        organisation=organisation,
        title=fields.pop("title", f"Проект номер {n}"),
        sphere=SphereFactory(),
        lead=fields.pop("lead") if "lead" in fields else _employee(organisation),
        **fields,
    )
    TeamMember.objects.create(project=project, employee=_employee(organisation), role="Участник")
    Goal.objects.create(project=project, position=1, name=f"Цель {n}", unit="мин", current_value=40, target_value=10)
    return project


def _subordinate(unit):
    return OrganisationFactory(parent=unit, short_name=f"Учреждение {_n()}", sphere=SphereFactory())


# --- registries ---------------------------------------------------------------------------


def test_suggestion_list(client, unit, school, department_user):
    def add(k):
        titles = []
        for i in range(k):
            organisation = (unit, school, _subordinate(unit))[i % 3]
            title = f"Предложение номер {_n()}"
            suggestion = SuggestionFactory(
                organisation=organisation,
                title=title,
                authors=[_employee(organisation), _employee(organisation)],
                project=_project(organisation),
                created_by=department_user,
                state=Suggestion.State.ACCEPTED,
            )
            titles.append(suggestion.title)
        return titles

    assert_flat(client_for(client, department_user), reverse("registries:suggestion-list"), add)


def test_suggestion_counts(client, unit, department_user):
    def add(k):
        names = []
        for _ in range(k):
            organisation = _subordinate(unit)
            for year in (2023, 2024):
                SuggestionFactory(organisation=organisation, submitted_on=datetime.date(year, 3, 1))
            names.append(organisation.short_name)
        return names

    assert_flat(client_for(client, department_user), reverse("registries:suggestion-counts"), add)


def test_training_list(client, unit, school, department_user):
    def add(k):
        names = []
        for i in range(k):
            organisation = (unit, school, _subordinate(unit))[i % 3]
            employee = _employee(organisation)
            TrainingFactory(
                employee=employee,
                kind=Training.Kind.MENTORING,
                mentor=_employee(organisation),
                created_by=department_user,
            )
            names.append(employee.last_name)
        return names

    assert_flat(client_for(client, department_user), reverse("registries:training-list"), add)


def test_modelsite_list(client, unit, school, department_user):
    def add(k):
        titles = []
        for i in range(k):
            organisation = (unit, school, _subordinate(unit))[i % 3]
            site = ModelSite.objects.create(
                organisation=organisation,
                sphere=SphereFactory(name=f"Сфера {_n()}"),
                title=f"Образцовый кабинет {_n()}",
                audit_date=datetime.date(2024, 5, 1),
                auditor="МАУ МФЦ",
            )
            titles.append(site.title)
        return titles

    assert_flat(client_for(client, department_user), reverse("registries:modelsite-list"), add)


def test_survey_list(client, unit, school, department_user):
    def add(k):
        titles = []
        for i in range(k):
            organisation = (unit, school, _subordinate(unit))[i % 3]
            survey = (SurveyFactory if i % 2 else PortalSurveyFactory)(
                organisation=organisation,
                project=_project(organisation),
                title=f"Опрос номер {_n()}",
                created_by=department_user,
            )
            question = SurveyQuestionFactory(survey=survey)
            response = SurveyResponse.objects.create(survey=survey)
            SurveyAnswer.objects.create(response=response, question=question, score=5)
            titles.append(survey.title)
        return titles

    assert_flat(client_for(client, department_user), reverse("registries:survey-list"), add)


def test_survey_results_page(client, unit, department_user):
    survey = PortalSurveyFactory(organisation=unit, project=_project(unit), title="Опрос с ответами")

    def add(k):
        texts = []
        for _ in range(k):
            question = SurveyQuestionFactory(survey=survey, text=f"Вопрос номер {_n()}")
            texts.append(question.text)
            goal = Goal.objects.create(
                project=_project(unit),
                position=1,
                name=f"Цель опроса {_n()}",
                unit="%",
                current_value=1,
                target_value=2,
            )
            GoalSurvey.objects.create(goal=goal, survey=survey, moment="before")
            texts.append(goal.project.title)
        for _ in range(k):
            response = SurveyResponse.objects.create(survey=survey)
            for question in survey.questions.all():
                SurveyAnswer.objects.create(response=response, question=question, score=4)
        return texts

    assert_flat(client_for(client, department_user), survey.get_absolute_url(), add)


def test_contest_list(client, economy_office, unit, department_user):
    def add(k):
        titles = []
        for _ in range(k):
            contest = ContestFactory(organisation=economy_office, title=f"Конкурс номер {_n()}", year=2015 + _n() % 10)
            nomination = ContestNomination.objects.create(contest=contest, title="Лучший проект")
            ContestEntry.objects.create(
                contest=contest, nomination=nomination, project=_project(unit), place=1, is_winner=True
            )
            ContestEntry.objects.create(contest=contest, suggestion=SuggestionFactory(organisation=unit))
            titles.append(contest.title)
        return titles

    assert_flat(client_for(client, department_user), reverse("registries:contest-list"), add)


def test_contest_page(client, economy_office, unit, school, economy_user):
    contest = ContestFactory(organisation=economy_office, title="Конкурс с участниками")

    def add(k):
        texts = []
        for i in range(k):
            organisation = (unit, school, _subordinate(unit))[i % 3]
            nomination = ContestNomination.objects.create(contest=contest, title=f"Номинация {_n()}", position=i)
            project = _project(organisation, state=Project.State.CLOSED)
            suggestion = SuggestionFactory(organisation=organisation, title=f"Участник-предложение {_n()}")
            ContestEntry.objects.create(
                contest=contest, nomination=nomination, project=project, score=Decimal("8.5"), place=i + 1
            )
            ContestEntry.objects.create(contest=contest, nomination=nomination, suggestion=suggestion)
            texts += [nomination.title, project.title, suggestion.title]
        return texts

    assert_flat(client_for(client, economy_user), contest.get_absolute_url(), add)


@pytest.fixture
def statements():
    return [StatementFactory(text=f"Утверждение {i}", position=i) for i in range(1, 4)]


def _diagnostic(organisation, year, statements, user=None):
    diagnostic = CultureDiagnostic.objects.create(
        organisation=organisation, year=year, held_on=datetime.date(year, 2, 1), directions="Д", created_by=user
    )
    for statement in statements:
        DiagnosticRating.objects.create(diagnostic=diagnostic, statement=statement, score=Decimal("3.5"))
    return diagnostic


def test_diagnostics_list(client, unit, department_user, statements):
    def add(k):
        names = []
        for _ in range(k):
            organisation = _subordinate(unit)
            _diagnostic(organisation, 2023, statements, department_user)
            _diagnostic(organisation, 2024, statements, department_user)
            names.append(organisation.short_name)
        return names

    assert_flat(client_for(client, department_user), reverse("registries:diagnostics-list"), add)


def test_diagnostics_year_over_year(client, unit, department_user, statements):
    years = iter(range(2010, 2030))

    def add(k):
        more = [StatementFactory(text=f"Утверждение номер {_n()}", position=10 + _n()) for _ in range(k)]
        statements.extend(more)
        for _ in range(k):
            _diagnostic(unit, next(years), statements)
        return [s.text for s in more]

    assert_flat(client_for(client, department_user), reverse("registries:diagnostics-compare", args=[unit.pk]), add)


def test_statement_list(client, economy_user):
    def add(k):
        return [StatementFactory(text=f"Утверждение номер {_n()}", position=_n()).text for _ in range(k)]

    assert_flat(client_for(client, economy_user), reverse("registries:statement-list"), add)


def test_recognition(client, unit, school, department_user):
    def add(k):
        names = []
        for i in range(k):
            organisation = (unit, school, _subordinate(unit))[i % 3]
            star = _employee(organisation)
            SuggestionFactory(
                organisation=organisation,
                authors=[star],
                state=Suggestion.State.IMPLEMENTED,
                submitted_on=datetime.date(2024, 1, 10),
                implemented_on=datetime.date(2024, 3, 1),
            )
            _project(organisation, lead=None, state=Project.State.CLOSED, closed_on=datetime.date(2024, 5, 1))
            TrainingFactory(
                employee=_employee(organisation),
                kind=Training.Kind.MENTORING,
                mentor=star,
                started_on=datetime.date(2024, 1, 1),
                completed_on=datetime.date(2024, 4, 1),
            )
            names.append(star.last_name)
        return names

    assert_flat(client_for(client, department_user), reverse("registries:recognition"), add, params={"year": 2024})


# --- scoring ------------------------------------------------------------------------------


# Choices giving 7.5 points: a regional lean project (as in scoring/tests/conftest.py).
REGIONAL = {"1": ["1.1"], "2": ["2.1"], "3": ["3.1"], "4": ["4.2"], "5": ["5.1"], "6": ["6.3"], "7": ["7.2"]}
# Ten points, replication 6.1: a federal project, in the library of best practices.
FEDERAL = {"1": ["1.1", "1.4"], "2": ["2.2"], "3": ["3.1"], "4": ["4.1"], "5": ["5.1"], "6": ["6.1"], "7": ["7.1"]}


def _assess(project, user, choices=REGIONAL):
    return scoring_services.assessment_save(
        project=project,
        user=user,
        choices=choices,
        justifications={code: f"Подтверждено по критерию {code}." for code in choices},
        submit=True,
    )


def _assessed_project(organisation, user, choices=REGIONAL, **fields):
    project = _project(organisation, state=Project.State.APPROVED, approval_date=datetime.date(2024, 2, 1), **fields)
    _assess(project, user, choices)
    return project


def test_ranking(client, unit, school, other_org, economy_user):
    def add(k):
        return [
            _assessed_project((unit, school, other_org, _subordinate(unit))[i % 4], economy_user).title
            for i in range(k)
        ]

    assert_flat(client_for(client, economy_user), reverse("scoring:ranking"), add)


def test_rubric_versions(client, economy_user):
    from scoring.models import RubricVersion
    from scoring.rubric import DEFAULT_RUBRIC

    def add(k):
        titles = []
        for _ in range(k):
            n = _n()
            rubric = dataclasses.replace(DEFAULT_RUBRIC, regional_from=DEFAULT_RUBRIC.regional_from + n % 4)
            version = scoring_services.rubric_version_create(
                rubric=rubric,
                title=f"Редакция номер {n}",
                basis="Распоряжение",
                valid_from=datetime.date(2024, 1, 1),
                make_current=True,
                user=economy_user,
            )
            titles.append(version.title)
        return titles

    assert_flat(client_for(client, economy_user), reverse("scoring:rubric-list"), add)
    assert RubricVersion.objects.count() == 7


def test_pending(client, unit, school, economy_user, department_user, school_user):
    school_user.employee.lean_basics_completed_on = datetime.date(2023, 3, 1)
    school_user.employee.save()

    def add(k):
        titles = []
        for i in range(k):
            organisation, user = ((unit, department_user), (school, school_user))[i % 2]
            project = _project(organisation, state=Project.State.APPROVED, approval_date=datetime.date(2024, 2, 1))
            _assess(project, user)
            titles.append(project.title)
        return titles

    assert_flat(client_for(client, economy_user), reverse("scoring:pending"), add)


def test_library(client, unit, school, other_org, economy_user, department_user):
    contest = ContestFactory(organisation=economy_user.organisation, year=2024)

    def add(k):
        titles = []
        for i in range(k):
            project = _assessed_project(
                (unit, school, other_org)[i % 3], economy_user, FEDERAL, closed_on=datetime.date(2024, 5, 1)
            )
            project.state = Project.State.CLOSED
            project.save()
            ContestEntry.objects.create(contest=contest, project=project, place=1, is_winner=True)
            titles.append(project.title)
        return titles

    assert_flat(client_for(client, department_user), reverse("practices:list"), add)


# --- organisations ------------------------------------------------------------------------


def test_organisation_list(client, unit, economy_user):
    def add(k):
        return [_subordinate(_subordinate(unit)).short_name for _ in range(k)]

    assert_flat(client_for(client, economy_user), reverse("orgs:list"), add)


def test_organisation_page_with_employees_and_subordinates(client, unit, department_user):
    def add(k):
        texts = []
        for _ in range(k):
            texts.append(_employee(unit).last_name)
            texts.append(_subordinate(unit).short_name)
        return texts

    assert_flat(client_for(client, department_user), reverse("orgs:detail", args=[unit.pk]), add)


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("organisation", lambda unit: _subordinate(unit).short_name),
        ("employee", lambda unit: _employee(_subordinate(unit)).last_name),
        ("user", lambda unit: UserFactory(username=f"login{_n()}", employee=_employee(unit)).username),
        (
            "personaldataaccess",
            lambda unit: (
                PersonalDataAccess.objects.create(
                    user=UserFactory(username=f"reader{_n()}", employee=_employee(unit)),
                    action=PersonalDataAccess.Action.VIEW,
                    what=f"Сотрудники: выборка {_n()}",
                    path="/orgs/",
                ).what
            ),
        ),
    ],
)
def test_admin_lists_of_organisations_employees_users_and_personal_data_log(
    client, unit, admin_user_portal, model, make
):
    def add(k):
        return [make(unit) for _ in range(k)]

    assert_flat(client_for(client, admin_user_portal), reverse(f"admin:orgs_{model}_changelist"), add)


# --- home page ----------------------------------------------------------------------------


def _home_rows(organisation, user, economy_user, k) -> list[str]:
    """Rows of every kind the home panels list: passports in every state, reports, assessments,
    suggestions, surveys."""
    from reporting.models import QuarterlyReport

    texts = []
    for _ in range(k):
        draft = _project(organisation, state=Project.State.DRAFT)
        _project(organisation, state=Project.State.RETURNED)
        _project(organisation, state=Project.State.SUBMITTED)
        _project(organisation, state=Project.State.ACCEPTED)
        _project(
            organisation,
            state=Project.State.MONITORING,
            stage10_date=datetime.date(2024, 6, 1),
            stage7_end=datetime.date(2024, 3, 1),
        )
        _project(organisation, stage7_end=datetime.date(2024, 6, 20), current_stage=7)
        assessed = _project(organisation, state=Project.State.APPROVED, approval_date=datetime.date(2024, 2, 1))
        _assess(assessed, user)
        suggestion = SuggestionFactory(
            organisation=organisation,
            title=f"Предложение на главной {_n()}",
            submitted_on=datetime.date(2024, 1, _n() % 28 + 1),
            authors=[_employee(organisation)],
        )
        survey = PortalSurveyFactory(organisation=organisation, title=f"Идущий опрос {_n()}", project=assessed)
        SurveyResponse.objects.create(survey=survey)
        other = _subordinate(organisation)
        QuarterlyReport.objects.create(
            organisation=other,
            year=2024,
            quarter=1,
            state=QuarterlyReport.State.SUBMITTED,
            submitted_at=datetime.datetime(2024, 4, 5, tzinfo=datetime.UTC),
        )
        texts += [draft.title, suggestion.title]
    return texts


def test_home_page_of_staff(client, unit, department_user, economy_user):
    def add(k):
        return _home_rows(unit, department_user, economy_user, k)

    assert_flat(client_for(client, department_user), reverse("home"), add, first=2, then=2)


def test_home_page_of_director(client, unit, director_user, department_user, economy_user):
    director_user.employee.lean_basics_completed_on = datetime.date(2023, 3, 1)
    director_user.employee.save()

    def add(k):
        _home_rows(unit, department_user, economy_user, k)
        return []

    assert_flat(client_for(client, director_user), reverse("home"), add, first=2, then=2)


def test_home_page_of_the_office(client, unit, school, other_org, department_user, economy_user):
    def add(k):
        for organisation in (unit, other_org):
            _home_rows(organisation, department_user if organisation == unit else economy_user, economy_user, k)
        return []

    assert_flat(client_for(client, economy_user), reverse("home"), add, first=2, then=2)


# --- reporting lists (the status table has its own tests in reporting/tests) ------------------


def _reports(organisations, k, economy_user):
    from reporting.models import QuarterlyReport, SelfAssessment

    names = []
    for i in range(k):
        organisation = _subordinate(organisations[i % len(organisations)])
        submitter = UserFactory(username=f"submitter{_n()}", employee=_employee(organisation))
        for quarter in (1, 2):
            QuarterlyReport.objects.create(
                organisation=organisation,
                year=2024,
                quarter=quarter,
                state=QuarterlyReport.State.SUBMITTED,
                submitted_by=submitter,
                submitted_at=datetime.datetime(2024, 4, 5, tzinfo=datetime.UTC),
            )
        SelfAssessment.objects.create(organisation=organisation, year=2024)
        _project(organisation, stage7_end=datetime.date(2024, 5, 1), current_stage=7)
        names.append(organisation.short_name)
    return names


def test_report_list(client, unit, other_org, economy_user):
    assert_flat(
        client_for(client, economy_user),
        reverse("reporting:list"),
        lambda k: _reports([unit, other_org], k, economy_user),
    )


def test_report_list_of_a_unit(client, unit, department_user, economy_user):
    assert_flat(
        client_for(client, department_user), reverse("reporting:list"), lambda k: _reports([unit], k, economy_user)
    )


def test_deadlines(client, unit, department_user, economy_user):
    assert_flat(
        client_for(client, department_user),
        reverse("reporting:deadlines"),
        lambda k: _reports([unit], k, economy_user),
    )


def test_selfassessment_list(client, unit, other_org, economy_user):
    assert_flat(
        client_for(client, economy_user),
        reverse("reporting:selfassessment-list"),
        lambda k: _reports([unit, other_org], k, economy_user),
    )


def test_deadline_rules(client, unit, economy_user):
    from reporting.models import DeadlineRule

    def add(k):
        names = []
        for _ in range(k):
            organisation = _subordinate(unit)
            DeadlineRule.objects.create(kind=DeadlineRule.Kind.QUARTERLY_REPORT, organisation=organisation, day=20)
            names.append(organisation.short_name)
        return names

    assert_flat(client_for(client, economy_user), reverse("reporting:deadline-rules"), add)


# --- admin lists of the registries and the assessments -------------------------------------


def _admin_goal_survey(unit):
    project = _project(unit)
    survey = SurveyFactory(organisation=unit, title=f"Опрос к цели {_n()}")
    GoalSurvey.objects.create(goal=project.goals.get(), survey=survey, moment="after")
    return survey.title


def _admin_assessment(unit, economy_user):
    project = _project(unit, state=Project.State.APPROVED, approval_date=datetime.date(2024, 2, 1))
    _assess(project, economy_user)
    return project.title


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("registries_suggestion", lambda unit, _: SuggestionFactory(organisation=_subordinate(unit)).title),
        (
            "registries_training",
            lambda unit, _: TrainingFactory(employee=_employee(unit), mentor=_employee(unit)).employee.last_name,
        ),
        (
            "registries_modelsite",
            lambda unit, _: (
                ModelSite.objects.create(
                    organisation=_subordinate(unit),
                    sphere=SphereFactory(name=f"Сфера {_n()}"),
                    title=f"Образцовый кабинет {_n()}",
                    audit_date=datetime.date(2024, 5, 1),
                ).title
            ),
        ),
        (
            "registries_survey",
            lambda unit, _: SurveyFactory(organisation=_subordinate(unit), project=_project(unit)).title,
        ),
        ("registries_goalsurvey", lambda unit, _: _admin_goal_survey(unit)),
        ("registries_contest", lambda unit, _: ContestFactory(organisation=_subordinate(unit)).title),
        (
            "registries_culturediagnostic",
            lambda unit, _: _diagnostic(_subordinate(unit), 2024, []).organisation.short_name,
        ),
        ("scoring_assessment", _admin_assessment),
    ],
)
def test_admin_lists_of_registries_and_assessments(client, unit, admin_user_portal, economy_user, model, make):
    def add(k):
        return [make(unit, economy_user) for _ in range(k)]

    app, name = model.split("_", 1)
    assert_flat(client_for(client, admin_user_portal), reverse(f"admin:{app}_{name}_changelist"), add)


# --- forms whose choices grow with the data (issue 17, item 5) ----------------------------


def test_staff_on_other_organisations_projects(client, unit, director_user, other_org):
    def add(k):
        texts = []
        for _ in range(k):
            project = _project(OrganisationFactory(short_name=f"Заказчик {_n()}"))
            member = TeamMember.objects.create(project=project, employee=_employee(unit), role="Эксперт")
            led = _project(other_org, lead=_employee(unit))
            texts += [member.employee.full_name, project.title, led.title, led.lead.full_name]
        return texts

    assert_flat(client_for(client, director_user), reverse("projects:seconded"), add)


def test_deadline_rules_page(client, unit, economy_user):
    from reporting.models import DeadlineRule

    def add(k):
        texts = []
        for _ in range(k):
            organisation = _subordinate(unit)
            DeadlineRule.objects.create(kind=DeadlineRule.Kind.QUARTERLY_REPORT, organisation=organisation, day=5)
            texts.append(organisation.short_name)
        return texts

    assert_flat(client_for(client, economy_user), reverse("reporting:deadline-rules"), add)


def test_passport_form_of_a_draft(client, unit, department_user):
    """The draft's team rows show their chosen employees read in one query, not one per row; the rows
    of justification and goals are read once each."""
    from projects.models import JustificationItem

    project = _project(unit, state=Project.State.DRAFT, title="Черновик с командой")

    def add(k):
        texts = []
        for _ in range(k):
            member = TeamMember.objects.create(project=project, employee=_employee(unit), role=f"Роль {_n()}")
            JustificationItem.objects.create(project=project, position=_n(), text=f"Обоснование {_n()}")
            goal = Goal.objects.create(
                project=project, position=_n(), name=f"Цель {_n()}", unit="мин", current_value=5, target_value=1
            )
            texts += [member.employee.full_name, member.role, goal.name]
        return texts

    assert_flat(client_for(client, department_user), reverse("projects:edit", args=[project.pk]), add)
