"""Browser: the report resubmission journey of issue 17 — no phantom conflict, nothing lost.

As `school`: the current quarter's report, «Направить в управление» on the empty report (saved,
not sent), the general comment typed, the button pressed again: no «успели изменить», and
what was typed is stored.
"""

import pytest
from django.utils import timezone

from conftest import login
from reporting.models import QuarterlyReport
from reporting.periods import Quarter

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_school_sends_the_report_again_after_a_refused_submission(page, demo_data):
    period = Quarter.of(timezone.localdate())
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "school")
    page.goto(f"/reports/{period.year}/{period.quarter}/")
    start = page.get_by_role("button", name="Начать отчёт")
    if start.count():
        start.click()
    page.get_by_role("button", name="Направить в управление").click()
    assert page.get_by_text("Введённое сохранено, но отчёт не направлен").is_visible()

    page.get_by_label("Общий комментарий").fill("Проекты квартала идут по графику.")
    progress = page.locator("textarea[name$='-progress']")
    typed = {}
    for i, field in enumerate(progress.all()):
        field.fill(f"Ход проекта {i}")
        typed[field.get_attribute("name")] = f"Ход проекта {i}"
    for field in page.locator("input[name^='g']").all():
        field.fill("3")
    page.get_by_role("button", name="Направить в управление").click()
    page.wait_for_load_state()
    html = page.content()
    assert "успели изменить" not in html
    assert "изменения другого пользователя" not in html

    report = QuarterlyReport.objects.get(
        organisation__short_name="МБОУ «Драченинская СОШ»", year=period.year, quarter=period.quarter
    )
    assert report.general_comment == "Проекты квартала идут по графику."
    stored = {f"p{entry.project_id}-progress": entry.progress for entry in report.entries.all()}
    assert all(stored.get(name) == value for name, value in typed.items())
    assert report.state == QuarterlyReport.State.SUBMITTED
    assert page.get_by_text("Отчёт направлен в управление экономического развития.").is_visible()
