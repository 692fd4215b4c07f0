"""The admin shows rubric versions and assessments in Russian; assessments are read-only there."""

import pytest
from django.urls import reverse

from scoring.models import RubricVersion

pytestmark = pytest.mark.django_db


def test_rubric_versions_and_assessments_in_admin(client, admin_user_portal, project, economy_user, assess):
    assessment = assess(project, economy_user)
    client.force_login(admin_user_portal)
    content = client.get(reverse("admin:scoring_rubricversion_changelist")).content.decode()
    assert "Редакции методики оценки" in content or "редакции методики оценки" in content
    version = RubricVersion.objects.current()
    content = client.get(reverse("admin:scoring_rubricversion_change", args=[version.pk])).content.decode()
    assert "6.1. Возможно тиражирование в организациях не только по профилю" in content
    assert "Федеральный статус — от 10 баллов, региональный — от 5." in content
    content = client.get(reverse("admin:scoring_assessment_changelist")).content.decode()
    assert project.title in content
    response = client.get(reverse("admin:scoring_assessment_change", args=[assessment.pk]))
    assert response.status_code == 200
    assert "Критерии оценки" in response.content.decode() or "критерии оценки" in response.content.decode()
    assert client.get(reverse("admin:scoring_assessment_add")).status_code == 403


def test_admin_does_not_edit_rubric_versions(client, admin_user_portal, project, economy_user, assess):
    """The office creates versions in the portal's pages; the admin only shows them."""
    assess(project, economy_user)
    version = RubricVersion.objects.current()
    client.force_login(admin_user_portal)
    data = {
        "number": 1,
        "title": version.title,
        "basis": version.basis,
        "valid_from": "30.09.2022",
        "is_current": "on",
        "data": '{"criteria": [], "cut_off": []}',
    }
    response = client.post(reverse("admin:scoring_rubricversion_change", args=[version.pk]), data)
    assert response.status_code == 403
    assert client.get(reverse("admin:scoring_rubricversion_add")).status_code == 403
    version.refresh_from_db()
    assert version.to_rubric().criteria
