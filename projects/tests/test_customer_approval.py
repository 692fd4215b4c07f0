"""«УТВЕРЖДАЮ»: the customer is an organisation of the portal whose head approves the passport
in the portal, and the printed passport names the person who approved (issue 14, item 5);
nobody approves or accepts what they filed (issue 16, item 2)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from orgs.models import User
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, UserFactory
from projects import services
from projects.forms import ProjectForm
from projects.models import Project, Transition
from projects.tests.conftest import in_state
from projects.tests.factories import FullProjectFactory
from projects.tests.test_documents import pdf_text

pytestmark = pytest.mark.django_db
S = Project.State


@pytest.fixture
def culture_head(other_org):
    """The head of «Управление культуры», the customer of the school's project below."""
    employee = EmployeeFactory(
        organisation=other_org, last_name="Соколова", first_name="Анна", middle_name="Викторовна",
        position="Начальник управления культуры",
    )  # fmt: skip
    other_org.head = employee
    other_org.save(update_fields=["head"])
    return UserFactory(username="culture-head", role=User.Role.DIRECTOR, employee=employee)


@pytest.fixture
def ordered(school, other_org, culture_head, school_user):
    """A school's passport ordered by another organisation, accepted by the office."""
    project = FullProjectFactory(
        organisation=school,
        customer_organisation=other_org,
        customer="",
        approver_name="Набранов Текст Вводович",  # typed before the fix: never printed for a portal customer
        approver_position="Директор",
        created_by=school_user,
    )
    return in_state(project, S.ACCEPTED)


def test_the_approver_before_approval_is_the_customers_head(ordered, culture_head):
    assert ordered.approving_organisation == ordered.customer_organisation
    assert ordered.customer_name == ordered.customer_organisation.full_name
    assert ordered.approver == ("Соколова Анна Викторовна", "Начальник управления культуры")
    assert ordered.approver_signature_name == "Соколова А.В."


def test_an_outside_customer_keeps_the_typed_head_and_the_organisation_approves(school):
    project = FullProjectFactory(organisation=school, customer="ООО «Водоканал»")
    assert project.approving_organisation == school
    assert project.customer_name == "ООО «Водоканал»"
    assert project.approver == ("Морозов Игорь Николаевич", "Начальник управления образования")


def test_the_customers_head_approves_and_is_recorded(ordered, culture_head, director_user):
    # The head of the unit above the school is not the customer's head.
    with pytest.raises(ValidationError, match="руководитель заказчика"):
        services.passport_approve(project=ordered, user=director_user)
    project = services.passport_approve(project=ordered, user=culture_head)
    assert project.state == S.APPROVED and project.approved_by == culture_head
    project.refresh_from_db()
    assert (project.approver_name, project.approver_position) == (
        "Соколова Анна Викторовна",
        "Начальник управления культуры",
    )
    # A later change of the organisation's head does not rewrite who approved.
    other = EmployeeFactory(organisation=ordered.customer_organisation)
    project.customer_organisation.head = other
    project.customer_organisation.save(update_fields=["head"])
    project.refresh_from_db()
    assert project.approver[0] == "Соколова Анна Викторовна"


def test_approval_page_is_offered_to_the_customers_head_only(
    client, ordered, culture_head, outsider_user, director_user
):
    url = reverse("projects:detail", args=[ordered.pk])
    approve = reverse("projects:transition", args=[ordered.pk, S.APPROVED])
    client.force_login(culture_head)
    page = client.get(url)
    assert page.status_code == 200
    assert approve in page.content.decode()
    # The customer's staff read the passport but do not approve it, nor edit it.
    client.force_login(outsider_user)
    page = client.get(url)
    assert page.status_code == 200 and approve not in page.content.decode()
    assert client.get(reverse("projects:edit", args=[ordered.pk])).status_code == 403
    response = client.post(approve, {"comment": ""})
    assert response.status_code == 200 and "руководитель заказчика" in response.content.decode()
    client.force_login(director_user)
    assert approve not in client.get(url).content.decode()
    assert Project.objects.get(pk=ordered.pk).state == S.ACCEPTED
    client.force_login(culture_head)
    assert client.post(approve, {"comment": "Утверждаю"}).status_code == 302
    assert Project.objects.get(pk=ordered.pk).state == S.APPROVED


def test_unrelated_people_still_do_not_see_the_passport(client, ordered):
    stranger = UserFactory(username="stranger", employee=EmployeeFactory(organisation=OrganisationFactory()))
    client.force_login(stranger)
    assert client.get(reverse("projects:detail", args=[ordered.pk])).status_code == 404


def test_home_panel_lists_passports_awaiting_the_customers_head(client, ordered, culture_head):
    from projects.home import panels

    request = type("R", (), {"user": culture_head})()
    [panel] = [p for p in panels(request) if p.title == "Паспорта ждут вашего утверждения"]
    assert [item.url for item in panel.items] == [ordered.get_absolute_url()]


def test_pdf_prints_the_person_who_approved_name_then_position(client, ordered, culture_head):
    services.passport_approve(project=ordered, user=culture_head)
    client.force_login(culture_head)
    response = client.get(reverse("projects:pdf", args=[ordered.pk]))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert "Соколова Анна Викторовна, Начальник управления культуры" in text
    assert "Соколова А.В." in text
    assert "Набранов Текст Вводович" not in text
    assert f"Заказчик: {ordered.customer_organisation.full_name}" in text


