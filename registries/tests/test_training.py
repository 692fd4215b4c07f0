"""Training records: derived lean-basics completion, certificate uploads, access, lists."""

import datetime
import io
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from orgs.models import User
from orgs.tests.factories import EmployeeFactory, UserFactory
from registries.models import Training
from registries.services.training import training_confirm, training_create, training_delete, training_update
from registries.tests.factories import TrainingFactory
from scoring.services import training_refusal

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime.datetime(2024, 6, 15, 9, 0), tick=False)


def _office():

    office = User.objects.filter(role=User.Role.ECONOMY).first()
    return office or UserFactory(username="office-confirms", role=User.Role.ECONOMY, employee=EmployeeFactory())


def _basics(user, employee, completed, *, confirm: bool = True, **extra):
    """A lean-basics record typed in by ``user``; ``confirm``: then confirmed by the office (4.2, plan 2.1)."""
    training = training_create(
        user=user,
        employee=employee,
        kind=Training.Kind.LEAN_BASICS,
        provider="АНО «Центр компетенций Кузбасса»",
        started_on=datetime.date(2023, 1, 10),
        completed_on=completed,
        **extra,
    )
    if confirm and completed is not None:
        training_confirm(training=training, user=_office())
    return training


# --- derivation of lean-basics completion ----------------------------------------------


def test_lean_basics_follows_the_earliest_completed_record(colleague_user):
    employee = colleague_user.employee
    assert employee.lean_basics_completed_on is None
    later = _basics(colleague_user, employee, datetime.date(2023, 5, 1))
    employee.refresh_from_db()
    assert employee.lean_basics_completed_on == datetime.date(2023, 5, 1)
    earlier = _basics(colleague_user, employee, datetime.date(2023, 2, 1))
    employee.refresh_from_db()
    assert employee.lean_basics_completed_on == datetime.date(2023, 2, 1)
    training_update(training=earlier, user=colleague_user, completed_on=None)
    employee.refresh_from_db()
    assert employee.lean_basics_completed_on == datetime.date(2023, 5, 1)
    training_update(training=later, user=colleague_user, kind=Training.Kind.INTERNAL_COURSE)
    employee.refresh_from_db()
    assert employee.lean_basics_completed_on is None
    training_update(training=later, user=colleague_user, kind=Training.Kind.LEAN_BASICS)
    training_delete(training=later, user=colleague_user)
    employee.refresh_from_db()
    assert employee.lean_basics_completed_on is None


def test_other_kinds_do_not_count_as_lean_basics(colleague_user):
    training_create(
        user=colleague_user,
        employee=colleague_user.employee,
        kind=Training.Kind.OFFICE_FACTORY,
        started_on=datetime.date(2023, 1, 10),
        completed_on=datetime.date(2023, 1, 12),
    )
    colleague_user.employee.refresh_from_db()
    assert colleague_user.employee.lean_basics_completed_on is None


def test_moving_a_record_to_another_employee_recomputes_both(colleague_user, unit):
    other = EmployeeFactory(organisation=unit)
    training = _basics(colleague_user, colleague_user.employee, datetime.date(2023, 3, 3))
    training_update(training=training, user=colleague_user, employee=other)
    colleague_user.employee.refresh_from_db()
    other.refresh_from_db()
    assert colleague_user.employee.lean_basics_completed_on is None
    # The office confirmed someone else's training: moved to another person, it must be confirmed again.
    training.refresh_from_db()
    assert training.confirmed_at is None and other.lean_basics_completed_on is None
    training_confirm(training=training, user=_office())
    other.refresh_from_db()
    assert other.lean_basics_completed_on == datetime.date(2023, 3, 3)


def test_assessment_permission_follows_the_training_records(colleague_user):
    assert training_refusal(colleague_user) is not None
    training = _basics(colleague_user, colleague_user.employee, datetime.date(2024, 1, 20))
    colleague_user.employee.refresh_from_db()
    assert training_refusal(colleague_user) is None
    training_delete(training=training, user=colleague_user)
    colleague_user.employee.refresh_from_db()
    assert training_refusal(colleague_user) is not None


