"""The annual analytical report: the PDF carries the plan table, the .xlsx the dashboard's figures."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import client_for
from lean_portal.templatetags.portal import number

pytestmark = pytest.mark.django_db


def test_pdf_contains_the_ten_indicators_with_targets_and_actuals(client, economy_user, decree_plan, district):
    client_for(client, economy_user)
    response = client.get(reverse("plan:report-pdf"), {"plan": decree_plan.pk, "year": 2023})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.replace("\u00a0", " ").split())
    assert "Аналитическая информация о выполнении плана мероприятий за 2023 год" in text
    dashboard = client.get(reverse("plan:dashboard"), {"plan": decree_plan.pk, "year": 2023})
    rows = dashboard.context["monitoring"].rows
    assert len(rows) == 10
    for row in rows:
        assert row.indicator.wording[:40] in text, row.indicator.code
        target = number(row.target.value, 1)
        label = f"не менее {target}" if row.target.comparison == "at_least" else target
        actual = "нет данных" if row.actual is None else number(row.actual, 1)
        assert label in text and actual in text, row.indicator.code
    # The plan table row by row: code, target and actual in order.
    wording = "Доля подведомственных организаций, в которых реализованы бережливые проекты"
    assert f"1.3 {wording} процентов не менее 55 %" in text
    assert "50 % 2 из 4" in text
    assert "Тиражируемые проекты" in text and district.p1.title in text and district.p6.title in text
    assert "Ответственные исполнители и отстающие организации" in text and "B school" in text
    # No executors chosen: the report says the targets are read for every active organisation
    # (the district's eight and the office of the economy user).
    assert "исполнители не выбраны — все действующие организации: 9 организаций" in text


def _pdf_text(client, params) -> str:
    response = client.get(reverse("plan:report-pdf"), params)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.replace("\u00a0", " ").split())


def test_report_names_the_executors_by_agreement(client, economy_user, decree_plan, district):
    o = district
    # The office reads the count targets «каждым исполнителем» (3.3 stays «по округу»).
    decree_plan.indicators.filter(code__in=["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]).update(scope="organisation")
    decree_plan.executors.set([o.A, o.U, o.C])
    client_for(client, economy_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    text = _pdf_text(client, params)
    assert "исполнители по согласованию: 3 организации" in text
    assert "A school; C library; U unit." in text
    lagging = text.split("Показатели, по которым не достигнуто целевое значение (факт / цель)")[1]
    lagging = lagging.split("6. Как рассчитаны показатели")[0]
    assert "C library 1.1 — 0 / не менее 2" in lagging
    assert "B school" not in lagging and "D territorial" not in lagging  # not executors
    response = client.get(reverse("plan:report-xlsx"), params)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    executors = {r[0]: r for r in workbook["Исполнители"].iter_rows(min_row=2, values_only=True)}
    assert set(executors) == {"A school", "C library", "U unit"}
    # A in 2023: 1.1 (2 projects ≥ 2) and 1.2 (2 ≥ 2) met; 2.1 (1 < 2), 2.2 (0 < 2), 3.1 (1 < 2), 3.2 (0 < 1) not.
    assert executors["A school"][3] == "по согласованию"
    assert executors["A school"][4:] == (2, 4, "2.1, 2.2, 3.1, 3.2")
    assert executors["A school"][2] == "U unit"
    table = {r[0]: r for r in workbook["Показатели 2023"].iter_rows(min_row=2, values_only=True)}
    assert table["1.1"][5] == 6.0 and table["1.1"][9] == 3  # target 2 × 3 executors
    assert table["1.3"][9] is None  # a share has no executors' reading
    organisations = {r[0] for r in workbook["По организациям"].iter_rows(min_row=2, values_only=True)}
    assert organisations == {"A school", "C library", "U unit"}


def test_xlsx_figures_equal_the_dashboards(client, economy_user, decree_plan, district):
    client_for(client, economy_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    rows = client.get(reverse("plan:dashboard"), params).context["monitoring"].rows
    response = client.get(reverse("plan:report-xlsx"), params)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Показатели 2023"]
    table = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert len(table) == 10
    for row in rows:
        line = table[row.indicator.code]
        # Shares are Excel percentages (50 % is 0.5 in the cell), counts are numbers.
        scale = 100 if row.definition.is_share else 1
        assert line[4] * scale == pytest.approx(float(row.target.value))
        expected = None if row.actual is None else float(row.actual)
        assert (None if line[6] is None else line[6] * scale) == pytest.approx(expected), row.indicator.code
        assert row.status.label in line[7]
    assert table["1.1"][6] == 6 and table["1.3"][6] == 0.5
    share_cells = {cell.number_format for cell in sheet["G"][1:] if isinstance(cell.value, float) and cell.value < 1}
    assert share_cells <= {"0%", "0.0%"} and share_cells
    by_org = list(workbook["По организациям"].iter_rows(min_row=2, values_only=True))
    a_projects = next(r for r in by_org if r[0] == "A school" and r[1] == "1.1")
    # Beside the district total (1.1 is read «по округу»): A's own count, for information.
    assert a_projects[5] == 2 and "для сведения" in a_projects[6]
    years = [r for r in workbook["По годам"].iter_rows(min_row=2, values_only=True) if r[0] == "1.5"]
    assert [(r[1], r[4]) for r in years] == [(2022, 0), (2023, pytest.approx(0.333)), (2024, 0)]
    projects = list(workbook["Проекты 2023"].iter_rows(min_row=2, values_only=True))
    assert len(projects) == 6
    assert Decimal(str(table["1.4"][6])) == Decimal("0.667")  # A and C of A, B, C since 2022


def test_report_shows_official_significance_statuses(client, economy_user, decree_plan, district):
    from scoring.models import Assessment, RubricVersion
    from scoring.rubric import REGIONAL

    Assessment.objects.create(
        project=district.p1,
        rubric_version=RubricVersion.objects.first(),
        kind=Assessment.Kind.OFFICE,
        state=Assessment.State.AGREED,
        total=Decimal("8.5"),
        is_lean=True,
        status=REGIONAL,
        assessor=economy_user,
        assessor_employee=economy_user.employee,
        assessed_on=district.p1.closed_on,
    )
    client_for(client, economy_user)
    params = {"plan": decree_plan.pk, "year": 2023}
    response = client.get(reverse("plan:report-pdf"), params)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.replace("\u00a0", " ").split())
    assert "Статусы значимости реализованных проектов" in text
    assert "Региональный — 1" in text and "оценка значимости не согласована — 5" in text
    response = client.get(reverse("plan:report-xlsx"), params)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Проекты 2023"]
    line = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == district.p1.title)
    assert line[5:] == ("Региональный", 8.5)
