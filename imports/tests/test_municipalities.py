"""An import stays within the importer's municipality: it matches, creates and reports only there;
an office's uploads are seen by that office alone; the regional office imports nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.engine import Importer
from imports.models import ImportBatch
from imports.tests.conftest import titles, write_xlsx
from orgs.models import Organisation
from orgs.tests.factories import EmployeeFactory, SphereFactory

pytestmark = pytest.mark.django_db


def row(key: str, **values) -> list:
    from imports.sheets import SHEETS_BY_KEY

    return [values.get(f.key, "") for f in SHEETS_BY_KEY[key].fields]


@pytest.fixture
def neighbour(district, far_economy_user, far_org):
    """The Belovsky office, with an organisation whose short name is also the district's."""
    far_org.short_name = "Управление образования"
    far_org.inn = "4212000001"
    far_org.save()
    return {"economy": far_economy_user, "org": far_org}


def check(path, user):
    return Importer(path=path, user=user, file_name="реестры.xlsx").check()


def apply(path, user):
    return Importer(path=path, user=user, file_name="реестры.xlsx").apply()


def test_names_are_matched_in_the_importers_municipality_only(district, neighbour, tmp_path):
    # «Управление образования» is both the district's and Belovsky's: for Belovsky's office only its own.
    path = write_xlsx(
        tmp_path / "staff.xlsx",
        {
            "Сотрудники": [
                titles("employees"),
                row("employees", last_name="Петрова", first_name="Ольга", position="Специалист",
                    organisation="Управление образования"),
                row("employees", last_name="Сидорова", first_name="Ирина", position="Специалист",
                    organisation="МБОУ «Драченинская СОШ»"),
            ]
        },
    )  # fmt: skip
    report = check(path, neighbour["economy"])
    assert [(i.row, i.column) for i in report.errors] == [(3, "Организация")]
    assert "не найдена" in report.errors[0].message
    # The closest name proposed is never the other municipality's organisation.
    assert district["school"].full_name not in report.errors[0].message


def test_created_organisations_go_into_the_importers_municipality(district, neighbour, tmp_path):
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        {
            "Организации": [
                titles("organisations"),
                row("organisations", full_name="МБОУ «Беловская СОШ № 1»", short_name="Беловская СОШ",
                    kind="Муниципальное учреждение", parent="Управление образования Беловского МО"),
            ]
        },
    )  # fmt: skip
    neighbour["org"].full_name = "Управление образования Беловского МО"
    neighbour["org"].save()
    report = apply(path, neighbour["economy"])
    assert report.errors == []
    created = Organisation.objects.get(short_name="Беловская СОШ")
    assert created.municipality == neighbour["org"].municipality
    assert created.parent == neighbour["org"]


def test_a_full_name_taken_in_another_municipality_is_an_error_not_a_match(district, neighbour, tmp_path):
    unit = district["unit"]
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        {
            "Организации": [
                titles("organisations"),
                row("organisations", full_name=unit.full_name, short_name="Чужое", kind="Муниципальное учреждение"),
            ]
        },
    )
    report = check(path, neighbour["economy"])
    assert [(i.row, i.column) for i in report.errors] == [(2, "Полное наименование")]
    assert "другом муниципальном образовании" in report.errors[0].message


def test_the_template_lists_the_regional_and_own_spheres_only(district, neighbour, other_municipality):
    from imports.workbooks import ImportTemplate

    SphereFactory(name="Угледобыча", municipality=other_municipality)
    sheets = {sheet.title: sheet for sheet in ImportTemplate(district["economy"]).sheets()}
    columns = {c.title: c for c in sheets["Организации"].columns}
    choices = next(c.choices for title, c in columns.items() if title.startswith("Сфера"))
    assert "Образование" in choices and "Угледобыча" not in choices


def test_the_neighbours_office_does_not_see_an_upload(client, district, neighbour, tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", {"Обучение": [titles("training")]})
    client.force_login(district["school_user"])
    client.post(reverse("imports:index"), {"file": SimpleUploadedFile("t.xlsx", Path(path).read_bytes())})
    batch = ImportBatch.objects.get()
    client.force_login(neighbour["economy"])
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    client.force_login(district["economy"])
    assert client.get(batch.get_absolute_url()).status_code == 200


def test_the_regional_office_imports_nothing(client, district, region_user):
    client.force_login(region_user)
    assert client.get(reverse("imports:index")).status_code == 403
    assert client.get(reverse("imports:template")).status_code == 403
    assert client.get(reverse("imports:registers")).status_code == 403


def test_the_neighbours_registers_export_holds_only_its_own(client, district, neighbour):
    from io import BytesIO

    from openpyxl import load_workbook

    EmployeeFactory(organisation=neighbour["org"], last_name="Беловская")
    client.force_login(neighbour["economy"])
    response = client.get(reverse("imports:registers"))
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    text = " ".join(
        str(value) for ws in workbook.worksheets for r in ws.iter_rows(values_only=True) for value in r if value
    )
    assert "Беловская" in text
    assert "Драченинская" not in text and "Королёва" not in text


def test_an_admin_imports_into_the_default_municipality(district, admin_user_portal, tmp_path):
    path = write_xlsx(
        tmp_path / "orgs.xlsx",
        {
            "Организации": [
                titles("organisations"),
                row("organisations", full_name="МКУ «Новое»", short_name="Новое", kind="Муниципальное учреждение"),
            ]
        },
    )
    assert apply(path, admin_user_portal).errors == []
    assert Organisation.objects.get(short_name="Новое").municipality.is_default
