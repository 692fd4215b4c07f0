"""Improvement suggestions: filing, the state machine with its log, «Открыть проект», lists and access."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from orgs.tests.factories import EmployeeFactory, OrganisationFactory, UserFactory
from projects.models import Project
from registries.models import Suggestion, SuggestionTransition
from registries.project_page import sections
from registries.services.suggestions import (
    suggestion_accept,
    suggestion_create,
    suggestion_implement,
    suggestion_open_project,
    suggestion_reject,
    suggestion_update,
)
from registries.tests.factories import SuggestionFactory
from registries.views import suggestions as view

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime.datetime(2024, 6, 15, 9, 0), tick=False)


@pytest.fixture
def suggestion(unit, department_user):
    return suggestion_create(
        organisation=unit,
        user=department_user,
        authors=[department_user.employee],
        title="Один журнал обращений",
        problem="Два журнала обращений.",
        solution="Один электронный журнал.",
    )


# --- services -------------------------------------------------------------------------


def test_create_logs_submission_and_defaults_date(suggestion, department_user):
    assert suggestion.state == Suggestion.State.SUBMITTED
    assert suggestion.submitted_on == datetime.date(2024, 6, 15)
    assert suggestion.created_by == department_user
    [log] = suggestion.transitions.all()
    assert (log.from_state, log.to_state, log.user) == ("", "submitted", department_user)


def test_authors_must_be_employees_of_the_organisation(unit, other_org, department_user):
    stranger = EmployeeFactory(organisation=other_org)
    with pytest.raises(ValidationError) as error:
        suggestion_create(
            organisation=unit, user=department_user, authors=[stranger], problem="П", solution="Р", title="Т"
        )
    assert "authors" in error.value.message_dict
    with pytest.raises(ValidationError):
        suggestion_create(organisation=unit, user=department_user, authors=[], problem="П", solution="Р")


def test_only_own_organisation_files(unit, outsider_user):
    with pytest.raises(PermissionDenied):
        suggestion_create(
            organisation=unit,
            user=outsider_user,
            authors=[EmployeeFactory(organisation=unit)],
            problem="П",
            solution="Р",
        )


def test_full_path_submitted_accepted_implemented(suggestion, colleague_user, director_user):
    suggestion_accept(suggestion=suggestion, user=director_user, comment="Берём")
    suggestion_implement(
        suggestion=suggestion,
        user=colleague_user,
        implemented_on=datetime.date(2024, 6, 15),
        achieved_effect="Поиск за минуту",
    )
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.IMPLEMENTED
    assert suggestion.implemented_on == datetime.date(2024, 6, 15)
    assert [t.to_state for t in suggestion.transitions.all()] == ["submitted", "accepted", "implemented"]
    assert list(Suggestion.objects.implemented()) == [suggestion]


def test_implementation_needs_date_and_effect(suggestion, department_user, director_user):
    suggestion_accept(suggestion=suggestion, user=director_user)
    with pytest.raises(ValidationError) as error:
        suggestion_implement(suggestion=suggestion, user=department_user, implemented_on=None, achieved_effect=" ")
    assert set(error.value.message_dict) == {"implemented_on", "achieved_effect"}
    with pytest.raises(ValidationError) as error:
        suggestion_implement(
            suggestion=suggestion, user=department_user, implemented_on=datetime.date(2024, 7, 1), achieved_effect="Да"
        )
    assert "будущем" in error.value.message_dict["implemented_on"][0]
    with pytest.raises(ValidationError):
        suggestion_implement(
            suggestion=suggestion, user=department_user, implemented_on=datetime.date(2020, 1, 1), achieved_effect="Да"
        )


def test_cannot_implement_before_acceptance(suggestion, department_user):
    with pytest.raises(ValidationError, match="Подано"):
        suggestion_implement(
            suggestion=suggestion, user=department_user, implemented_on=datetime.date(2024, 6, 15), achieved_effect="Да"
        )


def test_rejection_needs_reason_and_is_final(suggestion, department_user, director_user):
    with pytest.raises(ValidationError) as error:
        suggestion_reject(suggestion=suggestion, user=director_user, reason="")
    assert "reason" in error.value.message_dict
    suggestion_reject(suggestion=suggestion, user=director_user, reason="Нет средств")
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.REJECTED
    assert suggestion.rejection_reason == "Нет средств"
    with pytest.raises(ValidationError):
        suggestion_accept(suggestion=suggestion, user=director_user)
    with pytest.raises(ValidationError):
        suggestion_update(suggestion=suggestion, user=department_user, problem="Иначе")


def test_the_unit_above_decides_for_its_subordinate(school, school_user, department_user, outsider_user):
    """The school's own staff (and its author) do not decide; the unit it reports to does."""
    suggestion = suggestion_create(
        organisation=school, user=school_user, authors=[school_user.employee], problem="П", solution="Р", title="Т"
    )
    with pytest.raises(PermissionDenied, match="руководитель организации"):
        suggestion_accept(suggestion=suggestion, user=school_user)
    with pytest.raises(PermissionDenied):
        suggestion_accept(suggestion=suggestion, user=outsider_user)
    suggestion_accept(suggestion=suggestion, user=department_user)
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED


