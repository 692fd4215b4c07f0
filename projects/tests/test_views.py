"""Views: access for owner / colleague / read-only / outsider, flows, constant query counts."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from orgs.tests.factories import EmployeeFactory
from projects.models import Project, TeamMember, Transition
from projects.rules import required_message
from projects.tests.conftest import in_state
from projects.tests.factories import FullProjectFactory, GoalFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db
S = Project.State


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


# --- Access ----------------------------------------------------------------------------

READ_VIEWS = ["projects:detail", "projects:history", "projects:pdf"]


@pytest.mark.parametrize("name", READ_VIEWS)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("department_user", 200),  # owner
        ("colleague_user", 200),  # same organisation
        ("director_user", 200),
        ("economy_user", 200),  # sees everything
        ("outsider_user", 404),  # other organisation
        ("school_user", 404),  # a subordinate does not read its parent's projects
    ],
)
def test_read_access(request, client, draft, name, who, status):
    response = get(client, request.getfixturevalue(who), name, draft.pk)
    assert response.status_code == status


def test_unit_reads_its_schools_project_but_cannot_edit_it(client, department_user, school_project):
    assert get(client, department_user, "projects:detail", school_project.pk).status_code == 200
    assert get(client, department_user, "projects:edit", school_project.pk).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [("department_user", 200), ("colleague_user", 200), ("economy_user", 403), ("outsider_user", 404)],
)
def test_edit_access(request, client, draft, who, status):
    assert get(client, request.getfixturevalue(who), "projects:edit", draft.pk).status_code == status


def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(reverse("projects:detail", args=[draft.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_approved_passport_is_not_editable(client, department_user, draft):
    in_state(draft, S.APPROVED)
    response = get(client, department_user, "projects:edit", draft.pk)
    assert response.status_code == 302
    response = client.post(reverse("projects:edit", args=[draft.pk]), {"title": "Новое"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title != "Новое"


def test_registry_scoped_by_role(
    client, draft, school_project, department_user, school_user, outsider_user, economy_user
):
    other = FullProjectFactory(organisation=outsider_user.employee.organisation, title="Чужой проект")

    def titles(user):
        return {p.title for p in get(client, user, "projects:registry").context["page_obj"]}

    assert titles(department_user) == {draft.title, school_project.title}
    assert titles(school_user) == {school_project.title}
    assert titles(outsider_user) == {other.title}
    assert titles(economy_user) == {draft.title, school_project.title, other.title}


def test_economy_sees_counts_by_state(client, draft, school_project, economy_user, department_user):
    in_state(school_project, S.SUBMITTED)
    counts = {s: n for s, _, n in get(client, economy_user, "projects:registry").context["state_counts"]}
    assert counts[S.DRAFT] == 1 and counts[S.SUBMITTED] == 1 and counts[S.APPROVED] == 0
    assert get(client, department_user, "projects:registry").context["state_counts"] is None


# --- Registry filters ---------------------------------------------------------------------


@pytest.fixture
def registry_projects(unit, school, department_user):
    a = FullProjectFactory(organisation=unit, title="Электронная запись в первый класс", state=S.IN_PROGRESS)
    b = FullProjectFactory(
        organisation=school,
        title="Столовая без очередей",
        state=S.CLOSED,
        kind=Project.Kind.INTERORGANISATIONAL,
        replicates_source="Опыт школы № 5 г. Кемерово",
        stage1_date=datetime.date(2023, 1, 10),
    )
    GoalFactory(project=b, name="Время обслуживания класса", unit="мин")
    c = FullProjectFactory(organisation=unit, title="Выдача справок", state=S.DRAFT, replicates=b)
    return a, b, c


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "первый класс"}, {0}),
        ({"q": "обслуживания"}, {1}),  # a goal's name
        ({"state": "closed"}, {1}),
        ({"kind": "interorganisational"}, {1}),
        ({"replicated": "yes"}, {1, 2}),
        ({"replicated": "no"}, {0}),
        ({"year": "2023"}, {1}),
        ({"year": "2024"}, {0, 2}),
    ],
)
def test_registry_filters(client, department_user, registry_projects, params, expected):
    response = get(client, department_user, "projects:registry", **params)
    assert {p.pk for p in response.context["page_obj"]} == {registry_projects[i].pk for i in expected}


def test_registry_filter_by_organisation_and_stage(client, department_user, registry_projects, unit, time_machine):
    time_machine.move_to(datetime.date(2024, 3, 1))
    response = get(client, department_user, "projects:registry", organisation=unit.pk, stage="3")
    assert {p.pk for p in response.context["page_obj"]} == {registry_projects[0].pk, registry_projects[2].pk}


def test_registry_overdue_filter(client, department_user, registry_projects, time_machine):
    time_machine.move_to(datetime.date(2024, 6, 1))
    in_progress, _closed, draft = registry_projects
    Project.objects.filter(pk=in_progress.pk).update(current_stage=7)  # in stage 7, on schedule
    response = get(client, department_user, "projects:registry", overdue="yes")
    # The draft's approval date (01.02.2024) has passed without approval.
    assert {p.pk for p in response.context["page_obj"]} == {draft.pk}
    Project.objects.filter(pk=in_progress.pk).update(current_stage=3)  # stuck in stage 3 (ended 05.03)
    response = get(client, department_user, "projects:registry", overdue="yes")
    assert {p.pk for p in response.context["page_obj"]} == {draft.pk, in_progress.pk}


def test_registry_sorting_and_pagination(client, economy_user, unit):
    for n in range(30):
        FullProjectFactory(organisation=unit, title=f"Проект {n:02d}", rows=False)
    response = get(client, economy_user, "projects:registry", o="title")
    titles = [p.title for p in response.context["page_obj"]]
    assert titles == sorted(titles) and len(titles) == 25
    response = get(client, economy_user, "projects:registry", o="title", page=2)
    assert len(response.context["page_obj"]) == 5


def _many_projects(unit, school, count=12):
    for n in range(count):
        project = FullProjectFactory(organisation=unit if n % 2 else school, title=f"Проект {n}")
        for _ in range(3):
            TeamMemberFactory(project=project, employee=EmployeeFactory(organisation=project.organisation))
            GoalFactory(project=project)


def test_registry_query_count_is_constant(client, economy_user, unit, school, django_assert_max_num_queries):
    client.force_login(economy_user)
    _many_projects(unit, school, 2)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("projects:registry"), {"q": "Проект"})
    _many_projects(unit, school, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("projects:registry"), {"q": "Проект"})
    assert len(response.context["page_obj"]) == 22


def test_detail_query_count_is_constant(client, department_user, unit, django_assert_max_num_queries):
    client.force_login(department_user)
    project = FullProjectFactory(organisation=unit)
    client.get(reverse("projects:detail", args=[project.pk]))  # warm caches (content types)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("projects:detail", args=[project.pk]))
    for _ in range(10):
        TeamMemberFactory(project=project, employee=EmployeeFactory(organisation=unit))
        GoalFactory(project=project)
    for n in range(5):
        Transition.objects.create(project=project, from_state=S.DRAFT, to_state=S.SUBMITTED, comment=f"c{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.status_code == 200


def test_history_query_count_is_constant(client, department_user, draft, django_assert_max_num_queries):
    client.force_login(department_user)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("projects:history", args=[draft.pk]))
    for _ in range(10):
        TeamMemberFactory(project=draft, employee=EmployeeFactory(organisation=draft.organisation))
        GoalFactory(project=draft)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("projects:history", args=[draft.pk]))


# --- Detail page ------------------------------------------------------------------------


def test_detail_shows_timeline_with_overdue_stage(client, department_user, draft, time_machine):
    time_machine.move_to(datetime.date(2024, 6, 1))
    project = in_state(draft, S.IN_PROGRESS)
    Project.objects.filter(pk=project.pk).update(current_stage=4)
    response = get(client, department_user, "projects:detail", project.pk)
    timeline = {row["stage"].number: row for row in response.context["timeline"]}
    assert timeline[4]["overdue"] and timeline[5]["overdue"] and timeline[6]["overdue"]
    assert not timeline[7]["overdue"] and timeline[7]["planned_now"]
    assert timeline[2]["done"] and not timeline[2]["overdue"]
    assert "просрочен" in response.content.decode()


def test_detail_renders_sections_of_other_apps(client, department_user, draft, monkeypatch):
    from lean_portal.panels import ProjectSection

    monkeypatch.setattr(
        "projects.views.collect_project_sections",
        lambda request, project: [ProjectSection("Оценка значимости", "<p>9,5 баллов</p>")],
    )
    html = get(client, department_user, "projects:detail", draft.pk).content.decode()
    assert "Оценка значимости" in html and "<p>9,5 баллов</p>" in html


def test_detail_shows_review_comments(client, department_user, submitted, economy_user):
    from projects.services import passport_return

    passport_return(project=submitted, user=economy_user, comment="Добавьте второй показатель")
    html = get(client, department_user, "projects:detail", submitted.pk).content.decode()
    assert "Добавьте второй показатель" in html


# --- Create / edit ------------------------------------------------------------------------


def _passport_post(department_user, **extra):
    employee = department_user.employee
    data = {
        "title": "Запись в первый класс без очередей",
        "kind": "internal",
        "version": "",
        "sphere": "",
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
        "justification-TOTAL_FORMS": "2",
        "justification-INITIAL_FORMS": "0",
        "justification-0-text": "Очереди по 3 часа",
        "justification-1-text": "Жалобы родителей",
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-0-name": "Время ожидания",
        "goals-0-unit": "мин",
        "goals-0-current_value": "180",
        "goals-0-target_value": "15",
    }
    from projects.tests.factories import STAGE_DATES

    data.update({k: v.isoformat() for k, v in STAGE_DATES.items()})
    data.update(extra)
    return data


def test_create_draft_and_edit(client, department_user, unit, sphere_of_unit):
    client.force_login(department_user)
    data = _passport_post(department_user, sphere=str(sphere_of_unit.pk), save="1")
    response = client.post(reverse("projects:create"), data)
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("projects:edit", args=[project.pk])
    assert project.organisation == unit and project.state == S.DRAFT and project.created_by == department_user
    assert [j.text for j in project.justification.all()] == ["Очереди по 3 часа", "Жалобы родителей"]
    assert project.goals.get().target_value == 15

    # Remove the first justification item, add a goal; the version guards against stale edits.
    item = project.justification.first()
    second = project.justification.last()
    data.update(
        {
            "version": str(project.version),
            "team-INITIAL_FORMS": "1",
            "team-0-id": str(project.team.get().pk),
            "justification-INITIAL_FORMS": "2",
            "justification-0-id": str(item.pk),
            "justification-0-DELETE": "on",
            "justification-1-id": str(second.pk),
            "goals-INITIAL_FORMS": "1",
            "goals-TOTAL_FORMS": "2",
            "goals-0-id": str(project.goals.get().pk),
            "goals-1-name": "Доля записей онлайн",
            "goals-1-unit": "%",
            "goals-1-current_value": "10",
            "goals-1-target_value": "70,5",
        }
    )
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.version == 2
    assert [j.text for j in project.justification.all()] == ["Жалобы родителей"]
    assert [j.position for j in project.justification.all()] == [1]
    assert [str(g.target_value) for g in project.goals.all()] == ["15.00", "70.50"]

    # A stale version is refused, and what was typed stays in the form.
    data["version"] = "1"
    data["title"] = "Изменённое название"
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    assert response.status_code == 200
    assert "успели изменить" in response.content.decode()
    assert "Изменённое название" in response.content.decode()


@pytest.fixture
def sphere_of_unit(unit):
    return unit.sphere


def test_create_and_submit(client, department_user, sphere_of_unit):
    client.force_login(department_user)
    response = client.post(
        reverse("projects:create"), _passport_post(department_user, sphere=str(sphere_of_unit.pk), submit="1")
    )
    project = Project.objects.get()
    assert response.status_code == 302, response.context["form"].errors
    assert project.state == S.SUBMITTED
    assert project.transitions.get().user == department_user


def test_submit_incomplete_shows_errors_and_keeps_input(client, department_user):
    client.force_login(department_user)
    data = _passport_post(department_user, submit="1", process="", **{"goals-TOTAL_FORMS": "0"})
    response = client.post(reverse("projects:create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["process"] == [required_message("process")]
    assert form.errors["sphere"]
    assert response.context["formsets"]["goals"].non_form_errors()
    assert "Очереди по 3 часа" in response.content.decode()
    assert not Project.objects.exists()


def test_create_prefills_customer_and_approver(client, director_user, department_user, unit):
    response = get(client, department_user, "projects:create")
    form = response.context["form"]
    # The organisation is its own customer; its head approves, nothing typed.
    assert form.initial["customer_organisation"] == unit.pk
    assert form.initial["customer"] == ""
    assert form.initial["approver_name"] == ""


def test_similar_projects_of_the_draft_come_from_the_fragment(client, department_user, unit, other_org):
    FullProjectFactory(
        organisation=other_org, title="Электронная запись в кружки и секции", process="Запись", state=S.APPROVED
    )
    FullProjectFactory(organisation=other_org, title="Ремонт дорог", process="Ямочный ремонт", state=S.APPROVED)
    project = FullProjectFactory(organisation=unit, title="Электронная запись в секции", process="Запись детей")
    response = get(client, department_user, "projects:edit", project.pk)
    # The form page does not search (a query over every project at region scale): it names the fragment
    # that static/projects/passport.js asks with the draft's title and process once the page is shown.
    assert "similar" not in response.context
    assert "Электронная запись в кружки и секции" not in response.content.decode()
    assert f'data-similar-url="{reverse("projects:similar")}" data-exclude="{project.pk}"' in response.content.decode()
    fragment = client.get(
        reverse("projects:similar"), {"title": project.title, "process": project.process, "exclude": project.pk}
    )
    similar = [p.title for p, _ in fragment.context["similar"]]
    assert similar == ["Электронная запись в кружки и секции"]


# --- Transitions through views ---------------------------------------------------------------


def test_return_via_view_needs_comment(client, economy_user, submitted):
    client.force_login(economy_user)
    url = reverse("projects:transition", args=[submitted.pk, S.RETURNED])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 200
    assert "Укажите, что нужно доработать" in response.content.decode()
    response = client.post(url, {"comment": "Уточните цели"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == S.RETURNED


def test_wrong_role_via_view_is_refused_with_message(client, department_user, submitted):
    client.force_login(department_user)
    response = client.post(reverse("projects:transition", args=[submitted.pk, S.ACCEPTED]), {"comment": ""})
    assert response.status_code == 200
    assert "управление экономического развития" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED


def test_outsider_cannot_reach_transition(client, outsider_user, submitted):
    client.force_login(outsider_user)
    response = client.post(reverse("projects:transition", args=[submitted.pk, S.ACCEPTED]), {})
    assert response.status_code == 404


def test_approve_with_scan_and_download(client, director_user, department_user, outsider_user, economy_user, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    in_state(draft, S.ACCEPTED)
    client.force_login(director_user)
    scan = SimpleUploadedFile("подписан.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    response = client.post(reverse("projects:transition", args=[draft.pk, S.APPROVED]), {"approval_scan": scan})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == S.APPROVED and draft.approval_scan
    response = get(client, economy_user, "projects:scan", draft.pk)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    assert get(client, outsider_user, "projects:scan", draft.pk).status_code == 404
    # The stored file lost (a deleted object, a partial restore): a clear 404, not a server error.
    draft.approval_scan.storage.delete(draft.approval_scan.name)
    response = get(client, economy_user, "projects:scan", draft.pk)
    assert response.status_code == 404


def test_approve_refuses_wrong_file_type(client, director_user, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    in_state(draft, S.ACCEPTED)
    client.force_login(director_user)
    scan = SimpleUploadedFile("скан.pdf", b"<html>not a pdf</html>")
    response = client.post(reverse("projects:transition", args=[draft.pk, S.APPROVED]), {"approval_scan": scan})
    assert response.status_code == 200
    assert "PDF, JPEG или PNG" in response.content.decode()


def test_replicate_view(client, outsider_user, department_user, draft):
    client.force_login(department_user)
    url = reverse("projects:replicate", args=[draft.pk])
    # A draft is not yet a solution to repeat.
    assert client.post(url).status_code == 404
    in_state(draft, S.CLOSED)
    response = client.post(url)
    copy = Project.objects.exclude(pk=draft.pk).get()
    assert response.status_code == 302 and copy.replicates == draft
    client.force_login(outsider_user)
    assert client.post(url).status_code == 404


def test_record_stage_view(client, department_user, economy_user, draft):
    in_state(draft, S.IN_PROGRESS)
    client.force_login(economy_user)
    assert client.post(reverse("projects:stage", args=[draft.pk]), {"current_stage": "5"}).status_code == 403
    client.force_login(department_user)
    client.post(reverse("projects:stage", args=[draft.pk]), {"current_stage": "5"})
    draft.refresh_from_db()
    assert draft.current_stage == 5


def test_stability_view(client, department_user, draft):
    in_state(draft, S.MONITORING)
    goal = draft.goals.get()
    client.force_login(department_user)
    url = reverse("projects:stability", args=[draft.pk])
    response = client.post(url, {"checked_on": "2025-06-02", f"goal_{goal.pk}": "пять"})
    assert response.status_code == 200 and "Введите число" in response.content.decode()
    response = client.post(url, {"checked_on": "2025-06-02", f"goal_{goal.pk}": "3"})
    assert response.status_code == 302
    html = get(client, department_user, "projects:detail", draft.pk).content.decode()
    assert "Эффект не сохранился" in html


def test_team_member_unique(draft):
    assert TeamMember.objects.filter(project=draft).count() == 1


def test_scan_upload_after_approval(client, department_user, economy_user, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("projects:scan-upload", args=[draft.pk])
    client.force_login(department_user)
    client.post(url, {"approval_scan": SimpleUploadedFile("скан.png", b"\x89PNG\r\n\x1a\n0000")})
    draft.refresh_from_db()
    assert not draft.approval_scan  # not approved yet
    in_state(draft, S.APPROVED)
    client.post(url, {"approval_scan": SimpleUploadedFile("скан.png", b"\x89PNG\r\n\x1a\n0000")})
    draft.refresh_from_db()
    assert draft.approval_scan.name.endswith(".png")
    client.force_login(economy_user)
    client.post(url, {"approval_scan": SimpleUploadedFile("другой.pdf", b"%PDF-1.4")})
    draft.refresh_from_db()
    assert draft.approval_scan.name.endswith(".png")


def test_similar_fragment(client, department_user, other_org):
    FullProjectFactory(
        organisation=other_org, title="Электронная запись в кружки и секции", process="Запись", state=S.APPROVED
    )
    client.force_login(department_user)
    response = client.get(reverse("projects:similar"), {"title": "электронная запись в секции"})
    assert "Электронная запись в кружки и секции" in response.content.decode()
    response = client.get(reverse("projects:similar"), {"title": "Ремонт дорог"})
    assert "Похожие проекты" not in response.content.decode()


def test_similar_hint_keeps_other_organisations_drafts_private(client, department_user, unit, other_org):
    FullProjectFactory(organisation=other_org, title="Электронная запись в кружки", process="Запись", state=S.DRAFT)
    FullProjectFactory(organisation=other_org, title="Электронная запись в секции", process="Запись", state=S.SUBMITTED)
    FullProjectFactory(organisation=unit, title="Электронная запись в бассейн", process="Запись", state=S.DRAFT)
    client.force_login(department_user)
    content = client.get(reverse("projects:similar"), {"title": "электронная запись"}).content.decode()
    assert "Электронная запись в бассейн" in content  # the user's own draft
    assert "в кружки" not in content
    assert "в секции" not in content


def test_swapping_team_members_between_rows(client, department_user, draft):
    first = draft.team.get()
    second = TeamMemberFactory(project=draft, employee=EmployeeFactory(organisation=draft.organisation), position=2)
    client.force_login(department_user)
    response = client.get(reverse("projects:edit", args=[draft.pk]))
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in ("title", "kind", "process", "customer", "effects")}
    data.update(
        {
            "version": str(draft.version),
            "team-TOTAL_FORMS": "2",
            "team-INITIAL_FORMS": "2",
            "team-0-id": str(first.pk),
            "team-0-employee": str(second.employee_id),
            "team-0-role": "Роль",
            "team-1-id": str(second.pk),
            "team-1-employee": str(first.employee_id),
            "team-1-role": "Роль",
            "justification-TOTAL_FORMS": "0",
            "justification-INITIAL_FORMS": "0",
            "goals-TOTAL_FORMS": "0",
            "goals-INITIAL_FORMS": "0",
            "save": "1",
        }
    )
    response = client.post(reverse("projects:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "оказался в команде дважды" in response.content.decode()


def test_registry_sort_labels_and_toggle(client, economy_user, draft):
    response = get(client, economy_user, "projects:registry", o="title")
    choices = dict(response.context["filter"].form.fields["o"].choices)
    assert choices["organisation"] == "Организация"
    assert "o=-title" in response.content.decode()


def test_delete_draft(client, department_user, economy_user, draft):
    url = reverse("projects:delete", args=[draft.pk])
    client.force_login(economy_user)
    assert client.post(url).status_code == 403
    client.force_login(department_user)
    assert "Удалить черновик" in client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not Project.objects.filter(pk=draft.pk).exists()


def test_reviewed_draft_is_not_deleted(client, department_user, submitted, economy_user):
    from projects.services import passport_return

    passport_return(project=submitted, user=economy_user, comment="Доработать")
    in_state(submitted, S.DRAFT)
    client.force_login(department_user)
    client.post(reverse("projects:delete", args=[submitted.pk]))
    assert Project.objects.filter(pk=submitted.pk).exists()


def test_registry_links_keep_the_filters_through_djangos_querystring(client, unit, department_user, monkeypatch):
    """The pager, the sort links and the export link carry the filters ({% querystring %}); the
    export and a new sort start from the first page."""
    monkeypatch.setattr("projects.views.REGISTRY_PAGE_SIZE", 2)
    for n in range(5):
        FullProjectFactory(organisation=unit, state=Project.State.DRAFT, title=f"Проект {n}", rows=False)
    client.force_login(department_user)
    response = client.get(reverse("projects:registry"), {"state": "draft", "page": "2"})
    html = response.content.decode()
    assert 'href="?state=draft&amp;page=3"' in html  # next page, the filter kept
    assert 'href="?state=draft&amp;page=1"' in html  # previous page
    assert f'href="{reverse("projects:export")}?state=draft"' in html  # the export: every page
    assert 'href="?state=draft&amp;o=title"' in html  # a sort starts again from the first page


class _FormControls(HTMLParser):
    """The name → value pairs a browser would send for the passport form (no JavaScript)."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._in_form = self._in_template = False
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "novalidate" in attrs:
            self._in_form = True
        elif tag == "template":
            self._in_template = True
        if not self._in_form or self._in_template or not attrs.get("name"):
            if tag == "option" and self._select and "selected" in attrs:
                self.data.append((self._select, attrs.get("value", "")))
            return
        if tag == "input" and attrs.get("type") not in ("checkbox", "submit"):
            self.data.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data.append((attrs["name"], ""))

    def handle_data(self, data):
        if self._textarea:
            name, text = self.data[-1]
            self.data[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "template":
            self._in_template = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def test_the_passport_page_sends_back_what_it_shows(client, department_user, draft):
    """The form page renders only what the formsets read back (the row counts, not the minimum and
    maximum; no hidden passport key in each row): sent back unchanged, it saves and keeps every row."""
    client.force_login(department_user)
    page = client.get(reverse("projects:edit", args=[draft.pk])).content.decode()
    assert "MIN_NUM_FORMS" not in page and 'name="team-0-project"' not in page
    controls = _FormControls()
    controls.feed(page)
    data = {}
    for name, value in controls.data:
        data.setdefault(name, []).append(value.removeprefix("\n"))
    team = list(draft.team.values_list("pk", "employee_id", "role"))
    goals = list(draft.goals.values_list("pk", "name"))
    response = client.post(reverse("projects:edit", args=[draft.pk]), {**data, "save": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(draft.team.values_list("pk", "employee_id", "role")) == team
    assert list(draft.goals.values_list("pk", "name")) == goals
