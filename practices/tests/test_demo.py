"""The bank's pages and files render with the demo district (``manage.py load_demo``)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from conftest import client_for
from orgs.models import User
from practices.selectors import practices

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(module_demo, db):
    return {user.username: user for user in User.objects.filter(username__in=["department", "school", "economy"])}


def test_demo_practices_render_for_every_reader(client, demo, no_pdf_layout):
    project_ids = list(practices().values_list("project_id", flat=True))
    assert project_ids, "the demo has practices (criterion 6 scored 1 or more)"
    for username in ("department", "school", "economy"):
        client_for(client, demo[username])
        response = client.get(reverse("practices:list"))
        assert response.status_code == 200 and len(response.context["page_obj"]) == len(project_ids)
        for pk in project_ids:
            assert client.get(reverse("practices:detail", args=[pk])).status_code == 200
            assert client.get(reverse("practices:pdf", args=[pk])).status_code == 200
            assert client.get(reverse("practices:replicate", args=[pk])).status_code == 200
    client.logout()
    assert client.get(reverse("practices:opendata")).status_code == 200
    data = json.loads(b"".join(client.get(reverse("practices:opendata-json")).streaming_content))
    assert sorted(record["id"] for record in data) == sorted(project_ids)
    assert client.get(reverse("practices:api-list")).json()["count"] == len(project_ids)