def test_staff_of_the_organisation_do_not_decide_its_head_does(suggestion, colleague_user, director_user):
    with pytest.raises(PermissionDenied, match="руководитель организации"):
        suggestion_accept(suggestion=suggestion, user=colleague_user)
    with pytest.raises(PermissionDenied):
        suggestion_reject(suggestion=suggestion, user=colleague_user, reason="Нет")
    suggestion_accept(suggestion=suggestion, user=director_user)
    assert Suggestion.objects.get(pk=suggestion.pk).state == Suggestion.State.ACCEPTED


def test_nobody_decides_their_own_suggestion(unit, department_user, director_user):
    """The head who is an author (or who filed it) is refused; the deputy named by the admin decides."""

    own = suggestion_create(
        organisation=unit,
        user=department_user,
        authors=[department_user.employee, director_user.employee],
        problem="П",
        solution="Р",
        title="Соавтор — руководитель",
    )
    with pytest.raises(PermissionDenied, match="своему предложению"):
        suggestion_accept(suggestion=own, user=director_user)
    filed = suggestion_create(
        organisation=unit, user=director_user, authors=[department_user.employee], problem="П", solution="Р"
    )
    with pytest.raises(PermissionDenied, match="своему предложению"):
        suggestion_reject(suggestion=filed, user=director_user, reason="Нет")
    deputy = UserFactory(username="deputy")
    unit.decision_deputy = deputy
    unit.save(update_fields=["decision_deputy"])
    own.organisation.refresh_from_db()
    suggestion_accept(suggestion=own, user=deputy)
    assert Suggestion.objects.get(pk=own.pk).state == Suggestion.State.ACCEPTED


def test_open_project_prefills_a_linked_draft(suggestion, department_user):
    project = suggestion_open_project(suggestion=suggestion, user=department_user)
    suggestion.refresh_from_db()
    assert suggestion.project == project
    assert project.state == Project.State.DRAFT
    assert project.organisation == suggestion.organisation
    assert project.title == "Один журнал обращений"
    assert [j.text for j in project.justification.all()] == [
        "Два журнала обращений.",
        "Предложение по улучшению: Один электронный журнал.",
    ]
    with pytest.raises(ValidationError, match="уже открыт"):
        suggestion_open_project(suggestion=suggestion, user=department_user)


def test_open_project_starts_from_the_new_passport_defaults(suggestion, department_user, director_user, unit):
    suggestion_accept(suggestion=suggestion, user=director_user)
    suggestion.expected_effect = "Поиск обращения за минуту"
    suggestion.save(update_fields=["expected_effect"])
    project = suggestion_open_project(suggestion=suggestion, user=department_user)
    # The customer (hence the approver) and the sphere of a new passport, not the suggestion's title as the process.
    assert project.customer_organisation == unit
    assert project.approver == (director_user.employee.full_name, "Начальник управления")
    assert project.sphere == unit.sphere
    assert project.process == ""
    assert project.effects == "Поиск обращения за минуту"
    # Opening a project is no step of the suggestion: no «Принято к внедрению → Принято к внедрению».
    steps = [(t.from_state, t.to_state) for t in suggestion.transitions.all()]
    assert steps == [("", "submitted"), ("submitted", "accepted")]


