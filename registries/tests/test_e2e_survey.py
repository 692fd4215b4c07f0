"""Browser: a citizen answers the public survey without logging in; stuffing is refused; results count it."""

import pytest

from conftest import login
from registries.models import Survey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _answer(page, path: str, marks: list[str], comment: str = "") -> None:
    page.goto(path)
    fieldsets = page.locator("fieldset")
    assert fieldsets.count() == len(marks)
    for index, mark in enumerate(marks):
        fieldsets.nth(index).locator("label", has_text=mark).click()
    if comment:
        page.get_by_label("Комментарий (необязательно)").fill(comment)
    page.get_by_role("button", name="Отправить").click()


def test_public_survey_answers_rate_limit_and_results(page, demo_data):
    survey = Survey.objects.get(method=Survey.Method.PORTAL, is_open=True)
    before = survey.responses.count()
    path = survey.public_path()

    # No log-in: the page opens straight away.
    _answer(page, path, ["5", "4", "5"], comment="Всё понятно и быстро")
    assert page.get_by_role("heading", name="Спасибо! Ваш ответ учтён.").is_visible()
    _answer(page, path, ["4", "4", "3"])
    _answer(page, path, ["2", "5", "5"])
    assert survey.responses.count() == before + 3

    # A fourth answer within the minute from the same device is refused, with the choices kept.
    _answer(page, path, ["1", "1", "1"], comment="ещё раз")
    error = page.get_by_test_id("survey-error")
    assert "через минуту" in error.inner_text()
    assert page.get_by_label("Комментарий (необязательно)").input_value() == "ещё раз"
    assert survey.responses.count() == before + 3

    # The office sees the answers counted on the result page.
    login(page, "department")
    page.goto(survey.get_absolute_url())
    assert page.get_by_test_id("respondents").inner_text() == str(before + 3)
    assert "Всё понятно и быстро" in page.content()

    # The counter leaflet shows the QR code of the public link.
    page.get_by_role("link", name="Листовка с QR-кодом").click()
    qr = page.get_by_test_id("survey-qr")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")
    assert survey.public_url() in page.content()
