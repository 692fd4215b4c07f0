"""The small region the access matrix walks.

Municipality A (the default, Leninsk-Kuznetsky): one structural unit with a subordinate school,
an unrelated organisation and the economic development office. Municipality B (Belovsky): its own
economy office and one organisation. Above both, the regional project office (an organisation of
kind REGIONAL, in no municipality).

Roles: ``anonymous``; A's ``department`` (staff of the unit), ``school``, ``director`` (head of the
unit), ``economy`` (A's office); ``far_economy`` (B's office); ``region`` (the regional office);
``admin``. Owners, one record of every kind each: ``own`` (the unit), ``school``, ``other`` (the
unrelated organisation of A) and ``far`` (the organisation of B). Each municipality also has its
own plan period with the decree's indicators.

Every record of A carries ``MARKERS["A"]`` in its title or name, every record of B
``MARKERS["B"]``: a page, export or lookup shown to one municipality must not contain the other's
marker (``test_access_matrix``: «content isolation»).

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

ROLES = ("anonymous", "department", "school", "director", "economy", "far_economy", "region", "admin")
OWNERS = ("own", "school", "other", "far")
# The roles and owners of municipality A alone (the demo district's walk, ``demo_world``, until
# the demo has a second municipality): without B's office, the regional office and B's records.
HOME_ROLES = ("anonymous", "department", "school", "director", "economy", "admin")
HOME_OWNERS = ("own", "school", "other")
MARKERS = {"A": "ЛЕНИНСК-МАРКЕР", "B": "БЕЛОВО-МАРКЕР"}

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
    records: dict = field(default_factory=dict)  # "own" / "school" / "other" / "far" → Records
    statement: object = None
    plan: object = None  # municipality A's
    indicator: object = None
    far_plan: object = None  # municipality B's, with the same indicators
    far_indicator: object = None
    municipality: object = None  # A
    far_municipality: object = None  # B
    # A practice of the regional bank for the "practice" kind where an owner's approved project is
    # not one (the demo's walk); the access world's approved projects are practices.
    practice: object = None

    def plan_of(self, owner: str):
        return (self.far_plan, self.far_indicator) if owner == "far" else (self.plan, self.indicator)


def _records(organisation, author, office_user, marker: str) -> Records:
    from scoring import services as scoring_services

    def project(state, **fields):
        title = f"Бережливая очередь {marker} ({state})"
        lead = EmployeeFactory(organisation=organisation, last_name=marker)
        return FullProjectFactory(organisation=organisation, state=state, title=title, lead=lead, **fields)

    draft = project(Project.State.DRAFT)
    approved = project(
        Project.State.APPROVED,
        approval_date=datetime.date(2024, 2, 1),
        approval_scan=ContentFile(PDF_BYTES, name="passport.pdf"),
    )
    monitored = project(Project.State.MONITORING)
    change = ChangeRequest.objects.create(
        project=approved, summary="Сдвиг этапа 7", reason="Поставка оборудования задержана", created_by=author
    )
    assessment = scoring_services.assessment_save(
        project=approved,
        user=office_user,
        choices=FEDERAL_10,
        justifications=dict.fromkeys(FEDERAL_10, "Подтверждено документами."),
        submit=True,
    )
    selfassessment = SelfAssessment.objects.create(organisation=organisation, year=2025)
    selfassessment.scan.save("scan.pdf", ContentFile(PDF_BYTES), save=True)
    training = TrainingFactory(employee=EmployeeFactory(organisation=organisation, last_name=marker))
    training.certificate.save("certificate.pdf", ContentFile(PDF_BYTES), save=True)
    survey = PortalSurveyFactory(organisation=organisation, title=f"Опрос {marker}")
    SurveyQuestionFactory(survey=survey)
    contest = ContestFactory(organisation=organisation, title=f"Конкурс {marker}")
    effect = {
        "kind": "staff_time",
        "title": f"Экономия времени {marker}",
        "method": "мин × операций",
        "planned_value": 300,
    }
    draft_effect = Effect.objects.create(project=draft, unit="ч в год", **effect)
    monitored_effect = Effect.objects.create(
        project=monitored, unit="ч в год", status=Effect.Status.SUBMITTED, actual_value=250, actual_by=author, **effect
    )
    return Records(
        organisation=organisation,
        draft_project=draft,
        submitted_project=project(Project.State.SUBMITTED),
        accepted_project=project(Project.State.ACCEPTED),
        approved_project=approved,
        monitored_project=monitored,
        change_request=change,
        assessment=assessment,
        report=ReportFactory(organisation=organisation, year=2026, quarter=3),
        submitted_report=ReportFactory(organisation=organisation, year=2026, quarter=2, state="submitted"),
        selfassessment=selfassessment,
        suggestion=SuggestionFactory(organisation=organisation, title=f"Предложение {marker}"),
        training=training,
        modelsite=ModelSiteFactory(organisation=organisation, title=f"Образцовый кабинет {marker}"),
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
            uploaded_by=author, file="imports/matrix.xlsx", file_name=f"реестры {marker}.xlsx", size=1, state="imported"
        ),
    )


def _far_plan(municipality, plan):
    """Municipality B's plan period: the same decree's indicators, its own targets (none yet)."""
    from plan.models import Indicator, Plan

    far_plan = Plan.objects.create(
        municipality=municipality,
        name=plan.name,
        decree="Постановление администрации Беловского муниципального округа",
        first_year=plan.first_year,
        last_year=plan.last_year,
    )
    fields = ("section", "code", "wording", "unit", "computation", "scope", "position")
    Indicator.objects.bulk_create(
        Indicator(plan=far_plan, **{name: getattr(source, name) for name in fields})
        for source in plan.indicators.order_by("position", "pk")
    )
    return far_plan


def build_world() -> World:
    """Call with MEDIA_ROOT pointing at a scratch directory: scans are written to it."""
    from orgs.models import Municipality, Organisation
    from plan.models import Plan

    home = MARKERS["A"]
    economy_office = OrganisationFactory(short_name="Управление экономического развития", kind="unit")
    economy_office.is_economy_office = True
    economy_office.save(update_fields=["is_economy_office"])
    unit = OrganisationFactory(short_name=f"Управление образования {home}", kind="unit")
    school = OrganisationFactory(short_name=f"МБОУ «Школа № 1» {home}", kind="institution", parent=unit)
    other = OrganisationFactory(short_name=f"Управление культуры {home}", kind="unit")

    far = MARKERS["B"]
    belovsky = Municipality.objects.create(
        name="Беловский муниципальный округ", short_name="Беловский МО", slug="belovsky", kind="okrug"
    )

    def far_organisation(short_name, **fields):
        full_name = f"{short_name} Беловского муниципального округа"
        return OrganisationFactory(short_name=short_name, full_name=full_name, municipality=belovsky, **fields)

    far_office = far_organisation("Управление экономики Беловского МО", kind="unit", is_economy_office=True)
    far_org = far_organisation(f"Управление образования {far}", kind="unit")
    regional_office = OrganisationFactory(
        short_name="Региональный проектный офис",
        full_name="Региональный проектный офис Кузбасса",
        kind=Organisation.Kind.REGIONAL,
        municipality=None,
    )

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
    world.users["far_economy"] = staff("far-economy", far_office, role=User.Role.ECONOMY)
    world.users["region"] = staff("region", regional_office, role=User.Role.REGION)
    world.users["admin"] = UserFactory(
        username="admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True, employee=None
    )
    outsider = staff("outsider", other)
    far_author = staff("far", far_org, last_name=far)

    economy = world.users["economy"]
    world.records["own"] = _records(unit, world.users["department"], economy, home)
    world.records["school"] = _records(school, world.users["school"], economy, home)
    world.records["other"] = _records(other, outsider, economy, home)
    world.records["far"] = _records(far_org, far_author, world.users["far_economy"], far)
    world.statement = StatementFactory()
    world.municipality = Municipality.objects.default()
    world.far_municipality = belovsky
    world.plan = Plan.objects.filter(municipality=world.municipality).order_by("first_year", "pk").first()
    world.far_plan = _far_plan(belovsky, world.plan)
    for plan in (world.plan, world.far_plan):
        indicator = plan.indicators.order_by("position", "pk").first()
        # Read «каждым исполнителем», so that its paged list of lagging executors exists (plan:lagging).
        indicator.scope = "organisation"
        indicator.save(update_fields=["scope"])
    world.indicator = world.plan.indicators.order_by("position", "pk").first()
    world.far_indicator = world.far_plan.indicators.order_by("position", "pk").first()
    return world