def test_journal_shows_no_step_from_a_state_to_itself(client, suggestion, department_user, director_user):

    suggestion_accept(suggestion=suggestion, user=director_user)
    # An entry written before the fix: shown with its comment, without a «state → same state» step.
    SuggestionTransition.objects.create(
        suggestion=suggestion, from_state="accepted", to_state="accepted", user=department_user, comment="Открыт проект"
    )
    client.force_login(department_user)
    html = client.get(suggestion.get_absolute_url()).content.decode()
    assert "Подано → Принято к внедрению" in html
    assert "Принято к внедрению → Принято к внедрению" not in html
    assert "Открыт проект" in html


def test_rejected_suggestion_opens_no_project(suggestion, department_user, director_user):
    suggestion_reject(suggestion=suggestion, user=director_user, reason="Нет")
    with pytest.raises(ValidationError):
        suggestion_open_project(suggestion=suggestion, user=department_user)


# --- views ------------------------------------------------------------------------------


def test_quick_form_defaults_author_to_the_user(client, department_user):
    client.force_login(department_user)
    response = client.get(reverse("registries:suggestion-create"))
    assert response.context["form"].initial["authors"] == [department_user.employee_id]
    response = client.post(
        reverse("registries:suggestion-create"),
        {"title": "Кратко", "problem": "Проблема", "solution": "Решение", "authors": [department_user.employee_id]},
    )
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == suggestion.get_absolute_url()
    assert suggestion.submitted_on == datetime.date(2024, 6, 15)


