"""Self-assessment (6.3): portal figures, the organisation's text, the signed scan served with access checks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from projects.models import Project
from registries.models import Suggestion
from reporting import services
from reporting.models import SelfAssessment
from reporting.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def assessment(unit, department_user):
    return services.selfassessment_start(organisation=unit, year=2026, user=department_user)


@pytest.fixture
def completed(assessment, department_user):
    services.selfassessment_save(
        assessment=assessment,
        user=department_user,
        achievements="Два проекта",
        problem_areas="Нет времени",
        plans="Обучение",
    )
    return services.selfassessment_complete(assessment=assessment, user=department_user)


def test_figures_of_the_year_and_frozen_on_completion(unit, department_user, assessment):
    ProjectFactory(organisation=unit, approval_date=datetime.date(2026, 3, 1))
    ProjectFactory(
        organisation=unit,
        state=Project.State.CLOSED,
        approval_date=datetime.date(2025, 3, 1),
        closed_on=datetime.date(2026, 6, 1),
    )
    Suggestion.objects.create(
        organisation=unit,
        submitted_on=datetime.date(2026, 2, 1),
        problem="п",
        solution="р",
        state="implemented",
        implemented_on=datetime.date(2026, 4, 1),
    )
    services.selfassessment_save(
        assessment=assessment, user=department_user, achievements="A", problem_areas="B", plans=""
    )
    done = services.selfassessment_complete(assessment=assessment, user=department_user)
    assert done.state == SelfAssessment.State.COMPLETED
    assert done.figures["projects"] == {"opened": 1, "active": 1, "implemented": 1, "replicated": 0}
    assert done.figures["suggestions"] == {"submitted": 1, "implemented": 1}
    ProjectFactory(organisation=unit, approval_date=datetime.date(2026, 5, 1))
    done.refresh_from_db()
    assert done.figures["projects"]["opened"] == 1


def test_completion_requires_achievements_and_problem_areas(assessment, department_user):
    with pytest.raises(ValidationError) as error:
        services.selfassessment_complete(assessment=assessment, user=department_user)
    assert set(error.value.message_dict) == {"achievements", "problem_areas"}


def test_cannot_send_before_completion_or_edit_after(assessment, department_user):
    scan = SimpleUploadedFile("s.pdf", PDF)
    with pytest.raises(ValidationError, match="только проведённую"):
        services.selfassessment_send(assessment=assessment, user=department_user, scan=scan)


def test_page_access_owner_reader_outsider_office(
    client, assessment, department_user, school_user, outsider_user, economy_user
):
    url = assessment.get_absolute_url()
    assert client_for(client, department_user).get(url).status_code == 200
    assert client_for(client, outsider_user).get(url).status_code == 404
    assert client_for(client, school_user).get(url).status_code == 404
    client_for(client, economy_user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"achievements": "x"}).status_code == 403


def test_parent_unit_reads_school_self_assessment_read_only(client, school, school_user, department_user):
    school_assessment = services.selfassessment_start(organisation=school, year=2026, user=school_user)
    client_for(client, department_user)
    assert client.get(school_assessment.get_absolute_url()).status_code == 200
    assert client.post(school_assessment.get_absolute_url(), {"achievements": "x"}).status_code == 403


def test_complete_through_the_page_keeps_text_on_error(client, assessment, department_user):
    client_for(client, department_user)
    response = client.post(
        assessment.get_absolute_url(),
        {"achievements": "Мои достижения", "problem_areas": "", "plans": "", "action": "complete"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Мои достижения" in content
    assert "опишите их" in content
    assessment.refresh_from_db()
    assert assessment.state == SelfAssessment.State.DRAFT


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("scan.pdf", b"MZ\x90\x00 not a pdf at all", "Это не PDF, JPEG или PNG"),
        ("scan.exe", b"\x00\x01\x02", "Это не PDF, JPEG или PNG"),
        ("scan.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024 + 1), "Файл больше 5 МБ"),
    ],
)
def test_scan_checked_by_content_and_size(client, completed, department_user, name, content, error):
    client_for(client, department_user)
    response = client.post(
        reverse("reporting:selfassessment-send", args=[completed.pk]), {"scan": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    completed.refresh_from_db()
    assert completed.state == SelfAssessment.State.COMPLETED


def test_scan_sent_and_served_only_to_those_who_may_read(
    client, completed, department_user, outsider_user, economy_user, school_user
):
    client_for(client, department_user)
    response = client.post(
        reverse("reporting:selfassessment-send", args=[completed.pk]), {"scan": SimpleUploadedFile("подпись.png", PNG)}
    )
    assert response.status_code == 302
    completed.refresh_from_db()
    assert completed.state == SelfAssessment.State.SENT
    url = reverse("reporting:selfassessment-scan", args=[completed.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert client_for(client, economy_user).get(url).status_code == 200
    assert client_for(client, outsider_user).get(url).status_code == 404
    assert client_for(client, school_user).get(url).status_code == 404
    # The stored file lost (a deleted object, a partial restore): a clear 404, not a server error.
    completed.scan.storage.delete(completed.scan.name)
    response = client_for(client, economy_user).get(url)
    assert response.status_code == 404


def test_send_by_reader_is_403(client, completed, school_user, economy_user):
    response = client_for(client, economy_user).post(
        reverse("reporting:selfassessment-send", args=[completed.pk]), {"scan": SimpleUploadedFile("s.pdf", PDF)}
    )
    assert response.status_code == 403


def test_list_scoped_sorted_and_start(
    client, department_user, unit, school, other_org, frozen_today, django_assert_max_num_queries
):
    SelfAssessment.objects.create(organisation=school, year=2025)
    SelfAssessment.objects.create(organisation=other_org, year=2025)
    client_for(client, department_user)
    response = client.post(reverse("reporting:selfassessment-start"), {"year": "2026"})
    own = SelfAssessment.objects.get(organisation=unit, year=2026)
    assert response["Location"] == own.get_absolute_url()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reporting:selfassessment-list"), {"o": "-year"})
    listed = [a.pk for a in response.context["page_obj"]]
    assert listed[0] == own.pk
    assert len(listed) == 2
    content = response.content.decode()
    assert "до 20.11.2026" in content and "до 01.12.2026" in content


def test_printable_pdf_for_readers_only(client, completed, department_user, outsider_user, director_user):
    url = reverse("reporting:selfassessment-pdf", args=[completed.pk])
    response = client_for(client, department_user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for(client, outsider_user).get(url).status_code == 404


def test_printable_html_names_the_head_and_figures(client, completed, director_user, admin_user_portal):
    response = client_for(client, admin_user_portal).get(
        reverse("reporting:selfassessment-pdf", args=[completed.pk]), {"html": 1}
    )
    content = response.content.decode()
    assert "самооценки эффективности деятельности по реализации бережливого управления за 2026 год" in content
    assert director_user.employee.short_name in content
    assert "Два проекта" in content and "Нет времени" in content
    assert "Открыто бережливых проектов (утверждено паспортов)" in content
