"""Browser: issue 20's «Done when» — effects planned in a passport, forecast in the quarterly report,
actual at closure, one confirmed and one returned by the office; the district page and the annual
report show the confirmed total."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from conftest import login
from effects.models import Effect
from lean_portal.pdf import render_html
from orgs.models import User
from plan import report as annual_report
from plan.models import Plan
from projects import services as project_services
from projects.models import Project
from reporting import services as reporting_services
from reporting.models import QuarterlyReport
from reporting.periods import Quarter

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Организация подвоза обучающихся без простоев"


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)


def add_effect(page, kind, title, method, figures, planned):
    page.get_by_role("link", name="Добавить эффект").click()
    page.get_by_label("Вид эффекта").select_option(label=kind)
    page.get_by_label("Что даёт проект").fill(title)
    page.get_by_label("Методика расчёта").fill(method)
    page.get_by_label("Исходные данные расчёта").fill(figures)
    page.get_by_label("Плановое значение в год").fill(planned)
    page.get_by_role("button", name="Сохранить").click()
    assert page.get_by_text("Эффект добавлен в паспорт.").is_visible()


def approve_and_start(project):
    """The passport's review and approval (tested in projects/): here only the way to the report."""
    department, economy, director = (User.objects.get(username=u) for u in ("department", "economy", "director"))
    # The demo draft is unfinished: its text of «Эффекты» is what the team writes last.
    Project.objects.filter(pk=project.pk).update(effects="Автобусы без простоев; меньше ремонтов и времени диспетчера.")
    project.refresh_from_db()
    errors = project_services.completeness_errors(project)
    assert not errors, errors
    project_services.passport_submit(project=project, user=department)
    project_services.passport_accept(project=project, user=economy)
    project_services.passport_approve(project=project, user=director)
    project_services.project_start(project=project, user=department)


def test_effects_from_passport_to_the_district_total(page, demo_data):
    page.on("dialog", lambda dialog: dialog.accept())
    project = Project.objects.get(title=TITLE, organisation__short_name="Управление образования")
    assert project.state == Project.State.DRAFT

    # The department plans two effects in the passport.
    login(page, "department")
    page.goto(project.get_absolute_url())
    page.get_by_test_id("effects-link").click()
    add_effect(
        page,
        "Экономия рабочего времени сотрудников",
        "Меньше времени диспетчера на маршруты",
        "минут в день × рабочих дней ÷ 60",
        "100 мин × 180 дней",
        "300",
    )
    add_effect(
        page,
        "Экономия денежных средств",
        "Меньше ремонтов автобусов",
        "ремонтов в год × средняя стоимость",
        "4 ремонта × 12 500 руб.",
        "50000",
    )
    page.goto(project.get_absolute_url())
    table = page.get_by_test_id("planned-effects")
    assert "Меньше времени диспетчера на маршруты" in table.inner_text()
    assert "50\xa0000" in table.inner_text()

    approve_and_start(project)
    project.refresh_from_db()
    assert [e["planned_value"] for e in project.baseline["effects"][-2:]] == ["300.00", "50000.00"]

    # The forecast in the quarterly report.
    department = User.objects.get(username="department")
    period = Quarter.of(timezone.localdate())
    report = QuarterlyReport.objects.filter(organisation=project.organisation, year=period.year, quarter=period.quarter)
    report = report.first() or reporting_services.report_start(
        organisation=project.organisation, period=period, user=department
    )
    page.goto(report.get_absolute_url())
    page.get_by_role("link", name="Указать прогноз эффектов").click()
    staff, money = Effect.objects.filter(project=project).order_by("position")[1:]
    page.get_by_label(f"{TITLE}: Меньше времени диспетчера на маршруты", exact=False).fill("290")
    page.get_by_label(f"{TITLE}: Меньше ремонтов автобусов", exact=False).fill("45000")
    page.get_by_role("button", name="Сохранить прогноз").click()
    forecasts = page.get_by_test_id("report-forecasts").inner_text()
    assert "290" in forecasts and "45\xa0000" in forecasts

    # Closure, then the actual values.
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Закрыть проект").click()
    page.get_by_role("button", name="Закрыть проект").click()
    assert page.get_by_test_id("project-state").inner_text() == "Закрыт"
    page.get_by_test_id("effects-link").click()
    today = timezone.localdate().strftime("%d.%m.%Y")
    for effect, value in ((staff, "280"), (money, "52000")):
        page.get_by_role("link", name=f"Внести факт по эффекту «{effect.title}»").click()
        page.get_by_label("Фактическое значение в год").fill(value)
        page.get_by_label("На дату").fill(today)
        page.get_by_role("button", name="Направить на проверку").click()
        assert page.get_by_text("направлено на проверку").is_visible()

    # The office confirms one and returns the other with a comment.
    switch_user(page, "economy")
    page.goto("/effects/verification/")
    page.get_by_role("link", name=f"Проверить эффект «{staff.title}»").click()
    page.get_by_label("Подтвердить").check()
    page.get_by_role("button", name="Записать решение").click()
    page.get_by_role("link", name=f"Проверить эффект «{money.title}»").click()
    page.get_by_label("Вернуть на доработку").check()
    page.get_by_role("button", name="Записать решение").click()
    assert "без комментария эффект не возвращают" in page.content()
    page.get_by_label("Комментарий").fill("Приложите акты ремонтов за год.")
    page.get_by_role("button", name="Записать решение").click()
    staff.refresh_from_db()
    money.refresh_from_db()
    assert staff.status == Effect.Status.CONFIRMED
    assert (money.status, money.verification_comment) == (Effect.Status.RETURNED, "Приложите акты ремонтов за год.")

    # The department sees the return and the lock.
    switch_user(page, "department")
    page.goto(f"/effects/projects/{project.pk}/")
    assert "Приложите акты ремонтов за год." in page.get_by_test_id(f"effect-{money.pk}").inner_text()
    assert page.get_by_role("link", name=f"Внести факт по эффекту «{staff.title}»").count() == 0

    # The district page and the annual report: 280 h × 445 руб. (the demo's 2026 rate) = 124 600 руб.
    year = timezone.localdate().year
    switch_user(page, "economy")
    page.goto(f"/effects/?year={year}")
    assert "124\xa0600 руб." in page.get_by_test_id("confirmed-total").inner_text()
    # The district's own plan: the demo's second municipality has a plan of the same years.
    plan = Plan.objects.filter(
        municipality__slug="leninsk-kuznetsky", first_year__lte=year, last_year__gte=year
    ).first()
    assert plan is not None
    html = render_html("plan/report_pdf.html", annual_report.build(plan, year))
    assert "подтверждено 124\xa0600 руб." in html
    response = page.request.get(f"/plan/report.xlsx?plan={plan.pk}&year={year}")
    assert response.ok
    sheet = load_workbook(io.BytesIO(response.body()), read_only=True)[f"Эффекты {year}"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(rows["Управление образования"][12])) == Decimal("124600")
