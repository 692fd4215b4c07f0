"""Every page of a record, for the owner's colleague (writes), the office (reads only) and an outsider (404)."""

import pytest
from django.urls import reverse

from registries.tests.factories import (
    DiagnosticFactory,
    ModelSiteFactory,
    SuggestionFactory,
    SurveyFactory,
    TrainingFactory,
)

pytestmark = pytest.mark.django_db

# (factory, how to attach it to the unit, read pages, write pages)
RECORDS = {
    "suggestion": (SuggestionFactory, "organisation", ["suggestion-detail"], ["suggestion-edit"]),
    "training": (TrainingFactory, "employee", ["training-detail"], ["training-edit"]),
    "modelsite": (ModelSiteFactory, "organisation", ["modelsite-detail"], ["modelsite-edit"]),
    "survey": (SurveyFactory, "organisation", ["survey-detail", "survey-print"], ["survey-edit"]),
    "diagnostic": (DiagnosticFactory, "organisation", ["diagnostics-detail"], ["diagnostics-edit"]),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_record_pages(kind, client, unit, department_user, colleague_user, economy_user, outsider_user, school_user):
    factory, attach, read_pages, write_pages = RECORDS[kind]
    owner = department_user.employee if attach == "employee" else unit
    record = factory(**{attach: owner})
    cases = [
        (colleague_user, 200, 200),
        (economy_user, 200, 403),
        (outsider_user, 404, 404),
        (school_user, 404, 404),  # a subordinate does not read its unit's records
    ]
    for user, read, write in cases:
        client.force_login(user)
        for name in read_pages:
            assert client.get(reverse(f"registries:{name}", args=[record.pk])).status_code == read, (name, user)
        for name in write_pages:
            assert client.get(reverse(f"registries:{name}", args=[record.pk])).status_code == write, (name, user)
    client.logout()
    response = client.get(reverse(f"registries:{read_pages[0]}", args=[record.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("kind", RECORDS)
def test_unit_reads_its_subordinates_records_without_writing(kind, client, school, school_user, department_user):
    factory, attach, read_pages, write_pages = RECORDS[kind]
    record = factory(**{attach: school_user.employee if attach == "employee" else school})
    client.force_login(department_user)
    assert client.get(reverse(f"registries:{read_pages[0]}", args=[record.pk])).status_code == 200
    assert client.get(reverse(f"registries:{write_pages[0]}", args=[record.pk])).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "suggestion-create",
        "training-create",
        "modelsite-create",
        "survey-create",
        "contest-create",
        "diagnostics-create",
    ],
)
def test_an_account_without_organisation_cannot_file_records(name, client, admin_user_portal, department_user):
    client.force_login(admin_user_portal)
    assert client.get(reverse(f"registries:{name}")).status_code == 403
    client.force_login(department_user)
    assert client.get(reverse(f"registries:{name}")).status_code == 200


def test_lists_need_log_in(client):
    for name in ["suggestion-list", "training-list", "modelsite-list", "survey-list", "contest-list",
                 "diagnostics-list", "recognition"]:  # fmt: skip
        assert client.get(reverse(f"registries:{name}")).status_code == 302
