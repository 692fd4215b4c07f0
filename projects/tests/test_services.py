"""The passport's life cycle: allowed steps by the right role, everything else refused in Russian."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from projects import services
from projects.models import Goal, JustificationItem, Project, Transition
from projects.tests.conftest import in_state
from projects.tests.factories import FullProjectFactory, GoalFactory, ProjectFactory

pytestmark = pytest.mark.django_db
S = Project.State


def test_create_draft(unit, department_user):
    project = services.project_create_draft(organisation=unit, user=department_user, title="Новый проект")
    assert project.state == S.DRAFT
    assert project.created_by == department_user
    assert project.organisation == unit


def test_create_draft_validates_stage_order(unit, department_user):
    with pytest.raises(ValidationError) as exc:
        services.project_create_draft(
            organisation=unit,
            user=department_user,
            title="Новый проект",
            stage2_start=datetime.date(2024, 3, 1),
            stage2_end=datetime.date(2024, 2, 1),
        )
    assert "stage2_end" in exc.value.message_dict


def test_replicate_copies_content_not_team_or_dates(school, unit, department_user):
    source = FullProjectFactory(organisation=school, state=S.CLOSED)
    GoalFactory(project=source, name="Второй показатель", current_value=10, target_value=20, position=2)
    copy = services.project_replicate(source=source, organisation=unit, user=department_user)
    assert copy.replicates == source
    assert copy.is_replicated
    assert copy.state == S.DRAFT and copy.organisation == unit
    assert [g.name for g in copy.goals.all()] == [g.name for g in source.goals.all()]
    assert copy.justification.count() == source.justification.count()
    assert copy.team.count() == 0
    assert copy.stage1_date is None and copy.lead is None


def test_full_happy_path_records_every_step(draft, department_user, economy_user, director_user):
    services.passport_submit(project=draft, user=department_user)
    services.passport_return(project=draft, user=economy_user, comment="Уточните границы процесса")
    services.passport_submit(project=draft, user=department_user)
    services.passport_accept(project=draft, user=economy_user)
    with time_machine.travel(datetime.date(2025, 1, 15)):
        project = services.passport_approve(project=draft, user=director_user, comment="Согласен")
    assert project.state == S.APPROVED
    assert project.approved_by == director_user
    assert project.approval_date == datetime.date(2025, 1, 15)
    services.project_start(project=project, user=department_user)
    with time_machine.travel(datetime.date(2025, 6, 1)):
        project = services.project_close(project=project, user=department_user, closed_on=datetime.date(2025, 5, 30))
    assert project.closed_on == datetime.date(2025, 5, 30)
    services.project_start_monitoring(project=project, user=department_user)
    log = Transition.objects.filter(project=draft).order_by("id")
    steps = list(log.values_list("from_state", "to_state", "user__username"))
    assert steps == [
        (S.DRAFT, S.SUBMITTED, "department"),
        (S.SUBMITTED, S.RETURNED, "economy"),
        (S.RETURNED, S.SUBMITTED, "department"),
        (S.SUBMITTED, S.ACCEPTED, "economy"),
        (S.ACCEPTED, S.APPROVED, "director"),
        (S.APPROVED, S.IN_PROGRESS, "department"),
        (S.IN_PROGRESS, S.CLOSED, "department"),
        (S.CLOSED, S.MONITORING, "department"),
    ]
    assert Transition.objects.get(to_state=S.RETURNED).comment == "Уточните границы процесса"


def test_incomplete_passport_cannot_be_submitted(unit, department_user):
    project = ProjectFactory(organisation=unit)
    with pytest.raises(ValidationError) as exc:
        services.passport_submit(project=project, user=department_user)
    assert "process" in exc.value.message_dict
    project.refresh_from_db()
    assert project.state == S.DRAFT
    assert not Transition.objects.exists()


def test_return_needs_a_comment(submitted, economy_user):
    with pytest.raises(ValidationError) as exc:
        services.passport_return(project=submitted, user=economy_user, comment="  ")
    assert "Укажите, что нужно доработать" in exc.value.message_dict["comment"][0]


# Every step that does not exist in the life cycle, from every state.
ALLOWED = set(services.TRANSITIONS)
FORBIDDEN = [(a, b) for a in S.values for b in S.values if a != b and (a, b) not in ALLOWED]


@pytest.mark.parametrize(("from_state", "to_state"), FORBIDDEN)
def test_forbidden_transition_is_refused(draft, admin_user_portal, from_state, to_state):
    project = in_state(draft, from_state)
    with pytest.raises(ValidationError) as exc:
        services.project_transition(project=project, user=admin_user_portal, to_state=to_state, comment="x")
    assert exc.value.messages == [
        f"Нельзя перевести проект из состояния «{S(from_state).label}» в состояние «{S(to_state).label}»."
    ]
    project.refresh_from_db()
    assert project.state == from_state


WRONG_ROLE = [
    # (state, target, fixture of a user without the right role, expected message)
    (S.DRAFT, S.SUBMITTED, "economy_user", "сотрудник организации, реализующей проект"),
    (S.DRAFT, S.SUBMITTED, "outsider_user", "сотрудник организации, реализующей проект"),
    (S.SUBMITTED, S.RETURNED, "department_user", "управление экономического развития"),
    (S.SUBMITTED, S.ACCEPTED, "department_user", "управление экономического развития"),
    (S.SUBMITTED, S.ACCEPTED, "director_user", "управление экономического развития"),
    (S.ACCEPTED, S.APPROVED, "department_user", "руководитель заказчика проекта"),
    (S.ACCEPTED, S.APPROVED, "economy_user", "руководитель заказчика проекта"),
    (S.ACCEPTED, S.APPROVED, "admin_user_portal", "руководитель заказчика проекта"),
    (S.ACCEPTED, S.RETURNED, "economy_user", "руководитель заказчика проекта"),
    (S.APPROVED, S.IN_PROGRESS, "economy_user", "сотрудник организации, реализующей проект"),
    (S.IN_PROGRESS, S.CLOSED, "outsider_user", "сотрудник организации, реализующей проект"),
    (S.CLOSED, S.MONITORING, "economy_user", "сотрудник организации, реализующей проект"),
]


@pytest.mark.parametrize(("from_state", "to_state", "who", "message"), WRONG_ROLE)
def test_step_by_the_wrong_role_is_refused(request, draft, director_user, from_state, to_state, who, message):
    user = request.getfixturevalue(who)
    project = in_state(draft, from_state)
    with pytest.raises(ValidationError) as exc:
        services.project_transition(project=project, user=user, to_state=to_state, comment="Комментарий")
    assert message in exc.value.messages[0]
    project.refresh_from_db()
    assert project.state == from_state


def test_director_of_another_organisation_cannot_approve(school_project, director_user):
    """The unit's director heads the unit, not its school."""
    project = in_state(school_project, S.ACCEPTED)
    with pytest.raises(ValidationError):
        services.passport_approve(project=project, user=director_user)


