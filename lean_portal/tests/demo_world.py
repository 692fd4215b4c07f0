"""The access matrix's world (``access_world.World``) read from the demo district of
``manage.py load_demo``, for the browser tests that walk every page as every demo account.

"own" is the department's unit, "school" the school account's institution, "other" an
organisation unrelated to both. Each record is the demo's own where the demo has one of that
kind; a kind the demo lacks for an owner is added with the apps' factories, so a page of the
matrix is never left out for want of a record.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from effects.models import Effect
from imports.models import ImportBatch
from lean_portal.tests.access_world import FEDERAL_10, PDF_BYTES, Records, World
from lean_portal.tests.access_world import HOME_OWNERS as OWNERS
from lean_portal.tests.access_world import HOME_ROLES as ROLES
from orgs.models import Municipality, Organisation, User
from orgs.tests.factories import EmployeeFactory
from practices.selectors import practices
from projects.models import ChangeRequest, Project
from projects.tests.factories import FullProjectFactory, GoalFactory
from registries.models import (
    Contest,
    ContestEntry,
    CultureDiagnostic,
    DiagnosticStatement,
    GoalSurvey,
    ModelSite,
    Suggestion,
    Survey,
    Training,
)
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
from reporting.models import QuarterlyReport, SelfAssessment
from reporting.tests.factories import ReportFactory
from scoring.models import Assessment


def _project(organisation, state):
    found = Project.objects.filter(organisation=organisation, state=state).order_by("pk").first()
    if found is None:
        extra = {}
        if state == Project.State.APPROVED:
            extra = {
                "approval_date": datetime.date(2024, 2, 1),
                "approval_scan": ContentFile(PDF_BYTES, name="passport.pdf"),
            }
        found = FullProjectFactory(organisation=organisation, state=state, **extra)
    if state == Project.State.APPROVED and not found.approval_scan:
        found.approval_scan.save("passport.pdf", ContentFile(PDF_BYTES), save=True)
    return found


def _effect(project, submitted_by=None) -> Effect:
    """The project's first effect (awaiting verification when ``submitted_by`` is given)."""
    effect = project.effect_records.order_by("pk").first() or Effect.objects.create(
        project=project,
        kind="staff_time",
        unit="ч в год",
        title="Экономия времени",
        method="мин × операций",
        planned_value=300,
    )
    if submitted_by is not None and effect.status != Effect.Status.SUBMITTED:
        Effect.objects.filter(pk=effect.pk).update(
            status=Effect.Status.SUBMITTED, actual_value=effect.planned_value, actual_by=submitted_by
        )
        effect.refresh_from_db()
    return effect


def _records(organisation, author, economy) -> Records:
    from scoring import services as scoring_services

    approved = _project(organisation, Project.State.APPROVED)
    change = ChangeRequest.objects.filter(project__organisation=organisation).order_by("pk").first()
    if change is None:
        change = ChangeRequest.objects.create(
            project=approved, summary="Сдвиг этапа 7", reason="Поставка оборудования задержана", created_by=author
        )
    assessment = Assessment.objects.filter(project__organisation=organisation).order_by("pk").first()
    if assessment is None:
        assessment = scoring_services.assessment_save(
            project=approved,
            user=economy,
            choices=FEDERAL_10,
            justifications=dict.fromkeys(FEDERAL_10, "Подтверждено документами."),
            submit=True,
        )
    reports = QuarterlyReport.objects.filter(organisation=organisation).order_by("pk")
    report = reports.filter(state__in=QuarterlyReport.EDITABLE_STATES).first() or ReportFactory(
        organisation=organisation, year=2030, quarter=3
    )
    submitted = reports.filter(state=QuarterlyReport.State.SUBMITTED).first() or ReportFactory(
        organisation=organisation, year=2030, quarter=2, state="submitted"
    )
    selfassessment = SelfAssessment.objects.filter(organisation=organisation).order_by("pk").first()
    if selfassessment is None:
        selfassessment = SelfAssessment.objects.create(organisation=organisation, year=2025)
    if not selfassessment.scan:
        selfassessment.scan.save("scan.pdf", ContentFile(PDF_BYTES), save=True)
    training = Training.objects.filter(employee__organisation=organisation).order_by("pk").first()
    if training is None:
        training = TrainingFactory(employee=EmployeeFactory(organisation=organisation))
    if not training.certificate:
        training.certificate.save("certificate.pdf", ContentFile(PDF_BYTES), save=True)
    survey = Survey.objects.filter(organisation=organisation, method=Survey.Method.PORTAL, is_open=True).first()
    if survey is None:
        survey = PortalSurveyFactory(organisation=organisation)
    if not survey.questions.exists():
        SurveyQuestionFactory(survey=survey)
    goal_link = GoalSurvey.objects.filter(survey=survey).first() or GoalSurvey.objects.create(
        goal=GoalFactory(project=approved), survey=survey, moment=GoalSurvey.Moment.BEFORE
    )
    contest = Contest.objects.filter(organisation=organisation).order_by("pk").first() or ContestFactory(
        organisation=organisation
    )
    entry = ContestEntry.objects.filter(contest=contest).order_by("pk").first() or ContestEntryFactory(
        contest=contest, project=approved
    )
    draft = _project(organisation, Project.State.DRAFT)
    monitored = _project(organisation, Project.State.MONITORING)
    return Records(
        organisation=organisation,
        draft_project=draft,
        submitted_project=_project(organisation, Project.State.SUBMITTED),
        accepted_project=_project(organisation, Project.State.ACCEPTED),
        approved_project=approved,
        monitored_project=monitored,
        change_request=change,
        assessment=assessment,
        report=report,
        submitted_report=submitted,
        selfassessment=selfassessment,
        suggestion=Suggestion.objects.filter(organisation=organisation).order_by("pk").first()
        or SuggestionFactory(organisation=organisation),
        training=training,
        modelsite=ModelSite.objects.filter(organisation=organisation).order_by("pk").first()
        or ModelSiteFactory(organisation=organisation),
        survey=survey,
        goal_link=goal_link,
        contest=contest,
        contest_entry=entry,
        diagnostic=CultureDiagnostic.objects.filter(organisation=organisation).order_by("pk").first()
        or DiagnosticFactory(organisation=organisation),
        draft_effect=_effect(draft),
        monitored_effect=_effect(monitored, submitted_by=author),
    )


