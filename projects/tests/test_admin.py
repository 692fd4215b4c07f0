import pytest
from django.urls import reverse

from projects.models import Project

pytestmark = pytest.mark.django_db


def test_admin_pages(client, admin_user_portal, submitted):
    client.force_login(admin_user_portal)
    assert client.get(reverse("admin:projects_project_changelist"), {"q": "справок"}).status_code == 200
    assert client.get(reverse("admin:projects_project_change", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("admin:projects_transition_changelist")).status_code == 200
    assert client.get(reverse("admin:projects_changerequest_changelist")).status_code == 200


def test_signature_name():
    assert Project(approver_name="Морозов Игорь Николаевич").approver_signature_name == "Морозов И.Н."
    assert Project(approver_name="Морозов").approver_signature_name == "Морозов"