def test_approval_fills_the_approver_from_the_director(draft, director_user):
    Project.objects.filter(pk=draft.pk).update(approver_name="", approver_position="", state=S.ACCEPTED)
    project = services.passport_approve(project=draft, user=director_user)
    assert project.approver_name == director_user.employee.full_name
    assert project.approver_position == "Начальник управления"


PDF_BYTES = b"%PDF-1.4\n%test scan\n"


def test_approval_with_scan(draft, director_user):
    project = in_state(draft, S.ACCEPTED)
    scan = SimpleUploadedFile("паспорт.pdf", PDF_BYTES, content_type="application/pdf")
    project = services.passport_approve(project=project, user=director_user, scan=scan)
    assert project.approval_scan.read() == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("скан.exe", b"MZ\x90\x00", "PDF, JPEG или PNG"),
        ("скан.pdf", b"\x89PNG\r\n\x1a\n", "PDF, JPEG или PNG"),  # content and name disagree
        ("скан.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "больше 10 МБ"),
    ],
)
def test_bad_scan_is_refused(draft, director_user, name, content, message):
    project = in_state(draft, S.ACCEPTED)
    with pytest.raises(ValidationError) as exc:
        services.passport_approve(project=project, user=director_user, scan=SimpleUploadedFile(name, content))
    assert message in exc.value.message_dict["approval_scan"][0]
    project.refresh_from_db()
    assert project.state == S.ACCEPTED


def test_close_date_cannot_be_in_future(draft, department_user):
    project = in_state(draft, S.IN_PROGRESS)
    with pytest.raises(ValidationError) as exc:
        services.project_close(project=project, user=department_user, closed_on=datetime.date(2099, 1, 1))
    assert "в будущем" in exc.value.message_dict["closed_on"][0]


def test_record_stage_only_in_progress(draft, department_user):
    with pytest.raises(ValidationError):
        services.project_record_stage(project=draft, user=department_user, stage=3)
    project = in_state(draft, S.IN_PROGRESS)
    project = services.project_record_stage(project=project, user=department_user, stage=5)
    assert project.actual_stage == 5


def test_stability_check_flags_effect_not_held(draft, department_user):
    GoalFactory(project=draft, name="Доля онлайн-заявлений", unit="%", current_value=20, target_value=60)
    project = in_state(draft, S.MONITORING)
    Project.objects.filter(pk=project.pk).update(closed_on=datetime.date(2024, 12, 2))
    goals = list(project.goals.order_by("id"))
    values = {goals[0].pk: Decimal("1"), goals[1].pk: Decimal("45")}  # 1 day held; 45% < 60% not held
    project = services.project_record_stability(
        project=project, user=department_user, checked_on=datetime.date(2025, 6, 2), values=values
    )
    assert project.stability_checked_on == datetime.date(2025, 6, 2)
    assert [g.name for g in Project.objects.get(pk=project.pk).stability_failed_goals()] == ["Доля онлайн-заявлений"]
    assert Goal.objects.get(pk=goals[0].pk).effect_held is True


def test_stability_needs_every_goal(draft, department_user):
    project = in_state(draft, S.MONITORING)
    with pytest.raises(ValidationError):
        services.project_record_stability(
            project=project, user=department_user, checked_on=datetime.date(2025, 6, 2), values={}
        )


def test_allowed_transitions_for_each_role(submitted, department_user, economy_user, director_user):
    assert services.allowed_transitions(department_user, submitted) == []
    assert [s for s, _ in services.allowed_transitions(economy_user, submitted)] == [S.RETURNED, S.ACCEPTED]
    accepted = in_state(submitted, S.ACCEPTED)
    assert [s for s, _ in services.allowed_transitions(director_user, accepted)] == [S.RETURNED, S.APPROVED]


def test_justification_rows_survive_replication_numbering(school, unit, department_user):
    source = FullProjectFactory(organisation=school, state=S.APPROVED)
    JustificationItem.objects.create(project=source, position=2, text="Второй пункт")
    copy = services.project_replicate(source=source, organisation=unit, user=department_user)
    assert [j.position for j in copy.justification.all()] == [1, 2]
