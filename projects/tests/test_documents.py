"""The printed passport (PDF) and the registry in Excel."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from projects.models import JustificationItem, Project
from projects.tests.factories import FullProjectFactory, GoalFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_passport_pdf_follows_the_form(client, department_user, draft, settings):
    settings.PORTAL_BASE_URL = "https://lean.example.ru"
    draft.approver_name = "Морозов Игорь Николаевич"
    draft.approval_date = datetime.date(2024, 2, 1)
    draft.state = Project.State.APPROVED  # approved: the date is printed, no draft mark
    draft.save()
    client.force_login(department_user)
    response = client.get(reverse("projects:pdf", args=[draft.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    text = " ".join(pdf_text(response.content).split())
    for heading in ("Паспорт бережливого проекта", "УТВЕРЖДАЮ", "(подпись)", "(Ф.И.О.)", "Общие данные:",
                    "Обоснование:", "Цели и эффекты:", "Сроки:", "Наименование цели, единицы измерения",
                    "Текущий показатель", "Целевой показатель"):  # fmt: skip
        assert heading in text, heading
    assert "Морозов Игорь Николаевич" in text
    assert draft.title in text
    assert "Родители ждут справку до 5 дней" in text
    assert "«01» февраля 2024 г." in text  # approval date and stage 1, as documents write dates
    assert "с «05» февраля 2024 г. по «20» февраля 2024 г." in text
    assert f"https://lean.example.ru/projects/{draft.pk}/" in text.replace(" ", "")
    assert "ПРОЕКТ" not in text


def test_long_passport_flows_over_pages(client, department_user, draft):
    for n in range(40):
        GoalFactory(project=draft, name=f"Показатель номер {n} с длинным названием для переноса строки", position=n + 2)
        JustificationItem.objects.create(project=draft, position=n + 2, text=f"Пункт обоснования {n}. " * 5)
    client.force_login(department_user)
    response = client.get(reverse("projects:pdf", args=[draft.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 3
    # The goals table's header repeats on the pages it continues to.
    pages_with_header = [p for p in reader.pages if "Целевой показатель" in " ".join(p.extract_text().split())]
    assert len(pages_with_header) >= 2


def test_pdf_html_debug_only_for_admins(client, department_user, admin_user_portal, draft):
    client.force_login(department_user)
    response = client.get(reverse("projects:pdf", args=[draft.pk]), {"html": "1"})
    assert response["Content-Type"] == "application/pdf"
    client.force_login(admin_user_portal)
    response = client.get(reverse("projects:pdf", args=[draft.pk]), {"html": "1"})
    assert "УТВЕРЖДАЮ" in response.content.decode()


def test_pdf_access(client, outsider_user, draft):
    client.force_login(outsider_user)
    assert client.get(reverse("projects:pdf", args=[draft.pk])).status_code == 404


def test_excel_holds_the_filtered_rows(client, department_user, unit, school):
    FullProjectFactory(
        organisation=school,
        title="Столовая без очередей",
        state=Project.State.CLOSED,
        closed_on=datetime.date(2024, 12, 2),
    )
    FullProjectFactory(organisation=unit, title="Выдача справок", state=Project.State.DRAFT)
    client.force_login(department_user)
    response = client.get(reverse("projects:export"), {"state": "closed"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("№", "Название бережливого проекта", "Организация")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Название бережливого проекта"] == "Столовая без очередей"
    assert row["Дата закрытия"] == datetime.datetime(2024, 12, 2)
    assert row["Согласование паспорта"] == datetime.datetime(2024, 2, 1)
    assert "Срок выдачи справки, дней: 5 → 1" in row["Цели (текущий → целевой)"]
    assert sheet.freeze_panes == "A2"


def test_excel_is_role_scoped(client, outsider_user, draft):
    client.force_login(outsider_user)
    response = client.get(reverse("projects:export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 1