IMPORT_REPORT = {
    "issues": [
        {"sheet": "Обучение", "row": 3, "column": "Дата начала", "message": "«31.02» — не дата.", "level": "error"},
        {"sheet": "Мои заметки", "row": None, "column": None, "message": "лист пропущен.", "level": "warning"},
    ],
    "counts": {"Обучение": {"rows": 2, "create": 1, "update": 0, "unchanged": 0}},
    "created": {},
}


def _unrelated(*organisations) -> Organisation:
    """An organisation outside the unit's tree and other than the office, with most records."""
    taken = {organisation.pk for organisation in organisations}
    candidates = Organisation.objects.exclude(pk__in=taken).exclude(parent__in=taken).filter(is_economy_office=False)
    return max(candidates.order_by("pk"), key=lambda organisation: organisation.projects.count())


def demo_world() -> World:
    """Call after ``load_demo``, with MEDIA_ROOT pointing at a scratch directory."""
    from plan.models import Plan

    world = World()
    for role in ROLES[1:]:  # every role but the anonymous visitor is a demo account
        world.users[role] = User.objects.get(username=role)
    own = world.users["department"].employee.organisation
    school = world.users["school"].employee.organisation
    economy = world.users["economy"]
    organisations = {"own": own, "school": school, "other": _unrelated(own, school)}
    for owner in OWNERS:
        world.records[owner] = _records(organisations[owner], world.users["department"], economy)
    # Uploads awaiting a fix (imports/): each seen by its uploader and the office only.
    uploaders = {"own": world.users["department"], "school": world.users["school"], "other": economy}
    for owner, uploader in uploaders.items():
        world.records[owner].import_batch = ImportBatch.objects.create(
            uploaded_by=uploader,
            file="imports/demo.xlsx",
            file_name="проекты.xlsx",
            size=1,
            state=ImportBatch.State.REJECTED,
            report=IMPORT_REPORT,
        )
    world.statement = DiagnosticStatement.objects.order_by("pk").first() or StatementFactory()
    world.municipality = Municipality.objects.default()
    # The bank's pages: a practice of the demo (its projects of the walk's organisations are not practices).
    world.practice = practices().order_by("project_id").first().project
    world.plan = Plan.objects.filter(municipality=world.municipality).order_by("first_year", "pk").first()
    # An indicator read «каждым исполнителем», so that its paged list of lagging executors exists
    # (plan:lagging); the demo plan reads its first counts by the district, so one is switched
    # as access_world.py does.
    indicators = list(world.plan.indicators.order_by("position", "pk"))
    counts = [i for i in indicators if not i.is_share and i.definition.counted is not None]
    world.indicator = next((i for i in counts if i.per_organisation), None)
    if world.indicator is None:
        world.indicator = counts[0]
        world.indicator.scope = "organisation"
        world.indicator.save(update_fields=["scope"])
    return world
