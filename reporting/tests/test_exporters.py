"""The consolidated Excel opens with openpyxl and its figures equal the reports'."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import client_for
from orgs.tests.factories import OrganisationFactory, SphereFactory
from reporting import services
from reporting.figures import build_figures
from reporting.periods import Quarter
from reporting.tests.factories import GoalFactory, ProjectFactory, ReportFactory

pytestmark = pytest.mark.django_db


def submit(org, user, values):
    report = services.report_start(organisation=org, period=Quarter(2026, 3), user=user)
    figures = build_figures(report)
    goals = [g for p in figures["projects"] for g in p["goals"]]
    services.report_save(
        report=report,
        user=user,
        general_comment="нет проектов" if not goals else "",
        entries={p["id"]: {"progress": f"Ход {p['title']}"} for p in figures["projects"]},
        actuals={g["id"]: v for g, v in zip(goals, values, strict=True)},
    )
    return services.report_submit(report=report, user=user)


def test_consolidated_xlsx_equals_reports(client, economy_user, admin_user_portal):
    education, culture = SphereFactory(name="Образование"), SphereFactory(name="Культура")
    a = OrganisationFactory(short_name="Школа А", sphere=education)
    b = OrganisationFactory(short_name="Дом культуры Б", sphere=culture)
    c = OrganisationFactory(short_name="Черновик В", sphere=culture)
    pa = ProjectFactory(organisation=a, sphere=education, title="Проект А")
    GoalFactory(project=pa, name="Цель А1", current_value=40, target_value=10)
    GoalFactory(project=pa, name="Цель А2", current_value=1, target_value=5)
    pb = ProjectFactory(
        organisation=b, sphere=culture, title="Проект Б", stage9_date="2026-08-01", stage7_end="2026-07-01"
    )
    GoalFactory(project=pb, name="Цель Б1", current_value=100, target_value=300)
    ProjectFactory(organisation=c, sphere=culture)
    ra = submit(a, admin_user_portal, [Decimal("30.5"), Decimal("2")])
    rb = submit(b, admin_user_portal, [Decimal("150")])
    services.report_accept(report=rb, user=economy_user)
    services.report_start(organisation=c, period=Quarter(2026, 3), user=admin_user_portal)  # a draft is not received

    response = client_for(client, economy_user).get(reverse("reporting:export"), {"year": 2026, "quarter": 3})
    assert response.status_code == 200
    assert "kvartalnye-otchety-2026-3.xlsx" in response["Content-Disposition"]
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["По организациям и проектам", "Сводка по сферам"]
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("Организация", "Состояние отчёта", "Сфера деятельности", "Бережливый проект")
    expected = []
    for report in (rb, ra):
        report.refresh_from_db()
        for project in report.snapshot["projects"]:
            for goal in project["goals"]:
                expected.append(
                    (
                        report.organisation.short_name,
                        project["title"],
                        goal["name"],
                        float(goal["current"]),
                        float(goal["actual"]),
                        float(goal["target"]),
                    )
                )
    assert [(r[0], r[3], r[6], r[8], r[9], r[10]) for r in body] == expected
    assert body[0][5] == "нет"  # Проект Б is past its closure date
    assert body[1][5] == "да"
    summary = {r[0]: r for r in list(book.worksheets[1].iter_rows(values_only=True))[1:]}
    assert summary["Образование"][1:6] == (1, 1, 1, 2, 2)
    assert summary["Культура"][1:6] == (1, 1, 0, 1, 1)


def test_export_is_for_the_office(client, department_user):
    assert client_for(client, department_user).get(reverse("reporting:export")).status_code == 403


def snapshot(organisation, sphere, projects, passports=0, implemented=0, training=0):
    return {
        "organisation": organisation,
        "organisation_sphere": sphere,
        "projects": projects,
        "passports": [{"id": n} for n in range(passports)],
        "suggestions": {"implemented": implemented},
        "training": {"completed": training},
    }


def project(title, sphere, goals, stage=7, on_schedule=True, progress="Ход", problems="", help_needed=""):
    return {
        "title": title,
        "sphere": sphere,
        "stage": stage,
        "stage_name": "Внедрение улучшений" if stage else "",
        "on_schedule": on_schedule,
        "progress": progress,
        "problems": problems,
        "help_needed": help_needed,
        "goals": goals,
        "url": "/projects/1/",  # parts of the snapshot the export does not show
        "schedule_note": "",
    }


def goal(name, current, actual, target, unit="мин"):
    return {"name": name, "unit": unit, "current": current, "actual": actual, "target": target, "latest": "1"}


def test_consolidated_xlsx_content_cell_by_cell(client, economy_user):
    """Every cell, number format and the sphere totals of a varied quarter (locks the output)."""
    a = OrganisationFactory(short_name="Школа А")
    b = OrganisationFactory(short_name="Библиотека Б")
    c = OrganisationFactory(short_name="Архив В")
    ReportFactory(
        organisation=a,
        year=2026,
        quarter=3,
        state="accepted",
        snapshot=snapshot(
            "Школа А",
            "Образование",
            [
                project("Запись", "Образование", [goal("Время", "40", "30.5", "10"), goal("Доля", "1", None, "5.25")]),
                project("Без целей", "", [], stage=None, on_schedule=None, problems="Нет", help_needed="Да"),
            ],
            passports=2,
            implemented=3,
            training=4,
        ),
    )
    ReportFactory(
        organisation=b,
        year=2026,
        quarter=3,
        state="submitted",
        snapshot=snapshot(
            "Библиотека Б", "", [project("Каталог", "Культура", [goal("Срок", "7", "0", "2")], 9, False)]
        ),
    )
    ReportFactory(organisation=c, year=2026, quarter=3, state="returned", snapshot=snapshot("Архив В", "", []))
    ReportFactory(organisation=c, year=2026, quarter=2, state="accepted", snapshot=snapshot("Архив В", "", []))

    response = client_for(client, economy_user).get(reverse("reporting:export"), {"year": 2026, "quarter": 3})
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        ["Библиотека Б", "Направлен в управление", "Культура", "Каталог", "9. Внедрение улучшений", "нет",
         "Срок", "мин", 7, 0, 2, "Ход", None, None],
        ["Школа А", "Принят", "Образование", "Запись", "7. Внедрение улучшений", "да",
         "Время", "мин", 40, 30.5, 10, "Ход", None, None],
        ["Школа А", "Принят", "Образование", "Запись", "7. Внедрение улучшений", "да",
         "Доля", "мин", 1, None, 5.25, "Ход", None, None],
        ["Школа А", "Принят", None, "Без целей", "—", "нет данных",
         None, None, None, None, None, "Ход", "Нет", "Да"],
    ]  # fmt: skip
    numbers = [row[8:11] for row in sheet.iter_rows(min_row=2)]
    # Whole numbers without decimals («40», not «40,00»), fractions without trailing zeros.
    formats = {cell.value: cell.number_format for row in numbers for cell in row if cell.value is not None}
    assert formats == {7: "#,##0", 0: "#,##0", 2: "#,##0", 40: "#,##0", 30.5: "#,##0.0##", 10: "#,##0", 1: "#,##0",
                       5.25: "#,##0.0##"}  # fmt: skip
    assert {type(cell.value) for row in numbers for cell in row if cell.value is not None} <= {int, float}
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert list(book.worksheets[1].iter_rows(values_only=True)) == [
        ("Сфера деятельности", "Организаций", "Проектов", "Из них по графику", "Целей",
         "Целей с фактом за квартал", "Открыто паспортов", "Внедрено ППУ", "Завершено обучений"),
        ("Культура", 1, 1, 0, 1, 1, 0, 0, 0),
        ("Образование", 1, 1, 1, 2, 1, 2, 3, 4),
        ("Сфера не указана", 2, 1, 0, 0, 0, 0, 0, 0),  # Архив В was returned: not received
    ]  # fmt: skip


def test_consolidated_rows_stream_from_the_database(monkeypatch):
    """The reports are read with ``.iterator()`` (never a list), whatever their number."""
    from django.db.models.query import QuerySet

    from reporting.exporters import ConsolidatedReportExporter

    ReportFactory(year=2026, quarter=3, state="accepted", snapshot=snapshot("А", "", []))
    calls = []
    original = QuerySet.iterator
    monkeypatch.setattr(QuerySet, "iterator", lambda self, *a, **kw: calls.append(kw) or original(self, *a, **kw))
    assert list(ConsolidatedReportExporter(Quarter(2026, 3)).project_rows()) == []
    assert calls and calls[0].get("chunk_size")


def test_exporter_formats_every_cell_of_its_column(tmp_path):
    """The base writer reuses one formatted cell per column: every row still gets its own value and
    the column's format, a date in a number column keeps the column's format, blanks stay unformatted."""
    import datetime

    from lean_portal.exporters import Column, Exporter

    class Mixed(Exporter):
        identifier = "mixed"
        title = "Смешанные значения"
        columns = [
            Column("Текст"),
            Column("Дата", kind="date"),
            Column("Число", kind="int"),
            Column("Сумма", kind="decimal"),
        ]

        def rows(self):
            yield ["а", datetime.date(2026, 1, 2), 1, Decimal("1.50")]
            yield ["б", None, datetime.date(2026, 3, 4), 2]
            yield ["в", datetime.datetime(2026, 5, 6, 7, 8, tzinfo=datetime.UTC), "", 2.25]
            yield ["г", "—", 4, None]

    path = tmp_path / "mixed.xlsx"
    Mixed().write(path)
    sheet = load_workbook(path).worksheets[0]
    cells = [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows(min_row=2)]
    # Formats by meaning: a date is a date whatever the column, an aware time in local time to the minute,
    # a whole decimal without «,00», text stays text.
    assert cells == [
        [("а", "General"), (datetime.datetime(2026, 1, 2), "DD.MM.YYYY"), (1, "0"), (1.5, "#,##0.0##")],
        [("б", "General"), (None, "General"), (datetime.datetime(2026, 3, 4), "DD.MM.YYYY"), (2, "#,##0")],
        [
            ("в", "General"),
            (datetime.datetime(2026, 5, 6, 14, 8), "DD.MM.YYYY HH:MM"),
            (None, "General"),
            (2.25, "#,##0.0##"),
        ],
        [("г", "General"), ("—", "General"), (4, "0"), (None, "General")],
    ]
