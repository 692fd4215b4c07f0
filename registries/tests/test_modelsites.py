"""Model sites and partner audits: CRUD with access rules, list, filters, export."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from registries.models import ModelSite
from registries.services.modelsites import modelsite_create, modelsite_update
from registries.tests.factories import ModelSiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime.datetime(2024, 6, 15, 9, 0), tick=False)


def test_services_validate_and_check_access(unit, department_user, outsider_user):
    fields = {"title": "Кабинет 5S", "audit_date": datetime.date(2024, 5, 1), "auditor": "МФЦ"}
    with pytest.raises(PermissionDenied):
        modelsite_create(user=outsider_user, organisation=unit, **fields)
    with pytest.raises(ValidationError):
        modelsite_create(user=department_user, organisation=unit, **{**fields, "audit_date": datetime.date(2024, 7, 1)})
    site = modelsite_create(user=department_user, organisation=unit, **fields)
    modelsite_update(site=site, user=department_user, result="Подтверждён")
    site.refresh_from_db()
    assert site.result == "Подтверждён"
    assert site.history.count() == 2


def test_views_crud_and_access(client, unit, department_user, economy_user, outsider_user, school_user):
    client.force_login(department_user)
    response = client.post(
        reverse("registries:modelsite-create"),
        {"title": "Кабинет 5S", "audit_date": "2024-05-01", "auditor": "МФЦ", "result": ""},
    )
    site = ModelSite.objects.get()
    assert response.status_code == 302 and site.organisation == unit
    bad = client.post(reverse("registries:modelsite-create"), {"title": "Без даты", "auditor": "МФЦ"})
    assert bad.status_code == 200 and "audit_date" in bad.context["form"].errors
    edit = reverse("registries:modelsite-edit", args=[site.pk])
    delete = reverse("registries:modelsite-delete", args=[site.pk])
    for user, read, write in [(economy_user, 200, 403), (outsider_user, 404, 404), (school_user, 404, 404)]:
        client.force_login(user)
        assert client.get(site.get_absolute_url()).status_code == read
        assert client.get(edit).status_code == write
        assert client.post(delete).status_code == write
    client.force_login(department_user)
    assert client.post(edit, {"title": "Кабинет", "audit_date": "2024-05-02", "auditor": "МФЦ"}).status_code == 302
    assert client.post(delete).status_code == 302
    assert not ModelSite.objects.exists()


def test_list_filters_export_and_constant_queries(
    client, unit, school, other_org, department_user, django_assert_max_num_queries
):
    for i in range(10):
        ModelSiteFactory(organisation=unit, audit_date=datetime.date(2022 + i % 2, 5, 1))
    ModelSiteFactory(organisation=school)
    ModelSiteFactory(organisation=other_org)
    client.force_login(department_user)
    url = reverse("registries:modelsite-list")
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 11
    assert client.get(url, {"year": 2022}).context["page_obj"].paginator.count == 5
    assert client.get(url, {"organisation": school.pk}).context["page_obj"].paginator.count == 1
    response = client.get(reverse("registries:modelsite-export"), {"year": 2023})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert len(list(sheet.iter_rows(min_row=2))) == 6