# --- validation ------------------------------------------------------------------------------


def test_mentoring_needs_a_mentor_other_than_the_mentee(colleague_user, department_user):
    fields = {"kind": Training.Kind.MENTORING, "started_on": datetime.date(2024, 1, 1)}
    with pytest.raises(ValidationError) as error:
        training_create(user=colleague_user, employee=colleague_user.employee, **fields)
    assert "mentor" in error.value.message_dict
    with pytest.raises(ValidationError):
        training_create(user=colleague_user, employee=colleague_user.employee, mentor=colleague_user.employee, **fields)
    training = training_create(
        user=colleague_user, employee=colleague_user.employee, mentor=department_user.employee, **fields
    )
    assert training.mentor == department_user.employee


def test_dates_are_checked(colleague_user):
    with pytest.raises(ValidationError) as error:
        _basics(colleague_user, colleague_user.employee, datetime.date(2022, 12, 1))
    assert "completed_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        _basics(colleague_user, colleague_user.employee, datetime.date(2024, 7, 1))


def test_only_the_employees_organisation_writes(colleague_user, outsider_user, school_user):
    with pytest.raises(PermissionDenied):
        _basics(outsider_user, colleague_user.employee, datetime.date(2023, 2, 1))
    with pytest.raises(PermissionDenied):
        _basics(colleague_user, school_user.employee, datetime.date(2023, 2, 1))


# --- certificate uploads ---------------------------------------------------------------------


def _post_training(client, employee, certificate):
    return client.post(
        reverse("registries:training-create"),
        {
            "employee": employee.pk,
            "kind": Training.Kind.LEAN_BASICS,
            "provider": "АНО «Центр компетенций Кузбасса»",
            "started_on": "2023-01-10",
            "completed_on": "2023-01-20",
            "hours": "36",
            "certificate": certificate,
        },
    )


def test_certificate_stored_under_a_random_name_and_served_to_readers_only(
    client, settings, colleague_user, department_user, outsider_user, economy_user, director_user
):
    client.force_login(colleague_user)
    response = _post_training(client, colleague_user.employee, SimpleUploadedFile("мой скан.pdf", PDF, "text/plain"))
    assert response.status_code == 302
    training = Training.objects.get()
    name = training.certificate.name
    assert name.startswith("certificates/2024/") and name.endswith(".pdf")
    assert "скан" not in name and len(os.path.basename(name)) == 36
    assert os.path.exists(os.path.join(settings.MEDIA_ROOT, name))
    colleague_user.employee.refresh_from_db()
    assert colleague_user.employee.lean_basics_completed_on == datetime.date(2023, 1, 20)
    url = reverse("registries:training-certificate", args=[training.pk])
    for user, status in [(colleague_user, 200), (economy_user, 200), (director_user, 200), (outsider_user, 404)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content) == PDF


def test_certificate_type_checked_by_content_not_name(client, colleague_user):
    client.force_login(colleague_user)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = _post_training(client, colleague_user.employee, fake)
    assert response.status_code == 200
    assert "PDF, JPEG или PNG" in response.context["form"].errors["certificate"][0]
    assert not Training.objects.exists()
    png = SimpleUploadedFile("scan.pdf", PNG, "application/pdf")
    assert _post_training(client, colleague_user.employee, png).status_code == 302
    assert Training.objects.get().certificate.name.endswith(".png")


def test_certificate_size_limited(client, colleague_user):
    client.force_login(colleague_user)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")
    response = _post_training(client, colleague_user.employee, big)
    assert "5 МБ" in response.context["form"].errors["certificate"][0]


