"""DOMAIN.md «How the figures are read», pinned with hand-worked examples.

Each test builds the few records it needs and works the expected figure out in its comments.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import client_for
from orgs.models import Organisation
from orgs.tests.factories import EmployeeFactory, OrganisationFactory
from plan import monitoring
from plan.indicators import DEFINITIONS, Value
from plan.models import Target
from plan.monitoring import MET, NOT_BEGUN, NOT_MET, PRELIMINARY, PRELIMINARY_MET, build_monitoring, verdict
from plan.tests.factories import ContestFactory, ProjectFactory, SuggestionFactory, SurveyFactory, TrainingFactory
from registries.models import Contest, Survey, SurveyQuestion, SurveyResponse

pytestmark = pytest.mark.django_db
d = datetime.date
K = Organisation.Kind


def _official(project, *, is_lean: bool, user):
    from scoring.models import Assessment, RubricVersion

    return Assessment.objects.create(
        project=project,
        rubric_version=RubricVersion.objects.current(),
        kind=Assessment.Kind.OFFICE,
        state=Assessment.State.AGREED,
        total=Decimal("6") if is_lean else Decimal("3"),
        is_lean=is_lean,
        status="regional" if is_lean else "",
        cut_off_by="" if is_lean else "1",
        assessor=user,
        assessor_employee=user.employee,
        assessed_on=project.closed_on,
    )


def test_projects_rejected_by_the_official_assessment_are_not_lean_projects(economy_user):
    """1.1, 1.3 and 1.5 leave out a project whose agreed assessment says «не может быть признан бережливым»;
    a project not yet assessed counts and is marked so."""
    unit = OrganisationFactory(kind=K.STRUCTURAL_UNIT)
    school = OrganisationFactory(kind=K.INSTITUTION, parent=unit)
    library = OrganisationFactory(kind=K.INSTITUTION, parent=unit)
    lean = ProjectFactory(organisation=school, closed_on=d(2024, 3, 1), replicates_source="г. Калуга")
    rejected = ProjectFactory(organisation=library, closed_on=d(2024, 4, 1), replicates_source="г. Томск")
    waiting = ProjectFactory(organisation=school, closed_on=d(2024, 5, 1))
    _official(lean, is_lean=True, user=economy_user)
    _official(rejected, is_lean=False, user=economy_user)

    # 1.1: lean + waiting = 2 (the rejected one is not a lean project).
    assert DEFINITIONS["projects_implemented"].actuals([2024], by_org=False).for_year(2024) == Value(2)
    listed = {p: p.not_assessed for p in DEFINITIONS["projects_implemented"].rows(2024)}
    assert listed == {lean: False, waiting: True}
    # 1.3: school counts (two lean projects), library does not (its only project was rejected): 1 of 2.
    share = DEFINITIONS["subordinates_with_projects_share"].actuals([2024], by_org=False, since=2024)
    assert share.for_year(2024) == Value(1, 2)
    # 1.5: replicated among lean projects: lean (replicated) of lean + waiting → 1 of 2 = 50 %, not 2 of 3.
    assert DEFINITIONS["replicated_projects_share"].actuals([2024], by_org=False).for_year(2024) == Value(1, 2)


def test_1_3_and_1_4_agree_on_a_constructed_case():
    """Both shares read the same way: cumulative from the plan's start to the end of the year, over every
    subordinate institution — an institution with no parent unit (like МАУ «МФЦ») counts.

    Institutions: S1 and S2 (of unit U), M (no parent unit), and X (inactive, left out). Each institution
    implements a project AND a suggestion in the same year: S1 in 2022, M in 2023, S2 never. Read from 2022:
    end of 2022 — S1 of S1, S2, M = 1 of 3; end of 2023 — S1 and M = 2 of 3; end of 2024 — still 2 of 3.
    """
    unit = OrganisationFactory(kind=K.STRUCTURAL_UNIT)
    s1 = OrganisationFactory(kind=K.INSTITUTION, parent=unit)
    OrganisationFactory(kind=K.INSTITUTION, parent=unit)  # S2: nothing implemented
    mfc = OrganisationFactory(kind=K.INSTITUTION, parent=None, short_name="МАУ «МФЦ»")
    gone = OrganisationFactory(kind=K.INSTITUTION, parent=unit, is_active=False)
    for organisation, day in ((s1, d(2022, 6, 1)), (mfc, d(2023, 6, 1)), (gone, d(2023, 6, 1))):
        ProjectFactory(organisation=organisation, closed_on=day)
        SuggestionFactory(organisation=organisation, implemented_on=day)
    years = [2022, 2023, 2024]
    projects = DEFINITIONS["subordinates_with_projects_share"].actuals(years, by_org=False, since=2022)
    suggestions = DEFINITIONS["institutions_with_suggestions_share"].actuals(years, by_org=False, since=2022)
    expected = [Value(1, 3), Value(2, 3), Value(2, 3)]
    assert [projects.for_year(y) for y in years] == expected
    assert [suggestions.for_year(y) for y in years] == expected
    assert projects.for_year(2023).value == suggestions.for_year(2023).value == Decimal("66.7")
    # The institution without a parent unit is in the base of both, and counted.
    assert {o.short_name: o.counted for o in DEFINITIONS["institutions_with_suggestions_share"].rows(2023, since=2022)}[
        "МАУ «МФЦ»"
    ]
    assert mfc in set(DEFINITIONS["subordinates_with_projects_share"].rows(2023, since=2022))


def test_3_2_counts_only_surveys_that_received_answers():
    school = OrganisationFactory(kind=K.INSTITUTION)
    SurveyFactory(organisation=school, held_on=d(2024, 3, 1), method=Survey.Method.PAPER, respondents=120)
    SurveyFactory(organisation=school, held_on=d(2024, 4, 1), method=Survey.Method.PAPER, respondents=None)
    unanswered = SurveyFactory(organisation=school, held_on=d(2024, 5, 1), method=Survey.Method.PORTAL, respondents=0)
    answered = SurveyFactory(organisation=school, held_on=d(2024, 6, 1), method=Survey.Method.PORTAL, respondents=None)
    SurveyQuestion.objects.create(survey=answered, position=1, text="Удовлетворены?")
    SurveyResponse.objects.create(survey=answered)
    # The paper survey with 120 respondents and the portal survey with one response: 2 (not 4).
    assert DEFINITIONS["surveys"].actuals([2024], by_org=False).for_year(2024) == Value(2)
    assert unanswered not in set(DEFINITIONS["surveys"].rows(2024))


def test_3_3_counts_only_municipal_contests(economy_office):
    school = OrganisationFactory(kind=K.INSTITUTION)
    ContestFactory(organisation=economy_office, held_on=d(2024, 11, 1), level=Contest.Level.IN_HOUSE)  # the office's
    ContestFactory(organisation=school, held_on=d(2024, 10, 1), level=Contest.Level.MUNICIPAL)  # marked municipal
    in_house = ContestFactory(organisation=school, held_on=d(2024, 9, 1), level=Contest.Level.IN_HOUSE)
    assert DEFINITIONS["contests"].actuals([2024], by_org=False).for_year(2024) == Value(2)
    assert in_house not in set(DEFINITIONS["contests"].rows(2024))


def test_2_1_counts_only_confirmed_training():
    school = OrganisationFactory(kind=K.INSTITUTION)
    confirmed = EmployeeFactory(organisation=school)
    with_certificate = EmployeeFactory(organisation=school)
    typed_in = EmployeeFactory(organisation=school)
    TrainingFactory(employee=confirmed, completed_on=d(2024, 3, 1))
    TrainingFactory(employee=with_certificate, completed_on=d(2024, 3, 1), confirmed_at=None, certificate="c/x.pdf")
    TrainingFactory(employee=typed_in, completed_on=d(2024, 3, 1), confirmed_at=None)
    assert DEFINITIONS["lean_basics_trained"].actuals([2024], by_org=False).for_year(2024) == Value(2)
    assert set(DEFINITIONS["lean_basics_trained"].rows(2024)) == {confirmed, with_certificate}


def _target(value, comparison=Target.Comparison.AT_LEAST):
    return Target(value=Decimal(value), comparison=comparison)


def test_verdict_by_the_calendar():
    """One function decides; a year not begun is «—», the year under way «предварительно»."""
    # It is 2026.
    assert verdict(0, _target(2), 2027, this_year=2026) is NOT_BEGUN
    assert NOT_BEGUN.label == "—"
    assert verdict(0, _target(2), 2026, this_year=2026) is PRELIMINARY
    assert verdict(3, _target(2), 2026, this_year=2026) is PRELIMINARY_MET
    assert verdict(None, _target(40), 2026, this_year=2026) is PRELIMINARY
    assert "предварительно" in PRELIMINARY.label and "предварительно" in PRELIMINARY_MET.label
    assert verdict(0, _target(2), 2025, this_year=2026) is NOT_MET
    assert verdict(2, _target(2), 2025, this_year=2026) is MET


def test_a_2027_figure_in_2026_is_a_dash_everywhere(client, economy_user, decree_plan, time_machine):
    """The 2025–2027 plan seen in 2026: 2027 is «—» on the dashboard, in the drill-down and in the .xlsx."""
    from plan.services import plan_create, targets_save

    time_machine.move_to("2026-06-01")
    plan = plan_create(name="План 2025–2027", decree="Проект", first_year=2025, last_year=2027, copy_from=decree_plan)
    indicator = plan.indicators.get(code="1.1")
    targets_save(plan=plan, cells={(indicator.pk, y): (Decimal(2), "at_least") for y in plan.years})
    row = next(r for r in build_monitoring(plan, 2027).rows if r.indicator.code == "1.1")
    assert row.status is NOT_BEGUN and not row.status.is_met
    assert [f.status.code for f in row.figures] == ["not_met", "preliminary", "not_begun"]
    client_for(client, economy_user)
    html = client.get(reverse("plan:dashboard"), {"plan": plan.pk, "year": 2027}).content.decode()
    assert "2027 год ещё не начался: выполнение показателей не оценивается." in html
    table_row = html.split('data-code="1.1"')[1].split("</tr>")[0]
    assert 'data-testid="status">—<' in table_row and "не выполнен" not in table_row
    assert "× 7" not in html and "×" not in html.split('data-testid="plan-table"')[1]
    drill = client.get(reverse("plan:records", args=[indicator.pk, 2027]))
    assert drill.context["figure"].status is NOT_BEGUN
    assert 'data-testid="status">—<' in drill.content.decode()
    assert monitoring.figure(indicator, 2026).status is PRELIMINARY