def test_quick_form_keeps_input_and_explains_errors(client, department_user):
    client.force_login(department_user)
    response = client.post(reverse("registries:suggestion-create"), {"title": "Кратко", "problem": "Моя проблема"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "solution" in form.errors and "authors" in form.errors
    assert "Моя проблема" in response.content.decode()


def test_detail_access(client, suggestion, department_user, colleague_user, outsider_user, economy_user, school_user):
    url = suggestion.get_absolute_url()
    for user, status in [
        (department_user, 200),
        (colleague_user, 200),
        (economy_user, 200),
        (outsider_user, 404),
        (school_user, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_transition_views_access_and_errors(
    client, suggestion, colleague_user, department_user, director_user, economy_user, outsider_user
):
    accept = reverse("registries:suggestion-accept", args=[suggestion.pk])
    client.force_login(outsider_user)
    assert client.post(accept).status_code == 404
    client.force_login(economy_user)
    assert client.post(accept).status_code == 403
    client.force_login(colleague_user)
    assert client.post(accept, {"comment": "Да"}).status_code == 403
    # The author is refused with the reason; the decision forms are not offered to them.
    client.force_login(department_user)
    response = client.post(accept, {"comment": "Да"})
    assert response.status_code == 403
    assert "Решение по своему предложению принимать нельзя" in response.content.decode()
    page = client.get(suggestion.get_absolute_url()).content.decode()
    assert accept not in page
    assert "Решение по предложению принимает руководитель организации" in page
    client.force_login(director_user)
    assert accept in client.get(suggestion.get_absolute_url()).content.decode()
    assert client.post(accept, {"comment": "Да"}).status_code == 302
    client.force_login(colleague_user)
    implement = reverse("registries:suggestion-implement", args=[suggestion.pk])
    response = client.post(implement, {"implemented_on": "", "achieved_effect": "Эффект"})
    assert response.status_code == 400
    assert "implemented_on" in response.context["implement_form"].errors
    assert "Эффект" in response.content.decode()
    response = client.post(implement, {"implemented_on": "2024-06-15", "achieved_effect": "Эффект"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == "implemented"


def test_reject_view_requires_reason(client, suggestion, director_user):
    client.force_login(director_user)
    url = reverse("registries:suggestion-reject", args=[suggestion.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["reject_form"].errors


def test_open_project_view(client, suggestion, department_user, economy_user):
    url = reverse("registries:suggestion-open-project", args=[suggestion.pk])
    client.force_login(economy_user)
    assert client.post(url).status_code == 403
    client.force_login(department_user)
    assert client.get(url).status_code == 405
    response = client.post(url)
    suggestion.refresh_from_db()
    assert response.status_code == 302
    assert suggestion.project is not None


def test_list_filters_sorting_and_constant_queries(
    client, unit, school, other_org, department_user, django_assert_max_num_queries
):
    author = department_user.employee
    for i in range(12):
        SuggestionFactory(organisation=unit, submitted_on=datetime.date(2022 + i % 3, 3, 1), authors=[author])
    SuggestionFactory(organisation=school, state=Suggestion.State.IMPLEMENTED, implemented_on=datetime.date(2023, 5, 1))
    SuggestionFactory(organisation=other_org)
    client.force_login(department_user)
    url = reverse("registries:suggestion-list")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 13  # own 12 + subordinate's 1, not other_org's
    with django_assert_max_num_queries(12):
        client.get(url + "?page=1&o=-organisation")
    assert client.get(url, {"year": 2022}).context["page_obj"].paginator.count == 4
    assert client.get(url, {"organisation": school.pk}).context["page_obj"].paginator.count == 1
    assert client.get(url, {"state": "implemented"}).context["page_obj"].paginator.count == 1
    assert client.get(url, {"implemented_year": 2023}).context["page_obj"].paginator.count == 1
    assert client.get(url, {"author": author.pk}).context["page_obj"].paginator.count == 12
    ordered = client.get(url, {"o": "submitted_on"}).context["page_obj"].object_list
    assert ordered[0].submitted_on == datetime.date(2022, 3, 1)


def test_counts_per_organisation_and_year(client, unit, school, department_user, django_assert_max_num_queries):
    SuggestionFactory(organisation=unit, submitted_on=datetime.date(2022, 3, 1))
    SuggestionFactory(
        organisation=unit,
        submitted_on=datetime.date(2022, 3, 1),
        state=Suggestion.State.IMPLEMENTED,
        implemented_on=datetime.date(2023, 2, 1),
    )
    SuggestionFactory(organisation=school, submitted_on=datetime.date(2023, 3, 1))
    client.force_login(department_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registries:suggestion-counts"))
    assert response.context["years"] == [2022, 2023]
    rows = {r.organisation: r.cells for r in response.context["rows"]}
    assert rows[unit.short_name] == [(2, 0), (0, 1)]
    assert rows[school.short_name] == [(0, 0), (1, 0)]


def test_excel_export(client, unit, department_user, other_org):
    SuggestionFactory(organisation=unit, title="Наше")
    SuggestionFactory(organisation=other_org, title="Чужое")
    client.force_login(department_user)
    response = client.get(reverse("registries:suggestion-export"))
    assert response.status_code == 200
    sheet = load_workbook(__import__("io").BytesIO(b"".join(response.streaming_content))).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Наше"]


def test_history_is_kept(suggestion, director_user):
    suggestion_accept(suggestion=suggestion, user=director_user)
    assert suggestion.history.count() >= 2


def test_project_page_names_the_suggestion_behind_it(rf, suggestion, department_user):

    project = suggestion_open_project(suggestion=suggestion, user=department_user)
    request = rf.get("/")
    request.user = department_user
    [section] = sections(request, project)
    assert "Один журнал обращений" in section.html


def test_decided_suggestion_is_not_edited(client, suggestion, department_user, director_user):
    suggestion_reject(suggestion=suggestion, user=director_user, reason="Нет")
    client.force_login(department_user)
    response = client.get(reverse("registries:suggestion-edit", args=[suggestion.pk]))
    assert response.status_code == 302 and response["Location"] == suggestion.get_absolute_url()


def test_counts_table_is_paged_and_totals_cover_every_organisation(client, monkeypatch, economy_user):

    monkeypatch.setattr(view, "COUNTS_PAGE_SIZE", 2)
    for n in range(5):
        organisation = OrganisationFactory(short_name=f"Орг {n}")
        SuggestionFactory(organisation=organisation, submitted_on=datetime.date(2024, 2, 1))
    client.force_login(economy_user)
    url = reverse("registries:suggestion-counts")
    first = client.get(url)
    assert [r.organisation for r in first.context["rows"]] == ["Орг 0", "Орг 1"]
    assert first.context["totals"] == [(5, 0)]
    last = client.get(url, {"page": 3})
    assert [r.organisation for r in last.context["rows"]] == ["Орг 4"]
    assert "по всем 5 организациям" in last.content.decode()