def test_certificate_missing_is_404(client, colleague_user):
    training = TrainingFactory(employee=colleague_user.employee)
    client.force_login(colleague_user)
    assert client.get(reverse("registries:training-certificate", args=[training.pk])).status_code == 404


# --- views ---------------------------------------------------------------------------------


def test_detail_edit_delete_access(client, colleague_user, department_user, outsider_user, economy_user):
    training = TrainingFactory(employee=colleague_user.employee)
    detail = reverse("registries:training-detail", args=[training.pk])
    edit = reverse("registries:training-edit", args=[training.pk])
    delete = reverse("registries:training-delete", args=[training.pk])
    client.force_login(outsider_user)
    assert client.get(detail).status_code == 404
    assert client.post(delete).status_code == 404
    client.force_login(economy_user)
    assert client.get(detail).status_code == 200
    assert client.get(edit).status_code == 403
    assert client.post(delete).status_code == 403
    client.force_login(department_user)
    assert client.get(edit).status_code == 200
    assert client.post(delete).status_code == 302
    assert not Training.objects.exists()


def test_list_filters_export_and_constant_queries(
    client, unit, school, other_org, department_user, django_assert_max_num_queries
):
    for i in range(10):
        TrainingFactory(employee=EmployeeFactory(organisation=unit), completed_on=datetime.date(2022 + i % 2, 5, 1))
    TrainingFactory(employee=EmployeeFactory(organisation=school), kind=Training.Kind.OFFICE_FACTORY)
    TrainingFactory(employee=EmployeeFactory(organisation=school), completed_on=None)
    TrainingFactory(employee=EmployeeFactory(organisation=other_org))
    client.force_login(department_user)
    url = reverse("registries:training-list")
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 12
    assert client.get(url, {"kind": "office_factory"}).context["page_obj"].paginator.count == 1
    assert client.get(url, {"year": 2022}).context["page_obj"].paginator.count == 5
    assert client.get(url, {"organisation": school.pk}).context["page_obj"].paginator.count == 2
    assert client.get(url, {"completed": "false"}).context["page_obj"].paginator.count == 1
    response = client.get(reverse("registries:training-export"), {"organisation": school.pk})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert len(list(sheet.iter_rows(min_row=2))) == 2


