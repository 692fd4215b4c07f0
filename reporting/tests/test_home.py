"""«Что нужно сделать»: the organisation's due and overdue items, the office's queue."""

import datetime

import pytest
from django.urls import reverse

from conftest import client_for
from orgs.tests.factories import OrganisationFactory
from reporting.deadlines import Rules, outstanding
from reporting.home import panels
from reporting.tests.factories import ProjectFactory, ReportFactory

pytestmark = pytest.mark.django_db


def request_for(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def test_unit_panel_lists_overdue_report_returned_report_and_late_stage(rf, department_user, unit, frozen_today):
    ReportFactory(organisation=unit, year=2026, quarter=2, state="returned")
    ProjectFactory(
        organisation=unit,
        title="Запоздавший",
        stage7_end=datetime.date(2026, 8, 1),
        stage9_date=datetime.date(2026, 9, 1),
    )
    [panel] = panels(request_for(rf, department_user))
    texts = [(i.text, i.badge, i.badge_style) for i in panel.items]
    assert panel.title == "Отчётность и сроки"
    assert (
        "Квартальный отчёт о реализации бережливых проектов за III квартал 2026 г.",
        "01.10.2026: просрочено на 56 дней",
        "danger",
    ) in texts
    returned = next(t for t in texts if "II квартал 2026" in t[0])
    assert returned[1].startswith("возвращён на доработку")
    assert any("Запоздавший" in t[0] and t[2] == "danger" for t in texts)
    # Overdue first.
    assert panel.items[0].badge_style == "danger"
    assert panel.weight == 80


def test_panel_is_empty_when_everything_is_done(rf, school_user, school, frozen_today):
    from reporting.models import SelfAssessment

    for quarter in (2, 3):
        ReportFactory(organisation=school, year=2026, quarter=quarter, state="accepted")
    ReportFactory(organisation=school, year=2026, quarter=4, state="submitted")
    SelfAssessment.objects.create(organisation=school, year=2026, state="sent")
    [panel] = panels(request_for(rf, school_user))
    assert panel.items == []
    assert "Просроченных и ближайших сроков нет" in panel.empty_text


def test_office_panel_lists_reports_waiting_with_constant_queries(
    rf, economy_user, frozen_today, django_assert_max_num_queries
):
    for n in range(20):
        ReportFactory(
            organisation=OrganisationFactory(),
            year=2026,
            quarter=3,
            state="submitted",
            submitted_at=f"2026-09-{n + 1:02d}T10:00:00+07:00",
        )
    with django_assert_max_num_queries(2):
        [panel] = panels(request_for(rf, economy_user))
    assert panel.title == "Квартальные отчёты на рассмотрении"
    assert len(panel.items) == 8
    assert panel.items[0].badge == "направлен 01.09.2026"
    assert reverse("reporting:status") in panel.more_url


def test_unit_panel_queries_do_not_grow(rf, department_user, unit, frozen_today, django_assert_max_num_queries):
    for n in range(25):
        ProjectFactory(organisation=unit, title=f"Проект {n}")
        ReportFactory(organisation=unit, year=2000 + n, quarter=1 + n % 4)
    with django_assert_max_num_queries(5):
        panels(request_for(rf, department_user))


def test_home_page_shows_the_panel(client, department_user, unit, frozen_today):
    response = client_for(client, department_user).get(reverse("home"))
    assert "Отчётность и сроки" in response.content.decode()


def test_home_panel_chases_stage_10_of_a_closed_project_and_only_recommends_the_self_assessment(
    rf, department_user, unit, frozen_today
):
    ProjectFactory(
        organisation=unit,
        title="Закрыт, стабильность не проверена",
        state="closed",
        current_stage=None,
        stage10_date=frozen_today - datetime.timedelta(days=3),
    )
    [panel] = panels(request_for(rf, department_user))
    items = {i.text: (i.badge, i.badge_style) for i in panel.items}
    stage_10 = next(text for text in items if "Закрыт, стабильность не проверена" in text)
    assert "этап 10" in stage_10 and items[stage_10][1] == "danger"
    for text, (badge, style) in items.items():
        if text.startswith("Самооценка"):
            assert "рекомендуется до" in badge and "просрочено" not in badge and style == "secondary"
    assert any(text.startswith("Самооценка") for text in items)


def test_stage_deadlines_read_from_the_database_are_those_the_panel_shows(unit, frozen_today):
    """``stages_ending_by`` leaves out only projects whose stages can be neither overdue nor due within
    the horizon: what remains within it is the same as reading every running project."""
    today = frozen_today
    ends = [today - datetime.timedelta(days=40), today, today + datetime.timedelta(days=10)]
    ends += [today + datetime.timedelta(days=15), today + datetime.timedelta(days=200)]
    for end in ends:
        ProjectFactory(organisation=unit, title=f"Этап 7 до {end}", current_stage=7, stage7_end=end)
        ProjectFactory(organisation=unit, title=f"Этап 8 после {end}", current_stage=8, stage7_end=end)
    ProjectFactory(organisation=unit, title="Закрыт, проверка не записана", state="closed", stage10_date=today)
    horizon = today + datetime.timedelta(days=14)

    def within(deadlines):
        return [(d.key, d.due, d.title) for d in deadlines if d.kind == "project_stage" and d.due <= horizon]

    everything = outstanding([unit], today, Rules.load())
    read = outstanding([unit], today, Rules.load(), stages_ending_by=horizon)
    assert within(read) == within(everything)
    assert len(within(read)) >= 4  # overdue, today, in 10 days, the stability check
    assert len([d for d in read if d.kind == "project_stage"]) < len(
        [d for d in everything if d.kind == "project_stage"]
    )
