"""Browser: a passport half-filled when the session ends is not lost (issue 17, item 2).

The test ends the session itself (deletes the session rows), presses «Сохранить черновик», logs
in again on the page it is sent to, and finds what it typed back in the form."""

import pytest
from django.contrib.sessions.models import Session

from conftest import login
from projects.models import Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_half_filled_passport_survives_the_end_of_the_session(page, demo_data):
    login(page, "department")
    page.goto("/projects/new/")
    page.locator("#id_title").fill("Запись на приём без очереди")
    page.locator("#id_process").fill("Приём граждан по личным вопросам")
    page.get_by_label("Этап 1 «Согласование паспорта проекта»: дата").fill("15.12.2026")
    # Leaving the changed form would ask first.
    assert page.evaluate(
        "() => { const e = new Event('beforeunload', {cancelable: true}); "
        "window.dispatchEvent(e); return e.defaultPrevented; }"
    )

    Session.objects.all().delete()  # the session ends (as after 30 minutes idle)
    page.get_by_role("button", name="Сохранить черновик").click()
    page.wait_for_url("**/login/**")
    assert not Project.objects.filter(title="Запись на приём без очереди").exists()
    assert "Введённое в форме сохранено" in page.content()
    page.get_by_label("Имя пользователя").fill("department")
    page.get_by_label("Пароль").fill("demo")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/projects/new/")
    assert page.locator("#id_title").input_value() == "Запись на приём без очереди"
    assert page.locator("#id_process").input_value() == "Приём граждан по личным вопросам"
    assert page.get_by_label("Этап 1 «Согласование паспорта проекта»: дата").input_value() == "15.12.2026"
    assert "Восстановлено введённое вами" in page.content()
    page.get_by_role("button", name="Сохранить черновик").click()
    page.wait_for_url("**/edit/")
    project = Project.objects.get(title="Запись на приём без очереди")
    assert project.process == "Приём граждан по личным вопросам" and str(project.stage1_date) == "2026-12-15"


def test_warning_before_the_idle_end_and_staying(page, demo_data):
    page.clock.install()
    login(page, "department")
    page.goto("/projects/")
    warning = page.get_by_test_id("session-warning")
    page.clock.run_for(26 * 60 * 1000)  # 26 minutes without a request
    assert warning.is_visible()
    assert "Сеанс завершится через" in warning.inner_text()
    with page.expect_response("**/session/keep-alive/") as answer:
        warning.get_by_role("button", name="Продолжить работу").click()
    assert answer.value.status == 200
    assert warning.is_hidden()
