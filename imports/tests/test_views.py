"""The import pages: upload, report before anything is written, confirmation, result, access."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportBatch
from imports.tests.conftest import titles, write_xlsx
from orgs.tests.factories import UserFactory
from projects.models import Project

pytestmark = pytest.mark.django_db

SCHOOL = "МБОУ «Драченинская СОШ»"


def _project_row(title, values=None):
    row = [""] * len(titles("projects"))
    row[0], row[1] = SCHOOL, title
    for index, value in (values or {}).items():
        row[index] = value
    return row


def _upload(client, path, name="проекты.xlsx"):
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(name, handle.read())
    return client.post(reverse("imports:index"), {"file": upload})


def test_the_office_uploads_reads_the_report_fixes_and_confirms(client, district, tmp_path):
    client.force_login(district["economy"])
    bad = write_xlsx(
        tmp_path / "bad.xlsx",
        {
            "Проекты": [
                titles("projects"),
                _project_row("Первый", {2: "Внешний"}),
                _project_row("Второй", {12: "32.13.2026"}),
            ]
        },
    )
    response = _upload(client, bad)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert batch.file_name == "проекты.xlsx"
    assert "Лист «Проекты», строка 2, столбец «Вид проекта»: «Внешний» — нет в списке." in page
    assert "Лист «Проекты», строка 3, столбец «Этап 1»: «32.13.2026» — не дата" in page
    assert "Подтвердить загрузку" not in page
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 302
    assert not Project.objects.exists()

    good = write_xlsx(
        tmp_path / "good.xlsx",
        {"Проекты": [titles("projects"), _project_row("Первый"), _project_row("Второй", {12: "31.12.2026"})]},
    )
    response = _upload(client, good)
    page = client.get(response.url).content.decode()
    assert "Будет создано записей — 2" in page
    assert not Project.objects.exists(), "nothing is written before the confirmation"
    batch = ImportBatch.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])

    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)

    page = response.content.decode()
    assert "Загрузка завершена" in page
    first = Project.objects.get(title="Первый")
    assert f'href="{first.get_absolute_url()}"' in page
    history = client.get(reverse("projects:history", args=[first.pk])).content.decode()
    assert "импорт из файла «проекты.xlsx»" in history
    # Confirmed once only.
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert Project.objects.count() == 2


def test_an_upload_is_seen_by_its_uploader_and_the_office_only(client, district, tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", {"Обучение": [titles("training")]})
    client.force_login(district["school_user"])
    _upload(client, path)
    batch = ImportBatch.objects.get()
    assert client.get(batch.get_absolute_url()).status_code == 200
    assert client.get(reverse("imports:status", args=[batch.pk])).json()["state"] == "checked"

    colleague = UserFactory(employee__organisation=district["school"])
    client.force_login(colleague)
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    client.force_login(district["economy"])
    assert client.get(batch.get_absolute_url()).status_code == 200


def test_a_file_that_is_not_xlsx_is_refused_on_the_field(client, district):
    client.force_login(district["economy"])
    response = client.post(reverse("imports:index"), {"file": SimpleUploadedFile("a.xlsx", b"%PDF-1.4")})
    assert response.status_code == 200
    assert "Это не книга Excel (.xlsx)" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_template_downloads_with_the_sheets_of_the_role(client, district):
    client.force_login(district["school_user"])
    response = client.get(reverse("imports:template"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Предложения по улучшению", "Обучение", "Списки"]


def test_the_upload_list_runs_a_fixed_number_of_queries(client, district):
    client.force_login(district["economy"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("imports:index")).status_code == 200
        return len(captured)

    ImportBatch.objects.create(uploaded_by=district["economy"], file="imports/a.xlsx", file_name="a.xlsx", size=1)
    queries()  # the session's first request reads more (the second factor, the menu)
    one = queries()
    for n in range(6):
        ImportBatch.objects.create(
            uploaded_by=district["economy"], file="imports/b.xlsx", file_name=f"{n}.xlsx", size=1
        )
    assert queries() == one


@pytest.mark.django_db(transaction=True)
def test_the_check_and_the_import_run_in_a_thread_with_progress(client, district, tmp_path, settings):
    """The production path: the request returns at once, the thread does the work, the page polls."""
    settings.IMPORTS_INLINE = False
    client.force_login(district["economy"])
    path = write_xlsx(tmp_path / "t.xlsx", {"Проекты": [titles("projects"), _project_row("В потоке")]})

    def wait(batch_pk):
        for thread in threading.enumerate():
            if thread.name == f"import-{batch_pk}":
                thread.join(timeout=60)

    response = _upload(client, path)
    batch = ImportBatch.objects.get()
    wait(batch.pk)
    status = client.get(reverse("imports:status", args=[batch.pk])).json()
    assert status == {"state": "checked", "running": False, "done": 1, "total": 1, "percent": 100}
    assert response.status_code == 302
    client.post(reverse("imports:confirm", args=[batch.pk]))
    wait(batch.pk)
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.IMPORTED
    assert Project.objects.filter(title="В потоке").exists()