def test_form_takes_either_a_portal_customer_or_an_outside_one(unit, other_org):
    from projects.tests.test_forms import form_data

    both = ProjectForm(
        form_data(customer_organisation=str(other_org.pk), customer="ООО «Водоканал»"),
        instance=Project(organisation=unit),
        organisation=unit,
    )
    assert not both.is_valid()
    assert "Укажите что-то одно" in both.errors["customer"][0]
    outside = ProjectForm(
        form_data(customer="ООО «Водоканал»"), instance=Project(organisation=unit), organisation=unit,
        require_complete=True,
    )  # fmt: skip
    assert not outside.is_valid()
    assert "руководителя заказчика вне портала" in outside.errors["approver_name"][0]
    headless = ProjectForm(
        form_data(customer_organisation=str(other_org.pk)), instance=Project(organisation=unit), organisation=unit,
        require_complete=True,
    )  # fmt: skip
    assert not headless.is_valid()
    assert "не указан руководитель" in headless.errors["customer_organisation"][0]


def test_migration_maps_typed_customers_to_organisations(unit, other_org, director_user):
    migration = importlib.import_module("projects.migrations.0012_map_customer_text_to_organisation")
    unit.full_name = "Управление образования администрации Ленинск-Кузнецкого муниципального округа"
    unit.save(update_fields=["full_name"])
    matched = FullProjectFactory(
        organisation=unit, customer="  управление образования администрации  Ленинск-Кузнецкого муниципального округа"
    )
    by_short = FullProjectFactory(organisation=unit, customer="Управление культуры")
    approved = FullProjectFactory(
        organisation=unit, customer="Управление культуры", state=S.APPROVED,
        approved_at=datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC), approver_name="Петров Пётр Петрович",
    )  # fmt: skip
    outside = FullProjectFactory(organisation=unit, customer="ООО «Водоканал»")
    migration.forwards(apps, None)
    for project in (matched, by_short, approved, outside):
        project.refresh_from_db()
    assert (matched.customer_organisation, matched.customer, matched.approver_name) == (unit, "", "")
    assert matched.approver == (director_user.employee.full_name, "Начальник управления")
    assert (by_short.customer_organisation, by_short.customer) == (other_org, "")
    assert approved.customer_organisation == other_org and approved.approver_name == "Петров Пётр Петрович"
    assert (outside.customer_organisation, outside.customer) == (None, "ООО «Водоканал»")


# --- Maker-checker ---------------------------------------------------------------------------


def test_the_head_who_filed_the_passport_does_not_approve_it_the_deputy_does(unit, director_user):
    project = FullProjectFactory(organisation=unit, customer_organisation=unit, customer="", created_by=director_user)
    services.passport_submit(project=project, user=director_user)
    Project.objects.filter(pk=project.pk).update(state=S.ACCEPTED)
    project.refresh_from_db()
    assert services.allowed_transitions(director_user, project) == []
    with pytest.raises(ValidationError, match="подали сами"):
        services.passport_approve(project=project, user=director_user)
    deputy = UserFactory(username="deputy", employee=EmployeeFactory(organisation=unit, position="Заместитель"))
    unit.decision_deputy = deputy
    unit.save(update_fields=["decision_deputy"])
    project.refresh_from_db()
    assert [s for s, _ in services.allowed_transitions(deputy, project)] == [S.RETURNED, S.APPROVED]
    project = services.passport_approve(project=project, user=deputy)
    assert project.approved_by == deputy and project.approver_name == deputy.employee.full_name


def test_the_office_member_who_filed_does_not_accept_another_does(economy_office, economy_user):
    project = FullProjectFactory(organisation=economy_office, created_by=economy_user)
    services.passport_submit(project=project, user=economy_user)
    with pytest.raises(ValidationError, match="подали сами"):
        services.passport_accept(project=project, user=economy_user)
    second = UserFactory(
        username="economy2", role=User.Role.ECONOMY, employee=EmployeeFactory(organisation=economy_office)
    )
    services.passport_accept(project=project, user=second)
    assert Transition.objects.filter(project=project, to_state=S.ACCEPTED, user=second).exists()
    # Someone who only submitted someone else's draft is a maker too.
    other = FullProjectFactory(organisation=economy_office, created_by=second)
    services.passport_submit(project=other, user=economy_user)
    with pytest.raises(ValidationError, match="подали сами"):
        services.passport_return(project=other, user=economy_user, comment="Доработать")


def test_a_deputy_decides_only_what_the_office_itself_filed(unit, economy_office, department_user):
    deputy = UserFactory(username="deputy", employee=EmployeeFactory(organisation=OrganisationFactory()))
    economy_office.decision_deputy = deputy
    economy_office.save(update_fields=["decision_deputy"])
    project = services.passport_submit(
        project=FullProjectFactory(organisation=unit, created_by=department_user), user=department_user
    )
    with pytest.raises(ValidationError, match="управление экономического развития"):
        services.passport_accept(project=project, user=deputy)


def test_history_names_the_customer_organisation(client, unit, other_org, department_user):
    from projects.history import project_history

    project = FullProjectFactory(organisation=unit, customer_organisation=unit, customer="")
    project.customer_organisation = other_org
    project.save()
    text = " ".join(str(entry.__dict__) for entry in project_history(project))
    assert other_org.short_name in text


def test_registry_export_names_the_customer(client, unit, department_user):
    import io

    from openpyxl import load_workbook

    FullProjectFactory(organisation=unit, customer_organisation=unit, customer="")
    client.force_login(department_user)
    response = client.get(reverse("projects:export"))
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert any(unit.full_name in row for row in rows[1:])
