"""Browser: the office downloads the template, uploads a filled file with two errors, reads the
report, fixes the file, uploads it again, confirms, and finds the projects in the registry."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from conftest import login
from orgs.models import Organisation
from projects.models import Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLES = ("Импортированный проект: запись к врачу", "Импортированный проект: выдача справок")


def _fill(template, target, *, kind: str, stage1: str, organisation: str) -> None:
    workbook = load_workbook(template)
    for name in workbook.sheetnames:
        if name not in ("Проекты", "Списки"):
            del workbook[name]
    ws = workbook["Проекты"]
    header = [cell.value for cell in ws[1]]
    ws.delete_rows(2)  # the example row
    for title, row_kind, row_stage1 in ((TITLES[0], kind, "15.01.2027"), (TITLES[1], "Внутренний", stage1)):
        row = [""] * len(header)
        row[header.index("Организация *")] = organisation
        row[header.index("Название бережливого проекта *")] = title
        row[header.index("Вид проекта")] = row_kind
        row[header.index("Этап 1")] = row_stage1
        ws.append(row)
    workbook.save(target)


def test_office_imports_projects_after_fixing_two_errors(page, demo_data, tmp_path):
    organisation = Organisation.objects.filter(is_economy_office=False, parent__isnull=True).order_by("pk").first()
    before = Project.objects.count()
    login(page, "economy")

    page.get_by_role("button", name="Реестры").click()
    page.get_by_role("link", name="Загрузка из Excel").click()
    assert page.get_by_role("heading", name="Загрузка реестров из Excel").is_visible()
    with page.expect_download() as download:
        page.get_by_test_id("import-template").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    bad = tmp_path / "проекты.xlsx"
    _fill(template, bad, kind="Внешний", stage1="32.01.2027", organisation=organisation.short_name)
    page.get_by_label("Файл Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Проверить файл").click()
    errors = page.get_by_test_id("import-error-list").locator("li")
    assert errors.count() == 2
    texts = errors.all_inner_texts()
    assert texts[0].startswith("Лист «Проекты», строка 2, столбец «Вид проекта»: «Внешний» — нет в списке.")
    assert texts[1].startswith("Лист «Проекты», строка 3, столбец «Этап 1»: «32.01.2027» — не дата")
    assert page.get_by_role("alert").filter(has_text="Ничего не записано").is_visible()
    assert page.get_by_test_id("import-confirm").count() == 0

    good = tmp_path / "проекты-исправлено.xlsx"
    _fill(template, good, kind="Межведомственный", stage1="31.01.2027", organisation=organisation.short_name)
    page.get_by_role("link", name="загрузите его снова").click()
    page.get_by_label("Файл Excel (.xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Проверить файл").click()
    assert "Будет создано записей — 2" in page.get_by_test_id("import-checked").inner_text()
    assert Project.objects.count() == before
    page.get_by_test_id("import-confirm").click()
    assert "Загрузка завершена" in page.get_by_test_id("import-done").inner_text()
    assert Project.objects.count() == before + 2

    page.get_by_role("link", name=TITLES[0]).click()
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    page.goto("/projects/")
    page.get_by_label("Поиск").fill("импортированный проект")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url(re.compile(r"q="))
    rows = page.get_by_test_id("registry").locator("tbody tr td:first-child > a").all_inner_texts()
    assert sorted(rows) == sorted(TITLES)
