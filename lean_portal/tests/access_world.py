"""The small district the access matrix walks: one structural unit with a subordinate school,
an unrelated organisation, the economic development office, the six roles, and one record of
every kind for the unit ("own"), for its school ("school") and for the unrelated organisation
("other").

Built once per test module (see ``test_access_matrix.py``) with the apps' factories.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from effects.models import Effect
from imports.models import ImportBatch
from orgs.models import User
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, UserFactory
from projects.models import ChangeRequest, Project
from projects.tests.factories import FullProjectFactory, GoalFactory
from registries.models import GoalSurvey
from registries.tests.factories import (
    ContestEntryFactory,
    ContestFactory,
    DiagnosticFactory,
    ModelSiteFactory,
    PortalSurveyFactory,
    StatementFactory,
    SuggestionFactory,
    SurveyQuestionFactory,
    TrainingFactory,
)
from reporting.models import SelfAssessment
from reporting.tests.factories import ReportFactory

ROLES = ("anonymous", "department", "school", "director", "economy", "admin")
OWNERS = ("own", "school", "other")

TRAINED_ON = datetime.date(2023, 3, 1)
# Seven criteria answered for ten points, criterion 6 at its top score: the project lands in
# the best-practice library (scoring/tests/conftest.py: FEDERAL_10).
FEDERAL_10 = {"1": ["1.1", "1.4"], "2": ["2.2"], "3": ["3.1"], "4": ["4.1"], "5": ["5.1"], "6": ["6.1"], "7": ["7.1"]}
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Records:
    """One record of every kind, all of one organisation."""

    organisation: object
    draft_project: Project
    submitted_project: Project
    accepted_project: Project
    approved_project: Project
    monitored_project: Project
    change_request: ChangeRequest
    assessment: object
    report: object
    submitted_report: object
    selfassessment: SelfAssessment
    suggestion: object
    training: object
    modelsite: object
    survey: object
    goal_link: GoalSurvey
    contest: object
    contest_entry: object
    diagnostic: object
    draft_effect: object = None
    monitored_effect: object = None
    import_batch: object = None  # an uploaded import file, uploaded by the organisation's staff


@dataclass
class World:
    users: dict = field(default_factory=dict)
    records: dict = field(default_factory=dict)  # "own" / "school" / "other" → Records
    statement: object = None
    plan: object = None
    indicator: object = None


def _records(organisation, author) -> Records:
    from scoring import services as scoring_services

    draft = FullProjectFactory(organisation=organisation, state=Project.State.DRAFT)
    approved = FullProjectFactory(
        organisation=organisation,
        state=Project.State.APPROVED,
        approval_date=datetime.date(2024, 2, 1),
        approval_scan=ContentFile(PDF_BYTES, name="passport.pdf"),
    )
    monitored = FullProjectFactory(organisation=organisation, state=Project.State.MONITORING)
    change = ChangeRequest.objects.create(
        project=approved, summary="Сдвиг этапа 7", reason="Поставка оборудования задержана", created_by=author
    )
    economy = User.objects.get(username="economy")
    assessment = scoring_services.assessment_save(
        project=approved,
        user=economy,
        choices=FEDERAL_10,
        justifications=dict.fromkeys(FEDERAL_10, "Подтверждено документами."),
        submit=True,
    )
    selfassessment = SelfAssessment.objects.create(organisation=organisation, year=2025)
    selfassessment.scan.save("scan.pdf", ContentFile(PDF_BYTES), save=True)
    training = TrainingFactory(employee=EmployeeFactory(organisation=organisation))
    training.certificate.save("certificate.pdf", ContentFile(PDF_BYTES), save=True)
    survey = PortalSurveyFactory(organisation=organisation)
    SurveyQuestionFactory(survey=survey)
    contest = ContestFactory(organisation=organisation)
    effect = {"kind": "staff_time", "title": "Экономия времени", "method": "мин × операций", "planned_value": 300}
    draft_effect = Effect.objects.create(project=draft, unit="ч в год", **effect)
    monitored_effect = Effect.objects.create(
        project=monitored, unit="ч в год", status=Effect.Status.SUBMITTED, actual_value=250, actual_by=author, **effect
    )
    return Records(
        organisation=organisation,
        draft_project=draft,
        submitted_project=FullProjectFactory(organisation=organisation, state=Project.State.SUBMITTED),
        accepted_project=FullProjectFactory(organisation=organisation, state=Project.State.ACCEPTED),
        approved_project=approved,
        monitored_project=monitored,
        change_request=change,
        assessment=assessment,
        report=ReportFactory(organisation=organisation, year=2026, quarter=3),
        submitted_report=ReportFactory(organisation=organisation, year=2026, quarter=2, state="submitted"),
        selfassessment=selfassessment,
        suggestion=SuggestionFactory(organisation=organisation),
        training=training,
        modelsite=ModelSiteFactory(organisation=organisation),
        survey=survey,
        goal_link=GoalSurvey.objects.create(
            goal=GoalFactory(project=approved), survey=survey, moment=GoalSurvey.Moment.BEFORE
        ),
        contest=contest,
        contest_entry=ContestEntryFactory(contest=contest, project=approved),
        diagnostic=DiagnosticFactory(organisation=organisation),
        draft_effect=draft_effect,
        monitored_effect=monitored_effect,
        # Imported already: a POST to confirm it answers «already imported», nothing runs.
        import_batch=ImportBatch.objects.create(
            uploaded_by=author, file="imports/matrix.xlsx", file_name="реестры.xlsx", size=1, state="imported"
        ),
    )


def build_world() -> World:
    """Call with MEDIA_ROOT pointing at a scratch directory: scans are written to it."""
    from plan.models import Plan

    economy_office = OrganisationFactory(short_name="Управление экономического развития", kind="unit")
    economy_office.is_economy_office = True
    economy_office.save(update_fields=["is_economy_office"])
    unit = OrganisationFactory(short_name="Управление образования", kind="unit")
    school = OrganisationFactory(short_name="МБОУ «Школа № 1»", kind="institution", parent=unit)
    other = OrganisationFactory(short_name="Управление культуры", kind="unit")

    def staff(username, organisation, role=User.Role.STAFF, **employee):
        employee = EmployeeFactory(organisation=organisation, lean_basics_completed_on=TRAINED_ON, **employee)
        return UserFactory(username=username, role=role, employee=employee)

    world = World()
    world.users["department"] = staff("department", unit)
    world.users["school"] = staff("school", school)
    director = staff("director", unit, role=User.Role.DIRECTOR, position="Начальник управления")
    unit.head = director.employee
    unit.save(update_fields=["head"])
    world.users["director"] = director
    world.users["economy"] = staff("economy", economy_office, role=User.Role.ECONOMY)
    world.users["admin"] = UserFactory(
        username="admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True, employee=None
    )
    outsider = staff("outsider", other)

    world.records["own"] = _records(unit, world.users["department"])
    world.records["school"] = _records(school, world.users["school"])
    world.records["other"] = _records(other, outsider)
    world.statement = StatementFactory()
    world.plan = Plan.objects.order_by("first_year", "pk").first()
    world.indicator = world.plan.indicators.order_by("position", "pk").first()
    # Read «каждым исполнителем», so that its paged list of lagging executors exists (plan:lagging).
    world.indicator.scope = "organisation"
    world.indicator.save(update_fields=["scope"])
    return world