def test_admin_edits_keep_the_derived_date(client, admin_user_portal, colleague_user):
    client.force_login(admin_user_portal)
    employee = colleague_user.employee
    response = client.post(
        reverse("admin:registries_training_add"),
        {
            "employee": employee.pk,
            "kind": Training.Kind.LEAN_BASICS,
            "provider": "",
            "started_on": "2023-01-10",
            "completed_on": "2023-01-20",
            "hours": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    employee.refresh_from_db()
    # Entered without a certificate scan: not confirmed until the office confirms it.
    assert employee.lean_basics_completed_on is None
    training = Training.objects.get()
    training_confirm(training=training, user=_office())
    employee.refresh_from_db()
    assert employee.lean_basics_completed_on == datetime.date(2023, 1, 20)
    client.post(reverse("admin:registries_training_delete", args=[training.pk]), {"post": "yes"})
    employee.refresh_from_db()
    assert employee.lean_basics_completed_on is None


def test_replaced_certificate_file_is_removed(client, settings, colleague_user, django_capture_on_commit_callbacks):
    client.force_login(colleague_user)
    with django_capture_on_commit_callbacks(execute=True):
        _post_training(client, colleague_user.employee, SimpleUploadedFile("a.pdf", PDF, "application/pdf"))
    training = Training.objects.get()
    old_path = os.path.join(settings.MEDIA_ROOT, training.certificate.name)
    assert os.path.exists(old_path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registries:training-edit", args=[training.pk]),
            {
                "employee": colleague_user.employee.pk,
                "kind": Training.Kind.LEAN_BASICS,
                "started_on": "2023-01-10",
                "completed_on": "2023-01-20",
                "certificate": SimpleUploadedFile("b.png", PNG, "image/png"),
            },
        )
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.certificate.name.endswith(".png")
    assert not os.path.exists(old_path)
    assert os.path.exists(os.path.join(settings.MEDIA_ROOT, training.certificate.name))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registries:training-delete", args=[training.pk]))
    assert not os.listdir(os.path.dirname(old_path))


# --- confirmation (4.2, plan 2.1) ------------------------------------------------------------


def test_training_typed_in_without_a_certificate_gives_no_right_to_assess(colleague_user):
    training = _basics(colleague_user, colleague_user.employee, datetime.date(2024, 1, 20), confirm=False)
    colleague_user.employee.refresh_from_db()
    assert not training.is_confirmed
    assert colleague_user.employee.lean_basics_completed_on is None
    refusal = training_refusal(colleague_user)
    assert refusal is not None and "подтвержд" in refusal


def test_a_certificate_scan_confirms_the_training(colleague_user):
    scan = SimpleUploadedFile("certificate.pdf", PDF, "application/pdf")
    training = _basics(
        colleague_user, colleague_user.employee, datetime.date(2024, 1, 20), confirm=False, certificate=scan
    )
    colleague_user.employee.refresh_from_db()
    assert training.is_confirmed and training.confirmed_at is None
    assert training_refusal(colleague_user) is None


def test_the_office_confirms_in_one_list_with_who_and_when(client, colleague_user, economy_user):
    training = _basics(colleague_user, colleague_user.employee, datetime.date(2024, 1, 20), confirm=False)
    client.force_login(economy_user)
    listed = client.get(reverse("registries:training-unconfirmed"))
    assert listed.status_code == 200 and training in listed.context["page_obj"].object_list
    assert (
        'data-testid="unconfirmed-link">Неподтверждённое обучение: 1<'
        in client.get(reverse("registries:training-list")).content.decode()
    )
    response = client.post(reverse("registries:training-confirm", args=[training.pk]))
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.confirmed_by == economy_user
    assert training.confirmed_at == timezone.now()  # the frozen clock of ``_now``
    colleague_user.employee.refresh_from_db()
    assert colleague_user.employee.lean_basics_completed_on == datetime.date(2024, 1, 20)
    assert training_refusal(colleague_user) is None
    assert training not in client.get(reverse("registries:training-unconfirmed")).context["page_obj"].object_list
    detail = client.get(training.get_absolute_url()).content.decode()
    assert "(управление экономического развития) 15.06.2024" in detail


def test_only_the_office_confirms(client, colleague_user, department_user, admin_user_portal):
    training = _basics(colleague_user, colleague_user.employee, datetime.date(2024, 1, 20), confirm=False)
    url = reverse("registries:training-confirm", args=[training.pk])
    for user in (colleague_user, department_user, admin_user_portal):
        client.force_login(user)
        assert client.post(url).status_code == 403, user
    with pytest.raises(PermissionDenied):
        training_confirm(training=training, user=colleague_user)
    training.refresh_from_db()
    assert training.confirmed_at is None


def test_training_the_office_enters_is_confirmed(economy_user):
    training = _basics(economy_user, economy_user.employee, datetime.date(2024, 1, 20), confirm=False)
    assert training.confirmed_by == economy_user and training.is_confirmed


def test_unfinished_training_cannot_be_confirmed(colleague_user, economy_user):
    training = _basics(colleague_user, colleague_user.employee, None)
    with pytest.raises(ValidationError):
        training_confirm(training=training, user=economy_user)


def test_unconfirmed_list_queries_do_not_grow(client, economy_user, unit, django_assert_max_num_queries):
    for _ in range(3):
        TrainingFactory(employee=EmployeeFactory(organisation=unit))
    client.force_login(economy_user)
    url = reverse("registries:training-unconfirmed")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(20):
        TrainingFactory(employee=EmployeeFactory(organisation=unit))
    with django_assert_max_num_queries(12) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.context["page_obj"].paginator.count == 23
