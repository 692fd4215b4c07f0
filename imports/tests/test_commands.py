"""The console import (first load by an administrator) and the purge of old uploads."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from imports.models import ImportBatch
from imports.tests.conftest import titles, write_xlsx
from projects.models import Project

pytestmark = pytest.mark.django_db


def _row(title, kind=""):
    row = [""] * len(titles("projects"))
    row[0], row[1], row[2] = "МБОУ «Драченинская СОШ»", title, kind
    return row


def test_the_console_import_prints_the_same_report_and_imports(district, tmp_path):
    bad = write_xlsx(tmp_path / "bad.xlsx", {"Проекты": [titles("projects"), _row("Первый", "Внешний")]})
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"Ошибок: 1\. Ничего не записано\."):
        call_command("import_registers", bad, user="economy", quiet_progress=True, stdout=out)
    assert "Лист «Проекты», строка 2, столбец «Вид проекта»: «Внешний» — нет в списке." in out.getvalue()

    good = write_xlsx(tmp_path / "good.xlsx", {"Проекты": [titles("projects"), _row("Первый")]})
    out = io.StringIO()
    call_command("import_registers", good, user="economy", check=True, quiet_progress=True, stdout=out)
    assert "«Проекты»: строк 1, создать 1, изменить 0, без изменений 0" in out.getvalue()
    assert not Project.objects.exists()
    call_command("import_registers", good, user="economy", quiet_progress=True, stdout=io.StringIO())
    assert Project.objects.get().history.get().history_change_reason == "импорт из файла «good.xlsx»"


def test_uploads_older_than_a_week_are_deleted_with_their_files(district):
    old = ImportBatch(uploaded_by=district["economy"], file_name="old.xlsx", size=2)
    old.file.save("old.xlsx", ContentFile(b"PK"), save=True)
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    recent = ImportBatch(uploaded_by=district["economy"], file_name="new.xlsx", size=2)
    recent.file.save("new.xlsx", ContentFile(b"PK"), save=True)
    storage = old.file.storage

    call_command("purge_imports", stdout=io.StringIO())

    assert list(ImportBatch.objects.all()) == [recent]
    assert not storage.exists(old.file.name)
    assert storage.exists(recent.file.name)
